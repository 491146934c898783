/**
 * Hot-path value converters. They run once per field of every record, so they avoid Date.parse,
 * regexes and intermediate allocations: a log object has millions of fields.
 */

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

// Records in one object share their date (and usually their offset), so the day part is cached.
let cachedDayPrefix = '';
let cachedDayMs = 0;

/** Two decimal digits at `i` as 0..99, or -1 (integer math keeps the hot path on small ints). */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function dayMsFor(text: string, at: number): number {
  // startsWith avoids slicing a new string for every record of the same day.
  if (cachedDayPrefix !== '' && text.startsWith(cachedDayPrefix, at)) return cachedDayMs;
  const day = twoDigits(text, at);
  const month = MONTHS[text.slice(at + 3, at + 6)];
  const century = twoDigits(text, at + 7);
  const yy = twoDigits(text, at + 9);
  if (month === undefined || day < 1 || day > 31 || century < 0 || yy < 0) return -1;
  const ms = Date.UTC(century * 100 + yy, month, day);
  // Date.UTC silently rolls 31/Feb into March; such a date is not a valid log time.
  if (new Date(ms).getUTCDate() !== day) return -1;
  cachedDayPrefix = text.slice(at, at + 11);
  cachedDayMs = ms;
  return ms;
}

// Records in one object are minutes apart at most, so the last minute seen (with its offset) is
// cached: most times then cost three prefix compares and two digits instead of a full parse. The
// keys are kept under 13 chars, so V8 copies them instead of making slices that would keep a
// whole object's text alive.
let cachedDay = '';
let cachedHourMinute = '';
let cachedOffset = '';
let cachedMinuteMs = 0;

/**
 * `$context.requestTime` in text[at, end): `dd/MMM/yyyy:HH:mm:ss +hhmm` (any offset) -> epoch
 * ms UTC, or null. Offsets from `at`: 0-1 day, 3-5 month, 7-10 year, 12-13 h, 15-16 m, 18-19 s,
 * 21 sign, 22-25 offset.
 */
export function parseRequestTimeAt(text: string, at: number, end: number): number | null {
  if (end - at !== 26) return null;
  if (
    cachedDay !== '' &&
    text.startsWith(cachedHourMinute, at + 11) &&
    text.startsWith(cachedDay, at) &&
    text.charCodeAt(at + 17) === 58 &&
    text.startsWith(cachedOffset, at + 20)
  ) {
    const seconds = twoDigits(text, at + 18);
    if (seconds >= 0 && seconds <= 60) return cachedMinuteMs + seconds * 1000;
    return null;
  }
  return parseFullTime(text, at);
}

function parseFullTime(text: string, at: number): number | null {
  const separators =
    text.charCodeAt(at + 2) === 47 &&
    text.charCodeAt(at + 6) === 47 &&
    text.charCodeAt(at + 11) === 58 &&
    text.charCodeAt(at + 14) === 58 &&
    text.charCodeAt(at + 17) === 58 &&
    text.charCodeAt(at + 20) === 32;
  if (!separators) return null;
  const hours = twoDigits(text, at + 12);
  const minutes = twoDigits(text, at + 15);
  const seconds = twoDigits(text, at + 18);
  const offsetHours = twoDigits(text, at + 22);
  const offsetMinutes = twoDigits(text, at + 24);
  const signCode = text.charCodeAt(at + 21);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60)
    return null;
  if (offsetHours < 0 || offsetMinutes < 0 || (signCode !== 43 && signCode !== 45)) return null;
  const dayMs = dayMsFor(text, at);
  if (dayMs === -1) return null;
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
  const local = dayMs + hours * 3_600_000 + minutes * 60_000;
  const minuteMs = signCode === 45 ? local + offsetMs : local - offsetMs;
  cachedDay = text.slice(at, at + 11);
  cachedHourMinute = text.slice(at + 11, at + 17);
  cachedOffset = text.slice(at + 20, at + 26);
  cachedMinuteMs = minuteMs;
  return minuteMs + seconds * 1000;
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
