import 'server-only';
import { gzipSync } from 'node:zlib';
import { findPreset, type FormatVersion } from '@/lib/formats';
import { renderTemplate, tokenizeTemplate } from '@/lib/formats/template-tokens';
import { generateRequests } from '@/lib/generator/traffic';
import type { ParseJob } from './parse-job';
import type { Parser } from './parse-pool';

/**
 * Parse workers start cold: V8 compiles their hot code (framing, the template's regex, the value
 * parsers, the encoder) only after running it for a while, and it compiles on the same two cores
 * the first sync needs. A server therefore warms its workers when it starts, with synthetic
 * objects in the formats its sources use, before the first sync takes them. Measured on 1M CLF
 * lines: the first cold load took 3.5 s and 5.8 CPU-s with cold workers, 3.25 s and 5.5 CPU-s
 * with warm ones (interleaved runs of `npm run bench`).
 */

/** Records per synthetic object, and objects per worker and format. */
const WARM_UP_RECORDS = 3_000;
const WARM_UP_OBJECTS_PER_WORKER = 2;
/** Formats for sources whose format is detected per object ('auto'). */
const AUTO_TEMPLATES = ['clf', 'json'].map((id) => findPreset(id)?.template ?? '');

/** The templates worth warming for sources with these format histories (the newest of each). */
export function warmUpTemplates(histories: readonly (readonly FormatVersion[] | 'auto')[]) {
  const templates = histories.flatMap((formats) =>
    formats === 'auto' ? AUTO_TEMPLATES : formats.slice(-1).map((f) => f.template),
  );
  return [...new Set(templates.filter((t) => t !== ''))];
}

/** A gzip object of `count` synthetic records in `template`, glued as Firehose writes them. */
export function syntheticObject(template: string, count: number, seed: number): Uint8Array {
  const tokens = tokenizeTemplate(template);
  const start = Date.UTC(2026, 0, 1);
  const parts: string[] = [];
  for (const values of generateRequests({ seed, start, end: start + 3_600_000, count })) {
    parts.push(renderTemplate(tokens, values));
  }
  return gzipSync(parts.join(''), { level: 1 });
}

/**
 * Parses synthetic objects of each template on every worker of `parser` and drops the results.
 * Resolves when all are parsed; never rejects (a failed warm-up only leaves the workers cold).
 */
export async function warmUpParser(parser: Parser, templates: readonly string[]): Promise<void> {
  const rounds = Math.max(1, parser.threads) * WARM_UP_OBJECTS_PER_WORKER;
  const jobs: ParseJob[] = templates.flatMap((template, t) =>
    Array.from({ length: rounds }, (_, i) => ({
      objectId: 0,
      source: 'warm-up',
      key: 'warm-up',
      keyHour: Date.UTC(2026, 0, 1),
      formats: [{ template, effectiveFrom: null }],
      // As a sync passes them: records the template renders back exactly are checked for that.
      templateIds: { [template]: 1 },
      data: syntheticObject(template, WARM_UP_RECORDS, t * rounds + i + 1),
    })),
  );
  // All at once: the pool hands each worker the same share.
  await Promise.all(jobs.map((job) => parser.parse(job))).catch((error: unknown) => {
    console.warn(
      'Parse workers were not warmed up:',
      error instanceof Error ? error.message : error,
    );
  });
}
