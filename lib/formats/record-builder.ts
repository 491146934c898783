/**
 * Record values -> one row of RecordColumns. Runs once per record, so everything that depends only
 * on the template is decided once (the plan: which variable fills which column) and each record
 * is one pass over the template's variables, storing where each value lies and parsing only
 * numbers and times. No string is made: the values stay in the object text (record-columns.ts).
 *
 * Values are read where they lie in the object's text (field-extractor.ts finds them); values
 * captured some other way (exec(), the lenient matcher) are laid end to end in a small text of
 * their own and go through the same writer (writeValues).
 *
 * History, measured against the floor (bench:parse): building one CanonicalRecord object per record
 * here cost 30-50% of the whole parse in allocation and garbage collection, whatever the builder
 * looked like (one literal, a generated builder per template, a shared string cache for repeated
 * values); writing spans into typed arrays removed that cost.
 */
import { VARIABLE_TO_FIELD } from './canonical-record';
import {
  NUMBER_COUNT as importedNumberCount,
  NUMBER_INDEX,
  TEXT_INDEX,
  type NumberField,
  type RecordColumns,
  type TextField,
} from './record-columns';
import type { CompiledVariable } from './template-compiler';
import {
  parseEpochAt as importedParseEpochAt,
  parseNumberAt as importedParseNumberAt,
  parseRequestTimeAt as importedParseRequestTimeAt,
} from './value-parsers';

// Bound once: a transpiled import is a getter call on every use (tsx, webpack dev builds), a few
// percent of the whole parse for these per-value calls.
const parseEpochAt = importedParseEpochAt;
const parseNumberAt = importedParseNumberAt;
const parseRequestTimeAt = importedParseRequestTimeAt;
const NUMBER_COUNT = importedNumberCount;

/** What a variable fills (writeRow switches on these small integers). */
const enum Fill {
  Text,
  Number,
  RequestTime,
  Epoch,
  Extra,
}

export interface FieldPlan {
  /** Per variable: a Fill. */
  fills: Uint8Array;
  /** Per variable: its column (TEXT_INDEX or NUMBER_INDEX), 0 for the others. */
  slots: Uint8Array;
  /** Per variable: its `$context` name (the key in `extra`). */
  names: readonly string[];
  /** The text fields (TEXT_INDEX) this template fills. */
  textFields: readonly number[];
}

const NUMBER_FIELD_SET: ReadonlySet<string> = new Set(Object.keys(NUMBER_INDEX));

function fillFor(name: string): [Fill, number] {
  if (name === '$context.requestTimeEpoch') return [Fill.Epoch, 0];
  const field = VARIABLE_TO_FIELD[name];
  if (field === undefined) return [Fill.Extra, 0];
  if (field === 'time') return [Fill.RequestTime, 0];
  if (NUMBER_FIELD_SET.has(field)) return [Fill.Number, NUMBER_INDEX[field as NumberField]];
  return [Fill.Text, TEXT_INDEX[field as TextField]];
}

export function buildFieldPlan(variables: readonly CompiledVariable[]): FieldPlan {
  const fills = variables.map((v) => fillFor(v.name));
  return {
    fills: Uint8Array.from(fills, ([fill]) => fill),
    slots: Uint8Array.from(fills, ([, slot]) => slot),
    names: variables.map((v) => v.name),
    textFields: fills.filter(([fill]) => fill === Fill.Text).map(([, slot]) => slot),
  };
}

const TIME = NUMBER_INDEX.time;

/**
 * Fills row `row` from the values at text[starts[i], ends[i]) (variable i). Text values are stored
 * as spans shifted by `base` (where `text` starts in the text the row's spans refer to). `-` or
 * nothing is a missing value (null, never 0); where several variables fill one field
 * (integrationLatency, integration.latency) the first present value wins, except that a valid
 * requestTimeEpoch (milliseconds) wins over requestTime.
 */
export function writeRow(
  columns: RecordColumns,
  row: number,
  text: string,
  base: number,
  starts: Int32Array,
  ends: Int32Array,
  plan: FieldPlan,
): void {
  const { spans, numbers, textSlot } = columns;
  const { fills, slots } = plan;
  const textBase = row * columns.width * 2;
  const numberBase = row * NUMBER_COUNT;
  let epoch = NaN;
  for (let i = 0; i < fills.length; i++) {
    const s = starts[i];
    const e = ends[i];
    // `-` is how API Gateway writes a missing value.
    if (e === s || (e - s === 1 && text.charCodeAt(s) === 45)) continue;
    switch (fills[i]) {
      case Fill.Text: {
        const k = textBase + textSlot[slots[i]] * 2;
        // The first present value wins where several variables feed one field.
        if (spans[k] < 0) {
          spans[k] = s + base;
          spans[k + 1] = e + base;
        }
        break;
      }
      case Fill.Number: {
        const k = numberBase + slots[i];
        if (Number.isNaN(numbers[k])) numbers[k] = parseNumberAt(text, s, e) ?? NaN;
        break;
      }
      case Fill.RequestTime:
        if (Number.isNaN(numbers[numberBase + TIME])) {
          numbers[numberBase + TIME] = parseRequestTimeAt(text, s, e) ?? NaN;
        }
        break;
      case Fill.Epoch:
        // Epoch carries milliseconds: the last valid one wins over requestTime (seconds).
        epoch = parseEpochAt(text, s, e) ?? epoch;
        break;
      default:
        columns.addExtra(row, plan.names[i], s + base, e + base);
    }
  }
  if (!Number.isNaN(epoch)) numbers[numberBase + TIME] = epoch;
}

/**
 * Values captured some other way: `values[i + 1]` holds variable i (a regex match, or the lenient
 * matcher's reading); undefined is missing. They are laid end to end in one small text, which is
 * appended to the columns' auxiliary text; returns that text and where it starts there (for
 * finding the request id without reading the whole auxiliary text).
 */
export function writeValues(
  columns: RecordColumns,
  row: number,
  values: ArrayLike<string | undefined>,
  plan: FieldPlan,
  starts: Int32Array,
  ends: Int32Array,
): { text: string; base: number } {
  let text = '';
  for (let i = 0; i < plan.fills.length; i++) {
    starts[i] = text.length;
    text += values[i + 1] ?? '';
    ends[i] = text.length;
  }
  const base = columns.appendAux(text);
  writeRow(columns, row, text, base, starts, ends, plan);
  return { text, base };
}
