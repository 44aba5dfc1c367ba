import { Piscina } from 'piscina';
import { InputError } from '../errors.js';
import type { Scenario } from '../scenario/types.js';
import * as worker from './worker.js';
import type { Baseline, BaselineTask, JobResult, JobTask, Output, Task } from './worker.js';

/**
 * Where the fleet's single-job simulations run, and the cache that runs each distinct one once:
 * jobs whose inputs repeat (the same scenario, seed and strategy, after quantisation) share one
 * simulation. A worker pool (the suite's piscina pattern) for the CLI; in-process for tests.
 */

export interface Runner {
  baseline(task: BaselineTask): Promise<Output<Baseline>>;
  job(task: JobTask): Promise<Output<JobResult>>;
  close(): Promise<void>;
}

export function inProcessRunner(): Runner {
  return {
    baseline: async (task) => worker.baseline(task),
    job: async (task) => worker.job(task),
    close: async () => {},
  };
}

export function poolRunner(threads: number): Runner {
  const pool = new Piscina<Task, Output<Baseline> | Output<JobResult>>({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 1000,
  });
  return {
    baseline: (task) => pool.run({ kind: 'baseline', ...task }) as Promise<Output<Baseline>>,
    job: (task) => pool.run({ kind: 'job', ...task }) as Promise<Output<JobResult>>,
    close: () => pool.destroy(),
  };
}

function unwrap<T extends object>(out: Output<T>): T {
  if ('inputError' in out) throw new InputError(out.inputError);
  return out;
}

export class Simulations {
  private readonly baselines = new Map<string, Promise<Baseline>>();
  private readonly jobs = new Map<string, Promise<JobResult>>();
  /** Single-job simulations asked for, and those that ran (the rest were reused). */
  asked = 0;
  ran = 0;
  /** The first simulation that failed (bad input found as a job ran): no new one starts after it. */
  private failure: { error: unknown } | null = null;

  constructor(private readonly runner: Runner) {}

  /** The job without stops (its scenario must have none). */
  baseline(scenario: Scenario, seed: number): Promise<Baseline> {
    return this.once(this.baselines, JSON.stringify([scenario, seed]), () => this.runner.baseline({ scenario, seed }).then(unwrap));
  }

  /** The job under one strategy (its rerun time is measured from the job itself). */
  job(scenario: Scenario, seed: number, strategy: string): Promise<JobResult> {
    return this.once(this.jobs, JSON.stringify([scenario, seed, strategy]), async () => unwrap(await this.runner.job({ scenario, seed, strategy })));
  }

  private once<T>(cache: Map<string, Promise<T>>, key: string, run: () => Promise<T>): Promise<T> {
    if (this.failure !== null) return Promise.reject(this.failure.error);
    this.asked++;
    let p = cache.get(key);
    if (p === undefined) {
      this.ran++;
      p = run().catch((error: unknown) => {
        this.failure ??= { error };
        throw error;
      });
      cache.set(key, p);
    }
    return p;
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
