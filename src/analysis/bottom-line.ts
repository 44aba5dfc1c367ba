import type { RunResult } from '../oracle/result.js';
import { assumptionsUsed, type AssumptionUse } from './assumptions-used.js';
import type { AssumptionSweep } from './assumption-sweep.js';
import { BUDGET_CONSTRAINT, p99LatencyForBudget } from './constraints.js';
import { leastInvading, regretOf, type DecisionAnalysis } from './decision.js';
import { INPUT_CRITERIA, type CriterionName, type Decision } from './decision-file.js';
import { selectStrategies } from './matrix.js';
import { rangedSpecs } from './ranges.js';
import { entryOf, weightedSumTerms, winners } from './rank.js';
import { shareOf } from './stability.js';
import { mean, percentile } from './stats.js';

/**
 * The bottom line of a decision: what to pick, what it costs in the user's words, how sure it is
 * and what was ruled out. Computed once from analyseDecision's output and the runs; report.md,
 * report.html and decision.md all render this one structure (src/report/bottom-line.ts). The
 * decision math stays in decision.ts: nothing here changes a ranking.
 */
export interface BottomLine {
  kind: 'chosen' | 'tie' | 'none';
  /** The chosen strategy, the tied ones, or none. */
  recommended: string[];
  /** How the choice was reached, in words (decision.ts's rule). */
  rule: string;
  /** The next strategy by weighted sum among those ranked, and how far behind (score points on the 0–1 scale). */
  runnerUp: { strategy: string; score: number; margin: number } | null;
  method: {
    criteria: number;
    /** Strategies TOPSIS ranks first: the second method's opinion. */
    topsisFirst: string[];
  };
  /** Criteria that separate the recommended strategy from the runner-up, largest share of the margin first. */
  drivers: Driver[];
  /** Which of the two leads on the measured criteria alone (the estimates left out); null when they are level. */
  measuredLeader: string | null;
  /** Strategies that beat the recommended one on correctness, p99 stop latency and rerun time together (Pareto). */
  dominatedBy: string[];
  /** The ranked strategies needing the fewest IAPI changes, then the least effort (the record's "least invading"). */
  leastInvading: string[];
  stability: Stability | null;
  /** The assumptions the runs used (null: the runs record none). */
  assumptions: AssumptionUse[] | null;
  /** What decide --assumptions found the choice depends on (its summary sentence); null when not run. */
  assumptionSweep: string | null;
  ruledOut: { strategy: string; broken: { constraint: string; reason: string }[] }[];
  /** Scenario × constraint pairs the ranked strategies break: 0 when they meet every constraint everywhere (see constraints.ts). */
  rankedBreak: number;
  /** Every strategy of the runs, in the decision matrix's order. */
  outcomes: StrategyOutcome[];
  scope: {
    budget: number;
    /** Scenario names and scenario × seed runs the decision rests on, and all runs (× strategies). */
    scenarios: string[];
    scenarioSeeds: number;
    runs: number;
    /** Scenarios left out (they turn off an IAPI capability some strategy needs). */
    leftOut: string[];
    /** Scenarios in which no strategy meets the budget: they tell the strategies nothing about it. */
    beyondAllOnBudget: string[];
    /** Every scenario in which no strategy meets some constraint, with those constraints: they rule none out there, but their runs count in the figures. */
    beyondAll: { scenario: string; constraints: string[] }[];
    decisionFile: string;
  };
}

export interface Driver {
  criterion: CriterionName;
  /** A figure the decision file gives per strategy (iapiChanges, effort), not one the simulation measured. */
  estimate: boolean;
  /** Weighted-sum points this criterion adds to the recommended strategy's lead (negative: it favours the runner-up). */
  contribution: number;
  recommended: number;
  runnerUp: number;
}

export interface Stability {
  /** Share of the weight draws in which the recommended strategy ranks first, by weighted sum and by TOPSIS. */
  weightedSumShare: number;
  topsisShare: number;
  draws: number;
  /** Share of the bootstrap resamples of the seeds in which it ranks first by weighted sum. */
  seedShare: number;
  resamples: number;
  /** Scenario × seed runs in which it scores at least as well as every other ranked strategy. */
  runsBest: number;
  runs: number;
  /** Its worst run, when it is behind in any. */
  worstRun: { scenario: string; seed: number; regret: number } | null;
}

/** A mean per run (mean over seeds within a scenario, then over scenarios, as the decision matrix) and the worst single run. */
export interface Figure {
  perRun: number;
  worstRun: number;
}

