import type { RunResult } from '../oracle/result.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { decidableRuns, type LeftOut } from './applicable.js';
import { bootstrapDecision, type Interval, type Uncertainty } from './bootstrap.js';
import { estimatedInputs, type EstimatedInputs } from './estimated.js';
import { restsOnSection, robustnessSection } from './robustness-md.js';
import { budgetExcused, checkConstraints, unmetByAll, type ConstraintVerdict, type UnmetByAll } from './constraints.js';
import { CRITERIA, INPUT_CRITERIA, type CriterionName, type Decision } from './decision-file.js';
import { CRITERION_TEXT, formatNumber, formatShare, image, listOf, table } from './format.js';
import { buildMatrix, groupRuns, runMatrices, selectStrategies, type DecisionMatrix, type Matrix } from './matrix.js';
import { scenarioParameters, seedsText } from './parameters.js';
import { criterionRanges, rangedSpecs, type CriterionRange } from './ranges.js';
import { paretoFront, paretoPoints, type ParetoPoint, type ParetoResult } from './pareto.js';
import { entryOf, rankReversals, rankTopsis, rankWeightedSum, TIE_TOLERANCE, winners, type Ranking, type RankReversal } from './rank.js';
import { regretTable, type RegretRow } from './regret.js';
import { sensitivityBullets, sensitivitySections, type ChartFiles } from './sensitivity-md.js';
import type { SensitivityResult } from './sensitivity-study.js';
import { shareOf, winShares, type Stability } from './stability.js';

export interface Choice {
  kind: 'chosen' | 'tie' | 'none';
  /** The chosen strategy, the tied ones, or none. */
  strategies: string[];
  /** How it was reached, in words. */
  rule: string;
}

/** Everything decision.md says, computed from the runs and the decision file. */
export interface DecisionAnalysis {
  decision: Decision;
  /** The scenario × seed runs every number rests on, by scenario (sorted). */
  runs: { scenario: string; seeds: number[] }[];
  /** Scenarios left out because they turn off IAPI capabilities some strategy needs. */
  leftOut: LeftOut[];
  /** Every strategy on the decision's criteria. */
  matrix: DecisionMatrix;
  /** The range each criterion is normalised on, and where it comes from. */
  ranges: CriterionRange[];
  /** Scenarios the p99 stop latency criterion leaves out: the ranked strategies break the budget there (stops ended by the kill). */
  latencyLeftOut: string[];
  verdicts: ConstraintVerdict[];
  /** Scenario × constraint pairs no strategy meets (a finding: no strategy can meet them there). */
  unmet: UnmetByAll[];
  /** The strategies ranked: those breaking the fewest scenario × constraint pairs (none, when one meets them all); for reference only when they break different ones (choice none). */
  ranked: string[];
  weightedSum: Ranking;
  topsis: Ranking;
  /** Pairs the weighted sum and TOPSIS order the opposite way (first = weighted sum). */
  reversals: RankReversal[];
  stability: { weightedSum: Stability; topsis: Stability };
  regret: RegretRow[];
  /** Bootstrap over seeds: an interval per measured cell of the matrix, and the ranked strategies' share of resamples won. */
  uncertainty: Uncertainty;
  /** How much the estimated criteria (iapiChanges, effort) decide: the choice without them and the smallest change of each that flips it. */
  estimated: EstimatedInputs;
  paretoPoints: ParetoPoint[];
  pareto: ParetoResult;
  choice: Choice;
}

const METHOD_NAME = { 'weighted-sum': 'weighted sum', topsis: 'TOPSIS' } as const;

const near = (a: number, b: number) => Math.abs(a - b) <= TIE_TOLERANCE;
/** Equal up to rounding, whatever the magnitude (bytes, seconds). */
const same = (a: number, b: number) => Math.abs(a - b) <= TIE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
const regretOf = (regret: readonly RegretRow[], strategy: string) => regret.find((r) => r.strategy === strategy)!;
const valueText = (criterion: CriterionName, value: number) => `${formatNumber(value)}${CRITERION_TEXT[criterion].unit}`;

/** The candidates left after keeping those within TIE_TOLERANCE of the best by `score` (higher is better). */
function bestBy(candidates: readonly string[], score: (s: string) => number): string[] {
  const top = Math.max(...candidates.map(score));
  return candidates.filter((s) => near(score(s), top));
}

