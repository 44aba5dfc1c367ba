import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { RunResult } from '../oracle/result.js';
import { REPORT_OUTPUTS } from '../report/outputs.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { sortRuns, type Shard } from './plan.js';
import { writeRunLines } from './results-file.js';
import type { WorkerTimeline } from './worker.js';

/** The files of a suite folder besides the report. */
export const RESULTS = 'results.jsonl';
export const TIMELINES = 'timelines.jsonl';
export const MANIFEST = 'suite.json';

/** What identifies a suite (suite.json): its resolved scenarios and their files, strategies and shard. */
export interface Manifest {
  scenarios: LoadedScenario[];
  strategies: string[];
  shard: string;
}

export function manifestOf(scenarios: readonly LoadedScenario[], strategies: readonly string[], shard: Shard): Manifest {
  return { scenarios: scenarios.map(({ file, scenario }) => ({ file, scenario })), strategies: [...strategies], shard: `${shard.index}/${shard.count}` };
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
}

export function readManifest(dir: string, allowed: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new InputError({ file: dir, problem: `not a suite folder (no ${MANIFEST})`, allowed });
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    if (Array.isArray(m.scenarios) && Array.isArray(m.strategies) && typeof m.shard === 'string') return m;
  } catch {
    // reported below
  }
  throw new InputError({ file: path, problem: 'not a suite manifest', allowed: `a ${MANIFEST} written by 'drainsim suite'` });
}

/** Same suite: the same resolved scenarios, strategies and shard (the files may be named another way). */
export function sameSuite(a: Manifest, b: Manifest, withShard: boolean): boolean {
  const key = (m: Manifest) => JSON.stringify([m.scenarios.map((s) => s.scenario), m.strategies, withShard ? m.shard : '']);
  return key(a) === key(b);
}

/** A suite's runs: every result, and the timelines of each scenario's first seed. */
export interface SuiteRuns {
  results: RunResult[];
  timelines: WorkerTimeline[];
}

/** Both in plan order: what makes a suite's files identical however it was scheduled, interrupted, resumed or sharded. */
export function inPlanOrder(runs: SuiteRuns, scenarios: readonly Scenario[], strategies: readonly string[]): SuiteRuns {
  return { results: sortRuns(runs.results, scenarios, strategies), timelines: sortRuns(runs.timelines, scenarios, strategies) };
}

/** Writes a finished suite's results.jsonl and timelines.jsonl whole (timelines first, as when appending). */
export function writeRuns(dir: string, runs: SuiteRuns): void {
  writeRunLines(join(dir, TIMELINES), runs.timelines);
  writeRunLines(join(dir, RESULTS), runs.results);
}

function isEmptyFolder(dir: string): boolean {
  return statSync(dir).isDirectory() && readdirSync(dir).length === 0;
}

/** A temporary file of writeFileAtomic that a kill left behind. */
const ATOMIC_LEFTOVER = /\.tmp-\d+$/;

/** Removes what drainsim writes in a suite folder (nothing else): its suite files, the report, charts/*.png, leftover temporary files. */
function removeOutputs(dir: string): void {
  const ours = new Set<string>([RESULTS, TIMELINES, MANIFEST, ...REPORT_OUTPUTS.files]);
  for (const f of readdirSync(dir)) if (ours.has(f) || ATOMIC_LEFTOVER.test(f)) rmSync(join(dir, f), { force: true });
  const charts = join(dir, REPORT_OUTPUTS.charts);
  if (existsSync(charts)) for (const f of readdirSync(charts)) if (f.endsWith('.png') || ATOMIC_LEFTOVER.test(f)) rmSync(join(charts, f), { force: true });
}

/**
 * Claims `--out` for a new suite or a merge: an existing folder that is not empty is never written
 * over without --force, and --force removes only what drainsim wrote there.
 */
export function claimFolder(out: string, force: boolean): void {
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new InputError({ path: `--out ${out}`, problem: 'is a file', allowed: 'a new or empty folder, or a suite folder with --force' });
    if (!isEmptyFolder(out)) {
      if (!force) throw new InputError({ path: `--out ${out}`, problem: 'the folder exists and is not empty', allowed: '--resume to finish the suite in it, --force to replace its suite and report, or a new folder' });
      removeOutputs(out);
    }
  }
  mkdirSync(out, { recursive: true });
}
