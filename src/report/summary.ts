import { countOf, listOf } from '../analysis/format.js';
import { mean, present } from '../analysis/stats.js';
import type { Scenario } from '../scenario/types.js';
import { strategyById } from '../strategies/registry.js';
import { list, paragraph, table, type Block, type Inline } from './document.js';
import { fmt, plural } from './format.js';
import type { StrategyStats } from './scenario-stats.js';
import { budgetCell, needsText } from './verdict-text.js';

/** One strategy in one scenario, for the summary. */
interface Entry {
  scenario: Scenario;
  stats: StrategyStats;
}

/** A strategy over every scenario in which it can run (its IAPI capabilities are on). */
interface StrategySummary {
  strategy: string;
  applicable: Entry[];
  /** Scenarios that turn off a capability it needs. */
  notApplicable: Entry[];
  /** Applicable scenarios where a stop found the job running, and those over budget at p99. */
  timed: Entry[];
  overBudget: Entry[];
  /** Applicable scenarios with a duplicate, a miss or a failed run. */
  inexact: Entry[];
}

const exact = (e: Entry) => e.stats.verdict.maxDuplicates === 0 && e.stats.verdict.maxMisses === 0 && e.stats.verdict.failedRuns === 0;

function summarise(strategy: string, perScenario: Entry[]): StrategySummary {
  const applicable = perScenario.filter((e) => e.stats.verdict.unavailable.length === 0);
  const timed = applicable.filter((e) => e.stats.verdict.withinBudget !== null);
  return {
    strategy,
    applicable,
    notApplicable: perScenario.filter((e) => e.stats.verdict.unavailable.length > 0),
    timed,
    overBudget: timed.filter((e) => e.stats.verdict.withinBudget === false),
    inexact: applicable.filter((e) => !exact(e)),
  };
}

/** Mean over scenarios of the per-scenario mean (each scenario counts the same), and the worst scenario's mean. */
function acrossScenarios(entries: Entry[], metric: (s: StrategyStats) => number[]): { mean: number; worst: number } {
  const means = entries.map((e) => mean(metric(e.stats)));
  return { mean: mean(means), worst: means.length === 0 ? 0 : Math.max(...means) };
}

const dups = (s: StrategyStats) => s.runs.map((r) => r.duplicates);
const misses = (s: StrategyStats) => s.runs.map((r) => r.misses);
const rerun = (s: StrategyStats) => present(s.runs.map((r) => r.rerunSeconds));
const held = (s: StrategyStats) => s.runs.map((r) => r.tempTableRetainedSeconds);
const maxOver = (entries: Entry[], f: (s: StrategyStats) => number[]) => Math.max(0, ...entries.flatMap((e) => f(e.stats)));

const meanWorst = ({ mean: m, worst }: { mean: number; worst: number }, unit = '') => `${fmt(m)}${unit} (worst scenario ${fmt(worst)}${unit})`;

function summaryTable(summaries: StrategySummary[]): Block {
  return table(
    ['strategy', 'design record', 'within budget at p99', 'exact (no duplicate, miss or failed run)', 'duplicate rows per run', 'misses per run', 'rerun time per run', 'temp table held per run', 'most temp tables left / largest JobDetails', 'IAPI must change'],
    summaries.map((s) => {
      const st = strategyById(s.strategy);
      return [
        s.strategy,
        st.option,
        `${s.timed.length - s.overBudget.length} of ${plural(s.timed.length, 'scenario')}`,
        `${s.applicable.length - s.inexact.length} of ${plural(s.applicable.length, 'scenario')}`,
        meanWorst(acrossScenarios(s.applicable, dups)),
        meanWorst(acrossScenarios(s.applicable, misses)),
        meanWorst(acrossScenarios(s.applicable, rerun), ' s'),
        meanWorst(acrossScenarios(s.applicable, held), ' s'),
        `${fmt(maxOver(s.applicable, (x) => x.runs.map((r) => r.tempTablesLeft)))} / ${fmt(maxOver(s.applicable, (x) => x.runs.map((r) => r.jobDetailsMaxBytes)))} bytes`,
        needsText(st.needs, 'short'),
      ];
    }),
  );
}

function inexactText(e: Entry): string {
  const v = e.stats.verdict;
  const parts = [
    v.maxDuplicates > 0 ? `up to ${plural(v.maxDuplicates, 'duplicate row')}` : '',
    v.maxMisses > 0 ? `up to ${plural(v.maxMisses, 'miss', 'misses')}` : '',
    v.failedRuns > 0 ? `${countOf(v.failedRuns, e.stats.runs.length, 'run')} failed` : '',
  ];
  return `${e.scenario.name} (${parts.filter((p) => p !== '').join(', ')})`;
}

/** Where a strategy comes from in the design record. */
function recordOption(option: string): string {
  return option === 'today' ? "today's behaviour" : option === 'beyond the record' ? 'beyond the design record' : `design record option ${option}`;
}

