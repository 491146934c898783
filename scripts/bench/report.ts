/** The benchmark's output: a readable table, then the JSON line scripts read (always last). */
export function printReport(table: [string, string][], result: object): void {
  const width = Math.max(...table.map(([key]) => key.length));
  console.log('');
  for (const [key, value] of table) console.log(`${key.padEnd(width)}  ${value}`);
  console.log(JSON.stringify(result));
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
