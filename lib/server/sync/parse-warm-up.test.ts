import 'server-only';
import { expect, test } from 'vitest';
import { FORMAT_PRESETS } from '@/lib/formats';
import { inProcessParser, type Parser } from './parse-pool';
import type { ParseJob } from './parse-job';
import { syntheticObject, warmUpParser, warmUpTemplates } from './parse-warm-up';

test('warm-up objects of every preset parse completely: the workers warm the path real records take', async () => {
  for (const preset of FORMAT_PRESETS) {
    const result = await inProcessParser.parse({
      objectId: 1,
      source: 'warm-up',
      key: 'warm-up',
      keyHour: 0,
      formats: [{ template: preset.template, effectiveFrom: null }],
      data: syntheticObject(preset.template, 500, 1),
      templateIds: { [preset.template]: 1 },
    });
    expect({ preset: preset.id, records: result.recordLines, rejects: result.rejectLines }).toEqual(
      {
        preset: preset.id,
        records: 500,
        rejects: 0,
      },
    );
  }
});

test("the formats warmed are each source's newest, and CLF and JSON for sources detected per object", () => {
  const [clf, json] = ['clf', 'json'].map(
    (id) => FORMAT_PRESETS.find((p) => p.id === id)?.template ?? '',
  );
  const csv = FORMAT_PRESETS.find((p) => p.id === 'csv')?.template ?? '';
  expect(
    warmUpTemplates([
      [
        { template: csv, effectiveFrom: null },
        { template: json, effectiveFrom: 1 },
      ],
      'auto',
    ]),
  ).toEqual([json, clf]);
});

test('every worker gets the same share of the warm-up, and a failing parser only warns', async () => {
  const jobs: ParseJob[] = [];
  const counting: Parser = {
    threads: 3,
    parse: async (job) => (jobs.push(job), inProcessParser.parse(job)),
  };
  await warmUpParser(counting, warmUpTemplates(['auto']));
  expect(jobs).toHaveLength(2 * 3 * 2);
  const failing: Parser = { threads: 2, parse: () => Promise.reject(new Error('worker gone')) };
  await expect(warmUpParser(failing, warmUpTemplates(['auto']))).resolves.toBeUndefined();
});
