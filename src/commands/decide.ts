import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { onePositional, parseCommand } from '../cli-args.js';
import { defaultDecisionFile, loadDecision, type Decision, type SensitivitySpec } from '../analysis/decision-file.js';
import { analyseDecision } from '../analysis/decision-md.js';
import { formatShare, listOf } from '../analysis/format.js';
import { assumptionSweep, choiceText, describeAssumptionCost, planAssumptions } from '../analysis/assumption-sweep.js';
import { describeDiscoveryCost, discoverRegions, planDiscovery } from '../analysis/discovery.js';
import { baseValue, describeCost, planSensitivity, runSensitivity, variant } from '../analysis/sensitivity-study.js';
import { shareOf } from '../analysis/stability.js';
import { InputError } from '../errors.js';
import type { RunResult } from '../oracle/result.js';
import { writeDecisionReport } from '../report/decision-report.js';
import { loadScenarioDocument, type LoadedScenario } from '../scenario/load.js';
import { parseScenario } from '../scenario/schema.js';
import type { Scenario } from '../scenario/types.js';
import { simulateEach } from '../suite/pool.js';
import { defaultJobs } from '../suite/run-suite.js';
import { MANIFEST, RESULTS, readManifest } from '../suite/folder.js';
import { pendingUnits, shardRuns } from '../suite/plan.js';
import { lineKey, readRunLines } from '../suite/results-file.js';

export const DECIDE_USAGE = 'drainsim decide <suite-output-dir> [--decision file] [--sensitivity] [--assumptions] [--discover] [--json]';

const SUITE_FOLDER = "a folder written by 'drainsim suite <files> --out <dir>'";


/**
 * A finished, unsharded suite's runs and resolved scenarios. Strategies can only be compared on
 * the same scenario × seed runs, so every planned run must be there. The folder is only read:
 * a half-written last line means an unfinished suite, not something to repair here.
 */
function readSuiteOutput(dir: string): { results: RunResult[]; scenarios: LoadedScenario[] } {
  if (!existsSync(dir)) throw new InputError({ file: dir, problem: 'no such folder', allowed: SUITE_FOLDER });
  if (!statSync(dir).isDirectory()) throw new InputError({ file: dir, problem: 'not a folder', allowed: SUITE_FOLDER });
  const resultsPath = join(dir, RESULTS);
  if (!existsSync(resultsPath)) throw new InputError({ file: resultsPath, problem: 'missing', allowed: `${SUITE_FOLDER} (it holds ${RESULTS} and ${MANIFEST})` });
  const manifest = readManifest(dir, SUITE_FOLDER);
  if (manifest.shard !== '1/1') {
    throw new InputError({ file: join(dir, MANIFEST), problem: `shard ${manifest.shard} of a suite`, allowed: "a whole suite: join the shards with 'drainsim merge' first" });
  }
  const unfinished = "a finished suite (finish it with 'drainsim suite ... --resume')";
  const { lines: results, badBytes } = readRunLines<RunResult>(resultsPath);
  if (badBytes > 0) throw new InputError({ file: resultsPath, path: `line ${results.length + 1}`, problem: 'not a run (a half-written line?)', allowed: unfinished });
  const scenarios = manifest.scenarios.map((s) => s.scenario);
  const missing = pendingUnits(scenarios, manifest.strategies, { index: 1, count: 1 }, new Set(results.map(lineKey)));
  if (missing.length > 0) {
    const first = missing[0];
    const planned = shardRuns(scenarios, manifest.strategies, { index: 1, count: 1 });
    const problem = `holds ${results.length} of the suite's ${planned} runs (missing: ${scenarios[first.scenarioIndex].name} seed ${first.seed} ${first.strategies[0]})`;
    throw new InputError({ file: resultsPath, problem, allowed: unfinished });
  }
  return { results, scenarios: manifest.scenarios };
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
 * decision.json and the charts into the suite folder; with --sensitivity it first runs the
 * decision file's sensitivity study and decision map, with --assumptions the base scenario under
 * every assumption alternative, with --discover the scenario discovery, each stating its cost
 * before it starts (the simulations of --assumptions and --discover on the suite's worker
 * threads). With --json it prints decision.json.
 */
export async function decideCommand(args: string[], log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<string> {
  const { values, positionals } = parseCommand('decide', args, {
    decision: { type: 'string' },
    sensitivity: { type: 'boolean' },
    assumptions: { type: 'boolean' },
    discover: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const dir = onePositional(positionals, 'decide', 'suite-output-dir');
  const { results, scenarios } = readSuiteOutput(dir);
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
    log(`decide: assumptions: ${assumptions.summary}`);
  }
  let discovery = null;
  if (discoveryPlan) {
    log(`decide: discovery: ${describeDiscoveryCost(discoveryPlan)}; starting`);
    const points = discoveryPlan.points.map((p) => ({ scenario: p.scenario, strategies: discoveryPlan.strategies }));
    discovery = discoverRegions(discoveryPlan, await simulateEach(points, discoveryPlan.seeds, jobs, 'decide: discovery', log), decision);
  }
  const { files, json } = writeDecisionReport(dir, analysis, scenarios, sensitivity, { assumptions, discovery });
  if (values.json) return json.trimEnd();
  const { choice } = analysis;
  const verdict =
    choice.kind === 'chosen'
      ? `we choose ${choice.strategies[0]} (${choice.rule}; first in ${formatShare(shareOf(analysis.stability.weightedSum, choice.strategies[0]))} of weight draws, ${formatShare(analysis.uncertainty.seedStability.find((s) => s.strategy === choice.strategies[0])!.share)} of seed resamples)`
      : choice.kind === 'tie'
        ? `no single choice: ${listOf(choice.strategies)} are ${choice.rule}`
        : 'no strategy meets the constraints';
  const used = analysis.runs.reduce((n, r) => n + r.seeds.length, 0) * analysis.matrix.strategies.length;
  const leftOut = analysis.leftOut.length === 0 ? '' : ` (${analysis.leftOut.length} scenario${analysis.leftOut.length === 1 ? '' : 's'} left out: ${analysis.leftOut.map((l) => l.scenario).join(', ')}; see decision.md)`;
  const charts = files.filter((f) => f.startsWith('charts/')).length;
  return [
    `decide: ${verdict}, from ${used} of ${results.length} runs${leftOut}`,
    ...(assumptions ? assumptions.rows.map((r) => `decide: ${r.key} = ${r.alternative}${r.isBase ? ' (base)' : ''}: ${choiceText(r.choice)}`) : []),
    `decide: ${join(dir, 'decision.md')}, ${join(dir, 'decision.json')} and ${charts} charts in ${join(dir, 'charts')}`,
  ].join('\n');
}

/** The discovery's plan: the sensitivity parameters' ranges, each point a validated variant of the base scenario. */
function planDiscoveryOf(decision: Decision, spec: SensitivitySpec, baseDoc: unknown, baseFile: string) {
  const baseScenario = parseScenario(baseDoc, baseFile);
  const base: Record<string, number> = {};
  spec.parameters.forEach((p, i) => (base[p.path] = baseValue(baseDoc, baseScenario, p.path, `sensitivity.parameters[${i}].path`, decision, baseFile)));
  const ranges = spec.parameters.map((p) => ({ name: p.path, low: p.low, high: p.high, integer: p.integer }));
  return planDiscovery(ranges, spec.discovery, (values) => variant(baseDoc, base, values, decision, baseFile), spec.strategies, seedsFrom(baseScenario, spec.seeds), baseFile);
}