/**
 * The choice: rank 1 by weighted sum, the primary method because each score is a plain sum of
 * visible weight × normalised value. A tie there is broken by TOPSIS closeness, then by the
 * lower maximum regret; what is still tied is reported as a tie, not decided arbitrarily.
 */
export function chooseStrategy(weightedSum: Ranking, topsis: Ranking, regret: readonly RegretRow[], decidable: boolean): Choice {
  if (!decidable) return { kind: 'none', strategies: [], rule: 'no strategy meets the constraints' };
  const first = winners(weightedSum);
  if (first.length === 1) return { kind: 'chosen', strategies: first, rule: 'rank 1 by weighted sum' };
  const byTopsis = bestBy(first, (s) => entryOf(topsis, s).score);
  if (byTopsis.length === 1) {
    return { kind: 'chosen', strategies: byTopsis, rule: `weighted-sum tie of ${listOf(first)} broken by TOPSIS closeness` };
  }
  const byRegret = bestBy(byTopsis, (s) => -regretOf(regret, s).maxRegret);
  if (byRegret.length === 1) {
    return { kind: 'chosen', strategies: byRegret, rule: `weighted-sum and TOPSIS tie of ${listOf(byTopsis)} broken by the lower maximum regret` };
  }
  return { kind: 'tie', strategies: byRegret, rule: 'tied on weighted sum, TOPSIS closeness and maximum regret' };
}

/** The half of the analysis the choice rests on: the constraints, the ranges, both rankings and regret. */
function rankAndChoose(results: readonly RunResult[], decision: Decision, scenarios: readonly Scenario[]) {
  if (results.length === 0) throw new Error('results: no runs to analyse');
  const criteria = CRITERIA.filter((c) => decision.criteria[c] !== undefined);
  const grid = groupRuns(results);
  const verdicts = checkConstraints(results, decision.constraints, decision.budget);
  const unmet = unmetByAll(verdicts);
  const feasible = verdicts.filter((v) => v.feasible).map((v) => v.strategy);
  // The ranked strategies break the same pairs (none, usually): those are beyond each of the best,
  // and the weights choose. Breaking different ones, each fails where another does not: no choice.
  const breaches = new Set(verdicts.filter((v) => v.feasible).map((v) => v.broken.map((b) => `${b.scenario}\u0000${b.constraint}`).join('\u0001')));
  const meetsAll = verdicts.filter((v) => v.feasible && v.broken.length === 0).map((v) => v.strategy);
  const ranges = criterionRanges(grid, scenarios, decision);
  const specs = rangedSpecs(decision, ranges);
  const latencyLeftOut = budgetExcused(verdicts);
  const matrix = buildMatrix(grid, criteria, decision, latencyLeftOut);
  const ranked = feasible;
  const rankedMatrix = selectStrategies(matrix, ranked);
  const weightedSum = rankWeightedSum(rankedMatrix, specs);
  const topsis = rankTopsis(rankedMatrix, specs);
  const runs = runMatrices(grid, criteria, decision).map((run) => ({ ...run, matrix: selectStrategies(run.matrix, ranked) }));
  const regret = regretTable(runs, specs);
  const choice = chooseStrategy(weightedSum, topsis, regret, breaches.size === 1);
  return { grid, matrix, unmet, verdicts, meetsAll, ranges, specs, latencyLeftOut, ranked, rankedMatrix, weightedSum, topsis, regret, choice };
}

/** What the decision file makes of a set of runs without the reporting extras: the choice, its margin, and the verdicts. */
export interface DecisionOutcome {
  choice: Choice;
  /** The strategies that meet every constraint in every scenario. */
  feasible: string[];
  verdicts: ConstraintVerdict[];
  /** Weighted-sum score of rank 1 minus the next strategy's; null with one ranked strategy. */
  margin: number | null;
}

/**
 * The choice the decision file makes from the runs: all a decision-map cell or an assumption's
 * alternative shows, without the weight draws, bootstrap, Pareto front and reversals that only
 * decision.md reports.
 */
export function decisionOutcome(results: readonly RunResult[], decision: Decision, scenarios: readonly Scenario[] = []): DecisionOutcome {
  const { choice, meetsAll, verdicts, weightedSum } = rankAndChoose(results, decision, scenarios);
  const [first, next] = weightedSum.entries;
  return { choice, feasible: meetsAll, verdicts, margin: next === undefined ? null : first.score - next.score };
}

