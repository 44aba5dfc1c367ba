import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempRoot } from '../loadfile/fixtures.js';
import { cli } from './run-cli.js';

const root = tempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const yaml = join(root, 'small.yaml');
writeFileSync(
  yaml,
  `name: small
seed: 3
source: { documents: 300 }
files: { pagesPerDoc: 2 }
exporter: { batchSize: 50 }
job: { overwrite: true, sharedFolderFiles: 3 }
stops: [ { at: 13.9, downtime: 20m } ]
churn: { insertsPerHour: 2000, deletesPerHour: 1000, contentEditsPerHour: 2000 }
`,
);
const out = join(root, 'out');

describe('run --materialize, then verify', () => {
  it('writes every strategy of every seed and verify finds them well formed and equal to the oracle', () => {
    const run = cli('run', yaml, '--runs', '2', '--strategy', 'restart,index-shift,temp-table', '--materialize', out, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).runs).toHaveLength(6);
    expect(run.stderr).toMatch(/^materialize: [\d,]+ rows, [\d,]+ files, .* to write into /);
    expect(run.stderr).toMatch(/^materialized small: 6 jobs, 6 destination folders, [\d,]+ rows, [\d,]+ files, .*, in /m);
    expect(readdirSync(join(out, 'small'))).toEqual(['seed-3', 'seed-4']);
    expect(readdirSync(join(out, 'small', 'seed-3'))).toEqual(['index-shift', 'restart', 'temp-table']);
    const v = cli('verify', out, '--against', yaml);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/S0 and the live query at the end come from the scenario's simulation/);
    // Overwrite recreates the load files and rewrites only its own files (assumption overwrite: per-file):
    // the other jobs' files stay, and files of the first run that the rerun put elsewhere are orphans.
    expect(v.stdout).toMatch(/small, seed 3, restart: .*\n {2}folder small \(final\): \d+ rows, \d+ documents \/ \d+ pages in the \.opt, \d+ orphan files, 3 other jobs' files/);
    expect(v.stdout).toMatch(/\n {2}duplicates +\d+ +\d+\n/);
    expect(v.stdout.trim().split('\n').at(-1)).toBe('verify: 6 jobs, all well formed and equal to the oracle');
    expect(cli('verify', out, '--against', yaml, '--seed', '4').stdout).toMatch(/verify: 3 jobs, all well formed/);
  });

  it('refuses to write over a materialized job without --force, replaces it with --force', () => {
    const again = cli('run', yaml, '--strategy', 'restart', '--materialize', out);
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toMatch(/^drainsim: error: --materialize: '.*small\/seed-3\/restart' exists and is not empty; allowed: a new or empty folder, or --force to replace it$/);
    expect(cli('run', yaml, '--strategy', 'restart', '--materialize', out, '--force').code).toBe(0);
    expect(cli('run', yaml, '--force').stderr).toMatch(/--force: given without --materialize/);
  });

  it('a load file cut mid-row is malformed, with its file and line; exit code 1', () => {
    const dat = join(out, 'small', 'seed-3', 'temp-table', 'small', 'small_export.dat');
    const bytes = readFileSync(dat);
    writeFileSync(dat, bytes.subarray(0, bytes.lastIndexOf('Text of') + 4));
    const lines = bytes.toString('utf8').split('\r\n').length - 1;
    const v = cli('verify', out, '--against', yaml, '--seed', '3');
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`  malformed: ${dat}:${lines}: the file ends inside a quoted value: a partial last row`);
    expect(v.stdout).toMatch(/ {2}rows +\d+ +\d+ {2}differs/);
    expect(v.stdout.trim().split('\n').at(-1)).toBe('verify: 1 of 3 jobs malformed or different from the oracle');
  });

  it('bad input: one line, exit code 2', () => {
    expect(cli('verify', out).stderr).toMatch(/^drainsim: error: verify: missing --against; allowed: drainsim verify <dir> --against <scenario.yaml> \[--seed <N>\]\n$/);
    expect(cli('verify', join(root, 'nope'), '--against', yaml).stderr).toMatch(/nope: no such folder/);
    const none = cli('verify', out, '--against', yaml, '--seed', '9');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no materialized job of 'small' with seed 9; allowed: a folder written by 'drainsim run .*small\.yaml --materialize <dir>'/);
  });

  it('files that are not files: a FIFO, /dev/zero, a directory, a huge sparse file as a load file, a FIFO manifest; read with limits, never hung on', () => {
    const base = join(root, 'base');
    expect(cli('run', yaml, '--strategy', 'restart', '--materialize', base).code).toBe(0);
    const job = ['small', 'seed-3', 'restart'];
    /** A copy of the job with its .dat replaced by `make(path)`; verify's output (it must end within a minute). */
    const verifyWith = (name: string, file: string, make: (path: string) => void) => {
      const dir = join(root, name);
      cpSync(base, dir, { recursive: true });
      const path = join(dir, ...job, file);
      rmSync(path);
      make(path);
      const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli.ts', 'verify', dir, '--against', yaml], { encoding: 'utf8', timeout: 60_000 });
      expect(r.signal, `verify ${name} did not end`).toBeNull();
      expect(r.stderr).not.toMatch(/\n\s+at /);
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const dat = join('small', 'small_export.dat');
    const fifo = verifyWith('fifo', dat, (path) => spawnSync('mkfifo', [path]));
    expect(fifo.code).toBe(1);
    expect(fifo.out).toMatch(/malformed: .*small_export\.dat: not a regular file \(a FIFO\): not read/);
    const zero = verifyWith('zero', dat, (path) => symlinkSync('/dev/zero', path));
    expect(zero.out).toMatch(/malformed: .*small_export\.dat: not a regular file \(a symbolic link\): not read/);
    const folder = verifyWith('folder', dat, (path) => mkdirSync(path));
    expect(folder.out).toMatch(/malformed: .*small_export\.dat: not a regular file \(a directory\): not read/);
    const huge = verifyWith('huge', dat, (path) => {
      writeFileSync(path, '');
      truncateSync(path, 2 ** 40); // a sparse terabyte
    });
    expect(huge.code).toBe(1);
    expect(huge.out).toMatch(/malformed: .*small_export\.dat: 1099511627776 bytes, more than the \d+ rows the job wrote can take \(\d+\): not read/);
    rmSync(join(root, 'huge'), { recursive: true });
    const manifest = verifyWith('manifest', 'manifest.json', (path) => spawnSync('mkfifo', [path]));
    expect(manifest.code).toBe(2);
    expect(manifest.err).toMatch(/^drainsim: error: .*manifest\.json: cannot be read \(not a regular file \(a FIFO\)\); allowed: the manifest 'run --materialize' writes\n$/);
  });
});
