import type { TimelineSegment } from '../model/job.js';
import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import { SeedRun, toResult } from '../simulate.js';
import { strategyById } from '../strategies/registry.js';

export interface WorkerTask {
  scenario: Scenario;
  seed: number;
  strategies: string[];
  /** Also return each strategy's timeline (for the report's timeline chart). */
  timelines: boolean;
}

export interface WorkerTimeline {
  scenario: string;
  seed: number;
  strategy: string;
  segments: TimelineSegment[];
}

export interface WorkerOutput {
  results: RunResult[];
  timelines: WorkerTimeline[];
}

/** Piscina worker: one (scenario, seed) for the given strategies, sharing the seed's world and baseline. */
export default function runUnit(task: WorkerTask): WorkerOutput {
  const world = new SeedRun(task.scenario, task.seed);
  const out: WorkerOutput = { results: [], timelines: [] };
  for (const id of task.strategies) {
    const strategy = strategyById(id);
    const job = world.job(strategy);
    out.results.push(toResult(task.scenario, task.seed, strategy, job, world.baselineBusySeconds()));
    if (task.timelines) out.timelines.push({ scenario: task.scenario.name, seed: task.seed, strategy: id, segments: job.timeline });
  }
  return out;
}
