import { Piscina } from 'piscina';
import { InputError } from '../errors.js';
import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import { Progress } from './progress.js';
import type { WorkerOutput, WorkerTask } from './worker.js';

/**
 * The suite's worker threads (piscina, worker.ts), at most `jobs`. No idle threads kept: after a
 * drain-stop no replacement thread is started for an aborted one.
 */
export function suiteWorkers(jobs: number): Piscina<WorkerTask, WorkerOutput> {
  return new Piscina<WorkerTask, WorkerOutput>({ filename: new URL('./worker.ts', import.meta.url).href, minThreads: 0, maxThreads: jobs, idleTimeout: 1000 });
}

/** One (scenario, seed) for some strategies: a unit of work for the suite's worker threads. */
export interface SimulationTask {
  scenario: Scenario;
  seed: number;
  strategies: string[];
}

/**
 * Simulates every task on the suite's worker threads (piscina, worker.ts) with its progress
 * lines, and returns each task's runs in task order (so the result does not depend on
 * scheduling). For studies that write nothing until they finish (decide --assumptions,
 * --discover): nothing is appended as it goes, and an interruption simply ends the process.
 */
export async function simulateOnWorkers(tasks: readonly SimulationTask[], jobs: number, label: string, log: (line: string) => void): Promise<RunResult[][]> {
  const total = tasks.reduce((n, t) => n + t.strategies.length, 0);
  const progress = new Progress(total, 0, jobs, log, { what: label, unit: 'runs' });
  const pool = suiteWorkers(jobs);
  try {
    return await Promise.all(
      tasks.map(async (task) => {
        const out = await pool.run({ ...task, timelines: false });
        if (out.inputError) throw new InputError(out.inputError);
        progress.tick(out.results.length);
        return out.results;
      }),
    );
  } finally {
    progress.stop();
    await pool.destroy();
  }
}

/** Each scenario on every seed for its strategies, on the worker threads: one list of runs per scenario, in order. */
export async function simulateEach(
  scenarios: readonly { scenario: Scenario; strategies: string[] }[],
  seeds: readonly number[],
  jobs: number,
  label: string,
  log: (line: string) => void,
): Promise<RunResult[][]> {
  const tasks = scenarios.flatMap(({ scenario, strategies }) => seeds.map((seed) => ({ scenario, seed, strategies })));
  const runs = await simulateOnWorkers(tasks, jobs, label, log);
  return scenarios.map((_, i) => runs.slice(i * seeds.length, (i + 1) * seeds.length).flat());
}
