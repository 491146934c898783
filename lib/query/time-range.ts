/**
 * Time ranges as the user states them. A relative range ("last 1h") stays relative in URLs and is
 * turned into absolute bounds per request by resolveTimeRange(range, now): never at module load, or
 * a long-running server would keep answering for the hour it started in.
 */
import { z } from 'zod';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The presets the UI offers; any `<n>m`, `<n>h` or `<n>d` up to 90 days is accepted too. */
export const RELATIVE_PRESETS = ['15m', '1h', '6h', '24h', '7d'] as const;

const RELATIVE = /^([1-9]\d{0,4})([mhd])$/;
export const MAX_RANGE_MS = 90 * UNIT_MS.d;

export const relativeRangeSchema = z.object({
  kind: z.literal('relative'),
  last: z.string().refine((v) => parseRelativeDuration(v) !== null, {
    error: 'must be a duration such as 15m, 1h, 24h or 7d (at most 90d)',
  }),
});

export const absoluteRangeSchema = z
  .object({
    kind: z.literal('absolute'),
    from: z.number().int().nonnegative(),
    to: z.number().int().nonnegative(),
  })
  .refine((r) => r.from < r.to, { error: '"from" must be before "to"' });

export const timeRangeSchema = z.union([relativeRangeSchema, absoluteRangeSchema]);
export type TimeRange = z.infer<typeof timeRangeSchema>;

/** Half-open interval [from, to) in epoch milliseconds. */
export interface ResolvedRange {
  from: number;
  to: number;
}

export const DEFAULT_RANGE: TimeRange = { kind: 'relative', last: '24h' };

/** `15m` -> 900000; null for anything that is not a positive duration of at most 90 days. */
export function parseRelativeDuration(text: string): number | null {
  const match = RELATIVE.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms <= MAX_RANGE_MS ? ms : null;
}

export function resolveTimeRange(range: TimeRange, now: number): ResolvedRange {
  if (range.kind === 'absolute') return { from: range.from, to: range.to };
  const duration = parseRelativeDuration(range.last);
  if (duration === null) throw new RangeError(`not a relative duration: ${range.last}`);
  return { from: now - duration, to: now };
}

/** Parses `2024-05-01T10:00:00Z`-style ISO times and epoch milliseconds; null when neither. */
export function parseInstant(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{10,14}$/.test(trimmed)) return Number(trimmed);
  // Only full ISO-8601 date-times: Date.parse accepts many vague forms we do not want in URLs.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed))
    return null;
  // A date-time without a zone means UTC, whatever the server's local zone is.
  const zoned = /T[\d:.]+$/.test(trimmed) ? `${trimmed}Z` : trimmed;
  const ms = Date.parse(zoned);
  return Number.isFinite(ms) ? ms : null;
}

export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}
