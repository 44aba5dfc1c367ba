import { describe, expect, it } from 'vitest';
import { SeedRun, toResult } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import runUnit from '../../src/suite/worker.js';
import { scenario } from '../helpers.js';

const churn = { insertsPerHour: 3000, deletesPerHour: 1000, entriesPerHour: 500, exitsPerHour: 500, sortKeyEditsPerHour: 500, contentEditsPerHour: 2000 };
const large = scenario({ name: 'large', source: { documents: 8000, order: 'sort-key' }, exporter: { batchSize: 200 }, stops: [{ at: 30, downtime: 900 }, { at: 90, downtime: 60 }], churn });
const small = scenario({ name: 'small', source: { documents: 900 }, exporter: { batchSize: 50 }, stops: [{ at: 5, downtime: 300 }], churn });

describe("the suite's worker thread", () => {
  it("runs every task in the thread's one arena with the results and timelines of private memory", () => {
    const ids = STRATEGIES.map((s) => s.id);
    for (const [sc, seed] of [[large, 1], [small, 1], [large, 2], [small, 3]] as const) {
      const out = runUnit({ scenario: sc, seed, strategies: ids, timelines: true });
      const world = new SeedRun(sc, seed);
      const jobs = STRATEGIES.map((s) => world.job(s));
      expect(out.results).toEqual(STRATEGIES.map((s, i) => toResult(sc, seed, s, jobs[i])));
      expect(out.timelines.map((t) => t.segments)).toEqual(jobs.map((j) => j.timeline));
    }
  });
});
