/**
 * Hot-path value converters. They run once per field of every record, so they avoid Date.parse,
 * regexes and intermediate allocations: a log object has millions of fields.
 */

const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** Three ASCII letters as one number (7 bits each), or -1 if one is not ASCII. */
function packLetters(text: string, at: number): number {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  const c = text.charCodeAt(at + 2);
  return a < 128 && b < 128 && c < 128 ? (a << 14) | (b << 7) | c : -1;
}

const MONTH_BY_LETTERS = new Map(MONTH_NAMES.map((name, i) => [packLetters(name, 0), i]));

/** Two decimal digits at `i` as 0..99, or -1 (integer math keeps the hot path on small ints). */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

// Records in one object share their date, so the day's epoch is cached under a number made of
// the date's chars: no substring, no string compare, no Date per record.
let cachedDayKey = -1;
let cachedDayMs = 0;

/** Epoch ms of 00:00 UTC on the date, or -1 if there is no such date (31/Feb). */
function dayMsFor(year: number, letters: number, day: number): number {
  const month = MONTH_BY_LETTERS.get(letters);
  if (month === undefined || day < 1 || day > 31) return -1;
  const ms = Date.UTC(year, month, day);
  // Date.UTC silently rolls 31/Feb into March; such a date is not a valid log time.
  return new Date(ms).getUTCDate() === day ? ms : -1;
}

// Records come in time order, so most share the previous record's minute: its chars (all but the
// seconds) are kept, and a record that matches them only needs its seconds read.
const minuteChars = new Int32Array(24).fill(-1);
let minuteMs = 0;

/** text[at, at + 26) has the remembered minute: same chars everywhere except the seconds. */
function sameMinute(text: string, at: number): boolean {
  for (let i = 0; i < 17; i++) if (text.charCodeAt(at + i) !== minuteChars[i]) return false;
  for (let i = 20; i < 26; i++) if (text.charCodeAt(at + i) !== minuteChars[i - 2]) return false;
  return true;
}

function rememberMinute(text: string, at: number, ms: number): void {
  for (let i = 0; i < 17; i++) minuteChars[i] = text.charCodeAt(at + i);
  for (let i = 20; i < 26; i++) minuteChars[i - 2] = text.charCodeAt(at + i);
  minuteMs = ms;
}

/**
 * `$context.requestTime` in text[at, end): `dd/MMM/yyyy:HH:mm:ss +hhmm` (any offset) -> epoch
 * ms UTC, or null. Offsets from `at`: 0-1 day, 3-5 month, 7-10 year, 12-13 h, 15-16 m, 18-19 s,
 * 21 sign, 22-25 offset. Char codes and integer math only: it runs for every record.
 */
export function parseRequestTimeAt(text: string, at: number, end: number): number | null {
  if (end - at !== 26) return null;
  if (text.charCodeAt(at + 17) === 58 && sameMinute(text, at)) {
    const seconds = twoDigits(text, at + 18);
    if (seconds >= 0 && seconds <= 60) return minuteMs + seconds * 1000;
  }
  const ms = parseFullRequestTime(text, at);
  if (ms !== null) rememberMinute(text, at, ms - twoDigits(text, at + 18) * 1000);
  return ms;
}

function parseFullRequestTime(text: string, at: number): number | null {
  const separators =
    text.charCodeAt(at + 2) === 47 &&
    text.charCodeAt(at + 6) === 47 &&
    text.charCodeAt(at + 11) === 58 &&
    text.charCodeAt(at + 14) === 58 &&
    text.charCodeAt(at + 17) === 58 &&
    text.charCodeAt(at + 20) === 32;
  if (!separators) return null;
  const day = twoDigits(text, at);
  const century = twoDigits(text, at + 7);
  const yy = twoDigits(text, at + 9);
  const hours = twoDigits(text, at + 12);
  const minutes = twoDigits(text, at + 15);
  const seconds = twoDigits(text, at + 18);
  const signCode = text.charCodeAt(at + 21);
  const offsetHours = twoDigits(text, at + 22);
  const offsetMinutes = twoDigits(text, at + 24);
  const letters = packLetters(text, at + 3);
  if (day < 0 || century < 0 || yy < 0 || letters < 0) return null;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60)
    return null;
  if (offsetHours < 0 || offsetMinutes < 0 || (signCode !== 43 && signCode !== 45)) return null;
  const year = century * 100 + yy;
  // 21 bits of letters, 7 of day, the year above: exact in a double.
  const dayKey = (year * 128 + day) * 2_097_152 + letters;
  let dayMs = cachedDayMs;
  if (dayKey !== cachedDayKey) {
    dayMs = dayMsFor(year, letters, day);
    if (dayMs === -1) return null;
    cachedDayKey = dayKey;
    cachedDayMs = dayMs;
  }
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
  const local = dayMs + hours * 3_600_000 + minutes * 60_000 + seconds * 1000;
  return signCode === 45 ? local + offsetMs : local - offsetMs;
}

export function parseRequestTime(value: string | undefined): number | null {
  return value === undefined ? null : parseRequestTimeAt(value, 0, value.length);
}

/** Number in text[start, end): bare or quoted; `-` and anything non-numeric -> null, never 0. */
export function parseNumberAt(text: string, start: number, end: number): number | null {
  const length = end - start;
  if (length === 0) return null;
  if (length <= 15) {
    let n = 0;
    let i = start;
    for (; i < end; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === end) return n;
  }
  return parseDecimal(text.slice(start, end));
}

export function parseNumber(value: string | undefined): number | null {
  return value === undefined ? null : parseNumberAt(value, 0, value.length);
}

function parseDecimal(value: string): number | null {
  if (value === '-') return null;
  // Only plain decimal notation: Number() would also accept '0x1f', ' 12 ' or 'Infinity'.
  if (!/^-?\d+(?:\.\d+)?$/.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

const MAX_DATE_MS = 8.64e15;

/** `$context.requestTimeEpoch` is epoch milliseconds; accept seconds too (11 digits or fewer). */
export function parseEpochAt(text: string, start: number, end: number): number | null {
  const n = parseNumberAt(text, start, end);
  if (n === null || n < 0) return null;
  const ms = n < 100_000_000_000 ? Math.round(n * 1000) : Math.round(n);
  // Beyond the Date range (year 275760) it is not a timestamp.
  return ms <= MAX_DATE_MS ? ms : null;
}

export function parseEpoch(value: string | undefined): number | null {
  return value === undefined ? null : parseEpochAt(value, 0, value.length);
}
