import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeValue, formatPath, InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { OutputFolder, type Outputs } from '../io/output-folder.js';
import { withFileErrors } from '../io/yaml-file.js';
import type { RunResult } from '../oracle/result.js';
import { REPORT_OUTPUTS } from '../report/outputs.js';
import type { LoadedScenario } from '../scenario/load.js';
import { LIMITS } from '../scenario/limits.js';
import { parseResolvedScenario } from '../scenario/resolved.js';
import type { Scenario } from '../scenario/types.js';
import { STRATEGIES } from '../strategies/registry.js';
import { inPlan, MAX_SHARDS, sortRuns, suiteRuns, type Shard } from './plan.js';
import { writeRunLines, type RunLineRules } from './results-file.js';
import { runResultSchema, timelineSchema } from '../schemas/run-result.js';
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

/** A suite.json larger than this is not one drainsim wrote. */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

const manifestSchema = z.strictObject({
  scenarios: z.array(z.strictObject({ file: z.string().max(4096), scenario: z.unknown() })).min(1),
  strategies: z.array(z.string().max(100)).min(1),
  shard: z.string().max(30),
});

/**
 * Reads suite.json, validated with the schemas it is written with: every scenario as a scenario
 * file's would be (scenario/resolved.ts), the strategies of the registry each once, a shard, and
 * at most LIMITS.suiteRuns runs. A tampered or foreign manifest gets one line, before anything is
 * sized from it.
 */
export function readManifest(dir: string, allowed: string): Manifest {
  const path = join(dir, MANIFEST);
  const stats = withFileErrors(path, () => lstatSync(path, { throwIfNoEntry: false }));
  if (stats === undefined) throw new InputError({ file: dir, problem: `not a suite folder (no ${MANIFEST})`, allowed });
  const own = `a ${MANIFEST} written by 'drainsim suite'`;
  if (!stats.isFile()) throw new InputError({ file: path, problem: stats.isSymbolicLink() ? 'is a symbolic link' : 'not a regular file', allowed: own });
  if (stats.size > MAX_MANIFEST_BYTES) throw new InputError({ file: path, problem: `${stats.size} bytes`, allowed: `${own}, at most ${MAX_MANIFEST_BYTES} bytes` });
  let raw: unknown;
  try {
    raw = JSON.parse(withFileErrors(path, () => readFileSync(path, 'utf8')));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError({ file: path, problem: 'not JSON', allowed: own });
  }
  const parsed = manifestSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError({ file: path, path: formatPath(issue.path) || undefined, problem: issue.code === 'unrecognized_keys' ? `unknown key ${describeValue(issue.keys[0])}` : `got ${describeValue(issue.input)}`, allowed: own });
  }
  const m = parsed.data;
  const ids = STRATEGIES.map((s) => s.id);
  m.strategies.forEach((id, i) => {
    if (!ids.includes(id) || m.strategies.indexOf(id) !== i) throw new InputError({ file: path, path: `strategies[${i}]`, problem: `got ${describeValue(id)}${ids.includes(id) ? ' a second time' : ''}`, allowed: `strategy ids of this drainsim, each once: ${ids.join(', ')}` });
  });
  const shard = /^(\d+)\/(\d+)$/.exec(m.shard);
  if (!shard || Number(shard[2]) < 1 || Number(shard[1]) < 1 || Number(shard[1]) > Number(shard[2]) || Number(shard[2]) > MAX_SHARDS) {
    throw new InputError({ file: path, path: 'shard', problem: `got ${describeValue(m.shard)}`, allowed: `i/n with 1 <= i <= n <= ${MAX_SHARDS}` });
  }
  const scenarios = m.scenarios.map(({ file, scenario }, i) => ({ file, scenario: parseResolvedScenario(scenario, path, ['scenarios', i, 'scenario']) }));
  // Runs are keyed by scenario name.
  scenarios.forEach(({ scenario }, i) => {
    const first = scenarios.findIndex((s) => s.scenario.name === scenario.name);
    if (first !== i) throw new InputError({ file: path, path: `scenarios[${i}].scenario.name`, problem: `${describeValue(scenario.name)}, the name of scenarios[${first}] too`, allowed: 'a name no other scenario of the suite has' });
  });
  const runs = suiteRuns(scenarios.map((s) => s.scenario), m.strategies);
  if (runs > LIMITS.suiteRuns) throw new InputError({ file: path, path: 'scenarios', problem: `${runs} runs`, allowed: `at most ${LIMITS.suiteRuns} runs (scenario × seed × strategy) in a suite` });
  return { scenarios, strategies: m.strategies, shard: m.shard };
}

/** What a suite's runs files may hold: results and timelines of its plan for one shard (src/schemas/run-result.ts). */
export function runFileRules(m: Manifest): { results: RunLineRules<RunResult>; timelines: RunLineRules<WorkerTimeline> } {
  const scenarios = m.scenarios.map((s) => s.scenario);
  const [index, count] = m.shard.split('/').map(Number);
  const shard = { index, count };
  return {
    // The schemas accept the issue-11 fields too (CONTRACT-11.md); the lines are the writer's types.
    results: { schema: runResultSchema as unknown as z.ZodType<RunResult>, planned: inPlan(scenarios, m.strategies, shard) },
    timelines: { schema: timelineSchema as unknown as z.ZodType<WorkerTimeline>, planned: inPlan(scenarios, m.strategies, shard, true) },
  };
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

/** What drainsim writes in a suite folder: its suite files, the report and decision, and charts/. */
export const SUITE_OUTPUTS: Outputs = { files: [MANIFEST, RESULTS, TIMELINES, ...REPORT_OUTPUTS.files], folders: [REPORT_OUTPUTS.charts] };

/**
 * Claims `--out` for a new suite or a merge: an existing folder that is not empty is never written
 * over without --force, and --force removes only what drainsim wrote there. Locked until closed.
 */
export function claimFolder(out: string, force: boolean, command: string): OutputFolder {
  return OutputFolder.claim(out, force, SUITE_OUTPUTS, command);
}