/** "the 1 scenario", "all 5 scenarios". */
const every = (n: number) => (n === 1 ? 'the 1 scenario' : `all ${n} scenarios`);

/** At most `shown` items, then how many more. */
function capped(items: string[], shown = 4): string {
  return items.length <= shown ? items.join('; ') : `${items.slice(0, shown).join('; ')}; and ${items.length - shown} more (see the scenario tables)`;
}

/** One strategy in words: where it misses the budget or exactness, what it costs, what IAPI must change. */
function strategyItem(s: StrategySummary): Inline[] {
  const st = strategyById(s.strategy);
  const sentences = [
    s.timed.length === 0
      ? 'No stop found the job running.'
      : s.overBudget.length === 0
        ? `Within budget at p99 in ${every(s.timed.length)} where a stop found the job running.`
        : `Over budget at p99 in ${s.overBudget.length} of ${plural(s.timed.length, 'scenario')}: ${capped(s.overBudget.map((e) => `${e.scenario.name} (${budgetCell(e.stats.verdict)})`))}.`,
    s.inexact.length === 0 ? `Exact in ${every(s.applicable.length)}.` : `Not exact in ${s.inexact.length} of ${plural(s.applicable.length, 'scenario')}: ${capped(s.inexact.map(inexactText))}.`,
    `Rerun time ${fmt(acrossScenarios(s.applicable, rerun).mean)} s per run on average; temp table held ${fmt(acrossScenarios(s.applicable, held).mean)} s per run on average.`,
    st.needs.length === 0 ? 'IAPI must change: nothing.' : `IAPI must: ${needsText(st.needs, 'long')}.`,
    s.notApplicable.length === 0 ? '' : `Cannot run in ${s.notApplicable.map((e) => e.scenario.name).join(', ')}, which ${s.notApplicable.length === 1 ? 'turns' : 'turn'} off ${needsText([...new Set(s.notApplicable.flatMap((e) => e.stats.verdict.unavailable))], 'short')}.`,
  ];
  return [{ strong: s.strategy }, ` (${recordOption(st.option)}; ${st.title}): `, sentences.filter((x) => x !== '').join(' ')];
}

/**
 * Strategies grouped by the scenarios where they fall short (`where`), fewest first: "restart,
 * keyset: <text for none>", "temp-table: only in a and b", "status-quo: in 18 of 19 scenarios".
 */
function grouped(summaries: StrategySummary[], where: (s: StrategySummary) => Entry[], of: (s: StrategySummary) => number, none: string, some: string): Inline[][] {
  const groups = new Map<string, StrategySummary[]>();
  for (const s of summaries) {
    const key = where(s).map((e) => e.scenario.name).join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()]
    .sort((a, b) => where(a[0]).length - where(b[0]).length)
    .map((group) => {
      const short = where(group[0]).map((e) => e.scenario.name);
      const text = short.length === 0 ? none : short.length <= 3 ? `${some} only in ${listOf(short)}` : `${some} in ${short.length} of ${plural(of(group[0]), 'scenario')}`;
      return [{ strong: listOf(group.map((s) => s.strategy)) }, `: ${text}.`];
    });
}

/** The answer to the design record's question in its own terms, with the per-strategy detail. */
export function summaryBlocks(scenarios: Scenario[], byScenario: StrategyStats[][]): Block[] {
  const strategies = byScenario[0]?.map((s) => s.strategy) ?? [];
  const summaries = strategies.map((strategy, j) => summarise(strategy, scenarios.map((scenario, i) => ({ scenario, stats: byScenario[i][j] }))));
  const budgets = [...new Set(scenarios.map((s) => s.budget))];
  const budget = budgets.length === 1 ? `the ${fmt(budgets[0])} s budget` : "each scenario's budget";
  return [
    paragraph(
      `The design record asks how the Export to LoadFile job can drain-stop within 5 minutes for an upgrade and resume without losing or repeating data, and what IAPI must change for it. Over ${plural(scenarios.length, 'scenario')}, counting for each strategy only the scenarios in which it can run (where the IAPI capabilities it needs are on):`,
    ),
    paragraph({ strong: 'Stop latency' }, ` (p99 against ${budget}; a stop ended by a kill is over budget whatever its latency):`),
    list(grouped(summaries, (s) => s.overBudget, (s) => s.timed.length, 'within budget in every scenario', 'over budget')),
    paragraph({ strong: 'Correctness' }, ' (no duplicate row, no miss, no failed run):'),
    list(grouped(summaries, (s) => s.inexact, (s) => s.applicable.length, 'exact in every scenario', 'not exact')),
    paragraph({ strong: 'Cost and IAPI changes' }, ' (means over scenarios of the per-scenario means over seeds; each scenario counts the same):'),
    summaryTable(summaries),
    paragraph('Per strategy (misses here are records of S0 still in the query at the end; records deleted or gone from the query are counted apart as "misses gone" in the scenario tables):'),
    list(summaries.map(strategyItem)),
  ];
}
