import 'server-only';

/**
 * Firehose prefix templates -> the S3 prefixes that hold one hour's objects. `!{timestamp:...}`
 * takes a Java date pattern; a template without any timestamp expression gets Firehose's default
 * `yyyy/MM/dd/HH/` appended. Anything that cannot be expanded per hour (a random string, minutes)
 * ends the prefix there: the listing is wider, and keys are still checked one by one.
 */
const EXPRESSION = /!\{([a-z]+):([^}]*)\}/g;
const HOUR_MS = 3_600_000;
const DEFAULT_TIME_PATTERN = 'yyyy/MM/dd/HH/';

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Formats the date/hour letters of a Java pattern in UTC; null if it needs finer units or text. */
export function formatHourPattern(pattern: string, hourStart: number): string | null {
  const date = new Date(hourStart);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) return null;
      out += end === i + 1 ? "'" : pattern.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let run = 1;
    while (pattern[i + run] === ch) run++;
    i += run;
    switch (ch) {
      case 'y':
      case 'u':
        out += run === 2 ? pad(date.getUTCFullYear() % 100, 2) : pad(date.getUTCFullYear(), run);
        break;
      case 'M':
        if (run > 2) return null;
        out += pad(date.getUTCMonth() + 1, run);
        break;
      case 'd':
        out += pad(date.getUTCDate(), run);
        break;
      case 'H':
        out += pad(date.getUTCHours(), run);
        break;
      default:
        return null;
    }
  }
  return out;
}

/** The listing prefix for one hour (UTC, hourStart aligned), cut where expansion stops. */
export function expandPrefixForHour(template: string, hourStart: number): string {
  let out = '';
  let last = 0;
  let hasTimestamp = false;
  for (const match of template.matchAll(EXPRESSION)) {
    out += template.slice(last, match.index);
    last = match.index + match[0].length;
    const expanded = match[1] === 'timestamp' ? formatHourPattern(match[2], hourStart) : null;
    if (match[1] === 'timestamp') hasTimestamp = true;
    if (expanded === null) return out;
    out += expanded;
  }
  out += template.slice(last);
  return hasTimestamp ? out : out + (formatHourPattern(DEFAULT_TIME_PATTERN, hourStart) ?? '');
}

export function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * Hours whose prefixes may hold records of [from, to): an object's key carries the arrival hour of
 * its oldest record, so a record can sit in the previous hour's object (a buffer that spanned the
 * hour) or in the next hour's (delivery lag). One neighbour on each side.
 */
export function hoursForRange(from: number, to: number): number[] {
  const hours: number[] = [];
  const last = floorHour(Math.max(from, to - 1)) + HOUR_MS;
  for (let hour = floorHour(from) - HOUR_MS; hour <= last; hour += HOUR_MS) hours.push(hour);
  return hours;
}

/** Distinct listing prefixes for some hours, each with the hours it covers. */
export function prefixesForHours(
  template: string,
  hours: readonly number[],
): Map<string, number[]> {
  const prefixes = new Map<string, number[]>();
  for (const hour of hours) {
    const prefix = expandPrefixForHour(template, hour);
    const list = prefixes.get(prefix);
    if (list) list.push(hour);
    else prefixes.set(prefix, [hour]);
  }
  return prefixes;
}

// Firehose writes failed records under an error-output prefix (processing-failed/,
// format-conversion-failed/, ...), usually beside the log prefix: those are not access logs.
const ERROR_OUTPUT_SEGMENT = /(^|\/)([a-z]+-)*failed(\/|$)|(^|\/)(errors?|error-output)(\/|$)/i;

export function isErrorOutputKey(key: string): boolean {
  return ERROR_OUTPUT_SEGMENT.test(key);
}

const FIREHOSE_NAME_TIME = /-(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-[^/]*$/;

/** The arrival time Firehose writes into every object name (`...-2024-05-01-10-04-59-<uuid>.gz`). */
export function arrivalTimeFromKey(key: string): number | null {
  const match = FIREHOSE_NAME_TIME.exec(key);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const time = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isFinite(time) && new Date(time).getUTCMonth() === mo - 1 ? time : null;
}
