import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseCommand } from '../cli-args.js';
import { assumptionSweep, choiceText, describeAssumptionCost, planAssumptions } from '../analysis/assumption-sweep.js';
import { defaultDecisionFile, loadDecision, type Decision, type SensitivitySpec } from '../analysis/decision-file.js';
import { analyseDecision } from '../analysis/decision.js';
import { describeDiscoveryCost, discoverRegions, planDiscovery } from '../analysis/discovery.js';
import { formatShare, listOf } from '../analysis/format.js';
import { baseValue, describeCost, planSensitivity, runSensitivity, variant } from '../analysis/sensitivity-study.js';
import { shareOf } from '../analysis/stability.js';
import { InputError } from '../errors.js';
import type { RunResult } from '../oracle/result.js';
import { OutputFolder } from '../io/output-folder.js';
import { withoutControls } from '../report/escape.js';
import { REPORT_OUTPUTS } from '../report/outputs.js';
import { writeSuiteFolder } from '../report/suite-outputs.js';
import { loadScenarioDocument, type LoadedScenario } from '../scenario/load.js';
import { parseScenario } from '../scenario/schema.js';
import type { Scenario } from '../scenario/types.js';
import { MANIFEST, RESULTS, readManifest, runFileRules, TIMELINES } from '../suite/folder.js';
import { pendingUnits, shardRuns } from '../suite/plan.js';
import { simulateEach } from '../suite/pool.js';
import { lineKey, readRunLines } from '../suite/results-file.js';
import { defaultJobs } from '../suite/run-suite.js';
import type { WorkerTimeline } from '../suite/worker.js';
import { DECIDE } from './specs.js';

const SUITE_FOLDER = "a folder written by 'drainsim suite <files> --out <dir>'";
/** What decide writes into the suite folder: the decision, and the report it rewrites with the same bottom line. */
const DECISION_OUTPUTS = { files: [...REPORT_OUTPUTS.files], folders: [REPORT_OUTPUTS.charts] };

/**
 * A finished, unsharded suite's runs and resolved scenarios. Strategies can only be compared on
 * the same scenario × seed runs, so every planned run must be there. The folder is only read:
 * a half-written last line means an unfinished suite, not something to repair here.
 */
function readSuiteOutput(dir: string): { results: RunResult[]; scenarios: LoadedScenario[]; timelines: WorkerTimeline[] } {
  const resultsPath = join(dir, RESULTS);
  if (!existsSync(resultsPath)) throw new InputError({ file: resultsPath, problem: 'missing', allowed: `${SUITE_FOLDER} (it holds ${RESULTS} and ${MANIFEST})` });
  const manifest = readManifest(dir, SUITE_FOLDER);
  if (manifest.shard !== '1/1') {
    throw new InputError({ file: join(dir, MANIFEST), problem: `shard ${manifest.shard} of a suite`, allowed: "a whole suite: join the shards with 'drainsim merge' first" });
  }
  const unfinished = "a finished suite (finish it with 'drainsim suite ... --resume')";
  const rules = runFileRules(manifest);
  const { lines: results, badBytes } = readRunLines(resultsPath, rules.results);
  if (badBytes > 0) throw new InputError({ file: resultsPath, path: `line ${results.length + 1}`, problem: 'not a run (a half-written line?)', allowed: unfinished });
  const scenarios = manifest.scenarios.map((s) => s.scenario);
  const missing = pendingUnits(scenarios, manifest.strategies, { index: 1, count: 1 }, new Set(results.map(lineKey)));
  if (missing.length > 0) {
    const first = missing[0];
    const planned = shardRuns(scenarios, manifest.strategies, { index: 1, count: 1 });
    const problem = `holds ${results.length} of the suite's ${planned} runs (missing: ${scenarios[first.scenarioIndex].name} seed ${first.seed} ${first.strategies[0]})`;
    throw new InputError({ file: resultsPath, problem, allowed: unfinished });
  }
  // The report's timeline charts (a folder without them gets the report without those charts).
  const timelines = readRunLines(join(dir, TIMELINES), rules.timelines).lines;
  return { results, scenarios: manifest.scenarios, timelines };
}