export interface BudgetOutcome {
  /** Stops that found the job running, and those the platform ended by a kill (scenarios beyond every strategy left out). */
  stops: number;
  killed: number;
  /** Nearest-rank p99 of their latencies, a kill counting as infinitely late (Infinity then), and without that rule; null without stops. */
  p99: number | null;
  p99Latency: number | null;
  within: boolean | null;
}

export interface StrategyOutcome {
  strategy: string;
  status: 'recommended' | 'tied' | 'runner-up' | 'ranked' | 'ruled out';
  /** Weighted-sum rank and score among the ranked strategies; null for a strategy not ranked. */
  rank: { rank: number; score: number; tie: boolean } | null;
  runs: number;
  failedRuns: number;
  budget: BudgetOutcome;
  duplicates: Figure;
  misses: Figure;
  /** Over the runs that completed (a failed run has no rerun time); null when none did. */
  rerunSeconds: Figure | null;
  collateralDeletes: Figure;
  tempTableHeldSeconds: Figure;
  tempTablesLeftWorst: number;
  jobDetailsBytesWorst: number;
  /** The decision file's estimates, when given. */
  iapiChanges: number | null;
  effort: number | null;
}

/** A run that failed: its job reported an error, or its rerun time is null (issue 11's RunResult). */
export function failedRun(run: RunResult): boolean {
  return run.failed !== null || (run as { rerunSeconds: number | null }).rerunSeconds === null;
}

/** Mean over scenarios of the mean over seeds, of the runs that have the value; null when none has. */
function meanOfScenarioMeans(runs: readonly RunResult[], of: (r: RunResult) => number | null): number | null {
  const byScenario = new Map<string, number[]>();
  for (const r of runs) {
    const v = of(r);
    if (v === null) continue;
    byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), v]);
  }
  return byScenario.size === 0 ? null : mean([...byScenario.values()].map(mean));
}

function figure(runs: readonly RunResult[], of: (r: RunResult) => number): Figure {
  return { perRun: meanOfScenarioMeans(runs, of) ?? 0, worstRun: Math.max(0, ...runs.map(of)) };
}

function budgetOf(runs: readonly RunResult[], budget: number): BudgetOutcome {
  const { p99, timed, killed } = p99LatencyForBudget(runs);
  const latencies = runs.flatMap((r) => r.stops.flatMap((s) => (s.latencySeconds === null ? [] : [s.latencySeconds])));
  return { stops: timed, killed, p99: timed === 0 ? null : p99, p99Latency: timed === 0 ? null : percentile(latencies, 0.99), within: timed === 0 ? null : p99 <= budget };
}

const inputOf = (decision: Decision, strategy: string) => decision.inputs[strategy as keyof Decision['inputs']];

function outcomeOf(a: DecisionAnalysis, strategy: string, runs: readonly RunResult[], beyondAll: ReadonlySet<string>, status: StrategyOutcome['status']): StrategyOutcome {
  const completed = runs.filter((r) => !failedRun(r));
  const ranked = a.ranked.includes(strategy) ? entryOf(a.weightedSum, strategy) : undefined;
  return {
    strategy,
    status,
    rank: ranked === undefined ? null : { rank: ranked.rank, score: ranked.score, tie: ranked.tie },
    runs: runs.length,
    failedRuns: runs.length - completed.length,
    budget: budgetOf(runs.filter((r) => !beyondAll.has(r.scenario)), a.decision.budget),
    duplicates: figure(runs, (r) => r.duplicates),
    misses: figure(runs, (r) => r.misses),
    rerunSeconds: completed.length === 0 ? null : figure(completed, (r) => r.rerunSeconds ?? 0),
    collateralDeletes: figure(runs, (r) => r.collateralDeletes),
    tempTableHeldSeconds: figure(runs, (r) => r.tempTableRetainedSeconds),
    tempTablesLeftWorst: Math.max(0, ...runs.map((r) => r.tempTablesLeft)),
    jobDetailsBytesWorst: Math.max(0, ...runs.map((r) => r.jobDetailsMaxBytes)),
    iapiChanges: inputOf(a.decision, strategy)?.iapiChanges ?? null,
    effort: inputOf(a.decision, strategy)?.effort ?? null,
  };
}

