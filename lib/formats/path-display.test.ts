import { test, expect } from 'vitest';
import { decodePathForDisplay } from './path-display';

test.each([
  ['/prod/pets/42', '/prod/pets/42'],
  ['/prod/caf%C3%A9/a%20b', '/prod/café/a b'],
  ['/prod/100%', '/prod/100%'],
  ['/prod/%zz/%41', '/prod/%zz/A'],
  ['/prod/%E2%82/%E2%82%AC', '/prod/%E2%82/€'],
  ['/prod/%C3%A9%FF%41', '/prod/é%FFA'],
  ['/prod/%ED%A0%80', '/prod/%ED%A0%80'],
])('%j displays as %j and never throws', (path, shown) => {
  expect(decodePathForDisplay(path)).toBe(shown);
});
