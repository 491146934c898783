/**
 * Argument parsing for `npm run --silent logs -- <command> ...` (scripts/logs.ts). Pure, so the
 * usage rules are unit-tested without spawning the CLI.
 */
export const LOGS_USAGE = `Usage:
  npm run --silent logs -- parse [--format <preset-name | template | @file>] [--rejects] <file|dir>...
  npm run --silent logs -- detect <file>

parse   Reads Firehose objects (gzip or plain, glued or newline-framed records; directories are
        read recursively) and prints one canonical record per line (NDJSON, time in ISO 8601 UTC)
        on stdout. With --rejects, rejected spans are printed on stdout too, as
        {"reject":true,"objectKey":...,"offset":...,"length":...,"reason":...,"raw":...}.
        The last line on stderr is a JSON summary {"records","rejects","duplicates","format"}.
        Without --format the format is detected per file.
detect  Prints {"presetId","template","confidence"} for the file's first 64 KB.

Exit codes: 0 done (also with rejects), 1 unreadable input, 2 usage error.`;

export type LogsCommand =
  | { command: 'parse'; format: string | null; rejects: boolean; paths: string[] }
  | { command: 'detect'; path: string }
  | { command: 'help' };

export class UsageError extends Error {
  override name = 'UsageError';
}

function parseParseArgs(args: string[]): LogsCommand {
  let format: string | null = null;
  let rejects = false;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--rejects') {
      rejects = true;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value === undefined || value === '') throw new UsageError('--format needs a value');
      if (format !== null) throw new UsageError('--format given twice');
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError('parse needs at least one file or directory');
  return { command: 'parse', format, rejects, paths };
}

export function parseLogsArgs(argv: readonly string[]): LogsCommand {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command');
  if (command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === 'parse') return parseParseArgs(rest);
  if (command === 'detect') {
    if (rest.length !== 1 || rest[0].startsWith('-')) {
      throw new UsageError('detect takes exactly one file');
    }
    return { command: 'detect', path: rest[0] };
  }
  throw new UsageError(`unknown command ${command}`);
}
