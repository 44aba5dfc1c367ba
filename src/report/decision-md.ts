import type { ConstraintVerdict, UnmetByAll } from '../analysis/constraints.js';
import { bestBy, leastInvading, regretOf, same, type DecisionAnalysis } from '../analysis/decision.js';
import { INPUT_CRITERIA, type CriterionName, type Decision } from '../analysis/decision-file.js';
import { countOf, CRITERION_TEXT, formatNumber, formatScore, formatShare, listOf, plural } from '../analysis/format.js';
import { selectStrategies, type Matrix } from '../analysis/matrix.js';
import { scenarioParameters, seedsText } from '../analysis/parameters.js';
import { entryOf, TIE_TOLERANCE, winners, type Ranking } from '../analysis/rank.js';
import type { Interval } from '../analysis/seed-bootstrap.js';
import type { SensitivityResult } from '../analysis/sensitivity-study.js';
import { shareOf } from '../analysis/stability.js';
import { maxOf, minOf } from '../analysis/stats.js';
import type { LoadedScenario } from '../scenario/load.js';
import { heading, image, list, paragraph, table, type Block, type Inline, type Section } from './document.js';
import { renderMarkdown } from './markdown.js';
import { sensitivityBullets, sensitivitySections, type ChartBlocks } from './sensitivity-md.js';
import { NO_STUDIES, restsOnSection, robustnessSection, type DecisionStudies } from './studies.js';

const METHOD_NAME = { 'weighted-sum': 'weighted sum', topsis: 'TOPSIS' } as const;

const valueText = (criterion: CriterionName, value: number) => `${formatNumber(value)}${CRITERION_TEXT[criterion].unit}`;
const unitOf = (criterion: CriterionName) => CRITERION_TEXT[criterion].unit.trim();
const code = (text: string): Inline => ({ code: text });
const joined = (parts: Inline[], separator = ', '): Inline[] => parts.flatMap((p, i) => (i === 0 ? [p] : [separator, p]));
const section = (id: string, blocks: Block[]): Section => ({ id, blocks });

function context(a: DecisionAnalysis): Section {
  const { decision, matrix } = a;
  const runs = matrix.counts[0].runs;
  return section('context', [
    heading(2, 'Context'),
    paragraph(
      `The design record "RIP drain stop for Export to LoadFile" needs a paused export within ${formatNumber(decision.budget)} s (Near Zero Downtime) and resumed without lost or repeated data, ` +
        `and ends with "we should consider least invading solution". This analysis compares ${plural(matrix.strategies.length, 'strategy', 'strategies')} (${matrix.strategies.join(', ')}) ` +
        `on ${plural(runs, 'simulated run')} each over ${plural(matrix.scenarios.length, 'scenario')} (${matrix.scenarios.join(', ')}), with the weights and constraints of `,
      code(decision.file),
      '.',
    ),
    paragraph('How the numbers are made:'),
    list([
      [
        'Decision matrix: p99 stop latency is the nearest-rank 99th percentile of every stop of a strategy in every scenario and seed; every other measured criterion is the mean over seeds within a scenario, then the mean over scenarios. ' +
          'IAPI changes and effort are estimates given in the decision file, not simulated. Failed runs are kept (what they lost shows in misses); failing is a constraint, not a weight.',
      ],
      [
        "Constraints rule strategies out whatever the weights. Each is checked per scenario on the strategy's own runs (the budget: the p99 of the scenario's stops, a stop ended by killing the agent counting as infinitely late; misses, duplicates, failures: any run); for ",
        code('allowMisses'),
        ' only records still in the query at the end count (records deleted or gone from the query count in the misses criterion only).',
      ],
      [
        'Ranked: the strategies that break the fewest scenario × constraint pairs, which is none when some strategy meets every constraint everywhere. A verdict rests on the strategy\'s own runs and that fewest number only, so adding or removing a ruled-out strategy never changes the verdict on another.',
      ],
      ['p99 stop latency leaves out the scenarios in which a ranked strategy breaks the budget (there its stops end at the kill, the same for every strategy).'],
      [
        'Every criterion is normalised on its range (see Criteria: declared in the decision file, else drawn from the scenarios, never from the strategies\' values): 1 at its best end, 0 at its worst, linear between (',
        code('log'),
        ' scale: sign(x) log(1 + |x|) of the values and the range). A strategy\'s score rests on its own values alone, so it does not change with the strategies beside it, and the size of a difference counts. ' +
          'Weighted sum: goodness times the weights divided by their sum. TOPSIS: closeness d- / (d+ + d-) of the weighted goodness to the ideal (every range\'s best end) and the anti-ideal (every worst end). ' +
          `Scores within ${TIE_TOLERANCE} share a rank and are marked "tie".`,
      ],
      ['The weighted sum is primary; a tie at its rank 1 is broken by TOPSIS closeness, then by the lower maximum regret.'],
    ]),
  ]);
}

