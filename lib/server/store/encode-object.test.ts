import { expect, test } from 'vitest';
import fc from 'fast-check';
import { FORMAT_PRESETS } from '@/lib/formats/presets';
import { parseObject, parseObjectColumns } from '@/lib/formats/parse-object';
import { renderTemplate, tokenizeTemplate } from '@/lib/formats/template-tokens';
import { requestArb, type SampleRequest } from '@/lib/formats/test-values';
import { emptyRecord } from '@/lib/formats/canonical-record';
import type { ObjectParseResult } from '@/lib/formats';
import { encodeColumns, encodeParsedObject, transferList } from './encode-object';
import { RECORD_LOAD_COLUMNS } from './schema';
import { MAX_LINE_BYTES } from './tsv';
import { TsvWriter } from './tsv-writer';

const KEY_HOUR = 1_700_000_000_000;

function parsed(records: ObjectParseResult['records'], bytes = 1): ObjectParseResult {
  return { records, rejects: [], duplicates: 2, format: 'custom', template: null, bytes };
}

/** A load column's position in a TSV row. */
const column = (name: string) => RECORD_LOAD_COLUMNS.findIndex(([n]) => n === name);

test('request ids that are lowercase UUIDs go to the UUID column, any other id stays text', () => {
  const uuid = '8cbb4bee-0a68-45e9-9c16-8122da320b2b';
  const ids = [uuid, uuid.toUpperCase(), `{${uuid}}`, 'Q7cpPCfoQuw4At0=', uuid.slice(0, 35) + 'g'];
  const records = ids.map((requestId, i) => ({
    record: { ...emptyRecord(), requestId, time: KEY_HOUR },
    offset: i * 40,
    length: 40,
    raw: requestId,
  }));
  const rows = Buffer.from(encodeParsedObject(1, 'src', KEY_HOUR, parsed(records)).records)
    .toString('utf8')
    .split('\n')
    .slice(0, -1)
    .map((line) => line.split('\t'));
  expect(rows.map((f) => [f[column('request_id')], f[column('request_uuid')]])).toEqual([
    ['\\N', uuid],
    ...ids.slice(1).map((id) => [id, '\\N']),
  ]);
});

test('rows, ids and offsets come out in order, however far the output outgrows its first guess', () => {
  // bytes: 1 makes the first buffer tiny, so the multi-byte rows force it to grow several times.
  const records = Array.from({ length: 300 }, (_, i) => ({
    record: {
      ...emptyRecord(),
      requestId: `id-${i}`,
      time: KEY_HOUR + i,
      userAgent: 'ü€'.repeat(i),
    },
    offset: i * 7,
    length: 7,
    raw: `raw ${i} ${'ü'.repeat(i)}`,
  }));
  const encoded = encodeParsedObject(9, 'src', KEY_HOUR, parsed(records));
  const lines = Buffer.from(encoded.records).toString('utf8').split('\n');
  expect(lines.pop()).toBe('');
  expect(lines).toHaveLength(300);
  expect(encoded.recordLines).toBe(300);
  lines.forEach((line, i) => {
    const fields = line.split('\t');
    expect(fields[column('request_id')]).toBe(`id-${i}`);
    expect(fields[column('user_agent')]).toBe('ü€'.repeat(i) || '\x01\x01');
    expect(fields[column('raw')]).toBe(`raw ${i} ${'ü'.repeat(i)}`);
  });
  const ids: string[] = [];
  let start = 0;
  for (const end of encoded.idEnds) {
    ids.push(Buffer.from(encoded.idBytes).toString('utf8', start, end));
    start = end;
  }
  expect(ids).toEqual(records.map((r) => r.record.requestId));
  expect([...encoded.idOffsets]).toEqual(records.map((r) => r.offset));
  expect(encoded.duplicates).toBe(2);
  expect([encoded.minTime, encoded.maxTime]).toEqual([KEY_HOUR, KEY_HOUR + 299]);
  // Every buffer handed to another thread is whole, so the transfer detaches nothing else.
  for (const buffer of transferList(encoded)) expect(buffer).toBeInstanceOf(ArrayBuffer);
});

