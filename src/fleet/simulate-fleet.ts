import { InputError } from '../errors.js';
import { churnOfBucket, drawJobs, jobSeeds, usageOf, type PlannedJobs, type Usage } from './draw.js';
import type { Simulations } from './executor.js';
import { jobInputError, jobScenario, type JobSpec } from './job-scenario.js';
import { measure, type FleetMetrics } from './metrics.js';
import { serveJobs, type Served } from './queue.js';
import type { Fleet } from './types.js';
import { planUpgrades, type AgentRequest } from './upgrades.js';
import type { JobResult } from './worker.js';

/**
 * One fleet run (one fleet seed): draw the jobs, give each its stop-free duration from the
 * single-job simulator (one simulation per size bucket), then serve them under each strategy. A job
 * an upgrade meets is simulated as a scenario of its own (its size, its churn, a stop at each
 * request it met, the upgrade's downtime), its stop offsets on a grid of its duration; every other
 * job costs nothing more.
 */

/** A job an upgrade met, as served under one strategy. */
export interface AffectedJob {
  job: number;
  arrival: number;
  agent: number;
  start: number;
  end: number;
  documents: number;
  churnBucket: number;
  jobSeed: number;
  requests: AgentRequest[];
  /** The requests' times from the job's start, on the offset grid: the stops simulated. */
  offsets: number[];
  result: JobResult;
}

export interface StrategyRun {
  strategy: string;
  metrics: FleetMetrics;
  affected: AffectedJob[];
}

export interface FleetSeedRun {
  seed: number;
  jobs: number;
  upgrades: number;
  /** Jobs running at each hour of the day (mean over the horizon's days), without upgrades. */
  loadByHour: number[];
  runs: StrategyRun[];
}

/** A bound met as a job ran (its churn over a long pause, say) names the fleet file's part. */
function named<T>(simulation: Promise<T>, spec: JobSpec, file?: string): Promise<T> {
  return simulation.catch((e: unknown) => {
    throw e instanceof InputError ? jobInputError(e, spec, file) : e;
  });
}

/** Rounds an offset to the grid (steps per stop-free duration), to the millisecond. */
function onGrid(offset: number, duration: number, steps: number): number {
  const grid = duration / steps;
  return grid > 0 ? Math.round(Math.round(offset / grid) * grid * 1000) / 1000 : offset;
}

export async function simulateFleetSeed(fleet: Fleet, seed: number, strategies: readonly string[], sims: Simulations, usage: Usage = usageOf(fleet), file?: string, plan: PlannedJobs = drawJobs(fleet, seed, usage)): Promise<FleetSeedRun> {
  const seeds = jobSeeds(fleet, seed);
  const medianChurn = churnOfBucket(fleet, 0);
  // Stop-free durations: a job of each size with the median churn and the fleet's first job seed
  // (the same for every fleet run: they share these simulations).
  const durationSeed = jobSeeds(fleet, fleet.seed)[0];
  const sizes = [...new Set(plan.documents)].sort((a, b) => a - b);
  const durations = new Map<number, number>();
  await Promise.all(
    sizes.map(async (documents) => {
      const spec = { documents, churn: medianChurn, stops: [] };
      const { endAt } = await named(sims.baseline(jobScenario(fleet, spec, file), durationSeed), spec, file);
      durations.set(documents, endAt);
    }),
  );
  const jobs = { arrival: plan.arrival, duration: Float64Array.from(plan.documents, (n) => durations.get(n)!) };
  const upgrades = planUpgrades(fleet);
  const { downtime } = fleet.upgrades;
  // The same jobs without upgrades: the fleet's own load, and the queue wait upgrades add to.
  const unhindered = await serveJobs(jobs, upgrades.perAgent.map(() => []), downtime, () => Promise.reject(new Error('unreachable: no requests')));
  const frame = {
    horizon: fleet.horizon,
    agents: fleet.agents,
    upgrades: upgrades.starts.length,
    workSeconds: jobs.duration.reduce((s, d) => s + d, 0),
    baseWaitSeconds: jobs.arrival.reduce((s, a, j) => s + unhindered.start[j] - a, 0),
  };
  const runs = await Promise.all(
    strategies.map(async (strategy): Promise<StrategyRun> => {
      const offsetsOf = new Map<number, number[]>();
      const served = await serveJobs<JobResult>(jobs, upgrades.perAgent, downtime, (j, start, requests) => {
        const offsets = requests.map((r) => onGrid(r.at - start, jobs.duration[j], fleet.resolution.offsetSteps));
        offsetsOf.set(j, offsets);
        const spec = { documents: plan.documents[j], churn: churnOfBucket(fleet, plan.churnBucket[j]), stops: offsets.map((at) => ({ at, downtime })) };
        return named(sims.job(jobScenario(fleet, spec, file), seeds[j % seeds.length], strategy), spec, file);
      });
      return { strategy, metrics: measure(served, plan.arrival, frame), affected: affectedJobs(served, plan, seeds, offsetsOf) };
    }),
  );
  return { seed, jobs: plan.count, upgrades: upgrades.starts.length, loadByHour: loadByHour(unhindered, fleet.horizon), runs };
}

/** Mean over the days of the horizon of the jobs running at each whole hour of the day. */
function loadByHour({ start, end }: Pick<Served<JobResult>, 'start' | 'end'>, horizon: number): number[] {
  const running = Array<number>(24).fill(0);
  for (let j = 0; j < start.length; j++) {
    for (let mark = Math.ceil(start[j] / 3600) * 3600; mark < end[j] && mark < horizon; mark += 3600) running[(mark / 3600) % 24]++;
  }
  return running.map((n, hour) => n / Math.max(1, Math.ceil((horizon - hour * 3600) / 86_400)));
}

function affectedJobs(served: Served<JobResult>, plan: PlannedJobs, seeds: readonly number[], offsetsOf: ReadonlyMap<number, number[]>): AffectedJob[] {
  return served.met.map(({ job, requests, run }) => ({
    job,
    arrival: plan.arrival[job],
    agent: served.agent[job],
    start: served.start[job],
    end: served.end[job],
    documents: plan.documents[job],
    churnBucket: plan.churnBucket[job],
    jobSeed: seeds[job % seeds.length],
    requests,
    offsets: offsetsOf.get(job)!,
    result: run,
  }));
}
