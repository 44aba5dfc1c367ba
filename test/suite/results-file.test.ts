import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cutAt, readRunLines, RunLineAppender } from '../../src/suite/results-file.js';
import { inputErrorOf } from '../helpers.js';

const run = (seed: number, strategy = 'restart') => ({ scenario: 'x', seed, strategy, duplicates: seed });
/** A small schema and plan for these tests: scenario x, seeds 1 to 5, two strategies. */
const rules = {
  schema: z.strictObject({ scenario: z.string(), seed: z.int(), strategy: z.string(), duplicates: z.int().min(0) }),
  planned: (r: { scenario: string; seed: number; strategy: string }) => r.scenario === 'x' && r.seed >= 1 && r.seed <= 5 && ['restart', 'keyset'].includes(r.strategy),
};
const read = (path: string) => readRunLines(path, rules);
const fileWith = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'drainsim-lines-')), 'results.jsonl');
  writeFileSync(path, text);
  return path;
};
const whole = `${JSON.stringify(run(1))}\n${JSON.stringify(run(2))}\n`;

describe('results.jsonl', () => {
  it('reads whole lines appended one run at a time', () => {
    const path = fileWith('');
    const out = new RunLineAppender(path);
    out.append([run(1)]);
    out.append([run(2), run(3)]);
    out.close();
    expect(read(path)).toEqual({ lines: [run(1), run(2), run(3)], goodBytes: readFileSync(path).length, badBytes: 0 });
  });

  it('stops at a half-written last line (no line break after it), and cutting there leaves only whole lines', () => {
    for (const tail of [JSON.stringify(run(3)).slice(0, 17), JSON.stringify(run(3)), '{"scen', '{']) {
      const path = fileWith(whole + tail);
      const r = read(path);
      expect(r.lines).toEqual([run(1), run(2)]);
      expect(r.goodBytes).toBe(Buffer.byteLength(whole));
      expect(r.badBytes).toBe(Buffer.byteLength(tail));
      cutAt(path, r.goodBytes);
      expect(readFileSync(path, 'utf8')).toBe(whole);
    }
  });

  it('counts bytes, not characters, before a cut in multi-byte text', () => {
    const first = { ...run(1), scenario: 'x', strategy: 'keyset' };
    const path = fileWith(`${JSON.stringify(first)}\n{"scenario":"é`);
    const r = read(path);
    cutAt(path, r.goodBytes);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(first)}\n`);
  });

  it('refuses a foreign or tampered whole line with one line naming it (it is never cut away as if half-written)', () => {
    const cases: [string, RegExp][] = [
      ['garbage\n', /results\.jsonl: line 3: not a line of JSON; allowed: the lines drainsim wrote for the suite in suite\.json \(only a half-written last line, from a kill, is dropped and redone\)$/],
      ['{"scenario":"x"}\n', /line 3: not a run: seed: missing/],
      [`${JSON.stringify({ ...run(3), duplicates: -1 })}\n`, /line 3: not a run: duplicates: got -1/],
      [`${JSON.stringify({ ...run(3), extra: 1 })}\n`, /line 3: not a run: unknown key "extra"/],
      [`${JSON.stringify(run(9))}\n`, /line 3: a run the suite does not plan \("x" seed 9 "restart"\)/],
      [`${JSON.stringify(run(3, 'magic'))}\n`, /line 3: a run the suite does not plan/],
      [`${JSON.stringify({ ...run(1), duplicates: 99 })}\n`, /line 3: the run of line 1 again, with other figures/],
      ['not a run either', /line 3: not a run, nor the start of one a kill could have cut/],
    ];
    for (const [tail, message] of cases) {
      const path = fileWith(whole + tail);
      expect(inputErrorOf(() => read(path)).message).toMatch(message);
      expect(readFileSync(path, 'utf8')).toBe(whole + tail);
    }
    // A foreign line in the middle too.
    expect(inputErrorOf(() => read(fileWith(`${JSON.stringify(run(1))}\n{}\n${JSON.stringify(run(2))}\n`))).message).toMatch(/line 2: not a run: scenario: missing/);
  });

  it('keeps one line of a run written twice alike (a timeline sent again after a kill)', () => {
    expect(read(fileWith(`${JSON.stringify(run(1))}\n${JSON.stringify(run(1))}\n`)).lines).toEqual([run(1)]);
  });

  it('never reads a FIFO (it would block) or through a link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drainsim-lines-'));
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    expect(inputErrorOf(() => read(join(dir, 'fifo'))).message).toMatch(/fifo: not a regular file/);
    symlinkSync(fileWith(whole), join(dir, 'link'));
    expect(inputErrorOf(() => read(join(dir, 'link'))).message).toMatch(/link: is a symbolic link/);
  });
});
