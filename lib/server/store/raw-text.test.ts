import 'server-only';
import { afterEach, beforeEach, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseObjectColumns } from '@/lib/formats/parse-object';
import { FORMAT_PRESETS } from '@/lib/formats/presets';
import { renderParts } from '@/lib/formats/raw-render';
import { renderTemplate, tokenizeTemplate } from '@/lib/formats/template-tokens';
import { requestArb, type SampleRequest } from '@/lib/formats/test-values';
import { openTempStore, type TempStore } from '@/lib/server/sync/test-fixtures';
import { runRows } from './database';
import { encodeColumns } from './encode-object';
import { DuckDbQueryEngine } from './engine';
import { LoadBatch, reserveObjectIds, writeBatch } from './loader';
import { templateIdsFor } from './templates';

let temp: TempStore;
beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.close();
});

// Values a renderer could get wrong: missing numbers, numbers with a leading zero or a fraction
// (a zero one too, whose number renders shorter than its text),
// a status out of SMALLINT range, text with quotes, `-` and non-ASCII, a time with another offset.
const AWKWARD: Record<string, (string | null)[]> = {
  '$context.status': [null, '200', '0200', '99999', '-', '200.0'],
  '$context.responseLatency': [null, '12', '12.5', '0', '-3', '12.0'],
  '$context.responseLength': [null, '0', '1234567'],
  '$context.identity.userAgent': [null, 'Mozilla/5.0 "x" \'y\'', 'Käse 日本', '-'],
  '$context.requestTime': ['05/Apr/2022:23:43:16 +0000', '05/Apr/2022:23:43:16 +0530'],
};

const TEMPLATES = [
  ...FORMAT_PRESETS.map((p) => p.template),
  // Quotes in the template's own text, epoch and requestTime together.
  "t='$context.requestTime' e=$context.requestTimeEpoch id=$context.requestId s=$context.status l=$context.responseLatency ua='$context.identity.userAgent'\n",
];

function render(template: string, requests: SampleRequest[], picks: number[]): string[] {
  const tokens = tokenizeTemplate(template);
  return requests.map((r, i) => {
    const values = { ...r.values };
    Object.entries(AWKWARD).forEach(([name, options], k) => {
      const pick = picks[(i * 7 + k) % picks.length];
      if (pick % 3 === 0) values[name] = options[pick % options.length];
    });
    // An uppercase UUID is kept as text, a lowercase one in the UUID column: both read back.
    const id = values['$context.requestId'];
    if (picks[i % picks.length] % 4 === 1 && id) values['$context.requestId'] = id.toUpperCase();
    return renderTemplate(tokens, values).replace(/\n$/, '');
  });
}

async function load(template: string, lines: string[]) {
  const ids = await templateIdsFor(temp.store, [template]);
  const parsed = parseObjectColumns(Buffer.from(`${lines.join('\n')}\n`), {
    objectKey: 'k.gz',
    formats: [{ template, effectiveFrom: null }],
  });
  const id = await reserveObjectIds(temp.store, 1);
  const batch = new LoadBatch(temp.store.options.tempDir);
  const ref = { source: 'src', key: 'k.gz', etag: 'e', size: 1, lastModified: 0, keyHour: 0 };
  batch.add(id, { ref, encoded: encodeColumns(id, 'src', 0, parsed, ids), error: null });
  await writeBatch(temp.store, batch, []);
  await temp.store.settled();
  return parsed.columns.count;
}

test('records stored without their text read back byte for byte, and free text finds them', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...TEMPLATES),
      fc.uniqueArray(requestArb(), {
        minLength: 1,
        maxLength: 12,
        selector: (r) => r.values['$context.requestId'],
      }),
      fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
      async (template, requests, picks) => {
        await temp.store.write((c) => c.run('DELETE FROM records'));
        const lines = render(template, requests, picks);
        expect(await load(template, lines)).toBe(lines.length);
        const engine = new DuckDbQueryEngine(temp.store);
        const all = { range: { kind: 'absolute' as const, from: -1e15, to: 1e15 }, conditions: [] };
        const rows = await engine.queryRows(
          all,
          { column: 'time', direction: 'asc' },
          { index: 0, size: 100 },
        );
        rows.sort((a, b) => a.objectOffset - b.objectOffset);
        expect(rows.map((r) => r.raw)).toEqual(lines);
        // Free text: a stretch across several fields, and short ones that may lie inside one value
        // (the per-value test, raw-sql.ts), anywhere in the first record.
        const first = lines[0];
        const starts = [Math.floor(first.length / 3), ...picks.slice(0, 4)].map(
          (n) => n % first.length,
        );
        const probes = starts.map((at, i) => first.slice(at, at + (i === 0 ? 24 : 2 + (at % 5))));
        for (const probe of probes) {
          const found = await engine.queryCount({
            ...all,
            conditions: [{ field: 'text', value: probe, exclude: false }],
          });
          const expected = lines.filter((l) => l.toLowerCase().includes(probe.toLowerCase()));
          expect(found, JSON.stringify(probe)).toBe(expected.length);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('records of renderable presets are stored without their text; others keep it', async () => {
  for (const preset of FORMAT_PRESETS) {
    await temp.store.write((c) => c.run('DELETE FROM records'));
    const requests = fc.sample(requestArb(), { numRuns: 20, seed: 7 });
    const unique = [...new Map(requests.map((r) => [r.values['$context.requestId'], r])).values()];
    const lines = unique.map((r) =>
      renderTemplate(tokenizeTemplate(preset.template), r.values).replace(/\n$/, ''),
    );
    await load(preset.template, lines);
    const [row] = await runRows(temp.store.writer, {
      sql: 'SELECT count(*) FILTER (WHERE raw IS NULL) AS rendered, count(*) AS n FROM records',
      params: [],
    });
    if (renderParts(preset.template) === null) expect(Number(row.rendered)).toBe(0);
    else expect(Number(row.rendered)).toBeGreaterThan(0);
    expect(Number(row.n)).toBe(lines.length);
  }
});
