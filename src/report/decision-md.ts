import type { UnmetByAll } from '../analysis/constraints.js';
import { bestBy, leastInvading, regretOf, same, type DecisionAnalysis } from '../analysis/decision.js';
import type { CriterionName, Decision } from '../analysis/decision-file.js';
import { CRITERION_TEXT, formatNumber, formatShare, image, listOf, table } from '../analysis/format.js';
import { selectStrategies, type Matrix } from '../analysis/matrix.js';
import { scenarioParameters, seedsText } from '../analysis/parameters.js';
import { entryOf, TIE_TOLERANCE, winners, type Ranking } from '../analysis/rank.js';
import type { SensitivityResult } from '../analysis/sensitivity-study.js';
import { shareOf } from '../analysis/stability.js';
import type { LoadedScenario } from '../scenario/load.js';
import { sensitivityBullets, sensitivitySections, type ChartFiles } from './sensitivity-md.js';

const METHOD_NAME = { 'weighted-sum': 'weighted sum', topsis: 'TOPSIS' } as const;

const valueText = (criterion: CriterionName, value: number) => `${formatNumber(value)}${CRITERION_TEXT[criterion].unit}`;

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
- Constraints rule strategies out whatever the weights. For the budget a stop ended by killing the agent counts
  as infinitely late; for \`allowMisses\` only records still in the query at the end count (records deleted or
  gone from the query count in the misses criterion only).
- Strategies meeting the constraints are ranked; when none does, all are ranked for reference only.
- Weighted sum: per criterion min-max normalisation over the ranked strategies (best 1, worst 0; \`log\` scale
  compares sign(x) log(1 + |x|)), weights divided by their sum. TOPSIS: vector normalisation, weighted, closeness
  d- / (d+ + d-) to the ideal and anti-ideal. A criterion on which all ranked strategies are equal contributes
  nothing to either. Scores within ${TIE_TOLERANCE} share a rank and are marked "tie".
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
  const rows = a.matrix.criteria.map((c) => [
    `\`${c}\``,
    CRITERION_TEXT[c].label,
    formatNumber(specs[c]!.weight),
    formatShare(specs[c]!.weight / total),
    specs[c]!.direction,
    specs[c]!.scale,
  ]);
  const values = a.matrix.strategies.map((s, i) => [
    s,
    ...a.matrix.values[i].map((v) => formatNumber(v)),
    String(a.matrix.counts[i].runs),
    String(a.matrix.counts[i].failedRuns),
    `${a.matrix.counts[i].killedStops} of ${a.matrix.counts[i].timedStops}`,
  ]);
  return `## Criteria

${table(['criterion', 'meaning', 'weight', 'share', 'direction', 'scale'], rows)}

## Decision matrix

${table(['strategy', ...a.matrix.criteria, 'runs', 'failed runs', 'killed stops'], values)}`;
}

function constraintsSection(a: DecisionAnalysis): string {
  const c = a.decision.constraints;
  const rows = a.verdicts.map((v) => [v.strategy, v.feasible ? 'meets all' : 'ruled out', v.feasible ? '' : v.reasons.join('; ')]);
  return `## Constraints

p99 stop latency at most ${formatNumber(c.maxP99LatencyOverBudget)} s over the ${formatNumber(a.decision.budget)} s budget; misses ${c.allowMisses ? 'allowed' : 'not allowed'};
duplicates ${c.allowDuplicates ? 'allowed' : 'not allowed'}; failed runs ${c.allowFailures ? 'allowed' : 'not allowed'}.

${table(['strategy', 'verdict', 'why'], rows)}${unmetText(a.unmet)}`;
}

