import { expect, test } from 'vitest';
import { findContextVariable } from '@/lib/access-log-settings/context-variables';
import { findPreset } from '@/lib/formats/presets';
import {
  describeFormat,
  insertAtSelection,
  insertionForVariable,
  joinEditorValue,
  presetsForApiKind,
  splitEditorValue,
} from './editor-model';

test('the trailing newline lives in the checkbox, not in the text box', () => {
  expect(splitEditorValue('$context.requestId\n')).toEqual({
    text: '$context.requestId',
    newline: true,
  });
  expect(splitEditorValue('$context.requestId')).toEqual({
    text: '$context.requestId',
    newline: false,
  });
  for (const format of ['a\n', 'a', 'a\nb', '']) {
    expect(joinEditorValue(splitEditorValue(format))).toBe(format);
  }
  // Pasting a format that ends with a newline keeps it even with the box unticked.
  expect(joinEditorValue({ text: 'a\n', newline: false })).toBe('a\n');
  expect(joinEditorValue({ text: 'a', newline: true })).toBe('a\n');
});

test('inserts a variable at the cursor and puts the cursor after it', () => {
  const status = findContextVariable('$context.status');
  if (!status) throw new Error('catalog lacks $context.status');
  expect(insertAtSelection('ab', { start: 1, end: 1 }, insertionForVariable(status))).toEqual({
    value: 'a$context.statusb',
    selection: { start: 16, end: 16 },
  });
  // A selection is replaced; positions past the end are clamped.
  expect(insertAtSelection('xSELy', { start: 1, end: 4 }, { text: 'Z' }).value).toBe('xZy');
  expect(insertAtSelection('ab', { start: 9, end: 9 }, { text: 'Z' }).value).toBe('abZ');
});

test('a pattern variable leaves its placeholder selected to type over', () => {
  const claims = findContextVariable('$context.authorizer.claims.sub');
  if (!claims) throw new Error('catalog lacks the claims pattern');
  const insertion = insertionForVariable(claims);
  expect(insertion.text).toBe('$context.authorizer.claims.property');
  const { value, selection } = insertAtSelection('x ', { start: 2, end: 2 }, insertion);
  expect(value.slice(selection.start, selection.end)).toBe('property');
});

test('offers the presets that fit the kind of API', () => {
  expect(presetsForApiKind('rest').map((p) => p.id)).toEqual(
    expect.arrayContaining(['clf', 'json', 'xml', 'csv', 'custom-json']),
  );
  expect(presetsForApiKind('rest').some((p) => p.family === 'http')).toBe(false);
  expect(presetsForApiKind('http').map((p) => p.id)).toEqual([
    'http-clf',
    'http-json',
    'http-xml',
    'http-csv',
  ]);
  expect(presetsForApiKind('websocket')).toEqual([]);
});

test('names a format by its preset, with or without the trailing newline', () => {
  const json = findPreset('json')?.template ?? '';
  expect(describeFormat(json)).toEqual({
    label: 'JSON (REST console preset)',
    presetId: 'json',
    newline: false,
  });
  expect(describeFormat(`${json}\n`)).toMatchObject({ presetId: 'json', newline: true });
  expect(describeFormat('$context.requestId')).toEqual({
    label: 'Custom format',
    presetId: null,
    newline: false,
  });
});