function baseScenarioFile(decision: Decision, base: string): string {
  return isAbsolute(base) ? base : join(dirname(decision.file), base);
}

/** The decision file's sensitivity section and its base scenario (document and file), for the flags that need them. */
function sensitivityBase(decision: Decision, flag: string): { spec: SensitivitySpec; baseDoc: unknown; baseFile: string } {
  if (decision.sensitivity === undefined) {
    throw new InputError({ file: decision.file, path: 'sensitivity', problem: `missing, and ${flag} asks for it`, allowed: 'a sensitivity section (see scenarios/decision.yaml)' });
  }
  const baseFile = baseScenarioFile(decision, decision.sensitivity.base);
  let baseDoc: unknown;
  try {
    baseDoc = loadScenarioDocument(baseFile);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new InputError({ file: decision.file, path: 'sensitivity.base', problem: e.message, allowed: 'a scenario file, its path relative to the decision file' });
  }
  if (baseDoc !== null && typeof baseDoc === 'object' && 'sweep' in baseDoc) {
    throw new InputError({ file: decision.file, path: 'sensitivity.base', problem: `${baseFile} is a sweep file`, allowed: 'a scenario file without sweep (the studies vary the parameters themselves)' });
  }
  return { spec: decision.sensitivity, baseDoc, baseFile };
}

/** The seeds of a study: `count` from the base scenario's seed on. */
const seedsFrom = (base: Scenario, count: number) => Array.from({ length: count }, (_, i) => base.seed + i);

/**
 * `decide`: ranks the strategies of a finished suite by the decision file and writes decision.md,
 * decision.json and the charts into the suite folder, and rewrites report.md and report.html with
 * the same bottom line; with --sensitivity it first runs the decision file's sensitivity study and
 * decision map, with --assumptions the base scenario under every alternative of every assumption,
 * with --discover the scenario discovery, each stating its cost before it starts (the simulations
 * of --assumptions and --discover on the suite's worker threads). With --json it prints
 * decision.json.
 */