/** What the decision file chooses from the runs, and the strategies that meet its every constraint (a decision-map cell). */
export function decisionChoice(results: readonly RunResult[], decision: Decision, scenarios: readonly Scenario[] = []): { choice: Choice; feasible: string[] } {
  const { choice, feasible } = decisionOutcome(results, decision, scenarios);
  return { choice, feasible };
}

/** Runs every analysis of the decision file on the results. Pure: the caller writes the file. */
export function analyseDecision(all: readonly RunResult[], decision: Decision, scenarios: readonly Scenario[] = []): DecisionAnalysis {
  const { results, leftOut } = decidableRuns(all, scenarios);
  const { grid, matrix, unmet, verdicts, ranges, specs, latencyLeftOut, ranked, rankedMatrix, weightedSum, topsis, regret, choice } = rankAndChoose(results, decision, scenarios);
  const points = paretoPoints(buildMatrix(grid, ['duplicates', 'misses', 'p99StopLatency', 'rerunSeconds'], decision, latencyLeftOut));
  return {
    decision,
    runs: [...grid].map(([scenario, bySeed]) => ({ scenario, seeds: [...bySeed.keys()] })),
    leftOut,
    matrix,
    ranges,
    latencyLeftOut: [...latencyLeftOut],
    verdicts,
    unmet,
    ranked,
    weightedSum,
    topsis,
    reversals: rankReversals(weightedSum, topsis),
    stability: {
      weightedSum: winShares(rankedMatrix, specs, decision.stability, 'weighted-sum'),
      topsis: winShares(rankedMatrix, specs, decision.stability, 'topsis'),
    },
    regret,
    uncertainty: bootstrapDecision(grid, matrix, ranked, specs, decision.uncertainty, latencyLeftOut),
    estimated: estimatedInputs(rankedMatrix, specs),
    paretoPoints: points,
    pareto: paretoFront(points),
    choice,
  };
}

function contextSection(a: DecisionAnalysis): string {
  const { decision, matrix } = a;
  const runs = matrix.counts[0].runs;
  return `## Context

The design record "RIP drain stop for Export to LoadFile" needs a paused export within ${formatNumber(decision.budget)} s
(Near Zero Downtime) and resumed without lost or repeated data, and ends with "we should consider least
invading solution". This analysis compares ${matrix.strategies.length} strategies (${matrix.strategies.join(', ')}) on
${runs} simulated runs each over ${matrix.scenarios.length} scenario(s) (${matrix.scenarios.join(', ')}), with the weights and
constraints of \`${decision.file}\`.

How the numbers are made:

- Decision matrix: p99 stop latency is the nearest-rank 99th percentile of every stop of a strategy in every
  scenario and seed; every other measured criterion is the mean over seeds within a scenario, then the mean
  over scenarios. IAPI changes and effort are the decision file's inputs. Failed runs are kept (what they lost
  shows in misses); failing is a constraint, not a weight.
- Constraints rule strategies out whatever the weights. Each is checked per scenario on the strategy's own runs
  (the budget: the p99 of the scenario's stops, a stop ended by killing the agent counting as infinitely late;
  misses, duplicates, failures: any run); for \`allowMisses\` only records still in the query at the end count
  (records deleted or gone from the query count in the misses criterion only).
- Ranked: the strategies that break the fewest scenario × constraint pairs, which is none when some strategy
  meets every constraint everywhere. A verdict rests on the strategy's own runs and that fewest number only, so
  adding or removing a ruled-out strategy never changes the verdict on another.
- p99 stop latency leaves out the scenarios in which a ranked strategy breaks the budget (there its stops end at
  the kill, the same for every strategy).
- Every criterion is normalised on its range (see Criteria: declared in the decision file, else drawn from the
  scenarios, never from the strategies' values): 1 at its best end, 0 at its worst, linear between (\`log\` scale:
  sign(x) log(1 + |x|) of the values and the range). A strategy's score rests on its own values alone, so it does
  not change with the strategies beside it, and the size of a difference counts. Weighted sum: goodness times the
  weights divided by their sum. TOPSIS: closeness d- / (d+ + d-) of the weighted goodness to the ideal (every
  range's best end) and the anti-ideal (every worst end). Scores within ${TIE_TOLERANCE} share a rank and are
  marked "tie".
- The weighted sum is primary; a tie at its rank 1 is broken by TOPSIS closeness, then by the lower maximum
  regret.`;
}