function runs(a: DecisionAnalysis, scenarios: readonly LoadedScenario[] | undefined): Section {
  const byName = new Map((scenarios ?? []).map((s) => [s.scenario.name, s]));
  const rows = a.runs.map(({ scenario, seeds }) => {
    const given = byName.get(scenario);
    const parameters = given ? scenarioParameters(given.scenario) : [];
    return [
      scenario,
      given ? [code(given.file)] : '',
      seedsText(seeds),
      given === undefined ? '(scenario not given)' : parameters.length === 0 ? 'all defaults' : joined(parameters.map(code)),
    ];
  });
  const total = a.runs.reduce((n, r) => n + r.seeds.length, 0);
  const leftOut =
    a.leftOut.length === 0
      ? []
      : [
          paragraph(
            'Left out of the decision, because they turn off IAPI capabilities some strategy needs (it fails there by construction; what IAPI must change is the iapiChanges criterion): ' +
              `${a.leftOut.map((l) => `${l.scenario} (${l.strategies.map((s) => `${s.strategy} needs ${s.missing.join(', ')}`).join('; ')})`).join('; ')}.`,
          ),
        ];
  return section('runs', [
    heading(2, 'Runs'),
    paragraph(
      `Every number of the criteria, constraints, ranking, stability, regret, Pareto front, Decision and Consequences rests on these ${plural(total, 'scenario × seed run')}, ` +
        `each run by all ${plural(a.matrix.strategies.length, 'strategy', 'strategies')} (${plural(total * a.matrix.strategies.length, 'run')}). Parameters not listed are at their defaults (docs/scenario-reference.md); durations in seconds.`,
    ),
    table(['scenario', 'file', 'seeds', 'parameters other than the defaults'], rows),
    ...leftOut,
  ]);
}

