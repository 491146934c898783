/**
 * File handling for the logs CLI: expand directories, read files, and describe why input could
 * not be read (the CLI exits 1 for that, after reading everything it could).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface FileProblem {
  path: string;
  message: string;
}

function describe(error: unknown): string {
  if (error instanceof Error && 'code' in error) {
    if (error.code === 'ENOENT') return 'no such file or directory';
    if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  }
  return error instanceof Error ? error.message : String(error);
}

/** Regular files under the given paths (directories recursively, sorted); other kinds skipped. */
export function expandPaths(paths: readonly string[]): {
  files: string[];
  problems: FileProblem[];
} {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const visit = (target: string, explicit: boolean) => {
    let stats;
    try {
      stats = statSync(target);
    } catch (error) {
      problems.push({ path: target, message: describe(error) });
      return;
    }
    if (stats.isFile()) {
      files.push(target);
    } else if (stats.isDirectory()) {
      let entries: string[];
      try {
        entries = readdirSync(target).sort();
      } catch (error) {
        problems.push({ path: target, message: describe(error) });
        return;
      }
      for (const entry of entries) visit(path.join(target, entry), false);
    } else if (explicit) {
      problems.push({ path: target, message: 'not a regular file or directory' });
    }
  };
  for (const target of paths) visit(target, true);
  return { files, problems };
}

export function readInput(file: string): { data: Buffer } | { problem: FileProblem } {
  try {
    return { data: readFileSync(file) };
  } catch (error) {
    return { problem: { path: file, message: describe(error) } };
  }
}