test('a record without a time gets the arrival hour; an oversized one becomes a reject', () => {
  const huge = 'x'.repeat(MAX_LINE_BYTES + 10);
  const encoded = encodeParsedObject(
    3,
    'src',
    KEY_HOUR,
    parsed([
      { record: { ...emptyRecord(), requestId: 'a' }, offset: 0, length: 1, raw: 'a' },
      { record: { ...emptyRecord(), requestId: 'b' }, offset: 5, length: 1, raw: huge },
    ]),
  );
  expect(encoded.recordLines).toBe(1);
  expect(Buffer.from(encoded.records).toString('utf8').split('\t')[1]).toBe(String(KEY_HOUR));
  expect(encoded.rejectLines).toBe(1);
  const reject = Buffer.from(encoded.rejects).toString('utf8').split('\t');
  expect(reject.slice(0, 2)).toEqual(['3', '5']);
  expect(reject[2]).toHaveLength(4096);
  expect(reject[3]).toMatch(/longer than the store accepts/);
  // Only rows that were written have ids: the oversized record's id is not claimed.
  expect(Buffer.from(encoded.idBytes).toString('utf8')).toBe('a');
});

// Values that make TSV quoting, NULL-lookalikes and the string fallbacks matter.
const AWKWARD_AGENTS = ['tab\there', 'ctrl\x01a', '\\N', 'Käse 日本', 'plain agent'];
const TEMPLATES = [
  ...FORMAT_PRESETS.map((p) => p.template),
  // Extras (xrayTraceId, integration.status), epoch time and fractional-capable numbers.
  '$context.identity.sourceIp "$context.identity.userAgent" $context.requestId $context.status ' +
    '$context.responseLatency $context.integrationLatency $context.requestTimeEpoch ' +
    '$context.xrayTraceId $context.integration.status $context.path\n',
];

function render(template: string, requests: SampleRequest[], agents: number[]): string {
  const tokens = tokenizeTemplate(template);
  return requests
    .map((r, i) => {
      const agent = AWKWARD_AGENTS[agents[i] % AWKWARD_AGENTS.length];
      const values = { ...r.values, '$context.identity.userAgent': agent };
      const text = renderTemplate(tokens, values);
      return text.endsWith('\n') ? text : `${text}\n`;
    })
    .join('');
}

test('rows copied from the object bytes are exactly the rows encoded from record strings', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...TEMPLATES),
      fc.uniqueArray(requestArb(), {
        minLength: 1,
        maxLength: 30,
        selector: (r) => r.values['$context.requestId'],
      }),
      fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
      fc.boolean(),
      (template, requests, agents, brokenUtf8) => {
        let data = Buffer.from(render(template, requests, agents), 'utf8');
        // A byte that is not UTF-8 sends the whole object down the string path: still the same.
        if (brokenUtf8) data = Buffer.concat([data, Buffer.from([0xff, 0x0a])]);
        const options = { objectKey: 'k', formats: [{ template, effectiveFrom: null }] };
        const fast = encodeColumns(4, 'src\tA', KEY_HOUR, parseObjectColumns(data, options));
        const slow = encodeParsedObject(4, 'src\tA', KEY_HOUR, parseObject(data, options));
        expect(Buffer.from(fast.records).toString('utf8')).toBe(
          Buffer.from(slow.records).toString('utf8'),
        );
        expect(fast.recordLines).toBe(requests.length);
        expect(Buffer.from(fast.idBytes).equals(Buffer.from(slow.idBytes))).toBe(true);
        expect([...fast.idEnds]).toEqual([...slow.idEnds]);
        expect([...fast.idOffsets]).toEqual([...slow.idOffsets]);
        expect(new Set(fast.routes)).toEqual(new Set(slow.routes));
        expect([fast.minTime, fast.maxTime]).toEqual([slow.minTime, slow.maxTime]);
      },
    ),
    { numRuns: 150 },
  );
});

test('integers are written digit for digit like String() at every magnitude', () => {
  const writer = new TsvWriter(64);
  const values = [0, 7, 10, 99, 2147483647, 2147483648, 1e9, 1e9 + 5, 1764039600123, -42];
  values.push(-(2 ** 31), Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0xffff_0102_0304);
  for (const value of values) {
    writer.length = 0;
    writer.integer(value);
    expect(Buffer.from(writer.out.subarray(0, writer.length)).toString()).toBe(String(value));
  }
  fc.assert(
    fc.property(fc.maxSafeInteger(), (value) => {
      writer.length = 0;
      writer.integer(value);
      expect(Buffer.from(writer.out.subarray(0, writer.length)).toString()).toBe(String(value));
    }),
  );
});
