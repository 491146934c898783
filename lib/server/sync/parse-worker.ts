/**
 * Worker-thread entry for parse-pool.ts: runs parse jobs as they arrive and hands the result's
 * buffers back without copying. Bundled on first use (parse-worker-bundle.ts, which turns the
 * server-only guard into a no-op), so it must not import anything that needs Next.js.
 */
import 'server-only';
import { parentPort } from 'node:worker_threads';
import { transferList } from '@/lib/server/store/encode-object';
import { runParseJob, type ParseJob } from './parse-job';

type Reply =
  | { id: number; result: ReturnType<typeof runParseJob> }
  | { id: number; error: string; code?: string };

parentPort?.on('message', ({ id, job }: { id: number; job: ParseJob }) => {
  let reply: Reply;
  try {
    reply = { id, result: runParseJob(job) };
  } catch (error) {
    // The format engine does not throw on input: this is a bug, the thread running out of memory,
    // or writing the rows failed (the errno code says so: the object is not to blame).
    const code = (error as NodeJS.ErrnoException | null)?.code;
    reply = {
      id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  parentPort?.postMessage(reply, 'result' in reply ? transferList(reply.result) : []);
});