function runsSection(a: DecisionAnalysis, scenarios: readonly LoadedScenario[] | undefined): string {
  const byName = new Map((scenarios ?? []).map((s) => [s.scenario.name, s]));
  const rows = a.runs.map(({ scenario, seeds }) => {
    const given = byName.get(scenario);
    const parameters = given ? scenarioParameters(given.scenario).map((p) => `\`${p}\``).join(', ') || 'all defaults' : '(scenario not given)';
    return [scenario, given ? `\`${given.file}\`` : '', seedsText(seeds), parameters];
  });
  const total = a.runs.reduce((n, r) => n + r.seeds.length, 0);
  const leftOut =
    a.leftOut.length === 0
      ? ''
      : `\n\nLeft out of the decision, because they turn off IAPI capabilities some strategy needs (it fails there by construction; what IAPI must change is the iapiChanges criterion): ${a.leftOut
          .map((l) => `${l.scenario} (${l.strategies.map((s) => `${s.strategy} needs ${s.missing.join(', ')}`).join('; ')})`)
          .join('; ')}.`;
  return `## Runs

Every number of the criteria, constraints, ranking, stability, regret, Pareto front, Decision and Consequences rests on these
${total} scenario × seed runs, each run by all ${a.matrix.strategies.length} strategies (${total * a.matrix.strategies.length} runs). Parameters not listed are at their
defaults (docs/scenario-reference.md); durations in seconds.

${table(['scenario', 'file', 'seeds', 'parameters other than the defaults'], rows)}${leftOut}`;
}

function criteriaSection(a: DecisionAnalysis): string {
  const specs = a.decision.criteria;
  const total = a.matrix.criteria.reduce((sum, c) => sum + specs[c]!.weight, 0);
  const rows = a.matrix.criteria.map((c) => {
    const range = a.ranges.find((r) => r.criterion === c)!;
    return [
      `\`${c}\``,
      CRITERION_TEXT[c].label,
      formatNumber(specs[c]!.weight),
      formatShare(specs[c]!.weight / total),
      specs[c]!.direction,
      specs[c]!.scale,
      `${formatNumber(range.low)} – ${formatNumber(range.high)}`,
      range.from,
    ];
  });
  const values = a.matrix.strategies.map((s, i) => [
    s,
    ...a.matrix.values[i].map((v, j) => withInterval(v, a.uncertainty.intervals[i][j])),
    String(a.matrix.counts[i].runs),
    String(a.matrix.counts[i].failedRuns),
    `${a.matrix.counts[i].killedStops} of ${a.matrix.counts[i].timedStops}`,
  ]);
  return `## Criteria

${table(['criterion', 'meaning', 'weight', 'share', 'direction', 'scale', 'range (best – worst for min)', 'range from'], rows)}

## Decision matrix

${uncertaintyText(a)}

${table(['strategy', ...a.matrix.criteria.map((c) => (isEstimated(c) ? `${c} (estimate)` : c)), 'runs', 'failed runs', 'killed stops'], values)}`;
}

const isEstimated = (c: CriterionName) => (INPUT_CRITERIA as readonly string[]).includes(c);

/** A measured cell as `mean [lo, hi]`; a cell every resample gives the same value, and an estimate, as the value alone. */
function withInterval(value: number, interval: Interval | null): string {
  if (interval === null || (interval.lo === value && interval.hi === value)) return formatNumber(value);
  return `${formatNumber(value)} [${formatNumber(interval.lo)}, ${formatNumber(interval.hi)}]`;
}

function uncertaintyText(a: DecisionAnalysis): string {
  const u = a.uncertainty;
  const left = a.latencyLeftOut.length > 0 ? ` p99 stop latency leaves out ${listOf(a.latencyLeftOut)}, where the ranked strategies break the budget.` : '';
  return `Measured cells: the value [lo, hi], its ${formatShare(u.confidence)} bootstrap interval over ${u.resamples} resamples of the seeds within each
scenario (seed ${u.seed}; a value alone: the same in every resample).${left} IAPI changes and effort are estimates
given in \`${a.decision.file}\`, not measured: no interval (see "What the choice rests on" for how much they decide).`;
}

