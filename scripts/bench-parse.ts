/**
 * npm run bench:parse -- [--lines N] [--formats clf,json] [--object-mb 8] [--runs 5] [--gzip-level 6]
 *
 * Per format (every preset and shipped custom template): render N realistic requests (the traffic
 * generator), pack them into gzip Firehose objects, then time on this one thread
 *   ours:  parseObjectColumns (gunzip + frame + parse into canonical records, rejects, in-object
 *          dedupe), the load path: records as columns (record-columns.ts), typed numbers and times,
 *          text values as spans of the object
 *   floor: gunzip + split + a minimal hand-written regex or JSON.parse (scripts/parse-bench-floors.ts)
 *   records floor: that floor plus one CanonicalRecord + ParsedRecord per match
 *   objects: parseObject, ours plus one CanonicalRecord object per record (the CLI's path), for
 *          comparison with the records floor (`vs rec` = objects / records floor)
 * Each run times all three, rotating which goes first; the best of --runs is kept for each, by wall
 * clock (the headline: lines/s on one core) and by process CPU time (steadier when other work
 * shares the machine; it includes V8's parallel GC threads, so it is the harsher of the two).
 * Compare ratios, not absolute rates: both sides of a ratio ran in the same process, interleaved.
 * Prints a table; the last stdout line is a JSON summary.
 */
import { gzipSync } from 'node:zlib';
import { parseObject, parseObjectColumns } from '@/lib/formats/parse-object';
import { FORMAT_PRESETS, type FormatPreset } from '@/lib/formats/presets';
import {
  renderTemplate,
  tokenizeTemplate,
  type TemplateToken,
} from '@/lib/formats/template-tokens';
import { generateRequests } from '@/lib/generator/traffic';
import { FLOORS, runFloor, runRecordsFloor } from './parse-bench-floors';

interface BenchOptions {
  lines: number;
  formats: FormatPreset[];
  objectBytes: number;
  runs: number;
  gzipLevel: number;
}

interface FormatData {
  preset: FormatPreset;
  tokens: TemplateToken[];
  objects: Buffer[];
  pending: string[];
  pendingBytes: number;
  rawBytes: number;
}

function readOptions(argv: string[]): BenchOptions {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const ids = value('--formats')?.split(',');
  const formats = ids ? FORMAT_PRESETS.filter((p) => ids.includes(p.id)) : [...FORMAT_PRESETS];
  const options: BenchOptions = {
    lines: Number(value('--lines') ?? 1_000_000),
    formats,
    objectBytes: Number(value('--object-mb') ?? 8) * 1024 * 1024,
    runs: Number(value('--runs') ?? 5),
    gzipLevel: Number(value('--gzip-level') ?? 6),
  };
  if (!(options.lines > 0) || !(options.runs > 0) || formats.length === 0) {
    console.error('usage: bench-parse [--lines N] [--formats id,id] [--object-mb 8] [--runs 5]');
    process.exit(2);
  }
  return options;
}

function flush(data: FormatData, level: number): void {
  if (data.pending.length === 0) return;
  data.objects.push(gzipSync(data.pending.join(''), { level }));
  data.pending = [];
  data.pendingBytes = 0;
}

/** One generator pass feeds every format, so all formats carry the same requests. */
function buildObjects(options: BenchOptions): FormatData[] {
  const all: FormatData[] = options.formats.map((preset) => ({
    preset,
    tokens: tokenizeTemplate(preset.template),
    objects: [],
    pending: [],
    pendingBytes: 0,
    rawBytes: 0,
  }));
  const start = Date.UTC(2024, 3, 1);
  const requests = generateRequests({
    seed: 42,
    start,
    end: start + 86_400_000,
    count: options.lines,
    hostileFraction: 0.01,
  });
  for (const values of requests) {
    for (const data of all) {
      const record = renderTemplate(data.tokens, values);
      data.pending.push(record);
      data.pendingBytes += record.length;
      data.rawBytes += record.length;
      if (data.pendingBytes >= options.objectBytes) flush(data, options.gzipLevel);
    }
  }
  for (const data of all) flush(data, options.gzipLevel);
  return all;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
  count: number;
}

function timeIt(run: () => number): Timing {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const count = run();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, count };
}

interface Best {
  wallMs: number;
  cpuMs: number;
}

function keepBest(best: Best, timing: Timing): Best {
  return {
    wallMs: Math.min(best.wallMs, timing.wallMs),
    cpuMs: Math.min(best.cpuMs, timing.cpuMs),
  };
}

