import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { RunResult } from '../oracle/result.js';
import type { LoadedScenario } from '../scenario/load.js';
import { adoptFile } from '../io/atomic.js';
import { OutputFolder } from '../io/output-folder.js';
import { suiteWorkers } from './pool.js';
import { claimFolder, inPlanOrder, MANIFEST, manifestOf, readManifest, RESULTS, runFileRules, sameSuite, SUITE_OUTPUTS, TIMELINES, type SuiteRuns, writeManifest, writeRuns } from './folder.js';
import { pendingUnits, shardRuns, type Shard } from './plan.js';
import { Progress } from './progress.js';
import { cutAt, lineKey, readRunLines, RunLineAppender, type RunLine, type RunLineRules } from './results-file.js';
import type { WorkerTimeline } from './worker.js';

export interface SuiteInput {
  scenarios: LoadedScenario[];
  strategies: string[];
  out: string;
  jobs: number;
  resume: boolean;
  force: boolean;
  shard: Shard;
}

/** All results and timelines of this output folder, in plan order. */
export interface SuiteOutcome extends SuiteRuns {
  ranNow: number;
  /** The signal that drain-stopped the suite, or null when every run of the shard is done. */
  interruptedBy: NodeJS.Signals | null;
}

/**
 * Opens the output folder for the suite (locked until closed): a new one, one replaced with
 * --force, or with --resume the same suite's folder (its leftover temporary files removed).
 */
export function openSuiteFolder(input: SuiteInput): OutputFolder {
  const m = manifestOf(input.scenarios, input.strategies, input.shard);
  if (input.resume && input.force) throw new InputError({ path: '--resume', problem: 'given with --force', allowed: '--resume to finish the suite in the folder, or --force to start it over' });
  const allowed = `a folder written by an earlier 'suite' run, with the same scenarios, strategies and shard`;
  const folder = input.resume ? OutputFolder.reopen(input.out, SUITE_OUTPUTS, 'suite --resume', '--out', allowed) : claimFolder(input.out, input.force, 'suite');
  try {
    if (input.resume && !sameSuite(readManifest(input.out, allowed), m, true)) {
      throw new InputError({ file: join(input.out, MANIFEST), problem: 'the suite here was started with other scenarios, strategies or shard', allowed: 'the same inputs as the first run, or --force to start over' });
    }
    writeManifest(input.out, m);
  } catch (e) {
    folder.close();
    throw e;
  }
  return folder;
}

/** Reads a runs file, cutting off a half-written last line (its run is then redone). */
function readAndRepair<T extends RunLine>(path: string, rules: RunLineRules<T>, log: (line: string) => void): T[] {
  const { lines, goodBytes, badBytes } = readRunLines(path, rules);
  if (badBytes > 0) {
    adoptFile(path); // only a file drainsim wrote is ever cut
    cutAt(path, goodBytes);
    log(`suite: cut a half-written last line (${badBytes} bytes) from ${path}; its run is redone`);
  }
  return lines;
}

/**
 * Run every scenario x seed x strategy of the shard on worker threads, appending each finished
 * run to results.jsonl, in a folder opened with openSuiteFolder. On SIGINT/SIGTERM it drain-stops
 * itself: no new work, workers in flight are terminated, finished lines stay; `--resume` redoes
 * only what is missing.
 */
export async function runSuite(input: SuiteInput, log: (line: string) => void): Promise<SuiteOutcome> {
  const resultsPath = join(input.out, RESULTS);
  const timelinesPath = join(input.out, TIMELINES);
  const rules = runFileRules(manifestOf(input.scenarios, input.strategies, input.shard));
  const results = readAndRepair(resultsPath, rules.results, log);
  // A timeline without its result is dropped: the unit is redone and sends it again.
  const done = new Set(results.map(lineKey));
  const timelines = readAndRepair(timelinesPath, rules.timelines, log).filter((t) => done.has(lineKey(t)));
  const scenarios = input.scenarios.map((s) => s.scenario);
  const units = pendingUnits(scenarios, input.strategies, input.shard, done);
  const total = shardRuns(scenarios, input.strategies, input.shard);
  const progress = new Progress(total, total - units.reduce((n, u) => n + u.strategies.length, 0), input.jobs, log);
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per queued unit
  let interruptedBy: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interruptedBy !== null) return;
    interruptedBy = sig;
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let ranNow = 0;
  const appender = new RunLineAppender(resultsPath);
  const timelineAppender = new RunLineAppender(timelinesPath);
  const pool = suiteWorkers(input.jobs);
  try {
    const settled = await Promise.allSettled(
      units.map(async (u) => {
        const scenario = scenarios[u.scenarioIndex];
        try {
          const out = await pool.run({ scenario, seed: u.seed, strategies: u.strategies, timelines: u.seed === scenario.seed }, { signal: abort.signal });
          if (out.inputError) throw new InputError({ ...out.inputError, file: out.inputError.file ?? input.scenarios[u.scenarioIndex].file });
          // Timelines first: a kill between the two writes leaves a timeline without its result, which is dropped.
          timelineAppender.append(out.timelines);
          appender.append(out.results);
          // As the lines hold them (JSON has no -0): the report of a resumed suite reads them back from the file.
          results.push(...asWritten(out.results));
          timelines.push(...asWritten(out.timelines));
          ranNow += out.results.length;
          progress.tick(out.results.length);
        } catch (e) {
          if (abort.signal.aborted) return;
          abort.abort();
          throw e;
        }
      }),
    );
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
    appender.close();
    timelineAppender.close();
    await pool.destroy();
  }
  const ordered = inPlanOrder({ results, timelines }, scenarios, input.strategies);
  if (interruptedBy === null) writeRuns(input.out, ordered);
  return { ...ordered, ranNow, interruptedBy };
}

/** Runs as results.jsonl holds them: what a resumed suite reads back, so its report is the same. */
function asWritten<T>(runs: readonly T[]): T[] {
  return runs.map((r) => JSON.parse(JSON.stringify(r)) as T);
}

export function defaultJobs(): number {
  return availableParallelism();
}
