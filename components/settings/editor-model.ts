/**
 * Pure helpers behind the format editor. The textarea shows a format without its trailing newline
 * (a checkbox stands for it): AWS allows a newline only at the very end, and an invisible empty
 * last line in a text box is easy to add or lose by accident.
 */
import type { ApiKind, ContextVariable } from '@/lib/access-log-settings/context-variables';
import { FORMAT_PRESETS, type FormatPreset } from '@/lib/formats/presets';

export interface EditorValue {
  /** The format as typed, without the one trailing newline. */
  text: string;
  newline: boolean;
}

export function splitEditorValue(format: string): EditorValue {
  return format.endsWith('\n')
    ? { text: format.slice(0, -1), newline: true }
    : { text: format, newline: false };
}

/** A text that itself ends with a newline (pasted) keeps it, whatever the checkbox said. */
export function joinEditorValue({ text, newline }: EditorValue): string {
  return newline && !text.endsWith('\n') ? `${text}\n` : text;
}

export interface TextSelection {
  start: number;
  end: number;
}

export interface Insertion {
  text: string;
  /** Part of the inserted text to leave selected (a placeholder to type over). */
  select?: TextSelection;
}

/** What the picker inserts: a pattern's `{placeholder}` becomes a selected word to type over. */
export function insertionForVariable(variable: ContextVariable): Insertion {
  if (!variable.prefix) return { text: variable.name };
  const placeholder = variable.name.slice(variable.prefix.length).replace(/[{}]/g, '');
  const text = `${variable.prefix}${placeholder}`;
  return { text, select: { start: variable.prefix.length, end: text.length } };
}

/** Replaces the selection with the insertion; returns the new text and where the cursor goes. */
export function insertAtSelection(
  value: string,
  selection: TextSelection,
  insertion: Insertion,
): { value: string; selection: TextSelection } {
  const start = Math.max(0, Math.min(selection.start, value.length));
  const end = Math.max(start, Math.min(selection.end, value.length));
  const next = value.slice(0, start) + insertion.text + value.slice(end);
  const after = start + insertion.text.length;
  return {
    value: next,
    selection: insertion.select
      ? { start: start + insertion.select.start, end: start + insertion.select.end }
      : { start: after, end: after },
  };
}

/** Console presets that fit the kind of API; WebSocket APIs have none in the registry. */
export function presetsForApiKind(kind: ApiKind): FormatPreset[] {
  if (kind === 'rest')
    return FORMAT_PRESETS.filter((p) => p.family === 'rest' || p.family === 'example');
  if (kind === 'http') return FORMAT_PRESETS.filter((p) => p.family === 'http');
  return [];
}

export interface FormatDescription {
  /** The preset's label, or 'Custom format'. */
  label: string;
  presetId: string | null;
  newline: boolean;
}

/** Names a stage's format: a preset when it is one (with or without the trailing newline). */
export function describeFormat(template: string): FormatDescription {
  const { text, newline } = splitEditorValue(template);
  const preset = FORMAT_PRESETS.find((p) => p.template === template || p.template === text);
  return { label: preset?.label ?? 'Custom format', presetId: preset?.id ?? null, newline };
}