function benchFormat(data: FormatData, runs: number) {
  const template = data.preset.template;
  const id = data.preset.id;
  const best: Best[] = [0, 1, 2, 3].map(() => ({ wallMs: Infinity, cpuMs: Infinity }));
  const counts = [0, 0, 0, 0];
  let rejects = 0;
  let duplicates = 0;
  const options = (i: number) => ({
    objectKey: `${id}/${i}.gz`,
    formats: [{ template, effectiveFrom: null }],
  });
  const runOurs = () => {
    rejects = 0;
    duplicates = 0;
    let count = 0;
    for (const [i, object] of data.objects.entries()) {
      const result = parseObjectColumns(object, options(i));
      count += result.columns.count;
      rejects += result.rejects.length;
      duplicates += result.duplicates;
    }
    return count;
  };
  const runObjects = () =>
    data.objects.reduce((n, object, i) => n + parseObject(object, options(i)).records.length, 0);
  const contenders = [
    runOurs,
    () => data.objects.reduce((n, o) => n + runFloor(id, o), 0),
    () => data.objects.reduce((n, o) => n + runRecordsFloor(id, o), 0),
    runObjects,
  ];
  for (let run = 0; run < runs; run++) {
    // Rotate the order: whichever runs later inherits the earlier ones' garbage.
    for (let k = 0; k < contenders.length; k++) {
      const which = (run + k) % contenders.length;
      const timing = timeIt(contenders[which]);
      best[which] = keepBest(best[which], timing);
      counts[which] = timing.count;
    }
  }
  return {
    ours: best[0],
    floor: best[1],
    recordsFloor: best[2],
    objects: best[3],
    records: counts[0],
    rejects,
    duplicates,
    floorRecords: counts[1],
  };
}

function pad(value: string | number, width: number): string {
  return String(value).padStart(width);
}

function rate(lines: number, ms: number): number {
  return Math.round((lines / ms) * 1000);
}

function main(): void {
  const options = readOptions(process.argv.slice(2));
  const missing = options.formats.filter((p) => !FLOORS[p.id]).map((p) => p.id);
  if (missing.length > 0) throw new Error(`no floor written for ${missing.join(', ')}`);
  console.error(`generating ${options.lines} requests x ${options.formats.length} formats ...`);
  const data = buildObjects(options);
  console.log(
    `${'format'.padEnd(12)}${pad('MB', 5)}${pad('objects', 8)}${pad('ours l/s', 10)}${pad('floor l/s', 10)}${pad('ratio', 6)}${pad('cpu', 6)}${pad('rec fl l/s', 11)}${pad('obj l/s', 9)}${pad('vs rec', 7)}${pad('records', 9)}${pad('rejects', 8)}${pad('floor rec', 10)}`,
  );
  const results = [];
  for (const format of data) {
    const r = benchFormat(format, options.runs);
    const oursRate = rate(options.lines, r.ours.wallMs);
    const floorRate = rate(options.lines, r.floor.wallMs);
    const ratio = Math.round((oursRate / floorRate) * 100) / 100;
    const cpuRatio = Math.round((r.floor.cpuMs / r.ours.cpuMs) * 100) / 100;
    const recordsFloorRate = rate(options.lines, r.recordsFloor.wallMs);
    const objectsRate = rate(options.lines, r.objects.wallMs);
    const vsRecords = Math.round((objectsRate / recordsFloorRate) * 100) / 100;
    results.push({
      format: format.preset.id,
      oursLinesPerSec: oursRate,
      floorLinesPerSec: floorRate,
      ratio,
      oursCpuLinesPerSec: rate(options.lines, r.ours.cpuMs),
      floorCpuLinesPerSec: rate(options.lines, r.floor.cpuMs),
      cpuRatio,
      recordsFloorLinesPerSec: recordsFloorRate,
      objectsLinesPerSec: objectsRate,
      vsRecordsFloor: vsRecords,
      records: r.records,
      rejects: r.rejects,
      duplicates: r.duplicates,
      floorRecords: r.floorRecords,
    });
    console.log(
      `${format.preset.id.padEnd(12)}${pad((format.rawBytes / 1e6).toFixed(0), 5)}${pad(format.objects.length, 8)}${pad(oursRate, 10)}${pad(floorRate, 10)}${pad(ratio.toFixed(2), 6)}${pad(cpuRatio.toFixed(2), 6)}${pad(recordsFloorRate, 11)}${pad(objectsRate, 9)}${pad(vsRecords.toFixed(2), 7)}${pad(r.records, 9)}${pad(r.rejects, 8)}${pad(r.floorRecords, 10)}`,
    );
  }
  console.log(JSON.stringify({ lines: options.lines, runs: options.runs, results }));
}

main();
