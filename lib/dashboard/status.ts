/** Status classes as the charts, chips and table colour them. */

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', '1xx', 'other'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export function statusClassOf(status: number | null): StatusClass {
  if (status === null || !Number.isInteger(status) || status < 100 || status > 599) return 'other';
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

/** The histogram bucket field holding each class (see StatusBucket in lib/query/results). */
export const STATUS_CLASS_FIELDS = {
  '1xx': 's1xx',
  '2xx': 's2xx',
  '3xx': 's3xx',
  '4xx': 's4xx',
  '5xx': 's5xx',
  other: 'other',
} as const satisfies Record<StatusClass, string>;

/** CSS custom properties defined by components/dashboard/theme.module.css. */
export const STATUS_CLASS_COLORS: Record<StatusClass, string> = {
  '1xx': 'var(--status-1xx)',
  '2xx': 'var(--status-2xx)',
  '3xx': 'var(--status-3xx)',
  '4xx': 'var(--status-4xx)',
  '5xx': 'var(--status-5xx)',
  other: 'var(--status-other)',
};
