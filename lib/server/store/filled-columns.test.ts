import 'server-only';
import { expect, test } from 'vitest';
import { renderSampleObject } from '@/lib/access-log-settings/render-preview';
import { FORMAT_PRESETS, VARIABLE_TO_FIELD } from '@/lib/formats';
import { parseObjectColumns } from '@/lib/formats/parse-object';
import { encodeColumns } from './encode-object';
import { ALL_COLUMNS, loadColumnsOf } from './filled-columns';
import { RECORD_LOAD_COLUMNS } from './schema';

/** Every variable that fills a field, one that fills none (kept under `extra`), as JSON. */
const EVERY_VARIABLE = `{${[...Object.keys(VARIABLE_TO_FIELD), '$context.resourceId']
  .map((name, i) => `"v${i}":"${name}"`)
  .join(',')}}\n`;

/** Encodes `text` in `template` and returns the mask and the columns its rows gave a value. */
function encode(text: string | Buffer, template: string) {
  const parsed = parseObjectColumns(Buffer.from(text), {
    objectKey: 'k',
    formats: [{ template, effectiveFrom: null }],
    objectTime: 0,
  });
  const encoded = encodeColumns(1, 'src', 0, parsed, { [template]: 1 });
  const written = new Set<string>();
  for (const line of Buffer.from(encoded.records).toString('utf8').split('\n')) {
    if (line === '') continue;
    line.split('\t').forEach((value, i) => {
      if (value !== '\\N') written.add(RECORD_LOAD_COLUMNS[i][0]);
    });
  }
  return { encoded, written, named: new Set(loadColumnsOf(encoded.filledColumns).map(([n]) => n)) };
}

test("an object's mask names every column its rows write, for every preset and every variable", () => {
  const templates = [...FORMAT_PRESETS.map((p) => p.template), EVERY_VARIABLE];
  for (const template of templates) {
    const { encoded, written, named } = encode(renderSampleObject(template, 8), template);
    expect(encoded.recordLines, template).toBe(8);
    for (const column of written) expect(named.has(column), `${column} in ${template}`).toBe(true);
  }
});

test('ids that are not UUIDs, variables kept under extra and text that is not UTF-8 are covered', () => {
  const text = renderSampleObject(EVERY_VARIABLE, 3).replace(/3f2c8d1e[^"]*/g, 'id-$&');
  const utf8 = encode(text, EVERY_VARIABLE);
  expect(utf8.written.has('request_id')).toBe(true);
  for (const column of utf8.written) expect(utf8.named.has(column), column).toBe(true);
  // A byte that is not UTF-8 sends the object down the encoder's other path (values as strings).
  const latin1 = Buffer.from(text.replace('Mozilla', 'Mozill\xe9'), 'latin1');
  const { encoded, written, named } = encode(latin1, EVERY_VARIABLE);
  expect(encoded.recordLines).toBe(3);
  expect(written.has('request_id')).toBe(true);
  expect(written.has('extra')).toBe(true);
  for (const column of written) expect(named.has(column), column).toBe(true);
});

test('a format that fills few fields leaves the others out of its mask', () => {
  const clf = FORMAT_PRESETS.find((p) => p.id === 'clf')?.template ?? '';
  const { encoded, named } = encode(renderSampleObject(clf, 4), clf);
  expect(encoded.filledColumns).not.toBe(ALL_COLUMNS);
  for (const column of ['user_agent', 'path', 'latency_ms', 'request_id', 'extra']) {
    expect(named.has(column), column).toBe(false);
  }
  for (const column of ['ip', 'ip_num', 'route', 'status', 'request_uuid', 'raw', 'tpl']) {
    expect(named.has(column), column).toBe(true);
  }
});
