import { InputError, type InputErrorParts } from '../errors.js';
import { Arena } from '../model/arena.js';
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
  /**
   * A bound that grows with simulated time, met as the job ran (bad input found late): sent as
   * data, since an error object loses its class on its way out of a worker thread.
   */
  inputError?: InputErrorParts;
}

/** The worker thread's memory for its jobs: sized per scenario, reused by every task it runs. */
const arena = new Arena(true);

/** Piscina worker: one (scenario, seed) for the given strategies, sharing the seed's world and the thread's arena. */
export default function runUnit(task: WorkerTask): WorkerOutput {
  const world = new SeedRun(task.scenario, task.seed, arena);
  const out: WorkerOutput = { results: [], timelines: [] };
  try {
    for (const id of task.strategies) {
      const strategy = strategyById(id);
      const job = world.job(strategy, { arena });
      out.results.push(toResult(task.scenario, task.seed, strategy, job));
      if (task.timelines) out.timelines.push({ scenario: task.scenario.name, seed: task.seed, strategy: id, segments: job.timeline });
    }
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { results: [], timelines: [], inputError: { file: e.file, path: e.path, problem: e.problem, allowed: e.allowed } };
  }
  return out;
}
