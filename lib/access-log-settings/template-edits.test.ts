import { test, expect } from 'vitest';
import { FORMAT_PRESETS, findPreset } from '@/lib/formats/presets';
import { templateVariables } from '@/lib/formats/template-tokens';
import { renderSampleRecord } from './render-preview';
import { addLatencyFields, addUserAgent, endWithNewline } from './template-edits';
import { detectTemplateShape } from './template-shape';
import { validateFormat } from './validate-format';

const template = (id: string) => {
  const preset = findPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  return preset.template;
};

test('every edit on every preset is idempotent and keeps the format valid', () => {
  for (const preset of FORMAT_PRESETS) {
    const kind = preset.family === 'http' ? 'http' : 'rest';
    for (const edit of [addLatencyFields, addUserAgent, endWithNewline]) {
      const once = edit(preset.template);
      expect(edit(once), `${preset.id} ${edit.name}`).toBe(once);
      expect(validateFormat(once, kind).errors, `${preset.id} ${edit.name}`).toEqual([]);
    }
    const all = endWithNewline(addUserAgent(addLatencyFields(preset.template)));
    const variables = templateVariables(all);
    expect(variables).toContain('$context.responseLatency');
    expect(variables).toContain('$context.identity.userAgent');
    expect(variables.filter((v) => v === '$context.responseLatency')).toHaveLength(1);
    expect(all.endsWith('\n')).toBe(true);
    expect(all.indexOf('\n')).toBe(all.length - 1);
    // The edits only add: the original fields are still there in the same order.
    expect(variables.slice(0, templateVariables(preset.template).length)).toEqual(
      templateVariables(preset.template),
    );
  }
});

test('JSON: pairs go before the closing brace and the record stays valid JSON', () => {
  const edited = addUserAgent(addLatencyFields(template('json')));
  expect(edited).toMatch(
    /"responseLength":"\$context\.responseLength", "responseLatency":"\$context\.responseLatency", "integrationLatency":"\$context\.integrationLatency", "userAgent":"\$context\.identity\.userAgent" }$/,
  );
  const record = JSON.parse(renderSampleRecord(edited)) as Record<string, string>;
  expect(record.responseLatency).toBe('87');
  expect(record.integrationLatency).toBe('64');
  expect(record.userAgent).toMatch(/^Mozilla/);
  // Tight hand-written JSON keeps its tight style; the trailing newline stays last.
  expect(addLatencyFields('{"id":"$context.requestId","s":$context.status}\n')).toBe(
    '{"id":"$context.requestId","s":$context.status,"responseLatency":"$context.responseLatency","integrationLatency":"$context.integrationLatency"}\n',
  );
  expect(addUserAgent('{}')).toBe('{"userAgent":"$context.identity.userAgent"}');
});

test('JSON: an existing key name is not reused', () => {
  const edited = addLatencyFields('{"responseLatency":"$context.requestId"}');
  expect(edited).toContain('"responseLatency2":"$context.responseLatency"');
});

test('XML: elements go before </request> with the template spacing', () => {
  const edited = addLatencyFields(template('xml'));
  expect(edited).toMatch(
    /<\/responseLength> <responseLatency>\$context\.responseLatency<\/responseLatency> <integrationLatency>\$context\.integrationLatency<\/integrationLatency> <\/request>$/,
  );
  expect(addUserAgent('<r id="$context.requestId"></r>')).toBe(
    '<r id="$context.requestId"><userAgent>$context.identity.userAgent</userAgent></r>',
  );
});

test('CSV and CLF: appended with the template delimiter, user agent quoted', () => {
  expect(addLatencyFields(template('csv'))).toBe(
    `${template('csv')},$context.responseLatency,$context.integrationLatency`,
  );
  expect(addUserAgent(template('clf'))).toBe(`${template('clf')} "$context.identity.userAgent"`);
  expect(addUserAgent('$context.requestId\t$context.status')).toBe(
    '$context.requestId\t$context.status\t$context.identity.userAgent',
  );
  expect(addLatencyFields('$context.requestId $context.status\n')).toBe(
    '$context.requestId $context.status $context.responseLatency $context.integrationLatency\n',
  );
});

test('latency: an existing $context.integration.latency counts as integration latency', () => {
  const edited = addLatencyFields('$context.requestId $context.integration.latency');
  expect(templateVariables(edited)).toEqual([
    '$context.requestId',
    '$context.integration.latency',
    '$context.responseLatency',
  ]);
});

test('endWithNewline adds exactly one newline', () => {
  expect(endWithNewline('$context.requestId')).toBe('$context.requestId\n');
  expect(endWithNewline('$context.requestId\n')).toBe('$context.requestId\n');
});

test('shape detection', () => {
  expect(detectTemplateShape(template('json')).kind).toBe('json');
  expect(detectTemplateShape(template('custom-json'))).toEqual({ kind: 'json' });
  expect(detectTemplateShape(template('http-xml'))).toEqual({
    kind: 'xml',
    rootElement: 'request',
  });
  expect(detectTemplateShape(template('csv'))).toEqual({ kind: 'delimited', delimiter: ',' });
  expect(detectTemplateShape(template('clf'))).toEqual({ kind: 'delimited', delimiter: ' ' });
  expect(detectTemplateShape(template('custom-clf'))).toEqual({
    kind: 'delimited',
    delimiter: ' ',
  });
});
