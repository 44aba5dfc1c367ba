import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutAt, readRunLines, RunLineAppender } from '../../src/suite/results-file.js';

const run = (seed: number, strategy = 'restart') => ({ scenario: 'x', seed, strategy, duplicates: seed });
const fileWith = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'drainsim-lines-')), 'results.jsonl');
  writeFileSync(path, text);
  return path;
};

describe('results.jsonl', () => {
  it('reads whole lines appended one run at a time', () => {
    const path = fileWith('');
    const out = new RunLineAppender(path);
    out.append([run(1)]);
    out.append([run(2), run(3)]);
    out.close();
    expect(readRunLines(path)).toEqual({ lines: [run(1), run(2), run(3)], goodBytes: readFileSync(path).length, badBytes: 0 });
  });

  it('stops at a half-written last line, and cutting there leaves only whole lines', () => {
    const whole = `${JSON.stringify(run(1))}\n${JSON.stringify(run(2))}\n`;
    for (const tail of [JSON.stringify(run(3)).slice(0, 17), JSON.stringify(run(3)), '{"scenario":"x"}\n', 'garbage\n']) {
      const path = fileWith(whole + tail);
      const read = readRunLines(path);
      expect(read.lines).toEqual([run(1), run(2)]);
      expect(read.goodBytes).toBe(Buffer.byteLength(whole));
      expect(read.badBytes).toBe(Buffer.byteLength(tail));
      cutAt(path, read.goodBytes);
      expect(readFileSync(path, 'utf8')).toBe(whole);
    }
  });

  it('counts bytes, not characters, before a cut in multi-byte text', () => {
    const first = { ...run(1), scenario: 'é∑ 名前' };
    const path = fileWith(`${JSON.stringify(first)}\n{"scenario":"é`);
    const read = readRunLines(path);
    cutAt(path, read.goodBytes);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(first)}\n`);
  });

  it('keeps the first line of a run that appears twice', () => {
    const path = fileWith(`${JSON.stringify(run(1))}\n${JSON.stringify({ ...run(1), duplicates: 99 })}\n`);
    expect(readRunLines(path).lines).toEqual([run(1)]);
  });
});
