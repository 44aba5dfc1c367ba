import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { injectWriteCalls } from '../../src/io/atomic.js';
import { checkTarget, estimateScenario, jobDir, materializeJob, materializeScenario, otherJobFileName } from '../../src/loadfile/materialize.js';
import { referenceOf } from '../../src/loadfile/reference.js';
import { verifyJob } from '../../src/loadfile/review/verify.js';
import { SeedRun } from '../../src/simulate.js';
import { strategyById } from '../../src/strategies/registry.js';
import { inputErrorOf, scenario } from '../helpers.js';
import { loadFileScenarios, materialized, SMALL_LAYOUT, tempRoot } from './fixtures.js';

const root = tempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const byName = (name: string) => loadFileScenarios().find((s) => s.name === name)!;

/** Every file under a folder with a hash of its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('the destination folder as IAPI leaves it', () => {
  const sc = byName('churn-stops');
  const world = new SeedRun(sc, sc.seed);
  const { job, dir } = materialized(world, strategyById('temp-table'), root);
  const folder = join(dir, 'churn-stops');
  const dat = readFileSync(join(folder, 'churn-stops_export.dat'));

  it('writes a UTF-8 Concordance .dat: BOM, header row, þ quotes, column char 20, CRLF, FILE_PATH last', () => {
    expect([...dat.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = dat.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(['Control Number', 'ArtifactID', 'Version', 'Sort Key', 'Extracted Text', 'Tags', 'FILE_PATH'].map((c) => `\u00fe${c}\u00fe`).join('\u0014'));
    expect(lines[1]).toBe(['DOC1000000', '1000000', '0', '', 'Text of DOC1000000. He wrote \u00fe\u00feyes\u00fe\u00fe.', 'Responsive;Hot', '.\\VOL01\\NATIVES\\NATIVE001\\DOC1000000.txt'].map((c) => `\u00fe${c}\u00fe`).join('\u0014'));
    expect(lines[3]).toContain('Text of DOC1000002.\u00aeSecond line.');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(job.iapi.folders.get('churn-stops')!.rows + 2);
  });

  it('writes the Opticon .opt and the stand-in files in VOL/NATIVES and VOL/IMAGES subdirectories', () => {
    const opt = readFileSync(join(folder, 'churn-stops_export.opt'), 'utf8').split('\r\n');
    expect(opt[0]).toBe('DOC1000000,VOL01,.\\VOL01\\IMAGES\\IMG001\\DOC1000000.tif,Y,,,2');
    expect(opt[1]).toBe('DOC1000000_0002,VOL01,.\\VOL01\\IMAGES\\IMG001\\DOC1000000_0002.tif,,,,');
    expect(existsSync(join(folder, 'VOL01/NATIVES/NATIVE001/DOC1000000.txt'))).toBe(true);
    expect(existsSync(join(folder, 'VOL01/IMAGES/IMG001/DOC1000000_0002.tif'))).toBe(true);
    // 40 files per subdirectory and 60 MB volumes of about 1 MB documents: both roll over.
    expect(readdirSync(join(folder, 'VOL01/IMAGES')).length).toBeGreaterThan(1);
    expect(readdirSync(folder).filter((f) => f.startsWith('VOL')).length).toBeGreaterThan(1);
    // Every export run starts again at VOL01\IMAGES\IMG001: 20 documents of 2 pages from each of the 3 runs.
    expect(job.exportRuns).toBe(3);
    expect(readdirSync(join(folder, 'VOL01/IMAGES/IMG001'))).toHaveLength(40 * 3);
  });

  it('names the final folder in a manifest', () => {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ scenario: 'churn-stops', seed: sc.seed, strategy: 'temp-table', finalFolder: 'churn-stops', folders: ['churn-stops'], fingerprint: job.trace.fingerprint });
  });

  it('keeps the files of rows a truncation cut as orphans, and none without a stop', () => {
    expect(job.iapi.folders.get('churn-stops')!.ops.some((op) => op.kind === 'truncate')).toBe(true);
    expect(verifyJob(dir, referenceOf(sc, job)).folders[0].orphans).toBeGreaterThan(0);
    const calm = scenario({ ...sc, name: 'calm', stops: [] });
    const quiet = materialized(new SeedRun(calm, 1), strategyById('temp-table'), root);
    expect(verifyJob(quiet.dir, referenceOf(calm, quiet.job)).folders[0].orphans).toBe(0);
  });

  it('is byte for byte the same when written again', () => {
    const again = materialized(world, strategyById('temp-table'), join(root, 'again'));
    expect(tree(again.dir)).toEqual(tree(dir));
  });
});

describe('other jobs sharing the folder', () => {
  const sc = byName('shared-overwrite');
  const world = new SeedRun(sc, sc.seed);
  const names = (dir: string) => readdirSync(join(dir, 'shared-overwrite')).filter((f) => f.startsWith('OtherJob')).sort();

  it('their files are there before the job and stay when nothing cleans the folder', () => {
    expect(names(materialized(world, strategyById('temp-table'), root).dir)).toEqual([1, 2, 3, 4].map(otherJobFileName));
  });

  it('the overwrite cleanup of a restart removes them with the whole folder', () => {
    const { job, dir } = materialized(world, strategyById('restart'), root);
    expect(job.iapi.collateralDeletes).toBe(4);
    expect(names(dir)).toEqual([]);
    expect(verifyJob(dir, referenceOf(sc, job)).counts.collateralDeletes).toBe(4);
  });
});

describe('nothing half-written, nothing replaced by accident', () => {
  const sc = byName('churn-stops');
  const world = new SeedRun(sc, sc.seed);

  it('refuses a non-empty target without force, and replaces it whole with force', () => {
    const { dir } = materialized(world, strategyById('keyset'), join(root, 'force'));
    expect(() => checkTarget(dir, false)).toThrow(InputError);
    expect(() => checkTarget(dir, false)).toThrow(/exists and is not empty; allowed: a new or empty folder, or --force to replace it/);
    expect(() => checkTarget(dir, true)).not.toThrow();
    const restarted = world.job(strategyById('restart'));
    materializeJob(dir, restarted, { scenario: sc.name, seed: sc.seed, strategy: 'restart' }, 2);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).strategy).toBe('restart');
    expect(readdirSync(join(dir, '..')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a failure part-way leaves neither the target nor a temporary folder', () => {
    const job = world.job(strategyById('temp-table'));
    job.iapi.folders.get('churn-stops')!.ops.push({ t: 1e9, kind: 'truncate', rows: 123_456 });
    const dir = jobDir(join(root, 'broken'), { scenario: sc.name, seed: sc.seed, strategy: 'temp-table' });
    expect(() => materializeJob(dir, job, { scenario: sc.name, seed: sc.seed, strategy: 'temp-table' }, 2)).toThrow(/no byte offset recorded for 123456 rows/);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(dir, '..'))).toEqual([]);
  });

  it('a full disk part-way (short writes, then ENOSPC): one line naming the file, nothing left behind', () => {
    const job = world.job(strategyById('temp-table'));
    const dir = jobDir(join(root, 'full'), { scenario: sc.name, seed: sc.seed, strategy: 'temp-table' });
    let budget = 20_000;
    const restore = injectWriteCalls({
      writeSync: (fd, data, offset, length, position) => {
        if (budget <= 0) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        const n = writeSync(fd, data, offset, Math.min(length, 1000, budget), position);
        budget -= n;
        return n;
      },
    });
    try {
      const e = inputErrorOf(() => materializeJob(dir, job, { scenario: sc.name, seed: sc.seed, strategy: 'temp-table' }, 2));
      expect(e.message).toMatch(/^\S+: cannot be written: no space left on the device \(ENOSPC\)$/);
    } finally {
      restore();
    }
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(dir, '..'))).toEqual([]);
    // Short writes alone lose nothing: the same job written 1000 bytes at a time equals one written whole.
    const whole = materialized(world, strategyById('temp-table'), join(root, 'whole')).dir;
    const undo = injectWriteCalls({ writeSync: (fd, data, offset, length, position) => writeSync(fd, data, offset, Math.min(length, 1000), position) });
    let short: string;
    try {
      short = materialized(world, strategyById('temp-table'), join(root, 'short')).dir;
    } finally {
      undo();
    }
    expect(tree(short)).toEqual(tree(whole));
  });

  it('--force replaces only a job folder drainsim wrote, never a link', () => {
    const mine = join(root, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'mine');
    expect(() => checkTarget(mine, true)).toThrow(/'.*mine' is not a job folder drainsim wrote \(no manifest\.json of 'run --materialize'\)/);
    symlinkSync(mine, join(root, 'link'));
    expect(() => checkTarget(join(root, 'link'), true)).toThrow(/'.*link' is a symbolic link; allowed: a new or empty folder \(drainsim never writes through a link\)/);
    expect(readFileSync(join(mine, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('a killed batch', () => {
  it('keeps its rows: the kill lands before RestoreState, so the file ends past the last saved batch', () => {
    const sc = byName('kills');
    const world = new SeedRun(sc, sc.seed);
    const { job, dir } = materialized(world, strategyById('temp-table'), root);
    expect(job.faults).toContain('killBeforeJobDetails');
    expect(job.stops[0].outcome).toBe('killed');
    const ops = job.iapi.folders.get('kills')!.ops;
    // The first run: appends and no truncation before the second run's first append.
    const firstRun = ops.slice(0, ops.findIndex((op, i) => i > 0 && op.kind === 'append' && job.iapi.history.run[op.from] > 0));
    expect(firstRun.some((op) => op.kind === 'truncate')).toBe(false);
    const v = verifyJob(dir, referenceOf(sc, job));
    expect(v.problems).toEqual([]);
    expect(v.folders[0].rows).toBe(job.iapi.folders.get('kills')!.rows);
    expect(statSync(join(dir, 'kills', 'kills_export.dat')).size).toBeGreaterThan(0);
  });
});

describe('counting before writing', () => {
  it('counts exactly what writing the jobs gives, with and without the stand-in files', () => {
    const strategies = ['restart', 'index-shift', 'temp-table', 'keyset'].map(strategyById);
    for (const sc of loadFileScenarios()) {
      for (const rowsOnly of [false, true]) {
        const options = { rowsOnly, blockBytes: 4096 };
        const written = materializeScenario(sc, strategies, join(root, 'counted', String(rowsOnly)), options, SMALL_LAYOUT).stats;
        expect(estimateScenario(sc, strategies, options, SMALL_LAYOUT), `${sc.name}${rowsOnly ? ' --rows-only' : ''}`).toEqual(written);
        expect(written.rowsWritten).toBeGreaterThan(0);
      }
    }
  });

  it('--rows-only writes the load files (and the other jobs\' files) without a native or an image, and verify reads them', () => {
    const sc = byName('churn-stops');
    const dir = join(root, 'rows-only');
    materializeScenario(sc, [strategyById('temp-table')], dir, { rowsOnly: true, blockBytes: 4096 }, SMALL_LAYOUT);
    const job = jobDir(dir, { scenario: sc.name, seed: sc.seed, strategy: 'temp-table' });
    expect(Object.keys(tree(job)).sort()).toEqual(['churn-stops/churn-stops_export.dat', 'churn-stops/churn-stops_export.opt', 'manifest.json']);
    expect(JSON.parse(readFileSync(join(job, 'manifest.json'), 'utf8')).rowsOnly).toBe(true);
    const world = new SeedRun(sc, sc.seed);
    const v = verifyJob(job, referenceOf(sc, world.job(strategyById('temp-table'))));
    expect(v.problems).toEqual([]);
    expect(v.counts.rows).toBeGreaterThan(0);
  });
});
