import type { AssumptionUse } from '../analysis/assumptions-used.js';
import type { BottomLine, BudgetOutcome, Driver, Figure, StrategyOutcome } from '../analysis/bottom-line.js';
import { PLAIN_RULE } from '../analysis/decision.js';
import { countOf, CRITERION_TEXT, formatDuration, formatNumber, formatScore, formatShare, listOf, plural } from '../analysis/format.js';
import { heading, list, paragraph, table, type Block, type HeadingLevel, type Inline, type Section } from './document.js';

/**
 * The bottom line, the same block at the top of report.md, report.html and decision.md: the
 * recommended strategy, the runner-up and the margin, the budget outcome, what decides it (the
 * estimated inputs named as estimates), its costs in the user's words, how sure it is, what is
 * ruled out and why; then one table of all strategies. Rendered from analysis/bottom-line.ts.
 */

const label = (text: string): Inline => ({ strong: text });

function budgetWords(b: BudgetOutcome, budget: number): string {
  if (b.stops === 0) return 'no stop found the job running';
  const kills = b.killed === 0 ? 'no stop ended by a kill' : `${countOf(b.killed, b.stops, 'stop')} ended by a kill, which counts as over budget`;
  return `p99 stop latency ${formatNumber(b.p99Latency!)} s, ${b.within ? 'within' : 'over'} the ${formatNumber(budget)} s budget (${kills})`;
}

function figureWords(f: Figure, unit: (x: number) => string): string {
  return f.worstRun === f.perRun ? unit(f.perRun) : `${unit(f.perRun)} per run (worst run ${unit(f.worstRun)})`;
}

const count = (word: string, many?: string) => (x: number) => (Number.isInteger(x) ? plural(x, word, many) : `${formatNumber(x)} ${many ?? `${word}s`}`);

function driverWords(d: Driver): string {
  const { label: name, unit } = CRITERION_TEXT[d.criterion];
  const sign = d.contribution > 0 ? '+' : '−';
  return `${name} ${formatNumber(d.recommended)}${unit} against ${formatNumber(d.runnerUp)}${unit}${d.estimate ? ' (estimates)' : ''}: ${sign}${formatScore(Math.abs(d.contribution))}`;
}

/** The largest drivers in words, then how many smaller ones. */
function driversWords(drivers: Driver[], shown = 3): string {
  if (drivers.length === 0) return 'nothing';
  const rest = drivers.length - shown;
  return `${drivers.slice(0, shown).map(driverWords).join('; ')}${rest > 0 ? `; and ${plural(rest, 'smaller one')}` : ''}`;
}

function assumptionWords(assumptions: AssumptionUse[] | null, sweep: string | null): string {
  if (assumptions === null) return 'the runs record no assumptions (they were written before the model recorded them), so the decision cannot tell how it depends on them';
  if (assumptions.length === 0) return 'the runs record an empty set of assumptions';
  const fixed = assumptions.filter((a) => a.values.length === 1);
  const varied = assumptions.filter((a) => a.values.length > 1);
  const parts = [];
  if (fixed.length > 0) {
    const same = `${fixed.map((a) => `${a.key} = ${a.values[0].value}`).join(', ')} in every run`;
    parts.push(sweep === null ? `${same}: the runs cannot tell whether another value would change the choice (decide --assumptions checks it)` : `${same}; decide --assumptions: ${sweep.replace(/\.$/, '')}`);
  }
  for (const a of varied) parts.push(`${a.key} varies (${a.values.map((v) => `${v.value} in ${plural(v.scenarios.length, 'scenario')}`).join(', ')})`);
  return parts.join('; ');
}

