import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceOf } from '../../src/loadfile/reference.js';
import { verifyJob } from '../../src/loadfile/review/verify.js';
import { SeedRun } from '../../src/simulate.js';
import { strategyById } from '../../src/strategies/registry.js';
import { loadFileScenarios, materialized, tempRoot } from './fixtures.js';

const root = tempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sc = loadFileScenarios().find((s) => s.name === 'churn-stops')!;
const world = new SeedRun(sc, sc.seed);
const { job, dir: pristine } = materialized(world, strategyById('temp-table'), root);
const ref = referenceOf(sc, job);
const rows = job.iapi.folders.get('churn-stops')!.rows;
let copies = 0;

/** A copy of the job with one file changed; the problems verify finds in it. */
function corrupted(file: 'dat' | 'opt', change: (bytes: Buffer) => Buffer, extra?: (dir: string) => void) {
  const dir = join(root, `copy-${copies++}`);
  cpSync(pristine, dir, { recursive: true });
  const path = join(dir, 'churn-stops', `churn-stops_export.${file}`);
  writeFileSync(path, change(readFileSync(path)));
  extra?.(dir);
  const v = verifyJob(dir, ref);
  const short = (f: string) => f.replace(/^.*churn-stops_export\.(dat|opt)$/, '$1');
  return { v, problems: v.problems.map((p) => `${short(p.file)}:${p.line}: ${p.what}`) };
}

/** The byte offset where line `n` (1-based) of a CRLF file starts. */
function lineStart(bytes: Buffer, n: number): number {
  let at = 0;
  for (let i = 1; i < n; i++) at = bytes.indexOf('\r\n', at) + 2;
  return at;
}

describe('malformed load files are reported with their line numbers', () => {
  it('the pristine copy is well formed', () => {
    expect(verifyJob(pristine, ref).problems).toEqual([]);
  });

  it('a .dat cut in the middle of a row: a partial last row at its line, the rows before it counted', () => {
    const line = 301; // data row 300
    const { v, problems } = corrupted('dat', (b) => b.subarray(0, b.indexOf('Text of', lineStart(b, line)) + 4));
    expect(problems).toContain(`dat:${line}: the file ends inside a quoted value: a partial last row`);
    // Cut inside a two-byte þ: said so, and the partial row still reported.
    const split = corrupted('dat', (b) => b.subarray(0, lineStart(b, line) + 1));
    expect(split.problems).toContain(`dat:${line}: the file ends inside a UTF-8 character: a partial last row`);
    expect(v.folders[0].rows).toBe(line - 2);
    // The .opt still has every document: the one of the cut row has no row now.
    expect(problems.some((p) => new RegExp(`^opt:${2 * (line - 2) + 1}: document 'DOC\\d+' has no row in the load file$`).test(p))).toBe(true);
  });

  it('a row with a wrong column delimiter (a comma, a tab)', () => {
    for (const wrong of [',', '\t']) {
      const { v, problems } = corrupted('dat', (b) => {
        const at = b.indexOf('\u0014', lineStart(b, 42));
        return Buffer.concat([b.subarray(0, at), Buffer.from(wrong), b.subarray(at + 1)]);
      });
      expect(problems[0]).toBe(`dat:42: unexpected ${wrong === ',' ? "','" : 'U+0009'} after a closing quote (expected the column char U+0014 or the end of the row)`);
      expect(v.folders[0].rows).toBe(rows - 1);
    }
  });

  it('a whole file written with the wrong delimiter fails on every line, the listing capped', () => {
    const { problems } = corrupted('dat', (b) => Buffer.from(b.toString('utf8').replaceAll('\u0014', '|')));
    expect(problems[0]).toBe("dat:1: unexpected '|' after a closing quote (expected the column char U+0014 or the end of the row)");
    expect(problems[1]).toMatch(/^dat:2: unexpected '\|'/);
    expect(problems).toContain(`dat:null: and ${rows + 1 - 20 + 1} more problems`);
  });

  it('a row with a field missing, a raw line break inside a value, a bad ArtifactID', () => {
    const { problems } = corrupted('dat', (b) => {
      let t = b.toString('utf8');
      const lines = t.split('\r\n');
      lines[9] = lines[9].slice(0, lines[9].lastIndexOf('\u0014')); // line 10: FILE_PATH dropped
      lines[19] = lines[19].replace('Text of', 'Text\nof'); // line 20: a raw LF inside a value
      lines[29] = lines[29].replace(/\u0014\u00fe(\d+)\u00fe/, '\u0014\u00feabc\u00fe'); // line 30: ArtifactID not a number
      t = lines.join('\r\n');
      return Buffer.from(t);
    });
    expect(problems).toContain('dat:10: 6 fields, the header has 7');
    expect(problems).toContain('dat:20: a raw line break inside a quoted value (a line break in a value is written as the newline char)');
    // The rest of line 20 after the break is read as a line of its own: it does not start with the quote char.
    expect(problems).toContain("dat:21: a value starts with 'o', not with the quote char");
    expect(problems).toContain("dat:31: ArtifactID 'abc' is not a whole number");
  });

  it('a FILE_PATH whose native is gone, an image page missing from the .opt, bytes that are not UTF-8', () => {
    const native = '.\\VOL01\\NATIVES\\NATIVE001\\DOC1000004.txt';
    const { problems } = corrupted(
      'opt',
      (b) => {
        const lines = b.toString('utf8').split('\r\n');
        lines.splice(11, 1); // line 12: the second page of the sixth document
        return Buffer.from(lines.join('\r\n'));
      },
      (dir) => rmSync(join(dir, 'churn-stops', native.slice(2).replaceAll('\\', '/'))),
    );
    expect(problems.some((p) => /^dat:6: FILE_PATH '.\\VOL01\\NATIVES\\NATIVE001\\DOC1000004\.txt' does not exist in the folder$/.test(p))).toBe(true);
    expect(problems).toContain("opt:11: document 'DOC1000005' declares 2 pages and has 1");
    const bad = corrupted('dat', (b) => Buffer.concat([b.subarray(0, lineStart(b, 7) + 3), Buffer.from([0xff, 0xfe]), b.subarray(lineStart(b, 7) + 3)]));
    expect(bad.problems).toContain('dat:7: not valid UTF-8 (reading stopped here)');
  });
});
