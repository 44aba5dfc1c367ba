import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import { pendingUnits, planRuns, resultKey, sortResults, type Shard } from './plan.js';
import { Progress } from './progress.js';
import { readResults, ResultsAppender } from './results-file.js';
import type { WorkerOutput, WorkerTask, WorkerTimeline } from './worker.js';

export interface SuiteInput {
  scenarios: { file: string; scenario: Scenario }[];
  strategies: string[];
  out: string;
  jobs: number;
  resume: boolean;
  force: boolean;
  shard: Shard;
}

export interface SuiteOutcome {
  /** All results of this output folder, in plan order. */
  results: RunResult[];
  timelines: WorkerTimeline[];
  /** True when every run of the shard is done. */
  complete: boolean;
  ranNow: number;
  interruptedBy: NodeJS.Signals | null;
}

const RESULTS = 'results.jsonl';
const TIMELINES = 'timelines.jsonl';
const MANIFEST = 'suite.json';

/** What identifies a suite: its resolved scenarios, strategies and shard (a resume must match it; merge reads it). */
function manifest(input: SuiteInput): string {
  return JSON.stringify(
    {
      scenarios: input.scenarios.map(({ file, scenario }) => ({ file, scenario })),
      strategies: input.strategies,
      shard: `${input.shard.index}/${input.shard.count}`,
    },
    null,
    2,
  );
}

/** Check the output folder against --resume / --force, and prepare it. */
function prepareOut(input: SuiteInput): void {
  const m = manifest(input);
  const manifestPath = join(input.out, MANIFEST);
  if (input.resume) {
    if (!existsSync(manifestPath)) throw new InputError({ problem: 'no suite to resume here', path: `--out ${input.out}`, allowed: `a folder written by an earlier 'suite' run (it holds ${MANIFEST})` });
    if (readFileSync(manifestPath, 'utf8') !== m) {
      throw new InputError({ problem: 'the suite here was started with other scenarios, strategies or shard', file: manifestPath, allowed: 'the same inputs as the first run, or --force to start over' });
    }
    return;
  }
  if (existsSync(input.out) && existsSync(manifestPath) && !input.force) {
    throw new InputError({ problem: 'already holds a suite', path: `--out ${input.out}`, allowed: '--resume to finish it, --force to replace it, or another folder' });
  }
  mkdirSync(input.out, { recursive: true });
  for (const f of [RESULTS, TIMELINES]) rmSync(join(input.out, f), { force: true });
  writeFileAtomic(manifestPath, m);
}

function readTimelines(path: string): WorkerTimeline[] {
  return readResults(path).results as unknown as WorkerTimeline[];
}

/**
 * Run every scenario x seed x strategy of the shard on worker threads, appending each finished
 * run to results.jsonl. On SIGINT/SIGTERM it drain-stops itself: no new work, workers in flight
 * are terminated, finished lines stay; `--resume` redoes only what is missing.
 */
export async function runSuite(input: SuiteInput, log: (line: string) => void): Promise<SuiteOutcome> {
  prepareOut(input);
  const resultsPath = join(input.out, RESULTS);
  const timelinesPath = join(input.out, TIMELINES);
  const prior = readResults(resultsPath);
  if (prior.repairedBytes > 0) log(`suite: cut a half-written last line (${prior.repairedBytes} bytes) from ${resultsPath}; its run is redone`);
  const timelines = readTimelines(timelinesPath);
  const done = new Set(prior.results.map(resultKey));
  const scenarios = input.scenarios.map((s) => s.scenario);
  const units = pendingUnits(scenarios, input.strategies, input.shard, done);
  const total = pendingUnits(scenarios, input.strategies, input.shard, new Set()).reduce((n, u) => n + u.strategies.length, 0);
  const results = prior.results.slice();
  const appender = new ResultsAppender(resultsPath);
  const timelineAppender = new ResultsAppender(timelinesPath);
  const progress = new Progress(total, total - units.reduce((n, u) => n + u.strategies.length, 0), log);
  const abort = new AbortController();
  let interruptedBy: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interruptedBy !== null) return;
    interruptedBy = sig;
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const pool = new Piscina<WorkerTask, WorkerOutput>({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: Math.min(input.jobs, Math.max(1, units.length)),
    maxThreads: input.jobs,
    idleTimeout: 1000,
  });
  let ranNow = 0;
  try {
    await Promise.all(
      units.map(async (u) => {
        const scenario = scenarios[u.scenarioIndex];
        try {
          const out = await pool.run({ scenario, seed: u.seed, strategies: u.strategies, timelines: u.seed === scenario.seed }, { signal: abort.signal });
          if (abort.signal.aborted) return;
          appender.append(out.results);
          timelineAppender.append(out.timelines as unknown as RunResult[]);
          results.push(...out.results);
          timelines.push(...out.timelines);
          ranNow += out.results.length;
          progress.tick(out.results.length);
        } catch (e) {
          if (abort.signal.aborted) return;
          abort.abort();
          throw e;
        }
      }),
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
    appender.close();
    timelineAppender.close();
    await pool.destroy();
  }
  const sorted = sortResults(results, scenarios, input.strategies);
  const complete = interruptedBy === null;
  if (complete) {
    // Plan order makes the file identical however the runs were scheduled.
    writeFileAtomic(resultsPath, sorted.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
  return { results: sorted, timelines, complete, ranNow, interruptedBy };
}

export function defaultJobs(): number {
  return availableParallelism();
}

/** Runs a shard plan would hold (for messages). */
export function plannedRuns(scenarios: Scenario[], strategies: string[]): number {
  return planRuns(scenarios, strategies).length;
}
