import 'server-only';
import fs from 'node:fs/promises';

/** Appends byte chunks to a file in order, opening it on the first write. */
export class FileAppender {
  private handle: Promise<fs.FileHandle> | null = null;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  append(bytes: Uint8Array): void {
    this.handle ??= fs.open(this.file, 'w');
    const handle = this.handle;
    this.pending = this.pending.then(async () => (await handle).write(bytes));
  }

  /** Waits for every write and closes the file (an empty file if nothing was written). */
  async close(): Promise<void> {
    this.handle ??= fs.open(this.file, 'w');
    const handle = await this.handle;
    try {
      await this.pending;
    } finally {
      await handle.close();
    }
  }
}
