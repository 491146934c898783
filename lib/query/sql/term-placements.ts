/**
 * Where a search term can lie in a record rendered from a template: inside the literal text,
 * inside one value, or across several parts. Each way is a few conditions on single values
 * (contains, starts with, ends with, equals), so free text over records stored without their raw
 * text can test values instead of building every record's text (raw-sql.ts), for any term.
 *
 * The parts are the template's, lower-cased, with `values` standing for the record's rendered
 * values in order; the term is lower-cased too. Pure: the caller turns the conditions into SQL.
 */

/** The template as the search sees it: literal text, or the index of a value. */
export type PlacementPart = { literal: string } | { value: number };

export type ValueTest =
  | { test: 'contains'; value: number; text: string }
  | { test: 'startsWith'; value: number; text: string }
  | { test: 'endsWith'; value: number; text: string }
  | { test: 'equals'; value: number; text: string };

/**
 * Every record holds the term (`always`), or it holds it exactly when all tests of one of
 * `ways` hold. Null when there are more ways than `maxWays` (a long term over many short parts):
 * the caller then renders the text.
 */
export type Placements = { always: true } | { always: false; ways: ValueTest[][] } | null;

/**
 * `admits(value, text)`: whether the value can be rendered as text containing `text` at all (a
 * number holds only digits and `-`): pieces it cannot hold prune the ways, exactly.
 */
export function termPlacements(
  parts: readonly PlacementPart[],
  term: string,
  admits: (value: number, text: string) => boolean = () => true,
  maxWays = 64,
): Placements {
  if (term === '') return { always: true };
  if (parts.some((p) => 'literal' in p && p.literal.includes(term))) return { always: true };
  const ways: ValueTest[][] = [];
  for (const part of parts) {
    if ('value' in part && admits(part.value, term)) {
      ways.push([{ test: 'contains', value: part.value, text: term }]);
    }
  }
  // Across parts: the term starts inside part j (a suffix of it), covers whole parts, and ends
  // inside a later one (a prefix of it).
  const extend = (i: number, at: number, tests: ValueTest[]): boolean => {
    const rest = term.slice(at);
    const part = parts[i];
    if (part === undefined) return true;
    if ('literal' in part) {
      if (rest.length <= part.literal.length) {
        if (part.literal.startsWith(rest)) ways.push(tests);
        return ways.length <= maxWays;
      }
      return !rest.startsWith(part.literal) || extend(i + 1, at + part.literal.length, tests);
    }
    const v = part.value;
    if (admits(v, rest)) ways.push([...tests, { test: 'startsWith', value: v, text: rest }]);
    if (ways.length > maxWays) return false;
    // The whole value is the next `length` characters (possibly none), and the term goes on.
    for (let length = 0; length < rest.length; length++) {
      const whole = rest.slice(0, length);
      if (!admits(v, whole)) continue;
      const next = [...tests, { test: 'equals' as const, value: v, text: whole }];
      if (!extend(i + 1, at + length, next)) return false;
    }
    return true;
  };
  for (let j = 0; j < parts.length - 1; j++) {
    const part = parts[j];
    for (let length = 1; length < term.length; length++) {
      const head = term.slice(0, length);
      let tests: ValueTest[];
      if ('literal' in part) {
        if (!part.literal.endsWith(head)) continue;
        tests = [];
      } else {
        if (!admits(part.value, head)) continue;
        tests = [{ test: 'endsWith', value: part.value, text: head }];
      }
      if (!extend(j + 1, length, tests)) return null;
    }
  }
  return ways.length > maxWays ? null : { always: false, ways };
}

/** Whether rendered `values` satisfy the placements (the meaning the SQL must have). */
export function placementsHold(placements: Placements, values: readonly string[]): boolean {
  if (placements === null) throw new Error('no placements');
  if (placements.always) return true;
  return placements.ways.some((way) =>
    way.every(({ test, value, text }) => {
      const v = values[value];
      if (test === 'contains') return v.includes(text);
      if (test === 'startsWith') return v.startsWith(text);
      if (test === 'endsWith') return v.endsWith(text);
      return v === text;
    }),
  );
}
