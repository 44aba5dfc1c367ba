import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseCommand } from '../cli-args.js';
import { defaultDecisionFile, loadDecision, type Decision } from '../analysis/decision-file.js';
import { analyseDecision } from '../analysis/decision.js';
import { formatShare, listOf } from '../analysis/format.js';
import { describeCost, planSensitivity, runSensitivity } from '../analysis/sensitivity-study.js';
import { shareOf } from '../analysis/stability.js';
import { InputError } from '../errors.js';
import type { RunResult } from '../oracle/result.js';
import { OutputFolder } from '../io/output-folder.js';
import { withoutControls } from '../report/escape.js';
import { REPORT_OUTPUTS } from '../report/outputs.js';
import { writeSuiteFolder } from '../report/suite-outputs.js';
import { loadScenarioDocument, type LoadedScenario } from '../scenario/load.js';
import { MANIFEST, RESULTS, readManifest, runFileRules, TIMELINES } from '../suite/folder.js';
import { pendingUnits, shardRuns } from '../suite/plan.js';
import { lineKey, readRunLines } from '../suite/results-file.js';
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

/**
 * `decide`: ranks the strategies of a finished suite by the decision file and writes decision.md
 * and its charts into the suite folder; with --sensitivity it first runs the decision file's
 * sensitivity study and decision map on the simulator, stating their cost before they start.
 */
export function decideCommand(args: string[], log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  const { values, positionals } = parseCommand(DECIDE, args);
  const [dir] = positionals;
  // Locked while it reads the runs and writes the decision and report: no suite may write the folder meanwhile.
  const folder = OutputFolder.reopen(dir, DECISION_OUTPUTS, 'decide', undefined, SUITE_FOLDER);
  try {
    return decide(dir, values, log);
  } finally {
    folder.close();
  }
}

function decide(dir: string, values: { decision?: string; sensitivity?: boolean }, log: (line: string) => void): string {
  const { results, scenarios, timelines } = readSuiteOutput(dir);
  const decision = loadDecision(values.decision ?? defaultDecisionFile());
  // Everything the runs say first: bad input is refused before the study spends any time.
  const analysis = analyseDecision(results, decision, scenarios.map((s) => s.scenario));
  let sensitivity = null;
  if (values.sensitivity) {
    if (decision.sensitivity === undefined) {
      throw new InputError({ file: decision.file, path: 'sensitivity', problem: 'missing, and --sensitivity asks for it', allowed: 'a sensitivity section (see scenarios/decision.yaml)' });
    }
    const baseFile = baseScenarioFile(decision, decision.sensitivity.base);
    let baseDoc: unknown;
    try {
      baseDoc = loadScenarioDocument(baseFile);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError({ file: decision.file, path: 'sensitivity.base', problem: e.message, allowed: 'a scenario file, its path relative to the decision file' });
    }
    const plan = planSensitivity(decision, baseDoc, baseFile);
    const cost = describeCost(plan);
    log(`decide: sensitivity study: ${cost}; starting`);
    sensitivity = { result: runSensitivity(plan, decision), cost };
  }
  const { decisionFiles } = writeSuiteFolder(dir, { scenarios, results, timelines }, decision, sensitivity);
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
    `decide: ${join(dir, 'decision.md')} and ${decisionFiles.length - 1} charts in ${join(dir, 'charts')}; report.md and report.html rewritten with the same bottom line`,
  ].join('\n'));
}
