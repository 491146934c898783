import { test, expect } from 'vitest';
import fc from 'fast-check';
import type { LogRow } from '@/lib/query/results';
import {
  createExportStream,
  encodeCsvField,
  encodeCsvRow,
  exportFileName,
  neutraliseCell,
} from './export-encoding';

function row(partial: Partial<LogRow> = {}): LogRow {
  return {
    time: Date.UTC(2024, 4, 1, 10, 0, 0, 123),
    source: 'demo',
    requestId: 'r1',
    extendedRequestId: null,
    ip: '203.0.113.7',
    method: 'GET',
    route: '/pets/{petId}',
    path: '/prod/pets/1',
    protocol: 'HTTP/1.1',
    status: 200,
    bytes: 512,
    latencyMs: 12,
    integrationLatencyMs: 9,
    userAgent: 'curl/8.0',
    caller: null,
    user: null,
    stage: 'prod',
    apiId: 'abc',
    domainName: null,
    errorMessage: null,
    errorType: null,
    wafResponseCode: null,
    extra: null,
    raw: '{"requestId":"r1"}',
    objectKey: '2024/05/01/10/x.gz',
    objectOffset: 0,
    ...partial,
  };
}

async function* rowsOf(items: LogRow[]): AsyncGenerator<LogRow> {
  for (const item of items) yield item;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** A minimal RFC 4180 reader, independent of the encoder, for round trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      rows.push(fields);
      fields = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

test('cells a spreadsheet would evaluate are neutralised', () => {
  for (const danger of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("x")'])
    expect(neutraliseCell(danger)).toBe(`'${danger}`);
  for (const safe of ['hello', '1+1', ' =x', "'=x", '']) expect(neutraliseCell(safe)).toBe(safe);
});

test('fields with quotes, commas and line breaks are quoted; formulas stay neutral inside quotes', () => {
  expect(encodeCsvField('a,b')).toBe('"a,b"');
  expect(encodeCsvField('say "hi"')).toBe('"say ""hi"""');
  expect(encodeCsvField('line\nbreak')).toBe('"line\nbreak"');
  expect(encodeCsvField('=cmd|"/c calc"!A0')).toBe(`"'=cmd|""/c calc""!A0"`);
  expect(encodeCsvField(null)).toBe('');
  expect(encodeCsvField(404)).toBe('404');
});

test('any text survives a CSV round trip, neutralised exactly when it starts like a formula', () => {
  fc.assert(
    fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), (cells) => {
      const line = cells.map((c) => encodeCsvField(c)).join(',') + '\r\n';
      const [parsed] = parseCsv(line);
      expect(parsed).toEqual(cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
    }),
  );
});

test('a CSV row carries the chosen columns, time as ISO UTC', () => {
  const line = encodeCsvRow(row({ userAgent: '=HYPERLINK("http://evil")' }), [
    'time',
    'status',
    'userAgent',
  ]);
  expect(parseCsv(line)).toEqual([
    ['2024-05-01T10:00:00.123Z', '200', `'=HYPERLINK("http://evil")`],
  ]);
});

test('the CSV stream has a header and one line per row, across many chunks', async () => {
  const items = Array.from({ length: 1000 }, (_, i) => row({ requestId: `r${i}`, status: i }));
  let done = -1;
  const text = await readAll(
    createExportStream(rowsOf(items), {
      format: 'csv',
      columns: ['requestId', 'status'],
      chunkChars: 100,
      onDone: (n) => (done = n),
    }),
  );
  const parsed = parseCsv(text);
  expect(parsed[0]).toEqual(['requestId', 'status']);
  expect(parsed).toHaveLength(1001);
  expect(parsed[1000]).toEqual(['r999', '999']);
  expect(done).toBe(1000);
});

test('the NDJSON stream is one parseable object per row, hostile text intact', async () => {
  const hostile = '<script>alert(1)</script>\n{"x":1}';
  const text = await readAll(
    createExportStream(rowsOf([row(), row({ userAgent: hostile })]), { format: 'ndjson' }),
  );
  const lines = text.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  const second = JSON.parse(lines[1]) as LogRow & { timeIso: string };
  expect(second.userAgent).toBe(hostile);
  expect(second.timeIso).toBe('2024-05-01T10:00:00.123Z');
  expect(second.raw).toBe('{"requestId":"r1"}');
});

test('an empty result is a header alone (CSV) or nothing (NDJSON)', async () => {
  expect(await readAll(createExportStream(rowsOf([]), { format: 'csv', columns: ['ip'] }))).toBe(
    'ip\r\n',
  );
  expect(await readAll(createExportStream(rowsOf([]), { format: 'ndjson' }))).toBe('');
});

test('cancelling the download stops the row source', async () => {
  let closed = false;
  async function* endless(): AsyncGenerator<LogRow> {
    try {
      for (;;) yield row();
    } finally {
      closed = true;
    }
  }
  const reader = createExportStream(endless(), { format: 'ndjson', chunkChars: 10 }).getReader();
  await reader.read();
  await reader.cancel();
  expect(closed).toBe(true);
});

test('a failing source errors the stream instead of ending it as if complete', async () => {
  async function* failing(): AsyncGenerator<LogRow> {
    yield row();
    throw new Error('store went away');
  }
  await expect(readAll(createExportStream(failing(), { format: 'csv' }))).rejects.toThrow(
    'store went away',
  );
});

test('file names carry the range without characters file systems refuse', () => {
  expect(exportFileName(Date.UTC(2024, 4, 1, 10), Date.UTC(2024, 4, 1, 11), 'csv')).toBe(
    'apigw-logs_2024-05-01T10-00-00Z_2024-05-01T11-00-00Z.csv',
  );
});
