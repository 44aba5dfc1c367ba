import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { RunResult } from '../oracle/result.js';
import { resultKey } from './plan.js';

/**
 * results.jsonl: one finished run per line, appended as it completes. Reading it back repairs
 * what a kill can leave: a last line without its newline, or one that does not parse, is cut off
 * (and its run redone).
 */
export function readResults(path: string): { results: RunResult[]; repairedBytes: number } {
  if (!existsSync(path)) return { results: [], repairedBytes: 0 };
  const text = readFileSync(path, 'utf8');
  const results: RunResult[] = [];
  let good = 0; // bytes of whole, parsed lines
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    const line = text.slice(at, nl);
    let parsed: RunResult;
    try {
      parsed = JSON.parse(line) as RunResult;
    } catch {
      break;
    }
    results.push(parsed);
    at = nl + 1;
    good = Buffer.byteLength(text.slice(0, at));
  }
  const size = Buffer.byteLength(text);
  if (good < size) {
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, good);
    fsyncSync(fd);
    closeSync(fd);
  }
  // A run appears once; should a line ever repeat, the first one stands.
  const seen = new Set<string>();
  return { results: results.filter((r) => !seen.has(resultKey(r)) && seen.add(resultKey(r)) !== undefined), repairedBytes: size - good };
}

/** Appends whole lines with one write each, flushed to disk, so a kill can cut at most the line in flight. */
export class ResultsAppender {
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }
  append(results: RunResult[]): void {
    if (results.length === 0) return;
    writeSync(this.fd, results.map((r) => `${JSON.stringify(r)}\n`).join(''));
    fsyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}
