import type { RunResult } from '../oracle/result.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { WorkerTimeline } from '../suite/worker.js';
import { scenarioCharts, type StrategyMarks } from './charts.js';
import { heading, image, list, paragraph, table, type Block } from './document.js';
import { FAULT_METRICS, faultCosts, faultsBySeed } from './fault-costs.js';
import { fmt, plural } from './format.js';
import { differingParameters } from './scenario-params.js';
import { seedsOf } from '../scenario/types.js';
import { METRICS, type StrategyStats } from './scenario-stats.js';
import { budgetCell, completesCell, countCell, needsCell, spreadCell } from './verdict-text.js';

export function seedsText(seeds: readonly number[]): string {
  return seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]} to ${seeds[seeds.length - 1]}`;
}

/** What the scenario's figures rest on: its question, file, seeds and the parameters that differ from the defaults. */
function basis({ file, scenario: sc }: LoadedScenario): Block[] {
  const params = differingParameters(sc);
  return [
    paragraph({ strong: 'Question:' }, ' ', sc.description === '' ? '(the scenario gives no description)' : sc.description),
    paragraph('File ', { code: file }, `; ${seedsText(seedsOf(sc))} (${plural(sc.runs, 'run')} per strategy); budget ${fmt(sc.budget)} s. Parameters that differ from the defaults (durations in seconds):`),
    params.length === 0 ? paragraph('none.') : list(params.map((p) => [{ code: p.parameter }, ` = ${p.value}`])),
  ];
}

/** The comparison table: a strategy per column, a metric per row, then the verdict rows. */
function comparison(stats: StrategyStats[]): Block {
  const rows = METRICS.map((m, i) => [m.label, ...stats.map((s) => spreadCell(s.metrics[i]))]);
  const verdicts: [string, (s: StrategyStats) => string][] = [
    ['verdict: within budget at p99', (s) => budgetCell(s.verdict)],
    ['verdict: zero duplicates', (s) => countCell(s.verdict.maxDuplicates)],
    ['verdict: zero misses', (s) => countCell(s.verdict.maxMisses)],
    ['verdict: every run completes', (s) => completesCell(s.verdict, s.runs.length)],
    ['verdict: IAPI changes it needs', (s) => needsCell(s.verdict)],
  ];
  return table(['metric (mean / p95 / max over seeds)', ...stats.map((s) => s.strategy)], [...rows, ...verdicts.map(([label, cell]) => [label, ...stats.map(cell)])]);
}

function failures(stats: StrategyStats[]): Block[] {
  const failed = stats.filter((s) => s.verdict.failedRuns > 0);
  if (failed.length === 0) return [];
  return [paragraph('Failed runs (the first message of each strategy):'), list(failed.map((s) => [{ strong: s.strategy }, ` (${s.verdict.failedRuns} of ${s.runs.length}): ${s.verdict.firstFailure}`]))];
}

/** Which faults each seed had, and what each cost per strategy (only faults that occurred). */
function faults(runs: RunResult[], strategies: string[]): Block[] {
  const seeds = faultsBySeed(runs);
  if (seeds.length === 0) return [paragraph('No named fault occurred in these runs.')];
  const rows = faultCosts(runs, strategies).flatMap((c) =>
    FAULT_METRICS.map((m, i) => [`${c.fault} (on in ${plural(c.seedsOn, 'seed')}, off in ${plural(c.seedsOff, 'seed')}): ${m.label}`, ...c.cells[i].map(({ on, off }) => `${on === null ? '-' : fmt(on)} / ${off === null ? '-' : fmt(off)}`)]),
  );
  return [
    paragraph('Named faults per seed (drawn from the seed, so every strategy of a seed meets the same ones):'),
    list(seeds.map((s) => [`seed ${s.seed}: ${s.faults}`])),
    paragraph('What each fault cost: means over the runs with the fault on / off. Other faults of the same runs are not held fixed, so read this as an association over the seeds, not an isolated effect.'),
    table(['fault: metric (mean on / off)', ...strategies], rows),
  ];
}

/** One scenario's part of the report. */
export function scenarioSection(index: number, loaded: LoadedScenario, stats: StrategyStats[], timelines: WorkerTimeline[], marks: StrategyMarks): Block[] {
  const sc = loaded.scenario;
  const strategies = stats.map((s) => s.strategy);
  const runs = stats.flatMap((s) => s.runs);
  return [
    heading(4, `${index + 1}. ${sc.name}`),
    ...basis(loaded),
    comparison(stats),
    ...failures(stats),
    ...faults(runs, strategies),
    ...scenarioCharts(index, sc, runs, timelines, strategies, marks).map(image),
  ];
}