/** What each criterion adds to `first`'s weighted-sum lead over `second` (the terms of the ranking the choice used). */
function drivers(a: DecisionAnalysis, first: string, second: string): Driver[] {
  const ranked = selectStrategies(a.matrix, a.ranked);
  const terms = weightedSumTerms(ranked, rangedSpecs(a.decision, a.ranges));
  const [i, k] = [ranked.strategies.indexOf(first), ranked.strategies.indexOf(second)];
  return a.matrix.criteria
    .map((criterion, j) => ({
      criterion,
      estimate: (INPUT_CRITERIA as readonly string[]).includes(criterion),
      contribution: terms[i][j] - terms[k][j],
      recommended: ranked.values[i][j],
      runnerUp: ranked.values[k][j],
    }))
    .filter((d) => d.contribution !== 0)
    .sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
}

/**
 * The bottom line of an analysis: `results` are the suite's runs (those the analysis left out are
 * ignored here too); `sweep`, decide --assumptions's study when it ran.
 */
export function bottomLine(a: DecisionAnalysis, results: readonly RunResult[], sweep: AssumptionSweep | null = null): BottomLine {
  const seeds = new Map(a.runs.map((r) => [r.scenario, new Set(r.seeds)]));
  const decided = results.filter((r) => seeds.get(r.scenario)?.has(r.seed) === true);
  const beyondAll = new Set(a.unmet.filter((u) => u.constraint === BUDGET_CONSTRAINT).map((u) => u.scenario));
  const { choice } = a;
  const recommended = choice.strategies;
  const first = choice.kind === 'chosen' ? recommended[0] : null;
  const next = first === null ? undefined : a.weightedSum.entries.find((e) => e.strategy !== first);
  const runnerUp = first === null || next === undefined ? null : { strategy: next.strategy, score: next.score, margin: entryOf(a.weightedSum, first).score - next.score };
  const statusOf = (s: string): StrategyOutcome['status'] => {
    if (choice.kind === 'chosen' && s === first) return 'recommended';
    if (choice.kind === 'tie' && recommended.includes(s)) return 'tied';
    if (runnerUp?.strategy === s) return 'runner-up';
    return a.verdicts.find((v) => v.strategy === s)?.feasible === false ? 'ruled out' : 'ranked';
  };
  const driverList = first !== null && runnerUp !== null ? drivers(a, first, runnerUp.strategy) : [];
  const measured = driverList.filter((d) => !d.estimate).reduce((sum, d) => sum + d.contribution, 0);
  const regret = first === null ? null : regretOf(a.regret, first);
  return {
    kind: choice.kind,
    recommended,
    rule: choice.rule,
    runnerUp,
    method: { criteria: a.matrix.criteria.length, topsisFirst: winners(a.topsis) },
    drivers: driverList,
    measuredLeader: runnerUp === null || Math.abs(measured) < 1e-12 ? null : measured > 0 ? first : runnerUp.strategy,
    dominatedBy: first === null ? [] : (a.pareto.dominated.find((d) => d.strategy === first)?.by ?? []),
    leastInvading: leastInvading(a),
    stability:
      first === null || regret === null
        ? null
        : {
            weightedSumShare: shareOf(a.stability.weightedSum, first),
            topsisShare: shareOf(a.stability.topsis, first),
            draws: a.stability.weightedSum.draws,
            seedShare: a.uncertainty.seedStability.find((s) => s.strategy === first)?.share ?? 0,
            resamples: a.uncertainty.resamples,
            runsBest: regret.runs - regret.behind,
            runs: regret.runs,
            worstRun: regret.worst === null ? null : { ...regret.worst, regret: regret.maxRegret },
          },
    assumptions: assumptionsUsed(decided),
    assumptionSweep: sweep?.summary ?? null,
    ruledOut: a.verdicts.filter((v) => !v.feasible).map((v) => ({ strategy: v.strategy, broken: v.byConstraint })),
    rankedBreak: a.verdicts.find((v) => v.feasible)?.broken.length ?? 0,
    outcomes: a.matrix.strategies.map((s) => outcomeOf(a, s, decided.filter((r) => r.strategy === s), beyondAll, statusOf(s))),
    scope: {
      budget: a.decision.budget,
      scenarios: a.matrix.scenarios,
      scenarioSeeds: a.runs.reduce((n, r) => n + r.seeds.length, 0),
      runs: decided.length,
      leftOut: a.leftOut.map((l) => l.scenario),
      beyondAllOnBudget: [...beyondAll],
      beyondAll: [...new Set(a.unmet.map((u) => u.scenario))].map((scenario) => ({ scenario, constraints: a.unmet.filter((u) => u.scenario === scenario).map((u) => u.constraint) })),
      decisionFile: a.decision.file,
    },
  };
}
