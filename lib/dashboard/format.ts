/**
 * Number and time formatting for the dashboard. Pure and locale-fixed (en-US digits; UTC or a
 * named zone, never the runtime's implicit one) so the server render and the browser agree, and
 * tests can pin exact strings.
 */

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** 1234567 -> "1,234,567". */
export function formatCount(n: number): string {
  return INTEGER.format(n);
}

/** 1234567 -> "1.2M": for axis ticks and tight spaces. */
export function formatCompact(n: number): string {
  return COMPACT.format(n);
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number | null): string {
  if (n === null) return '–';
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${BYTE_UNITS[unit]}`;
}

/** Latency in ms: "0.4 ms", "87 ms", "1.25 s"; an en dash for unknown. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** A 0..1 share as a percentage with precision where it matters: "0%", "0.04%", "3.2%", "100%". */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  const pct = share * 100;
  if (pct >= 100) return '100%';
  if (pct < 0.01) return '<0.01%';
  if (pct < 1) return `${pct.toFixed(2)}%`;
  return `${pct.toFixed(1)}%`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Times show in UTC or in a named IANA zone (the viewer's own, or the one a shared link carries). */
export const UTC = 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for `UTC` and IANA names the runtime knows (`Europe/Berlin`); false for anything else. */
export function isTimeZone(name: string): boolean {
  if (name === UTC) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function partsOf(ms: number, timeZone: string): Parts {
  const d = new Date(ms);
  if (timeZone === UTC)
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      ms: d.getUTCMilliseconds(),
    };
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(d))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    ms: ((ms % 1000) + 1000) % 1000,
  };
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  if (timeZone === UTC) return 0;
  const p = partsOf(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms);
  return asUtc - ms;
}

/** "UTC", "UTC+2", "UTC-3:30": the zone's offset at an instant, for labels. */
export function formatZoneOffset(ms: number, timeZone: string): string {
  const minutes = Math.round(zoneOffsetMs(ms, timeZone) / 60_000);
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `UTC${sign}${Math.floor(abs / 60)}${abs % 60 === 0 ? '' : `:${pad(abs % 60)}`}`;
}

/** "2024-05-01 10:00:00.123" in the zone; an en dash for unknown. */
export function formatTimestamp(ms: number | null, timeZone: string): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  const p = partsOf(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.ms, 3)}`;
}

/**
 * An axis tick for a bucket start: the time of day for short ranges, the date too when the range
 * spans days, seconds only when buckets are shorter than a minute.
 */
export function formatTick(
  ms: number,
  timeZone: string,
  rangeMs: number,
  bucketMs: number,
): string {
  const p = partsOf(ms, timeZone);
  const time =
    bucketMs < 60_000
      ? `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
      : `${pad(p.hour)}:${pad(p.minute)}`;
  if (rangeMs <= 86_400_000) return time;
  return `${pad(p.month)}-${pad(p.day)} ${time}`;
}

/** The value for an `<input type="datetime-local">` showing `ms` in the zone. */
export function toDateTimeInput(ms: number, timeZone: string): string {
  const p = partsOf(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The inverse of toDateTimeInput (wall time in the zone -> instant); null when malformed. */
export function fromDateTimeInput(value: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map((v) => Number(v ?? 0));
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (!Number.isFinite(wall)) return null;
  // The offset depends on the instant; two rounds settle it except inside a DST gap.
  let instant = wall - zoneOffsetMs(wall, timeZone);
  instant = wall - zoneOffsetMs(instant, timeZone);
  return instant;
}

/** "15 min", "1 h", "2 d 3 h": a duration for range labels. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const restMin = minutes % 60;
  if (hours < 48) return restMin === 0 ? `${hours} h` : `${hours} h ${restMin} min`;
  const days = Math.floor(hours / 24);
  const restH = hours % 24;
  return restH === 0 ? `${days} d` : `${days} d ${restH} h`;
}

/** The bucket width in words, for chart captions: "10 s", "5 min", "1 h", "1 d". */
export function formatBucket(ms: number): string {
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  if (ms < 86_400_000) return `${ms / 3_600_000} h`;
  return `${ms / 86_400_000} d`;
}