function constraintsSection(a: DecisionAnalysis): string {
  const c = a.decision.constraints;
  const fewest = a.verdicts.find((v) => v.feasible)?.broken.length ?? 0;
  const verdictText = (v: ConstraintVerdict) => (!v.feasible ? 'ruled out' : v.broken.length === 0 ? 'meets all' : `ranked: breaks ${v.broken.length} scenario × constraint pair${v.broken.length === 1 ? '' : 's'}, the fewest`);
  const rows = a.verdicts.map((v) => [v.strategy, verdictText(v), v.reasons.join('; ')]);
  const rule =
    fewest === 0
      ? 'Ranked: the strategies that meet every constraint in every scenario.'
      : `No strategy meets every constraint in every scenario: ranked are those that break the fewest scenario × constraint pairs (${fewest}); the others are ruled out.`;
  return `## Constraints

p99 stop latency at most ${formatNumber(c.maxP99LatencyOverBudget)} s over the ${formatNumber(a.decision.budget)} s budget; misses ${c.allowMisses ? 'allowed' : 'not allowed'};
duplicates ${c.allowDuplicates ? 'allowed' : 'not allowed'}; failed runs ${c.allowFailures ? 'allowed' : 'not allowed'}. ${rule}

${table(['strategy', 'verdict', 'what it breaks'], rows)}${unmetText(a.unmet)}`;
}

/** Scenarios beyond every strategy: a finding of their own. */
function unmetText(unmet: readonly UnmetByAll[]): string {
  if (unmet.length === 0) return '';
  const byScenario = new Map<string, string[]>();
  for (const u of unmet) byScenario.set(u.scenario, [...(byScenario.get(u.scenario) ?? []), u.constraint]);
  const items = [...byScenario].map(([scenario, constraints]) => `- ${scenario}: ${listOf(constraints)}`);
  return `\n\nNo strategy meets these constraints in these scenarios (a finding of its own); what they cost still counts in the criteria:\n\n${items.join('\n')}`;
}

function tieSentences(ranking: Ranking): string[] {
  const ranks = [...new Set(ranking.entries.filter((e) => e.tie).map((e) => e.rank))];
  return ranks.map((rank) => {
    const tied = ranking.entries.filter((e) => e.rank === rank);
    return `${METHOD_NAME[ranking.method]}: ${listOf(tied.map((e) => e.strategy))} tie at rank ${rank} (score ${tied[0].score.toFixed(4)}).`;
  });
}

function reversalSentence(a: DecisionAnalysis): string {
  if (a.reversals.length === 0) return 'Rank reversals between the methods: none; they order every pair the same way (ties aside).';
  const pairs = a.reversals.map((r) => `the weighted sum puts ${r.preferredByFirst} above ${r.preferredBySecond}, TOPSIS the opposite`);
  return `Rank reversals between the methods (${a.reversals.length}): ${pairs.join('; ')}.`;
}

function rankingSection(a: DecisionAnalysis, charts: ChartFiles): string {
  const rankText = (ranking: Ranking, s: string) => {
    const e = entryOf(ranking, s);
    return e.tie ? `${e.rank} (tie)` : String(e.rank);
  };
  const rows = a.weightedSum.entries.map(({ strategy }) => [
    strategy,
    rankText(a.weightedSum, strategy),
    entryOf(a.weightedSum, strategy).score.toFixed(4),
    rankText(a.topsis, strategy),
    entryOf(a.topsis, strategy).score.toFixed(4),
  ]);
  const ties = [...tieSentences(a.weightedSum), ...tieSentences(a.topsis)];
  const inert = a.weightedSum.inertCriteria;
  const scope = a.choice.kind === 'none' ? `the ${a.ranked.length} strategies that break the fewest constraints, for reference (none meets the constraints; they break different ones)` : a.verdicts.some((v) => v.feasible && v.broken.length > 0) ? `the ${a.ranked.length} strategies that break the fewest constraints (see Constraints)` : `the ${a.ranked.length} strategies that meet the constraints`;
  return `## Ranking

Ranked: ${scope}.

${image('Scores and win shares', charts.ranking)}${table(['strategy', 'weighted-sum rank', 'weighted sum', 'TOPSIS rank', 'TOPSIS closeness'], rows)}

Ties: ${ties.length > 0 ? ties.join(' ') : 'none.'}

${reversalSentence(a)}

Criteria that cannot separate the ranked strategies (all equal, contributing nothing): ${inert.length > 0 ? inert.join(', ') : 'none'}.`;
}

