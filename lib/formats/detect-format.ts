/**
 * Which template wrote these records? Every known template (presets, shipped examples, and one
 * rebuilt from the keys of a JSON sample) is scored by the share of the sample's non-whitespace
 * text its strict pass turns into records. Ties go to the template with more variables (records
 * of the newer CLF preset with `- -` for caller and user also fit the HTTP-API CLF preset).
 */
import { scanText } from './framing';
import { synthesizeJsonTemplate } from './json-template';
import { buildMatcherSet } from './matchers';
import { FORMAT_PRESETS } from './presets';
import { countNonWhitespace } from './scan-utils';
import { compileTemplate } from './template-compiler';

export interface FormatDetection {
  presetId: string | null;
  template: string;
  /** 0..1: share of the sample that parses as records with this template. */
  confidence: number;
}

/** A rebuilt template is a guess about key meanings: never report it as certain. */
const SYNTHESIZED_CONFIDENCE_CAP = 0.9;

interface Span {
  start: number;
  end: number;
}

/** Share of the sample's non-whitespace characters that the template's strict pass reads. */
export function scoreTemplate(sample: string, template: string): number {
  const total = countNonWhitespace(sample, 0, sample.length);
  if (total === 0) return 0;
  const set = buildMatcherSet([compileTemplate(template)]);
  let covered = 0;
  let records = 0;
  const rejects: Span[] = [];
  scanText(
    sample,
    set,
    {
      record(start, end) {
        covered += countNonWhitespace(sample, start, end);
        records++;
      },
      recordValues(start, end) {
        covered += countNonWhitespace(sample, start, end);
        records++;
      },
      reject(start, end) {
        rejects.push({ start, end });
      },
    },
    { strictOnly: true },
  );
  if (records === 0) return 0;
  // The sample is usually cut mid-record: a short tail after the last record is not evidence.
  let considered = total;
  const tail = rejects[rejects.length - 1];
  if (tail !== undefined && tail.end >= sample.trimEnd().length) {
    const tailChars = countNonWhitespace(sample, tail.start, tail.end);
    if (tailChars <= (2 * covered) / records) considered -= tailChars;
  }
  return considered > 0 ? covered / considered : 0;
}

export function detectFormat(sampleText: string): FormatDetection {
  const candidates: { presetId: string | null; template: string }[] = FORMAT_PRESETS.map((p) => ({
    presetId: p.id,
    template: p.template,
  }));
  const synthesized = synthesizeJsonTemplate(sampleText);
  if (synthesized !== null) candidates.push({ presetId: null, template: synthesized });

  let best: FormatDetection = { presetId: null, template: '', confidence: 0 };
  let bestVariables = -1;
  for (const candidate of candidates) {
    let confidence = scoreTemplate(sampleText, candidate.template);
    if (candidate.presetId === null) confidence = Math.min(confidence, SYNTHESIZED_CONFIDENCE_CAP);
    const variables = compileTemplate(candidate.template).variables.length;
    const tie = Math.abs(confidence - best.confidence) <= 1e-9;
    if (confidence > 0 && (tie ? variables > bestVariables : confidence > best.confidence)) {
      best = { ...candidate, confidence };
      bestVariables = variables;
    }
  }
  return best;
}