function choiceItems(bl: BottomLine): Inline[][] {
  const { scope } = bl;
  const ranked = bl.outcomes.filter((o) => o.rank !== null).length;
  if (bl.kind === 'none') {
    return [
      [
        label('No strategy is recommended:'),
        ' none meets the constraints of ',
        { code: scope.decisionFile },
        `, and those that break the fewest (${plural(bl.rankedBreak, 'scenario × constraint pair')}) break different ones; the ranking in the decision is for reference only.`,
      ],
    ];
  }
  if (bl.kind === 'tie') {
    return [[label(`No single choice: ${listOf(bl.recommended)} tie`), ` (${bl.rule}); the simulated outcomes and the weights do not separate them.`]];
  }
  const first = bl.recommended[0];
  const topsis = bl.method.topsisFirst.includes(first) ? 'TOPSIS agrees' : `TOPSIS ranks ${listOf(bl.method.topsisFirst)} first`;
  const runnerUp: Inline[] =
    bl.runnerUp === null
      ? [label('Runner-up: none'), ` — ${first} is the only strategy ${bl.rankedBreak === 0 ? 'that meets the constraints' : 'that breaks the fewest constraints'}.`]
      : [label(`Runner-up: ${bl.runnerUp.strategy}`), `, ${formatScore(bl.runnerUp.margin)} behind on the 0–1 weighted-sum scale (${formatScore(bl.runnerUp.score + bl.runnerUp.margin)} against ${formatScore(bl.runnerUp.score)}).`];
  return [
    [
      label(`Recommended: ${first}`),
      ` — rank 1 of the ${plural(ranked, 'strategy', 'strategies')} that ${bl.rankedBreak === 0 ? (ranked === 1 ? 'meets the constraints' : 'meet the constraints') : `${ranked === 1 ? 'breaks' : 'break'} the fewest constraints (${plural(bl.rankedBreak, 'scenario × constraint pair')}; none meets them all)`}, by the weighted sum of ${plural(bl.method.criteria, 'criterion', 'criteria')}${bl.rule === PLAIN_RULE ? '' : ` (${bl.rule})`}; ${topsis}.`,
    ],
    runnerUp,
  ];
}

function budgetItem(bl: BottomLine): Inline[] {
  const { scope } = bl;
  const beyond = scope.beyondAllOnBudget.length === 0 ? '' : `; not counted: ${listOf(scope.beyondAllOnBudget)}, where no strategy stops within the budget`;
  const whom = bl.kind === 'chosen' ? bl.recommended : bl.outcomes.filter((o) => o.budget.within === true).map((o) => o.strategy);
  if (bl.kind !== 'chosen') {
    return [label(`Budget (${formatNumber(scope.budget)} s):`), ` ${whom.length === 0 ? 'no strategy' : listOf(whom)} within it at p99${beyond}.`];
  }
  const own = bl.outcomes.find((o) => o.strategy === whom[0])!;
  const runner = bl.runnerUp === null ? undefined : bl.outcomes.find((o) => o.strategy === bl.runnerUp!.strategy);
  const second = runner === undefined ? '' : `; ${runner.strategy}: ${budgetWords(runner.budget, scope.budget)}`;
  return [label(`Budget (${formatNumber(scope.budget)} s):`), ` ${own.strategy}: ${budgetWords(own.budget, scope.budget)}${second}${beyond}.`];
}

function driversItem(bl: BottomLine): Inline[] {
  if (bl.kind !== 'chosen' || bl.runnerUp === null) return [];
  const first = bl.recommended[0];
  const runnerUp = bl.runnerUp.strategy;
  const pro = bl.drivers.filter((d) => d.contribution > 0);
  const con = bl.drivers.filter((d) => d.contribution < 0);
  const estimates = bl.drivers.filter((d) => d.estimate);
  const measured =
    bl.measuredLeader === runnerUp
      ? ` On the measured criteria alone ${runnerUp} is ahead: the estimates (${listOf(estimates.map((d) => d.criterion))}, given in the decision file, not simulated) decide it.`
      : bl.measuredLeader === first
        ? ` ${first} leads on the measured criteria alone too${estimates.length > 0 ? '; the estimates add to that' : ''}.`
        : ' The two are level on the measured criteria: the estimates decide it.';
  const pareto = bl.dominatedBy.length === 0 ? '' : ` ${listOf(bl.dominatedBy)} ${bl.dominatedBy.length === 1 ? 'beats' : 'beat'} it on correctness, p99 stop latency and rerun time together.`;
  return [
    label('What decides it'),
    ` (weighted-sum points of the ${formatScore(bl.runnerUp.margin)} margin): for ${first}: ${driversWords(pro)}; for ${runnerUp}: ${driversWords(con)}.${measured}${pareto}`,
  ];
}