function stabilitySection(a: DecisionAnalysis): string {
  const { weightedSum, topsis } = a.stability;
  const seeds = a.uncertainty.seedStability;
  const rows = a.ranked.map((s, i) => [s, formatShare(shareOf(weightedSum, s)), formatShare(shareOf(topsis, s)), formatShare(seeds[i].share)]);
  return `## Rank stability

Share of ${weightedSum.draws} weight draws (each weight multiplied by exp(N(0, ${formatNumber(weightedSum.spread)})), seed ${weightedSum.seed})
in which each strategy ranks first, and share of the ${a.uncertainty.resamples} bootstrap resamples of the seeds (the decision
matrix's intervals) in which it ranks first by weighted sum; a draw won by k tied strategies gives each 1/k.

${table(['strategy', 'wins (weighted sum)', 'wins (TOPSIS)', 'wins over seed resamples'], rows)}`;
}

function regretSection(a: DecisionAnalysis): string {
  const rows = a.regret.map((r) => [
    r.strategy,
    r.maxRegret.toFixed(4),
    r.worst ? `${r.worst.scenario} seed ${r.worst.seed}` : 'never behind',
    r.meanRegret.toFixed(4),
  ]);
  return `## Regret

Per scenario × seed run, each ranked strategy's weighted score (criteria normalised over all runs together);
regret is the run's best score minus the strategy's. Mean over all runs.

${table(['strategy', 'max regret', 'worst run', 'mean regret'], rows)}`;
}

function paretoSection(a: DecisionAnalysis, charts: ChartFiles): string {
  const dominatedBy = new Map(a.pareto.dominated.map((d) => [d.strategy, d.by]));
  const ruledOut = new Set(a.verdicts.filter((v) => !v.feasible).map((v) => v.strategy));
  const rows = a.paretoPoints.map((p) => [
    ruledOut.has(p.strategy) ? `${p.strategy} (ruled out)` : p.strategy,
    formatNumber(p.correctness),
    formatNumber(p.p99StopLatency),
    formatNumber(p.rerunSeconds),
    dominatedBy.has(p.strategy) ? `dominated by ${dominatedBy.get(p.strategy)!.join(', ')}` : 'on the front',
  ]);
  return `## Pareto front

All strategies on correctness (duplicates + misses per run), p99 stop latency (s) and rerun time (s), all
minimised: on the front: ${a.pareto.front.join(', ')}.

${image('Pareto front', charts.pareto)}${table(['strategy', 'correctness', 'p99 stop latency', 'rerun s', 'Pareto'], rows)}`;
}

/** The feasible strategies needing the fewest IAPI changes, then the least effort (the record's "least invading"). */
function leastInvading(a: DecisionAnalysis): string[] {
  const withInputs = a.ranked.filter((s) => a.decision.inputs[s as keyof Decision['inputs']] !== undefined);
  if (withInputs.length === 0 || a.choice.kind === 'none') return [];
  const input = (s: string) => a.decision.inputs[s as keyof Decision['inputs']]!;
  const fewest = bestBy(withInputs, (s) => -input(s).iapiChanges);
  return bestBy(fewest, (s) => -input(s).effort);
}

