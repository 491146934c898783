/**
 * The editor's one-click helpers. Each is pure and idempotent: applying it twice gives the same
 * format as applying it once, and a variable already in the format is never added again.
 */
import { templateVariables } from '@/lib/formats/template-tokens';
import { detectTemplateShape, splitTrailingNewline } from './template-shape';

interface FieldToAdd {
  /** JSON key / XML element name. */
  key: string;
  variable: string;
  /** Other variables that already provide the same value. */
  equivalents?: readonly string[];
  /** Free text with spaces and commas: quote it in CLF/CSV layouts. */
  quoteWhenDelimited?: boolean;
}

const LATENCY_FIELDS: readonly FieldToAdd[] = [
  { key: 'responseLatency', variable: '$context.responseLatency' },
  {
    key: 'integrationLatency',
    variable: '$context.integrationLatency',
    equivalents: ['$context.integration.latency'],
  },
];

const USER_AGENT_FIELD: FieldToAdd = {
  key: 'userAgent',
  variable: '$context.identity.userAgent',
  quoteWhenDelimited: true,
};

/** Why the newline helper exists; shown next to the button. */
export const END_WITH_NEWLINE_EXPLANATION =
  'API Gateway writes records to Firehose with no separator, and Firehose concatenates them, so without a trailing newline each S3 object is one long line of glued records. Athena, grep and other line-based tools then see one huge line per object instead of one record per line. A newline at the end of the format puts one record on each line.';

/** Adds $context.responseLatency and $context.integrationLatency (the latency charts need them). */
export function addLatencyFields(template: string): string {
  return addFields(template, LATENCY_FIELDS);
}

/** Adds $context.identity.userAgent, quoted where the layout is delimited. */
export function addUserAgent(template: string): string {
  return addFields(template, [USER_AGENT_FIELD]);
}

/** Ends the format with a newline so that each record is its own line in S3. */
export function endWithNewline(template: string): string {
  return template.endsWith('\n') ? template : `${template}\n`;
}

function addFields(template: string, fields: readonly FieldToAdd[]): string {
  const present = new Set(templateVariables(template));
  const missing = fields.filter(
    (f) => !present.has(f.variable) && !(f.equivalents ?? []).some((e) => present.has(e)),
  );
  if (missing.length === 0) return template;

  const { body, newline } = splitTrailingNewline(template);
  const shape = detectTemplateShape(template);
  if (shape.kind === 'json') return insertIntoJson(body, missing) + newline;
  if (shape.kind === 'xml') return insertIntoXml(body, shape.rootElement, missing) + newline;
  return appendDelimited(body, shape.delimiter, missing) + newline;
}

function insertIntoJson(body: string, fields: readonly FieldToAdd[]): string {
  const close = body.lastIndexOf('}');
  const head = body.slice(0, close);
  const inner = head.trimEnd();
  const gap = head.slice(inner.length);
  // Follow the template's own spacing: the console presets write `", "`, hand-written ones `","`.
  const spaced = body.match(/,\s+"/g)?.length ?? 0;
  const tight = body.match(/,"/g)?.length ?? 0;
  const separator = spaced > tight ? ', ' : ',';
  const pairs = fields.map((f) => `"${uniqueKey(body, f.key)}":"${f.variable}"`).join(separator);
  const lead = inner.endsWith('{') ? '' : separator;
  return `${inner}${lead}${pairs}${gap}${body.slice(close)}`;
}

function insertIntoXml(body: string, root: string, fields: readonly FieldToAdd[]): string {
  const close = body.lastIndexOf(`</${root}>`);
  const head = body.slice(0, close);
  const inner = head.trimEnd();
  const gap = head.slice(inner.length);
  const elements = fields.map((f) => {
    const name = uniqueKey(body, f.key, 'xml');
    return `${gap}<${name}>${f.variable}</${name}>`;
  });
  return `${inner}${elements.join('')}${gap}${body.slice(close)}`;
}

function appendDelimited(body: string, delimiter: string, fields: readonly FieldToAdd[]): string {
  const inner = body.replace(/[ \t]+$/, '');
  const tail = body.slice(inner.length);
  const values = fields.map((f) =>
    f.quoteWhenDelimited && delimiter !== '\t' ? `"${f.variable}"` : f.variable,
  );
  const lead = inner === '' ? '' : delimiter;
  return `${inner}${lead}${values.join(delimiter)}${tail}`;
}

/** `key`, or `key2`, `key3`... when the template already uses that name for something else. */
function uniqueKey(body: string, key: string, shape: 'json' | 'xml' = 'json'): string {
  const taken = (k: string) =>
    shape === 'json' ? body.includes(`"${k}"`) : body.includes(`<${k}>`);
  if (!taken(key)) return key;
  let n = 2;
  while (taken(`${key}${n}`)) n += 1;
  return `${key}${n}`;
}
