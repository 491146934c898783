/**
 * What a user types for a format (CLI `--format`, LOG_FORMAT) -> the template to compile.
 * Pure: reading `@file` is the caller's job (pass a reader), so browser code can import this.
 */
import { FORMAT_PRESETS, findPreset } from './presets';
import { templateVariables } from './template-tokens';

export class FormatResolutionError extends Error {
  override name = 'FormatResolutionError';
}

export function resolveFormat(
  nameOrTemplate: string,
  readTemplateFile?: (path: string) => string,
): string {
  const preset = findPreset(nameOrTemplate.trim());
  if (preset) return preset.template;
  if (nameOrTemplate.startsWith('@')) {
    if (!readTemplateFile)
      throw new FormatResolutionError('reading @file templates needs a file reader');
    return resolveFormat(readTemplateFile(nameOrTemplate.slice(1)));
  }
  if (templateVariables(nameOrTemplate).length > 0) return nameOrTemplate;
  const ids = FORMAT_PRESETS.map((p) => p.id).join(', ');
  throw new FormatResolutionError(
    `unknown format "${nameOrTemplate}": use a preset (${ids}), a $context template or @file`,
  );
}

/** Preset id when the template is a preset (ignoring a trailing newline), else 'custom'. */
export function formatIdForTemplate(template: string): string {
  const trimmed = template.replace(/\s+$/, '');
  const preset = FORMAT_PRESETS.find((p) => p.template.replace(/\s+$/, '') === trimmed);
  return preset ? preset.id : 'custom';
}
