import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { oracleCounts, referenceOf } from '../../src/loadfile/reference.js';
import { verifyJob, type JobVerdict } from '../../src/loadfile/review/verify.js';
import { SeedRun } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import { loadFileScenarios, materialized, tempRoot } from './fixtures.js';

const root = tempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the whole set exercised, so the equality below cannot hold vacuously. */
const seen = { truncatedFiles: 0, collateral: 0, manyFolders: 0, duplicates: 0, misses: 0, phantoms: 0, stale: 0, kills: 0, failed: 0, jobs: 0 };

describe('the load files on disk give the oracle\'s counts exactly', () => {
  for (const sc of loadFileScenarios()) {
    const world = new SeedRun(sc, sc.seed);
    for (const s of STRATEGIES) {
      it(`${sc.name} / ${s.id}`, () => {
        const { job, dir } = materialized(world, s, root);
        const v: JobVerdict = verifyJob(dir, referenceOf(sc, job));
        expect(v.problems).toEqual([]);
        expect(v.counts).toEqual(oracleCounts(job));
        expect(v.folders.map((f) => f.name)).toHaveLength(job.iapi.folders.size);
        seen.jobs++;
        seen.truncatedFiles += v.folders.reduce((n, f) => n + f.orphans, 0);
        seen.collateral += v.counts.collateralDeletes;
        if (v.folders.length > 1) seen.manyFolders++;
        seen.duplicates += v.counts.duplicates;
        seen.misses += v.counts.misses;
        seen.phantoms += v.counts.phantoms;
        seen.stale += v.counts.stale;
        if (job.stops.some((x) => x.outcome === 'killed')) seen.kills++;
        if (job.failed !== null) seen.failed++;
      });
    }
  }

  it('covers truncations, kills, cleanups, fresh folders, failures, duplicates, misses, phantoms and stale rows', () => {
    expect(seen.jobs).toBe(loadFileScenarios().length * STRATEGIES.length);
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  });
});
