import { describe, expect, it } from 'vitest';
import { mean, sampleStd } from '../../src/analysis/stats.js';
import { churnOfBucket, jobSeeds } from '../../src/fleet/draw.js';
import { inProcessRunner, Simulations } from '../../src/fleet/executor.js';
import { jobScenario } from '../../src/fleet/job-scenario.js';
import { parseFleet } from '../../src/fleet/schema.js';
import { simulateFleetSeed } from '../../src/fleet/simulate-fleet.js';
import { fleetSeeds, type Fleet } from '../../src/fleet/types.js';

/**
 * Restart's redone agent-hours over a fleet against what the single-job figures predict. With
 * Poisson arrivals at a constant rate λ, jobs of one size (stop-free duration D) and agents enough
 * never to queue, the jobs an upgrade finds running are Poisson(λD) in number, each at an offset
 * uniform over its run (M/G/∞). So a fleet run's redone time is, on average,
 *   upgrades × λD × E[rerun of one job stopped at a uniform offset],
 * the expectation taken over the documented offset grid (1/64 of D; the two end points half as
 * likely). The rerun at each grid offset comes from the single-job simulator alone.
 */

const SEEDS = 8;

function fleetOf(documents: number, every: string): Fleet {
  return parseFleet({
    kind: 'fleet',
    name: 'restart growth',
    seed: 11,
    runs: SEEDS,
    horizon: '30d',
    workload: { jobsPerDay: 1000, documents: { median: documents, p99: documents } },
    agents: 40,
    upgrades: { first: '1d', every, downtime: '10m' },
  });
}

/** The single-job figure: restart's mean rerun time over the offset grid of a job of this size. */
async function predictedRerun(fleet: Fleet, sims: Simulations): Promise<{ duration: number; rerun: number }> {
  const { documents } = fleet.workload;
  const churn = churnOfBucket(fleet, 0);
  const seed = jobSeeds(fleet, fleet.seed)[0];
  const { endAt: duration } = await sims.baseline(jobScenario(fleet, { documents: documents.median, churn, stops: [] }), seed);
  const steps = fleet.resolution.offsetSteps;
  let rerun = 0;
  for (let k = 0; k <= steps; k++) {
    const at = Math.round(k * (duration / steps) * 1000) / 1000;
    const r = await sims.job(jobScenario(fleet, { documents: documents.median, churn, stops: [{ at, downtime: fleet.upgrades.downtime }] }), seed, 'restart');
    rerun += (k === 0 || k === steps ? 0.5 : 1) * (r.rerunSeconds ?? NaN);
  }
  return { duration, rerun: rerun / steps };
}

interface Measured {
  predicted: number;
  mean: number;
  standardError: number;
}

async function measure(fleet: Fleet, sims: Simulations): Promise<Measured> {
  const { duration, rerun } = await predictedRerun(fleet, sims);
  const runs = await Promise.all(fleetSeeds(fleet).map((seed) => simulateFleetSeed(fleet, seed, ['restart'], sims)));
  const redone = runs.map((r) => r.runs[0].metrics.redoneSeconds);
  const upgrades = runs[0].upgrades;
  const lambda = fleet.workload.jobsPerDay / 86_400;
  return { predicted: upgrades * lambda * duration * rerun, mean: mean(redone), standardError: sampleStd(redone) / Math.sqrt(redone.length) };
}

describe("restart's redone hours over a fleet", () => {
  it('grow with job size and upgrade frequency as the single-job figures predict (within sampling error)', async () => {
    const sims = new Simulations(inProcessRunner());
    const cases = {
      smallWeekly: await measure(fleetOf(5_000, '7d'), sims),
      largeWeekly: await measure(fleetOf(20_000, '7d'), sims),
      smallEveryOtherDay: await measure(fleetOf(5_000, '2d'), sims),
      largeEveryOtherDay: await measure(fleetOf(20_000, '2d'), sims),
    };
    for (const [name, c] of Object.entries(cases)) {
      // The test can fail: the spread over the seeds is small against the figure itself.
      expect(c.standardError, name).toBeLessThan(0.25 * c.predicted);
      expect(Math.abs(c.mean - c.predicted), `${name}: fleet ${c.mean} s, predicted ${c.predicted} s, standard error ${c.standardError} s`).toBeLessThan(3 * c.standardError);
    }
    // Larger jobs: more of them running at an upgrade, each with more to redo.
    expect(cases.largeWeekly.mean).toBeGreaterThan(4 * cases.smallWeekly.mean);
    expect(cases.largeEveryOtherDay.mean).toBeGreaterThan(4 * cases.smallEveryOtherDay.mean);
    // Three times the upgrades (15 against 5 in 30 days): about three times the redone hours.
    expect(cases.smallEveryOtherDay.mean / cases.smallWeekly.mean).toBeGreaterThan(2);
    expect(cases.largeEveryOtherDay.mean / cases.largeWeekly.mean).toBeGreaterThan(2);
  });
});