function costsItem(bl: BottomLine): Inline[] {
  if (bl.kind !== 'chosen') return [];
  const o = bl.outcomes.find((x) => x.strategy === bl.recommended[0])!;
  const rerun = o.rerunSeconds === null ? 'no run completed, so no rerun time' : `rerun ${figureWords(o.rerunSeconds, formatDuration)} of extra agent time`;
  const tables = o.tempTableHeldSeconds.worstRun === 0 && o.tempTablesLeftWorst === 0 ? 'no temp table held or left' : `temp table held ${figureWords(o.tempTableHeldSeconds, formatDuration)}, up to ${plural(o.tempTablesLeftWorst, 'table')} left behind`;
  return [
    label(`What ${o.strategy} costs:`),
    ` records repeated: ${figureWords(o.duplicates, count('duplicate row'))}; records lost: ${figureWords(o.misses, count('missed record'))}; ${budgetWords(o.budget, bl.scope.budget)}; ${rerun}; other jobs' files deleted: ${figureWords(o.collateralDeletes, count('file'))}; ${tables}` +
      `${o.failedRuns > 0 ? `; ${countOf(o.failedRuns, o.runs, 'run')} failed` : ''}.` +
      (bl.scope.beyondAll.length === 0
        ? ''
        : ` These figures include the runs of ${listOf(bl.scope.beyondAll.map((b) => `${b.scenario} (where no strategy meets ${listOf(b.constraints)})`))}, which rule no strategy out.`),
  ];
}

function sureItem(bl: BottomLine): Inline[] {
  const assumptions = `assumptions: ${assumptionWords(bl.assumptions, bl.assumptionSweep)}`;
  if (bl.stability === null) return [label('How sure:'), ` ${assumptions}.`];
  const s = bl.stability;
  const worst = s.worstRun === null ? '' : ` (worst: ${s.worstRun.scenario} seed ${s.worstRun.seed}, ${formatScore(s.worstRun.regret)} behind)`;
  return [
    label('How sure:'),
    ` weights: first in ${formatShare(s.weightedSumShare)} of ${formatNumber(s.draws)} random weight draws around the given weights (${formatShare(s.topsisShare)} by TOPSIS); ` +
      `seeds: first in ${formatShare(s.seedShare)} of ${formatNumber(s.resamples)} bootstrap resamples of the seeds, best in ${countOf(s.runsBest, s.runs, 'scenario × seed run')}${worst}; ${assumptions}.`,
  ];
}

function ruledOutBlocks(bl: BottomLine): Block[] {
  if (bl.ruledOut.length === 0) return [paragraph(label('Ruled out:'), ' none; every strategy meets the constraints.')];
  return [
    paragraph(label('Ruled out'), ' by the constraints, whatever the weights:'),
    list(bl.ruledOut.map((r) => [label(r.strategy), ` breaks ${r.broken.map((b) => `${b.constraint}: ${b.reason}`).join('; ')}.`])),
  ];
}

function verdictCell(o: StrategyOutcome, bl: BottomLine): string {
  if (o.status === 'ruled out') return `ruled out: ${listOf(bl.ruledOut.find((r) => r.strategy === o.strategy)!.broken.map((b) => b.constraint))}`;
  if (o.status === 'ranked') return `ranked ${o.rank!.rank}`;
  return o.status;
}

function budgetCell(b: BudgetOutcome): string {
  if (b.stops === 0) return 'no stop';
  if (b.killed > 0) return `${b.within ? 'yes' : 'no'}: ${countOf(b.killed, b.stops, 'stop')} killed`;
  return `${b.within ? 'yes' : 'no'} (${formatNumber(b.p99Latency!)})`;
}

const figureCell = (f: Figure) => (f.worstRun === f.perRun ? formatNumber(f.perRun) : `${formatNumber(f.perRun)} (${formatNumber(f.worstRun)})`);

