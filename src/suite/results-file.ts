import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { adoptFile, syncFile, writeAll, writeError, writeFileAtomic } from '../io/atomic.js';

/** What every line of results.jsonl and timelines.jsonl identifies: one (scenario, seed, strategy). */
export interface RunLine {
  scenario: string;
  seed: number;
  strategy: string;
}

function isRunLine(x: unknown): x is RunLine {
  const r = x as Partial<RunLine> | null;
  return typeof r === 'object' && r !== null && typeof r.scenario === 'string' && typeof r.seed === 'number' && typeof r.strategy === 'string';
}

export function lineKey(r: RunLine): string {
  return `${r.scenario}\u0000${r.seed}\u0000${r.strategy}`;
}

/**
 * Reads a JSON-lines file of runs (results.jsonl, timelines.jsonl), stopping at what a kill can
 * leave at the end: a last line without its newline, or one that is not a whole run. `goodBytes`
 * is where the whole lines end (cut the file there with `cutAt` before appending to it). Should a
 * run ever appear twice, the first line stands.
 */
export function readRunLines<T extends RunLine>(path: string): { lines: T[]; goodBytes: number; badBytes: number } {
  if (!existsSync(path)) return { lines: [], goodBytes: 0, badBytes: 0 };
  const bytes = readFileSync(path);
  const lines: T[] = [];
  const seen = new Set<string>();
  let good = 0;
  while (good < bytes.length) {
    const nl = bytes.indexOf(0x0a, good);
    if (nl < 0) break;
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.subarray(good, nl).toString('utf8'));
    } catch {
      break;
    }
    if (!isRunLine(parsed)) break;
    const key = lineKey(parsed);
    if (!seen.has(key)) lines.push(parsed as T);
    seen.add(key);
    good = nl + 1;
  }
  return { lines, goodBytes: good, badBytes: bytes.length - good };
}

/** Cut a file back to its first `bytes` bytes (dropping a half-written last line), flushed. */
export function cutAt(path: string, bytes: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function toLines(runs: readonly object[]): string {
  return runs.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/** The whole file at once, atomically (a finished suite rewrites its files in plan order). */
export function writeRunLines(path: string, runs: readonly object[]): void {
  writeFileAtomic(path, toLines(runs));
}

/**
 * Appends whole lines, flushed to disk, so a kill can cut at most the line in flight; a write that
 * fails (a full disk) cuts the file back to its last whole line and reports one line.
 */
export class RunLineAppender {
  private readonly fd: number;
  constructor(private readonly path: string) {
    adoptFile(path);
    try {
      this.fd = openSync(path, 'a');
    } catch (e) {
      throw writeError(path, e);
    }
  }
  append(runs: readonly object[]): void {
    if (runs.length === 0) return;
    const bytes = Buffer.from(toLines(runs));
    const size = fstatSync(this.fd).size;
    try {
      writeAll(this.fd, bytes);
      syncFile(this.fd);
    } catch (e) {
      try {
        ftruncateSync(this.fd, size);
      } catch {
        // The next --resume drops what is left of the line.
      }
      throw writeError(this.path, e);
    }
  }
  close(): void {
    closeSync(this.fd);
  }
}