function decisionFacts(a: DecisionAnalysis, chosen: string): string[] {
  const ws = entryOf(a.weightedSum, chosen);
  const next = a.weightedSum.entries.find((e) => e.strategy !== chosen && e.rank >= ws.rank);
  const tp = entryOf(a.topsis, chosen);
  const topsisFirst = winners(a.topsis);
  const regret = regretOf(a.regret, chosen);
  const lowestRegret = bestBy(a.ranked, (s) => -regretOf(a.regret, s).maxRegret);
  const dominated = a.pareto.dominated.find((d) => d.strategy === chosen);
  const ruledOut = a.verdicts.filter((v) => !v.feasible);
  const own = a.verdicts.find((v) => v.strategy === chosen)!;
  const meets = own.broken.length === 0 ? 'Meets every constraint' : `Breaks ${own.broken.length} scenario × constraint pair(s), the fewest of any strategy (${own.reasons.join('; ')})`;
  return [
    `${meets}; ${ruledOut.length} of ${a.verdicts.length} strategies are ruled out${ruledOut.length > 0 ? ` (${ruledOut.map((v) => v.strategy).join(', ')})` : ''}.`,
    `Weighted sum: rank ${ws.rank}${ws.tie ? ' (tie)' : ''}, score ${ws.score.toFixed(4)}${next ? `; next ${next.strategy} with ${next.score.toFixed(4)} (margin ${(ws.score - next.score).toFixed(4)}, every criterion normalised on its range, not over the strategies left)` : ''}.`,
    `TOPSIS: rank ${tp.rank}${tp.tie ? ' (tie)' : ''}, closeness ${tp.score.toFixed(4)}${topsisFirst.includes(chosen) ? '' : `; TOPSIS ranks ${listOf(topsisFirst)} first`}.`,
    `Stability: ranks first in ${formatShare(shareOf(a.stability.weightedSum, chosen))} of ${a.stability.weightedSum.draws} weight draws by weighted sum, ${formatShare(shareOf(a.stability.topsis, chosen))} by TOPSIS.`,
    `Regret: maximum ${regret.maxRegret.toFixed(4)}${regret.worst ? ` (${regret.worst.scenario} seed ${regret.worst.seed})` : ''}, mean ${regret.meanRegret.toFixed(4)}; lowest maximum among ranked strategies: ${listOf(lowestRegret)}.`,
    dominated ? `Pareto: dominated by ${dominated.by.join(', ')} on correctness, p99 stop latency and rerun time.` : 'Pareto: on the front of correctness, p99 stop latency and rerun time.',
  ];
}

function leastInvadingSentence(a: DecisionAnalysis, chosen: readonly string[]): string {
  const least = leastInvading(a);
  if (least.length === 0) return '';
  const input = a.decision.inputs[least[0] as keyof Decision['inputs']]!;
  const what = `${input.iapiChanges} IAPI change(s), effort ${formatNumber(input.effort)}`;
  if (least.some((s) => chosen.includes(s))) return `\n\nIt is the least invading strategy that meets the constraints (${what}).`;
  const ranks = least.map((s) => `${s} (weighted-sum rank ${entryOf(a.weightedSum, s).rank}, score ${entryOf(a.weightedSum, s).score.toFixed(4)})`);
  return `\n\nThe least invading strategy that meets the constraints is ${listOf(ranks)} with ${what}: the weights in \`${a.decision.file}\` trade that for the outcomes above.`;
}

function decisionSection(a: DecisionAnalysis): string {
  const { choice } = a;
  if (choice.kind === 'none') {
    const fewest = a.verdicts.find((v) => v.feasible)!.broken.length;
    return `## Decision

None: no strategy meets the constraints of \`${a.decision.file}\`. Closest (fewest broken scenario × constraint pairs, ${fewest}, but not the same ones): ${listOf(a.ranked)}.
Change a strategy or relax a constraint; the ranking above is for reference only.`;
  }
  if (choice.kind === 'tie') {
    return `## Decision

No single choice: ${listOf(choice.strategies)} are ${choice.rule}. The simulated outcomes and the weights do not
separate them; the choice rests on what the simulation does not model.${leastInvadingSentence(a, choice.strategies)}`;
  }
  const chosen = choice.strategies[0];
  return `## Decision

We choose **${chosen}** (${choice.rule}).

${decisionFacts(a, chosen).map((f) => `- ${f}`).join('\n')}${leastInvadingSentence(a, choice.strategies)}`;
}

/** (+) where the strategy is the best of the ranked strategies on a weighted criterion, (-) where another is better. */
function criterionBullets(a: DecisionAnalysis, strategy: string, ranked: Matrix): string[] {
  const inert = new Set(a.weightedSum.inertCriteria);
  const i = ranked.strategies.indexOf(strategy);
  return a.matrix.criteria.flatMap((c, j) => {
    const spec = a.decision.criteria[c]!;
    if (spec.weight === 0 || inert.has(c)) return [];
    const column = ranked.values.map((row) => row[j]);
    const best = spec.direction === 'min' ? Math.min(...column) : Math.max(...column);
    const own = column[i];
    const atBest = ranked.strategies.filter((_, k) => same(column[k], best));
    const label = CRITERION_TEXT[c].label;
    if (same(own, best)) {
      const others = atBest.filter((s) => s !== strategy);
      return [`(+) ${label}: ${valueText(c, own)}, the best of the ranked strategies${others.length > 0 ? ` (tied with ${listOf(others)})` : ''}`];
    }
    return [`(-) ${label}: ${valueText(c, own)}, against ${valueText(c, best)} for ${listOf(atBest)}`];
  });
}