function criteria(a: DecisionAnalysis): Section[] {
  const specs = a.decision.criteria;
  const total = a.matrix.criteria.reduce((sum, c) => sum + specs[c]!.weight, 0);
  const rows = a.matrix.criteria.map((c) => {
    const range = a.ranges.find((r) => r.criterion === c)!;
    return [
      [code(c)],
      `${CRITERION_TEXT[c].label}${unitOf(c) ? ` (${unitOf(c)})` : ''}${isEstimated(c) ? '; an estimate, not simulated' : ''}`,
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
    formatNumber(a.matrix.counts[i].runs),
    formatNumber(a.matrix.counts[i].failedRuns),
    `${formatNumber(a.matrix.counts[i].killedStops)} of ${formatNumber(a.matrix.counts[i].timedStops)}`,
  ]);
  const header = a.matrix.criteria.map((c) => `${c}${unitOf(c) ? ` (${unitOf(c)})` : ''}${isEstimated(c) ? ' (estimate)' : ''}`);
  return [
    section('criteria', [heading(2, 'Criteria'), table(['criterion', 'meaning', 'weight', 'share', 'direction', 'scale', 'range (best – worst for min)', 'range from'], rows)]),
    section('decision-matrix', [heading(2, 'Decision matrix'), uncertaintyText(a), table(['strategy', ...header, 'runs', 'failed runs', 'killed stops'], values)]),
  ];
}

const isEstimated = (c: CriterionName) => (INPUT_CRITERIA as readonly string[]).includes(c);

/** A measured cell as `mean [lo, hi]`; a cell every resample gives the same value, and an estimate, as the value alone. */
function withInterval(value: number, interval: Interval | null): string {
  if (interval === null || (interval.lo === value && interval.hi === value)) return formatNumber(value);
  return `${formatNumber(value)} [${formatNumber(interval.lo)}, ${formatNumber(interval.hi)}]`;
}

function uncertaintyText(a: DecisionAnalysis): Block {
  const u = a.uncertainty;
  const left = a.latencyLeftOut.length > 0 ? ` p99 stop latency leaves out ${listOf(a.latencyLeftOut)}, where the ranked strategies break the budget.` : '';
  return paragraph(
    `Measured cells: the value [lo, hi], its ${formatShare(u.confidence)} bootstrap interval over ${formatNumber(u.resamples)} resamples of the seeds within each scenario (seed ${u.seed}; a value alone: the same in every resample).${left} IAPI changes and effort are estimates given in `,
    code(a.decision.file),
    ', not measured: no interval (see "What the choice rests on" for how much they decide).',
  );
}

/** Scenarios beyond every strategy: a finding of their own. */
function unmetBlocks(unmet: readonly UnmetByAll[]): Block[] {
  if (unmet.length === 0) return [];
  const byScenario = new Map<string, string[]>();
  for (const u of unmet) byScenario.set(u.scenario, [...(byScenario.get(u.scenario) ?? []), u.constraint]);
  return [
    paragraph('No strategy meets these constraints in these scenarios (a finding of its own); what they cost still counts in the criteria:'),
    list([...byScenario].map(([scenario, constraints]) => [`${scenario}: ${listOf(constraints)}`])),
  ];
}

function constraints(a: DecisionAnalysis): Section {
  const c = a.decision.constraints;
  const fewest = a.verdicts.find((v) => v.feasible)?.broken.length ?? 0;
  const verdictText = (v: ConstraintVerdict) =>
    !v.feasible ? 'ruled out' : v.broken.length === 0 ? 'meets all' : `ranked: breaks ${plural(v.broken.length, 'scenario × constraint pair')}, the fewest`;
  const rows = a.verdicts.map((v) => [v.strategy, verdictText(v), v.reasons.join('; ')]);
  const rule =
    fewest === 0
      ? 'Ranked: the strategies that meet every constraint in every scenario.'
      : `No strategy meets every constraint in every scenario: ranked are those that break the fewest scenario × constraint pairs (${fewest}); the others are ruled out.`;
  return section('constraints', [
    heading(2, 'Constraints'),
    paragraph(
      `p99 stop latency at most ${formatNumber(c.maxP99LatencyOverBudget)} s over the ${formatNumber(a.decision.budget)} s budget; misses ${c.allowMisses ? 'allowed' : 'not allowed'}; ` +
        `duplicates ${c.allowDuplicates ? 'allowed' : 'not allowed'}; failed runs ${c.allowFailures ? 'allowed' : 'not allowed'}. ${rule}`,
    ),
    table(['strategy', 'verdict', 'what it breaks'], rows),
    ...unmetBlocks(a.unmet),
  ]);
}

function tieSentences(ranking: Ranking): string[] {
  const ranks = [...new Set(ranking.entries.filter((e) => e.tie).map((e) => e.rank))];
  return ranks.map((rank) => {
    const tied = ranking.entries.filter((e) => e.rank === rank);
    return `${METHOD_NAME[ranking.method]}: ${listOf(tied.map((e) => e.strategy))} tie at rank ${rank} (score ${formatScore(tied[0].score)}).`;
  });
}

function reversalSentence(a: DecisionAnalysis): string {
  if (a.reversals.length === 0) return 'Rank reversals between the methods: none; they order every pair the same way (ties aside).';
  const pairs = a.reversals.map((r) => `the weighted sum puts ${r.preferredByFirst} above ${r.preferredBySecond}, TOPSIS the opposite`);
  return `Rank reversals between the methods (${a.reversals.length}): ${pairs.join('; ')}.`;
}

/** The ranking table: weighted-sum and TOPSIS rank and score of each ranked strategy, best weighted sum first. */
export function rankingTable(a: DecisionAnalysis): Block {
  const rankText = (ranking: Ranking, s: string) => {
    const e = entryOf(ranking, s);
    return e.tie ? `${e.rank} (tie)` : String(e.rank);
  };
  const rows = a.weightedSum.entries.map(({ strategy }) => [
    strategy,
    rankText(a.weightedSum, strategy),
    formatScore(entryOf(a.weightedSum, strategy).score),
    rankText(a.topsis, strategy),
    formatScore(entryOf(a.topsis, strategy).score),
  ]);
  return table(['strategy', 'weighted-sum rank', 'weighted sum', 'TOPSIS rank', 'TOPSIS closeness'], rows);
}

function ranking(a: DecisionAnalysis, chart: ChartBlocks): Section {
  const ties = [...tieSentences(a.weightedSum), ...tieSentences(a.topsis)];
  const inert = a.weightedSum.inertCriteria;
  const n = plural(a.ranked.length, 'strategy', 'strategies');
  const scope =
    a.choice.kind === 'none'
      ? `the ${n} that break the fewest constraints, for reference (none meets the constraints; they break different ones)`
      : a.verdicts.some((v) => v.feasible && v.broken.length > 0)
        ? `the ${n} that break the fewest constraints (see Constraints)`
        : `the ${n} that meet the constraints`;
  return section('ranking', [
    heading(2, 'Ranking'),
    paragraph(`Ranked: ${scope}.`),
    ...chart('ranking'),
    rankingTable(a),
    paragraph(`Ties: ${ties.length > 0 ? ties.join(' ') : 'none.'}`),
    paragraph(reversalSentence(a)),
    paragraph(`Criteria that cannot separate the ranked strategies (all equal, contributing nothing): ${inert.length > 0 ? inert.join(', ') : 'none'}.`),
  ]);
}

function stability(a: DecisionAnalysis): Section {
  const { weightedSum, topsis } = a.stability;
  const seeds = a.uncertainty.seedStability;
  const rows = a.ranked.map((s, i) => [s, formatShare(shareOf(weightedSum, s)), formatShare(shareOf(topsis, s)), formatShare(seeds[i].share)]);
  return section('rank-stability', [
    heading(2, 'Rank stability'),
    paragraph(
      `Share of ${formatNumber(weightedSum.draws)} weight draws (each weight multiplied by exp(N(0, ${formatNumber(weightedSum.spread)})), seed ${weightedSum.seed}) in which each strategy ranks first, and share of the ${formatNumber(a.uncertainty.resamples)} bootstrap resamples of the seeds (the decision matrix's intervals) in which it ranks first by weighted sum; a draw won by k tied strategies gives each 1/k.`,
    ),
    table(['strategy', 'wins (weighted sum)', 'wins (TOPSIS)', 'wins over seed resamples'], rows),
  ]);
}

function regret(a: DecisionAnalysis): Section {
  const rows = a.regret.map((r) => [r.strategy, formatScore(r.maxRegret), r.worst ? `${r.worst.scenario} seed ${r.worst.seed}` : 'never behind', formatScore(r.meanRegret)]);
  return section('regret', [
    heading(2, 'Regret'),
    paragraph(
      "Per scenario × seed run, each ranked strategy's weighted score (criteria normalised over all runs together); regret is the run's best score minus the strategy's. Mean over all runs.",
    ),
    table(['strategy', 'max regret', 'worst run', 'mean regret'], rows),
  ]);
}

function pareto(a: DecisionAnalysis, chart: ChartBlocks): Section {
  const dominatedBy = new Map(a.pareto.dominated.map((d) => [d.strategy, d.by]));
  const ruledOut = new Set(a.verdicts.filter((v) => !v.feasible).map((v) => v.strategy));
  const rows = a.paretoPoints.map((p) => [
    ruledOut.has(p.strategy) ? `${p.strategy} (ruled out)` : p.strategy,
    formatNumber(p.correctness),
    formatNumber(p.p99StopLatency),
    formatNumber(p.rerunSeconds),
    dominatedBy.has(p.strategy) ? `dominated by ${dominatedBy.get(p.strategy)!.join(', ')}` : 'on the front',
  ]);
  return section('pareto-front', [
    heading(2, 'Pareto front'),
    paragraph(`All strategies on correctness (duplicates + misses per run), p99 stop latency (s) and rerun time (s), all minimised: on the front: ${a.pareto.front.join(', ')}.`),
    ...chart('pareto'),
    table(['strategy', 'duplicates + misses per run', 'p99 stop latency (s)', 'rerun time per run (s)', 'Pareto'], rows),
  ]);
}

function decisionFacts(a: DecisionAnalysis, chosen: string): string[] {
  const ws = entryOf(a.weightedSum, chosen);
  const next = a.weightedSum.entries.find((e) => e.strategy !== chosen && e.rank >= ws.rank);
  const tp = entryOf(a.topsis, chosen);
  const topsisFirst = winners(a.topsis);
  const regretRow = regretOf(a.regret, chosen);
  const lowestRegret = bestBy(a.ranked, (s) => -regretOf(a.regret, s).maxRegret);
  const dominated = a.pareto.dominated.find((d) => d.strategy === chosen);
  const ruledOut = a.verdicts.filter((v) => !v.feasible);
  const own = a.verdicts.find((v) => v.strategy === chosen)!;
  const meets = own.broken.length === 0 ? 'Meets every constraint' : `Breaks ${plural(own.broken.length, 'scenario × constraint pair')}, the fewest of any strategy (${own.reasons.join('; ')})`;
  return [
    `${meets}; ${countOf(ruledOut.length, a.verdicts.length, 'strategy', 'strategies')} ruled out${ruledOut.length > 0 ? ` (${ruledOut.map((v) => v.strategy).join(', ')})` : ''}.`,
    `Weighted sum: rank ${ws.rank}${ws.tie ? ' (tie)' : ''}, score ${formatScore(ws.score)}${next ? `; next ${next.strategy} with ${formatScore(next.score)} (margin ${formatScore(ws.score - next.score)}, every criterion normalised on its range, not over the strategies left)` : ''}.`,
    `TOPSIS: rank ${tp.rank}${tp.tie ? ' (tie)' : ''}, closeness ${formatScore(tp.score)}${topsisFirst.includes(chosen) ? '' : `; TOPSIS ranks ${listOf(topsisFirst)} first`}.`,
    `Stability: ranks first in ${formatShare(shareOf(a.stability.weightedSum, chosen))} of ${formatNumber(a.stability.weightedSum.draws)} weight draws by weighted sum, ${formatShare(shareOf(a.stability.topsis, chosen))} by TOPSIS, and in ${formatShare(a.uncertainty.seedStability.find((x) => x.strategy === chosen)?.share ?? 0)} of ${formatNumber(a.uncertainty.resamples)} bootstrap resamples of the seeds.`,
    `Regret: maximum ${formatScore(regretRow.maxRegret)}${regretRow.worst ? ` (${regretRow.worst.scenario} seed ${regretRow.worst.seed})` : ''}, mean ${formatScore(regretRow.meanRegret)}; lowest maximum among ranked strategies: ${listOf(lowestRegret)}.`,
    dominated ? `Pareto: dominated by ${dominated.by.join(', ')} on correctness, p99 stop latency and rerun time.` : 'Pareto: on the front of correctness, p99 stop latency and rerun time.',
  ];
}

function leastInvadingBlocks(a: DecisionAnalysis, chosen: readonly string[]): Block[] {
  const least = leastInvading(a);
  if (least.length === 0) return [];
  const input = a.decision.inputs[least[0] as keyof Decision['inputs']]!;
  const what = `${plural(input.iapiChanges, 'IAPI change')} and effort ${formatNumber(input.effort)}, both estimates`;
  if (least.some((s) => chosen.includes(s))) return [paragraph(`It is the least invading strategy that meets the constraints (${what}).`)];
  const ranks = least.map((s) => `${s} (weighted-sum rank ${entryOf(a.weightedSum, s).rank}, score ${formatScore(entryOf(a.weightedSum, s).score)})`);
  return [paragraph(`The least invading strategy that meets the constraints is ${listOf(ranks)} with ${what}: the weights in `, code(a.decision.file), ' trade that for the outcomes above.')];
}

function decisionSection(a: DecisionAnalysis): Section {
  const { choice } = a;
  const top = heading(2, 'Decision');
  if (choice.kind === 'none') {
    const fewest = a.verdicts.find((v) => v.feasible)!.broken.length;
    return section('decision', [
      top,
      paragraph(
        'None: no strategy meets the constraints of ',
        code(a.decision.file),
        `. Closest (fewest broken scenario × constraint pairs, ${fewest}, but not the same ones): ${listOf(a.ranked)}. Change a strategy or relax a constraint; the ranking above is for reference only.`,
      ),
    ]);
  }
  if (choice.kind === 'tie') {
    return section('decision', [
      top,
      paragraph(`No single choice: ${listOf(choice.strategies)} are ${choice.rule}. The simulated outcomes and the weights do not separate them; the choice rests on what the simulation does not model.`),
      ...leastInvadingBlocks(a, choice.strategies),
    ]);
  }
  const chosen = choice.strategies[0];
  return section('decision', [
    top,
    paragraph('We choose ', { strong: chosen }, ` (${choice.rule}).`),
    list(decisionFacts(a, chosen).map((f) => [f])),
    ...leastInvadingBlocks(a, choice.strategies),
  ]);
}

/** (+) where the strategy is the best of the ranked strategies on a weighted criterion, (-) where another is better. */
function criterionBullets(a: DecisionAnalysis, strategy: string, ranked: Matrix): string[] {
  const inert = new Set(a.weightedSum.inertCriteria);
  const i = ranked.strategies.indexOf(strategy);
  return a.matrix.criteria.flatMap((c, j) => {
    const spec = a.decision.criteria[c]!;
    if (spec.weight === 0 || inert.has(c)) return [];
    const column = ranked.values.map((row) => row[j]);
    const best = spec.direction === 'min' ? minOf(column) : maxOf(column);
    const own = column[i];
    const atBest = ranked.strategies.filter((_, k) => same(column[k], best));
    const label = `${CRITERION_TEXT[c].label}${c === 'iapiChanges' || c === 'effort' ? ' (estimate)' : ''}`;
    if (same(own, best)) {
      const others = atBest.filter((s) => s !== strategy);
      return [`(+) ${label}: ${valueText(c, own)}, the best of the ranked strategies${others.length > 0 ? ` (tied with ${listOf(others)})` : ''}`];
    }
    return [`(-) ${label}: ${valueText(c, own)}, against ${valueText(c, best)} for ${listOf(atBest)}`];
  });
}

function robustnessBullets(a: DecisionAnalysis, strategy: string): string[] {
  const share = shareOf(a.stability.weightedSum, strategy);
  const regretRow = regretOf(a.regret, strategy);
  const dominated = a.pareto.dominated.find((d) => d.strategy === strategy);
  const reversed = a.reversals.filter((r) => r.preferredByFirst === strategy || r.preferredBySecond === strategy);
  return [
    `${share >= 0.5 ? '(+)' : '(-)'} ranks first in ${formatShare(share)} of weight draws (weighted sum)`,
    regretRow.worst
      ? `(-) in ${regretRow.worst.scenario} seed ${regretRow.worst.seed} it scores ${formatScore(regretRow.maxRegret)} below that run's best`
      : '(+) never scores below the best strategy in any scenario × seed run',
    dominated ? `(-) dominated on correctness, p99 stop latency and rerun time by ${dominated.by.join(', ')}` : '(+) on the Pareto front of correctness, p99 stop latency and rerun time',
    ...reversed.map((r) =>
      r.preferredByFirst === strategy
        ? `(-) TOPSIS ranks ${r.preferredBySecond} above it (rank reversal)`
        : `(-) the weighted sum ranks ${r.preferredByFirst} above it although TOPSIS does not (rank reversal)`,
    ),
  ];
}

function consequences(a: DecisionAnalysis, sensitivity: SensitivityResult | null): Section {
  const top = heading(2, 'Consequences');
  if (a.choice.kind === 'none') {
    return section('consequences', [top, paragraph('Every strategy breaks a constraint:'), list(a.verdicts.map((v) => [{ strong: v.strategy }, `: (-) ${v.reasons.join('; (-) ')}`]))]);
  }
  const ranked = selectStrategies(a.matrix, a.ranked);
  const items = a.choice.strategies.flatMap((s, n) => {
    const bullets: Inline[][] = [...criterionBullets(a, s, ranked).map((b) => [b]), ...robustnessBullets(a, s).map((b) => [b]), ...(sensitivity ? sensitivityBullets(sensitivity, s) : [])];
    return [heading(3, `${n + 1}. ${s}`), list(bullets)];
  });
  return section('consequences', [top, ...items]);
}

/** A chart of the decision: written under charts/, shown in decision.md and embedded in report.html. */
export interface DecisionChartImage {
  key: string;
  file: string;
  png: Buffer;
  alt: string;
  caption: string;
}

/** What decision.md shows beyond the analysis of the runs. */
export interface ReportExtras {
  /** The suite's scenarios (its suite.json), for the parameters each run rests on. */
  scenarios?: readonly LoadedScenario[];
  /** The sensitivity study with its cost statement, or why it was not run. */
  sensitivity?: { result: SensitivityResult; cost: string } | { notRun: Inline[] };
  /** The charts drawn for it (none: the text alone). */
  charts?: readonly DecisionChartImage[];
  /** Sections placed right after the title (the bottom line). */
  opening?: readonly Section[];
  /** What decide --assumptions and --discover found (not run: how to run them). */
  studies?: DecisionStudies;
}

const DECISION_TITLE = 'RIP drain stop for Export to LoadFile: choice of strategy from simulation';

/**
 * decision.md's sections in the design record's format (Status, Context, ..., Decision,
 * Consequences), as a document: report.html embeds the same sections.
 */
export function decisionSections(a: DecisionAnalysis, extras: ReportExtras = {}): Section[] {
  const charts = new Map((extras.charts ?? []).map((c) => [c.key, c]));
  const chart: ChartBlocks = (key) => {
    const c = charts.get(key);
    return c === undefined ? [] : [image({ src: c.file, alt: c.alt, png: c.png, caption: c.caption })];
  };
  const study = extras.sensitivity !== undefined && 'result' in extras.sensitivity ? extras.sensitivity : null;
  const notRun = extras.sensitivity !== undefined && 'notRun' in extras.sensitivity ? [section('sensitivity', [heading(2, 'Sensitivity'), paragraph('Not run: ', ...extras.sensitivity.notRun)])] : [];
  return [
    section('title', [heading(1, DECISION_TITLE)]),
    ...(extras.opening ?? []),
    restsOnSection({
      chosen: a.choice.strategies,
      choice: a.choice,
      uncertainty: a.uncertainty,
      weights: a.stability.weightedSum,
      estimated: a.estimated,
      decisionFile: a.decision.file,
      canStudy: a.decision.sensitivity !== undefined,
      studies: extras.studies ?? NO_STUDIES,
    }),
    section('status', [heading(2, 'Status'), paragraph('Proposed (generated by drainsim from simulated runs; every number below is computed from them)')]),
    context(a),
    runs(a, extras.scenarios),
    ...criteria(a),
    constraints(a),
    ranking(a, chart),
    stability(a),
    robustnessSection(a.estimated, extras.studies ?? NO_STUDIES),
    regret(a),
    pareto(a, chart),
    ...(study ? sensitivitySections(study.result, a.decision, study.cost, chart) : notRun),
    decisionSection(a),
    consequences(a, study?.result ?? null),
  ];
}

/** decision.md: the decision's sections as Markdown, every text from a scenario or decision file escaped. */
export function renderDecisionMarkdown(a: DecisionAnalysis, extras: ReportExtras = {}): string {
  return renderMarkdown(decisionSections(a, extras));
}
