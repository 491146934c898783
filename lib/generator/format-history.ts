import { findPreset } from '@/lib/formats/presets';
import { templateVariables } from '@/lib/formats/template-tokens';
import type { FormatChange } from './firehose-objects';

/**
 * Turns `--format <preset-id|template>[@ISO-time]` values into a format history. A stage's format
 * changes over time, and objects written before a change keep the old layout, which is what readers
 * must cope with.
 */

const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

export function parseFormatSpec(spec: string): FormatChange {
  let body = spec;
  let effectiveFrom: number | null = null;
  const at = spec.lastIndexOf('@');
  if (at >= 0 && ISO_TIME.test(spec.slice(at + 1))) {
    effectiveFrom = parseIsoTime(spec.slice(at + 1));
    body = spec.slice(0, at);
  }
  return { template: resolveTemplate(body), effectiveFrom };
}

/** ISO time; a time without zone is read as UTC, because Firehose keys and log times are UTC. */
export function parseIsoTime(text: string): number {
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) || !text.includes('T') ? text : `${text}Z`;
  const time = Date.parse(zoned);
  if (!Number.isFinite(time)) throw new Error(`not an ISO time: ${text}`);
  return time;
}

/** A preset id, or a literal template; a literal `\n` typed at the end becomes the real newline. */
export function resolveTemplate(presetOrTemplate: string): string {
  const preset = findPreset(presetOrTemplate);
  if (preset) return preset.template;
  const template = presetOrTemplate.endsWith('\\n')
    ? `${presetOrTemplate.slice(0, -2)}\n`
    : presetOrTemplate;
  checkTemplate(template);
  return template;
}

/** The rules API Gateway enforces when a format is saved (see shared/aws-access-logs.md §1). */
export function checkTemplate(template: string): void {
  const variables = templateVariables(template);
  if (variables.length === 0) {
    throw new Error(`"${template}" is neither a preset id nor a template with $context variables`);
  }
  if (
    !variables.includes('$context.requestId') &&
    !variables.includes('$context.extendedRequestId')
  ) {
    throw new Error('a format must contain $context.requestId or $context.extendedRequestId');
  }
  const newline = template.search(/[\r\n]/);
  if (newline >= 0 && newline !== template.length - 1) {
    throw new Error('a format must be single line: a newline is allowed only at the very end');
  }
}

/** Formats from CLI-style specs; with none given, `fallback` applies from the beginning. */
export function parseFormatHistory(
  specs: readonly string[],
  fallback = 'custom-json',
): FormatChange[] {
  const changes = (specs.length > 0 ? specs : [fallback]).map(parseFormatSpec);
  if (changes.filter((c) => c.effectiveFrom === null).length > 1) {
    throw new Error('only the first --format may omit @time; later ones say when they took effect');
  }
  return changes;
}
