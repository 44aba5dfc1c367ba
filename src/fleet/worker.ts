import { InputError, type InputErrorParts } from '../errors.js';
import type { StopMetrics } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import { Arena } from '../model/arena.js';
import { simulateJob } from '../model/job.js';
import type { DataSource } from '../model/source.js';
import { initialSource, toResult } from '../simulate.js';
import { strategyById } from '../strategies/registry.js';
import { statusQuo } from '../strategies/status-quo.js';
import type { JobRun } from './queue.js';

/**
 * Piscina worker of the fleet (like the suite's): one single-job simulation per task, by the same
 * model calls and toResult as SeedRun's in `run` and `suite`. Outputs are plain data; a bound met
 * as the job ran (bad input found late) comes back as data, since an error loses its class between
 * threads.
 */

export interface BaselineTask {
  scenario: Scenario;
  seed: number;
}

/** The job without drain-stops. */
export interface Baseline {
  busySeconds: number;
  /** When it ended (completed or failed): how long it holds an agent. */
  endAt: number;
}

export interface JobTask extends BaselineTask {
  strategy: string;
}

export type FleetStop = Pick<StopMetrics, 'signalAt' | 'latencySeconds' | 'withinBudget' | 'hardKilled' | 'outcome'>;

/** What the fleet keeps of one job's run under one strategy. */
export interface JobResult extends JobRun {
  failed: string | null;
  busySeconds: number;
  /** Busy time beyond the same job without stops; null for a failed job (count it as a failure, never as cheap). */
  rerunSeconds: number | null;
  duplicates: number;
  misses: number;
  missesGone: number;
  missedNewcomers: number;
  jobDetailsMaxBytes: number;
  /** Temp tables held for a resume, tables still on the server at the end, and Σ rows × seconds held. */
  tempTablesKept: number;
  tempTablesLeft: number;
  tempTableRowSeconds: number;
  stops: FleetStop[];
}

export type Output<T> = T | { inputError: InputErrorParts };

/** A task of the pool: piscina calls a module's default export (named exports are not found reliably through tsx). */
export type Task = ({ kind: 'baseline' } & BaselineTask) | ({ kind: 'job' } & JobTask);

export default function run(task: Task): Output<Baseline> | Output<JobResult> {
  return task.kind === 'baseline' ? baseline(task) : job(task);
}

function guarded<T>(action: () => T): Output<T> {
  try {
    return action();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { inputError: { file: e.file, path: e.path, problem: e.problem, allowed: e.allowed } };
  }
}

/**
 * The data source at a job's start, shared like SeedRun shares it between strategies: it does not
 * depend on the stops, so the job's baseline and its runs under every strategy (tasks that often
 * follow one another) build it once. The last few are kept per worker thread.
 */
const initials = new Map<string, DataSource>();
const INITIALS_KEPT = 2;

/** The worker thread's memory for its jobs (as the suite's worker): each task's outcome is read before the next job reuses it. */
const arena = new Arena(true);

function initialOf(scenario: Scenario, seed: number): DataSource {
  const key = JSON.stringify([{ ...scenario, stops: [] }, seed]);
  let source = initials.get(key);
  if (source !== undefined) initials.delete(key);
  else source = initialSource(scenario, seed);
  initials.set(key, source);
  if (initials.size > INITIALS_KEPT) initials.delete(initials.keys().next().value!);
  return source;
}

export function baseline(task: BaselineTask): Output<Baseline> {
  // Without stops every strategy behaves alike (SeedRun's baseline uses status quo too).
  return guarded(() => {
    const job = simulateJob(task.scenario, task.seed, statusQuo, initialOf(task.scenario, task.seed), [], { arena });
    return { busySeconds: job.busySeconds, endAt: job.endAt };
  });
}

export function job(task: JobTask): Output<JobResult> {
  return guarded(() => {
    const strategy = strategyById(task.strategy);
    const outcome = simulateJob(task.scenario, task.seed, strategy, initialOf(task.scenario, task.seed), undefined, { arena });
    const r = toResult(task.scenario, task.seed, strategy, outcome);
    const kept = outcome.iapi.tables.filter((t) => t.retainedSeconds > 0);
    return {
      endAt: outcome.endAt,
      failed: r.failed,
      busySeconds: r.busySeconds,
      // Null for a failed run: a failure is no saving.
      rerunSeconds: r.rerunSeconds,
      duplicates: r.duplicates,
      misses: r.misses,
      missesGone: r.missesGone,
      missedNewcomers: r.missedNewcomers,
      jobDetailsMaxBytes: r.jobDetailsMaxBytes,
      tempTablesKept: kept.length,
      tempTablesLeft: r.tempTablesLeft,
      tempTableRowSeconds: Math.round(kept.reduce((s, t) => s + t.rowCount * t.retainedSeconds, 0)),
      stops: r.stops.map(({ signalAt, latencySeconds, withinBudget, hardKilled, outcome: o }) => ({ signalAt, latencySeconds, withinBudget, hardKilled, outcome: o })),
    };
  });
}