/** The columns of the table of all strategies, with what each holds (the legend under it). */
const COLUMNS: { name: string; legend: string; cell: (o: StrategyOutcome, bl: BottomLine) => string }[] = [
  { name: 'strategy', legend: '', cell: (o) => o.strategy },
  { name: 'verdict', legend: 'recommended, runner-up, ranked n (weighted sum), or ruled out with the constraints it breaks', cell: verdictCell },
  { name: 'score', legend: 'weighted sum, 0 (the worst end of the range of every criterion) to 1 (the best end of every one), each criterion normalised on its declared range; "-" when not ranked', cell: (o) => (o.rank === null ? '-' : formatScore(o.rank.score)) },
  { name: 'within budget at p99', legend: 'p99 stop latency within the budget, in s; a stop ended by a kill counts as over budget whatever its latency; scenarios in which no strategy stops in time left out', cell: (o) => budgetCell(o.budget) },
  { name: 'duplicate rows', legend: 'rows written twice, per run (worst run)', cell: (o) => figureCell(o.duplicates) },
  { name: 'missed records', legend: 'records still in the query at the end that never reached the load file, per run (worst run)', cell: (o) => figureCell(o.misses) },
  { name: 'rerun (s)', legend: 'agent time on work a stop-free run does not do (documents exported again, temp tables built again, reads to resume), per completed run (worst run); failed runs have none', cell: (o) => (o.rerunSeconds === null ? 'all failed' : figureCell(o.rerunSeconds)) },
  { name: 'failed runs', legend: 'runs whose job ended in an error, of all its runs', cell: (o) => `${formatNumber(o.failedRuns)} of ${formatNumber(o.runs)}` },
  { name: "other jobs' files deleted", legend: 'files of other jobs removed by an overwrite cleanup of a shared folder, per run (worst run)', cell: (o) => figureCell(o.collateralDeletes) },
  { name: 'temp table held (s)', legend: 'seconds a temp table is kept on the server for a resume, per run (worst run)', cell: (o) => figureCell(o.tempTableHeldSeconds) },
  { name: 'IAPI changes (estimate)', legend: 'IAPI capabilities the strategy needs that do not exist today: an estimate from the decision file, not simulated', cell: (o) => (o.iapiChanges === null ? '-' : formatNumber(o.iapiChanges)) },
  { name: 'effort (estimate)', legend: 'implementation effort in RIP and IAPI, 1 (none) to 5: an estimate from the decision file', cell: (o) => (o.effort === null ? '-' : formatNumber(o.effort)) },
];

function strategiesTable(bl: BottomLine): Block[] {
  const { scope } = bl;
  return [
    paragraph(
      label('All strategies'),
      ` over ${plural(scope.scenarios.length, 'scenario')} and ${plural(scope.runs, 'run')}${scope.leftOut.length === 0 ? '' : ` (left out: ${listOf(scope.leftOut)}, which turn off an IAPI capability some strategy needs)`}; figures are means per run over the seeds of each scenario, then over scenarios, with the worst single run in brackets:`,
    ),
    table(
      COLUMNS.map((c) => c.name),
      bl.outcomes.map((o) => COLUMNS.map((c) => c.cell(o, bl))),
    ),
    list(COLUMNS.filter((c) => c.legend !== '').map((c) => [label(c.name), `: ${c.legend}.`])),
  ];
}

/**
 * The bottom-line block as sections (a heading at `level`, the block, the table of all
 * strategies); `bl` null: the runs allow no decision, with `why`.
 */
export function bottomLineSections(bl: BottomLine | null, level: HeadingLevel, why = 'every scenario turns off an IAPI capability some strategy needs, so no decision is drawn from these runs'): Section[] {
  if (bl === null) return [{ id: 'bottom-line', blocks: [heading(level, 'Bottom line'), paragraph(label('No decision:'), ` ${why}.`)] }];
  const items = [...choiceItems(bl), budgetItem(bl), driversItem(bl), costsItem(bl), sureItem(bl)].filter((i) => i.length > 0);
  return [
    { id: 'bottom-line', blocks: [heading(level, 'Bottom line'), list(items), ...ruledOutBlocks(bl)] },
    { id: 'all-strategies', blocks: strategiesTable(bl) },
  ];
}
