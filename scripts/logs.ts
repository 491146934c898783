/**
 * npm run --silent logs -- parse [--format <preset-name | template | @file>] [--rejects] <file|dir>...
 * npm run --silent logs -- detect <file>
 * See LOGS_USAGE (scripts/parse-cli-args.ts) and the README. Scripts rely on this exact form.
 */
import { readFileSync } from 'node:fs';
import { decompressObject } from '@/lib/formats/gzip';
import { detectFormat } from '@/lib/formats/detect-format';
import { parseObject, type FormatVersion } from '@/lib/formats/parse-object';
import { recordToJson } from '@/lib/formats/record-json';
import { formatIdForTemplate, resolveFormat } from '@/lib/formats/resolve-format';
import { LOGS_USAGE, UsageError, parseLogsArgs, type LogsCommand } from './parse-cli-args';
import { expandPaths, readInput, type FileProblem } from './parse-cli-files';

const EXIT_UNREADABLE = 1;
const EXIT_USAGE = 2;
const FLUSH_AT = 1 << 20;

class Output {
  private chunks: string[] = [];
  private size = 0;

  line(text: string): void {
    this.chunks.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    process.stdout.write(this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }
}

function reportProblem(problem: FileProblem): void {
  console.error(`logs: ${problem.path}: ${problem.message}`);
}

function resolveTemplate(format: string): string | { problem: FileProblem } {
  try {
    return resolveFormat(format, (file) => readFileSync(file, 'utf8'));
  } catch (error) {
    if (format.startsWith('@') && error instanceof Error && 'code' in error) {
      const message = error.code === 'ENOENT' ? 'no such file' : 'cannot read template file';
      return { problem: { path: format.slice(1), message } };
    }
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function runParse(command: Extract<LogsCommand, { command: 'parse' }>): number {
  let formats: FormatVersion[] | 'auto' = 'auto';
  if (command.format !== null) {
    const template = resolveTemplate(command.format);
    if (typeof template !== 'string') {
      reportProblem(template.problem);
      return EXIT_UNREADABLE;
    }
    formats = [{ template, effectiveFrom: null }];
  }
  const { files, problems } = expandPaths(command.paths);
  problems.forEach(reportProblem);
  const out = new Output();
  const seenRequestIds = new Set<string>();
  const summary = { records: 0, rejects: 0, duplicates: 0, format: 'unknown' };
  const seenFormats = new Set<string>();
  let unreadable = problems.length > 0;
  for (const file of files) {
    const input = readInput(file);
    if ('problem' in input) {
      reportProblem(input.problem);
      unreadable = true;
      continue;
    }
    const result = parseObject(input.data, { objectKey: file, formats, seenRequestIds });
    for (const parsed of result.records) out.line(JSON.stringify(recordToJson(parsed.record)));
    if (command.rejects) {
      for (const reject of result.rejects) out.line(JSON.stringify({ reject: true, ...reject }));
    }
    summary.records += result.records.length;
    summary.rejects += result.rejects.length;
    summary.duplicates += result.duplicates;
    if (result.bytes > 0) seenFormats.add(result.format);
  }
  out.flush();
  if (formats !== 'auto') summary.format = formatIdForTemplate(formats[0].template);
  else if (seenFormats.size > 0) summary.format = [...seenFormats].join(',');
  console.error(JSON.stringify(summary));
  return unreadable ? EXIT_UNREADABLE : 0;
}

function runDetect(file: string): number {
  const input = readInput(file);
  if ('problem' in input) {
    reportProblem(input.problem);
    return EXIT_UNREADABLE;
  }
  const text = decompressObject(input.data)
    .bytes.subarray(0, 64 * 1024)
    .toString('latin1');
  const detection = detectFormat(text);
  process.stdout.write(
    `${JSON.stringify({ ...detection, format: detection.presetId ?? 'custom' })}\n`,
  );
  return 0;
}

function main(argv: string[]): number {
  try {
    const command = parseLogsArgs(argv);
    if (command.command === 'help') {
      console.log(LOGS_USAGE);
      return 0;
    }
    return command.command === 'parse' ? runParse(command) : runDetect(command.path);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`logs: ${error.message}\n\n${LOGS_USAGE}`);
    return EXIT_USAGE;
  }
}

// `logs ... | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = main(process.argv.slice(2));