export async function decideCommand(args: string[], log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<string> {
  const { values, positionals } = parseCommand(DECIDE, args);
  const [dir] = positionals;
  // Locked while it reads the runs, runs the studies and writes: no suite may write the folder meanwhile.
  const folder = OutputFolder.reopen(dir, DECISION_OUTPUTS, 'decide', undefined, SUITE_FOLDER);
  try {
    return await decide(dir, values, log);
  } finally {
    folder.close();
  }
}

interface DecideOptions {
  decision?: string;
  sensitivity?: boolean;
  assumptions?: boolean;
  discover?: boolean;
  json?: boolean;
}

async function decide(dir: string, values: DecideOptions, log: (line: string) => void): Promise<string> {
  const { results, scenarios, timelines } = readSuiteOutput(dir);
  const decision = loadDecision(values.decision ?? defaultDecisionFile());
  // Everything the runs say first: bad input is refused before the studies spend any time.
  const analysis = analyseDecision(results, decision, scenarios.map((s) => s.scenario));
  const study = values.sensitivity ? sensitivityBase(decision, '--sensitivity') : null;
  const sweep = values.assumptions ? sensitivityBase(decision, '--assumptions') : null;
  const discover = values.discover ? sensitivityBase(decision, '--discover') : null;
  const sensitivityPlan = study && planSensitivity(decision, study.baseDoc, study.baseFile);
  const assumptionBase = sweep && parseScenario(sweep.baseDoc, sweep.baseFile);
  const assumptionPlan = sweep && assumptionBase && planAssumptions(assumptionBase, sweep.baseFile, sweep.spec.strategies, seedsFrom(assumptionBase, sweep.spec.assumptions.seeds));
  const discoveryPlan = discover && planDiscoveryOf(decision, discover.spec, discover.baseDoc, discover.baseFile);
  let sensitivity = null;
  if (sensitivityPlan) {
    const cost = describeCost(sensitivityPlan);
    log(`decide: sensitivity study: ${cost}; starting`);
    sensitivity = { result: runSensitivity(sensitivityPlan, decision), cost };
  }
  const jobs = defaultJobs();
  let assumptions = null;
  if (assumptionPlan) {
    log(`decide: assumptions: ${describeAssumptionCost(assumptionPlan)}; starting`);
    const runs = await simulateEach(assumptionPlan.variants, assumptionPlan.seeds, jobs, 'decide: assumptions', log);
    assumptions = assumptionSweep(assumptionPlan, runs, decision);
    log(withoutControls(`decide: assumptions: ${assumptions.summary}`));
  }
  let discovery = null;
  if (discoveryPlan) {
    log(`decide: discovery: ${describeDiscoveryCost(discoveryPlan)}; starting`);
    const points = discoveryPlan.points.map((p) => ({ scenario: p.scenario, strategies: discoveryPlan.strategies }));
    discovery = discoverRegions(discoveryPlan, await simulateEach(points, discoveryPlan.seeds, jobs, 'decide: discovery', log), decision);
  }
  const { decisionFiles, decisionJson } = writeSuiteFolder(dir, { scenarios, results, timelines }, decision, sensitivity, { assumptions, discovery });
  if (values.json) return decisionJson!.trimEnd();
  const { choice } = analysis;
  const verdict =
    choice.kind === 'chosen'
      ? `we choose ${choice.strategies[0]} (${choice.rule}; first in ${formatShare(shareOf(analysis.stability.weightedSum, choice.strategies[0]))} of weight draws)`
      : choice.kind === 'tie'
        ? `no single choice: ${listOf(choice.strategies)} are ${choice.rule}`
        : 'no strategy meets the constraints';
  const used = analysis.runs.reduce((n, r) => n + r.seeds.length, 0) * analysis.matrix.strategies.length;
  const leftOut = analysis.leftOut.length === 0 ? '' : ` (${analysis.leftOut.length} scenario${analysis.leftOut.length === 1 ? '' : 's'} left out: ${analysis.leftOut.map((l) => l.scenario).join(', ')}; see decision.md)`;
  // Scenario names come from files: no control character reaches the terminal.
  return withoutControls([
    `decide: ${verdict}, from ${used} of ${results.length} runs${leftOut}`,
    ...(assumptions ? assumptions.rows.map((r) => `decide: ${r.key} = ${r.alternative}${r.isBase ? ' (base)' : ''}: ${choiceText(r.choice)}`) : []),
    `decide: ${join(dir, 'decision.md')}, ${join(dir, 'decision.json')} and ${decisionFiles.length - 2} charts in ${join(dir, 'charts')}; report.md and report.html rewritten with the same bottom line`,
  ].join('\n'));
}

/** The discovery's plan: the sensitivity parameters' ranges, each point a validated variant of the base scenario. */
function planDiscoveryOf(decision: Decision, spec: SensitivitySpec, baseDoc: unknown, baseFile: string) {
  const baseScenario = parseScenario(baseDoc, baseFile);
  const base: Record<string, number> = {};
  spec.parameters.forEach((p, i) => (base[p.path] = baseValue(baseDoc, baseScenario, p.path, `sensitivity.parameters[${i}].path`, decision, baseFile)));
  const ranges = spec.parameters.map((p) => ({ name: p.path, low: p.low, high: p.high, integer: p.integer }));
  return planDiscovery(ranges, spec.discovery, (values) => variant(baseDoc, base, values, decision, baseFile), spec.strategies, seedsFrom(baseScenario, spec.seeds), baseFile);
}
