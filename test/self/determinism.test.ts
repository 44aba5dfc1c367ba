import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioVariants } from '../../src/scenario/load.js';
import { SeedRun } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';

/** A scenario (a sweep file's last variant) shrunk to test size: the same behaviours, far fewer documents. */
function shrunk(file: string) {
  const sc = loadScenarioVariants(`scenarios/${file}`).at(-1)!;
  sc.source.documents = Math.min(sc.source.documents, 30_000);
  return sc;
}

describe('determinism self-check', () => {
  const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml') && f !== 'decision.yaml');
  it('covers every default scenario', () => expect(files.length).toBeGreaterThanOrEqual(10));
  for (const file of files) {
    it(`${file}: the same seed gives the same fingerprint and metrics, every strategy; rerun time is never negative, null exactly when the run failed`, () => {
      const sc = shrunk(file);
      sc.faults.swarm = { ...sc.faults.swarm, transientErrors: 0.3, secondStop: 0.3, stalledShare: 0.3 };
      for (const seed of [sc.seed, sc.seed + 1]) {
        const a = new SeedRun(sc, seed);
        const b = new SeedRun(sc, seed);
        for (const s of STRATEGIES) {
          const r = a.run(s);
          expect(b.run(s)).toEqual(r);
          if (r.failed === null) expect(r.rerunSeconds, `${s.id} seed ${seed}`).toBeGreaterThanOrEqual(0);
          else expect(r.rerunSeconds, `${s.id} seed ${seed}`).toBeNull();
        }
      }
    });
  }

  it('different seeds give different histories', () => {
    const sc = shrunk('heavy-churn-long-pause.yaml');
    const s = STRATEGIES[2];
    expect(new SeedRun(sc, 1).run(s).fingerprint).not.toBe(new SeedRun(sc, 2).run(s).fingerprint);
  });
});