function robustnessBullets(a: DecisionAnalysis, strategy: string): string[] {
  const share = shareOf(a.stability.weightedSum, strategy);
  const regret = regretOf(a.regret, strategy);
  const dominated = a.pareto.dominated.find((d) => d.strategy === strategy);
  const reversed = a.reversals.filter((r) => r.preferredByFirst === strategy || r.preferredBySecond === strategy);
  return [
    `${share >= 0.5 ? '(+)' : '(-)'} ranks first in ${formatShare(share)} of weight draws (weighted sum)`,
    regret.worst
      ? `(-) in ${regret.worst.scenario} seed ${regret.worst.seed} it scores ${regret.maxRegret.toFixed(4)} below that run's best`
      : '(+) never scores below the best strategy in any scenario × seed run',
    dominated ? `(-) dominated on correctness, p99 stop latency and rerun time by ${dominated.by.join(', ')}` : '(+) on the Pareto front of correctness, p99 stop latency and rerun time',
    ...reversed.map((r) =>
      r.preferredByFirst === strategy
        ? `(-) TOPSIS ranks ${r.preferredBySecond} above it (rank reversal)`
        : `(-) the weighted sum ranks ${r.preferredByFirst} above it although TOPSIS does not (rank reversal)`,
    ),
  ];
}

function consequencesSection(a: DecisionAnalysis, sensitivity: SensitivityResult | null): string {
  if (a.choice.kind === 'none') {
    const items = a.verdicts.map((v) => `- ${v.strategy}\n\n    (-) ${v.reasons.join('\n\n    (-) ')}`);
    return `## Consequences\n\nEvery strategy breaks a constraint:\n\n${items.join('\n\n')}`;
  }
  const ranked = selectStrategies(a.matrix, a.ranked);
  const items = a.choice.strategies.map((s, n) => {
    const bullets = [...criterionBullets(a, s, ranked), ...robustnessBullets(a, s), ...(sensitivity ? sensitivityBullets(sensitivity, s) : [])];
    return `${n + 1}. ${s}\n\n${bullets.map((b) => `    ${b}`).join('\n\n')}`;
  });
  return `## Consequences\n\n${items.join('\n\n')}`;
}

/** What decision.md shows beyond the analysis of the runs. */
export interface ReportExtras {
  /** The suite's scenarios (its suite.json), for the parameters each run rests on. */
  scenarios?: readonly LoadedScenario[];
  /** The sensitivity study with its cost statement, or why it was not run. */
  sensitivity?: { result: SensitivityResult; cost: string } | { notRun: string };
  /** Chart files by what they show, relative to decision.md. */
  charts?: ChartFiles;
  /** decide --assumptions and --discover: a first-screen sentence each (or why not run), and their sections. */
  studies?: { restsOn: string[]; sections: string[] };
}

/** decision.md in the design record's format (Status, Context, ..., Decision, Consequences). */
export function renderDecisionMarkdown(a: DecisionAnalysis, extras: ReportExtras = {}): string {
  const charts = extras.charts ?? {};
  const study = extras.sensitivity !== undefined && 'result' in extras.sensitivity ? extras.sensitivity : null;
  const notRun = extras.sensitivity !== undefined && 'notRun' in extras.sensitivity ? `## Sensitivity\n\nNot run: ${extras.sensitivity.notRun}` : null;
  return [
    '# RIP drain stop for Export to LoadFile: choice of strategy from simulation',
    '## Status\n\nProposed (generated by drainsim from simulated runs; every number below is computed from them)',
    restsOnSection({ chosen: a.choice.strategies, uncertainty: a.uncertainty, weights: a.stability.weightedSum, estimated: a.estimated, studies: extras.studies?.restsOn ?? [] }),
    contextSection(a),
    runsSection(a, extras.scenarios),
    criteriaSection(a),
    constraintsSection(a),
    rankingSection(a, charts),
    stabilitySection(a),
    robustnessSection(a.estimated, extras.studies?.sections ?? []),
    regretSection(a),
    paretoSection(a, charts),
    ...(study ? sensitivitySections(study.result, a.decision, study.cost, charts) : notRun ? [notRun] : []),
    decisionSection(a),
    consequencesSection(a, study?.result ?? null),
  ].join('\n\n') + '\n';
}
