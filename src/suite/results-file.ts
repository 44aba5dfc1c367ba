import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readSync } from 'node:fs';
import type { z } from 'zod';
import { describeValue, formatPath, InputError } from '../errors.js';
import { adoptFile, syncFile, writeAll, writeError, writeFileAtomic } from '../io/atomic.js';
import { withFileErrors } from '../io/yaml-file.js';

/** What every line of results.jsonl and timelines.jsonl identifies: one (scenario, seed, strategy). */
export interface RunLine {
  scenario: string;
  seed: number;
  strategy: string;
}

export function lineKey(r: RunLine): string {
  return `${r.scenario}\u0000${r.seed}\u0000${r.strategy}`;
}

/** How every line drainsim writes to a runs file starts (JSON.stringify puts the key first). */
const LINE_START = '{"scenario":';
const CHUNK_BYTES = 1 << 20;
/** A line longer than this is not one drainsim wrote (a run with 10,000 stops takes about 3 MB). */
const MAX_LINE_BYTES = 64 << 20;

/** What a runs file may hold: lines of this schema (src/schemas/run-result.ts), for runs of this plan. */
export interface RunLineRules<T extends RunLine> {
  schema: z.ZodType<T>;
  planned: (run: RunLine) => boolean;
}

/**
 * Reads a JSON-lines file of runs (results.jsonl, timelines.jsonl) drainsim wrote for a suite.
 * Every whole line must be a run of the suite's plan in the file's schema; one that is not (a
 * foreign or tampered line) is refused with one line naming the file and the line, never taken for
 * what a kill leaves. Only the bytes after the last line break may be half a line (a kill during an
 * append): they are `badBytes`, and `goodBytes` is where the whole lines end (cut the file there
 * with `cutAt` before appending to it). A run written twice must be the same line twice (a
 * timeline is sent again when a kill lost its result); the first stands.
 */
export function readRunLines<T extends RunLine>(path: string, rules: RunLineRules<T>): { lines: T[]; goodBytes: number; badBytes: number } {
  const stats = withFileErrors(path, () => lstatSync(path, { throwIfNoEntry: false }));
  if (stats === undefined) return { lines: [], goodBytes: 0, badBytes: 0 };
  const allowed = 'the lines drainsim wrote for the suite in suite.json (only a half-written last line, from a kill, is dropped and redone)';
  // A FIFO or a device would block or never end; a link may lead to a file drainsim did not write.
  if (!stats.isFile()) throw new InputError({ file: path, problem: stats.isSymbolicLink() ? 'is a symbolic link' : 'not a regular file', allowed });
  const lines: T[] = [];
  const seen = new Map<string, { line: number; hash: string }>();
  let lineNumber = 0;
  const refuse = (problem: string) => new InputError({ file: path, path: `line ${lineNumber}`, problem, allowed });
  const take = (bytes: Buffer): void => {
    lineNumber++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw refuse('not a line of JSON');
    }
    const result = rules.schema.safeParse(parsed, { reportInput: true });
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue.code === 'unrecognized_keys' ? `unknown key ${describeValue(issue.keys[0])}` : `${formatPath(issue.path) || 'the line'}: ${issue.input === undefined ? 'missing' : `got ${describeValue(issue.input)}`}`;
      throw refuse(`not a run: ${where}`);
    }
    // The line as written (the schema's output would order its keys the schema's way).
    const run = parsed as T;
    if (!rules.planned(run)) throw refuse(`a run the suite does not plan (${describeValue(run.scenario)} seed ${run.seed} ${describeValue(run.strategy)})`);
    const key = lineKey(run);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, { line: lineNumber, hash });
      lines.push(run);
    } else if (first.hash !== hash) {
      throw refuse(`the run of line ${first.line} again, with other figures`);
    }
  };
  const fd = withFileErrors(path, () => openSync(path, 'r'));
  let good = 0;
  let carry = Buffer.alloc(0);
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let n = readSync(fd, chunk, 0, CHUNK_BYTES, null); n > 0; n = readSync(fd, chunk, 0, CHUNK_BYTES, null)) {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
        take(data.subarray(start, nl));
        good += nl + 1 - start;
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
      if (carry.length > MAX_LINE_BYTES) {
        lineNumber++;
        throw refuse(`a line of more than ${MAX_LINE_BYTES} bytes`);
      }
    }
  } finally {
    closeSync(fd);
  }
  if (carry.length > 0) {
    const tail = carry.toString('latin1');
    lineNumber++;
    if (!tail.startsWith(LINE_START) && !LINE_START.startsWith(tail)) throw refuse('not a run, nor the start of one a kill could have cut');
  }
  return { lines, goodBytes: good, badBytes: carry.length };
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

/**
 * The whole file at once, atomically (a finished suite rewrites its files in plan order), a few
 * thousand lines at a time: the text of a large suite would outgrow a string.
 */
export function writeRunLines(path: string, runs: readonly object[]): void {
  writeFileAtomic(path, (function* () {
    for (let i = 0; i < runs.length; i += 1000) yield toLines(runs.slice(i, i + 1000));
  })());
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