/** Scenarios beyond every strategy: they rule none out, and are a finding of their own. */
function unmetText(unmet: readonly UnmetByAll[]): string {
  if (unmet.length === 0) return '';
  const byScenario = new Map<string, string[]>();
  for (const u of unmet) byScenario.set(u.scenario, [...(byScenario.get(u.scenario) ?? []), u.constraint]);
  const items = [...byScenario].map(([scenario, constraints]) => `- ${scenario}: ${listOf(constraints)}`);
  return `\n\nNo strategy meets these constraints in these scenarios, so there they rule none out (they cannot tell the strategies apart); what they cost still counts in the criteria:\n\n${items.join('\n')}`;
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
  const scope = a.choice.kind === 'none' ? `all ${a.ranked.length} strategies, for reference (none meets the constraints)` : `the ${a.ranked.length} strategies that meet the constraints`;
  return `## Ranking

Ranked: ${scope}.

${image('Scores and win shares', charts.ranking)}${table(['strategy', 'weighted-sum rank', 'weighted sum', 'TOPSIS rank', 'TOPSIS closeness'], rows)}

Ties: ${ties.length > 0 ? ties.join(' ') : 'none.'}

${reversalSentence(a)}

Criteria that cannot separate the ranked strategies (all equal, contributing nothing): ${inert.length > 0 ? inert.join(', ') : 'none'}.`;
}

function stabilitySection(a: DecisionAnalysis): string {
  const { weightedSum, topsis } = a.stability;
  const rows = a.ranked.map((s) => [s, formatShare(shareOf(weightedSum, s)), formatShare(shareOf(topsis, s))]);
  return `## Rank stability

Share of ${weightedSum.draws} weight draws (each weight multiplied by exp(N(0, ${formatNumber(weightedSum.spread)})), seed ${weightedSum.seed})
in which each strategy ranks first; a draw won by k tied strategies gives each 1/k.

${table(['strategy', 'wins (weighted sum)', 'wins (TOPSIS)'], rows)}`;
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

function decisionFacts(a: DecisionAnalysis, chosen: string): string[] {
  const ws = entryOf(a.weightedSum, chosen);
  const next = a.weightedSum.entries.find((e) => e.strategy !== chosen && e.rank >= ws.rank);
  const tp = entryOf(a.topsis, chosen);
  const topsisFirst = winners(a.topsis);
  const regret = regretOf(a.regret, chosen);
  const lowestRegret = bestBy(a.ranked, (s) => -regretOf(a.regret, s).maxRegret);
  const dominated = a.pareto.dominated.find((d) => d.strategy === chosen);
  const ruledOut = a.verdicts.filter((v) => !v.feasible);
  return [
    `Meets every constraint; ${ruledOut.length} of ${a.verdicts.length} strategies do not${ruledOut.length > 0 ? ` (${ruledOut.map((v) => v.strategy).join(', ')})` : ''}.`,
    `Weighted sum: rank ${ws.rank}${ws.tie ? ' (tie)' : ''}, score ${ws.score.toFixed(4)}${next ? `; next ${next.strategy} with ${next.score.toFixed(4)} (margin ${(ws.score - next.score).toFixed(4)})` : ''}.`,
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
    const fewest = Math.min(...a.verdicts.map((v) => v.reasons.length));
    const closest = a.verdicts.filter((v) => v.reasons.length === fewest).map((v) => v.strategy);
    return `## Decision

None: no strategy meets the constraints of \`${a.decision.file}\`. Closest (fewest broken constraints, ${fewest}): ${listOf(closest)}.
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
}

/** decision.md in the design record's format (Status, Context, ..., Decision, Consequences). */
export function renderDecisionMarkdown(a: DecisionAnalysis, extras: ReportExtras = {}): string {
  const charts = extras.charts ?? {};
  const study = extras.sensitivity !== undefined && 'result' in extras.sensitivity ? extras.sensitivity : null;
  const notRun = extras.sensitivity !== undefined && 'notRun' in extras.sensitivity ? `## Sensitivity\n\nNot run: ${extras.sensitivity.notRun}` : null;
  return [
    '# RIP drain stop for Export to LoadFile: choice of strategy from simulation',
    '## Status\n\nProposed (generated by drainsim from simulated runs; every number below is computed from them)',
    contextSection(a),
    runsSection(a, extras.scenarios),
    criteriaSection(a),
    constraintsSection(a),
    rankingSection(a, charts),
    stabilitySection(a),
    regretSection(a),
    paretoSection(a, charts),
    ...(study ? sensitivitySections(study.result, a.decision, study.cost, charts) : notRun ? [notRun] : []),
    decisionSection(a),
    consequencesSection(a, study?.result ?? null),
  ].join('\n\n') + '\n';
}
