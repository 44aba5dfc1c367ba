import { InputError } from '../errors.js';
import type { RunResult } from '../oracle/result.js';
import {
  CRITERIA,
  INPUT_CRITERIA,
  KNOWN_STRATEGIES,
  type CriterionName,
  type Decision,
  type InputCriterion,
  type MeasuredCriterion,
} from './decision-file.js';
import { mean, percentile } from './stats.js';

/** Strategies × criteria: values[i][j] is strategy i on criterion j. Generic so tests can use any names. */
export interface Matrix {
  strategies: string[];
  criteria: string[];
  values: number[][];
}

export interface RunCounts {
  /** Scenario × seed runs. */
  runs: number;
  /** Runs whose job failed (RunResult.failed set). */
  failedRuns: number;
  /** Stops with a latency (the job was running when asked to stop). */
  timedStops: number;
  /** Stops ended by the platform killing the agent. */
  killedStops: number;
}

export interface DecisionMatrix extends Matrix {
  criteria: CriterionName[];
  /** Scenario names, sorted. */
  scenarios: string[];
  /** Per strategy, in `strategies` order. */
  counts: RunCounts[];
}

/** One scenario × seed: every strategy's values on the same data and the same stops. */
export interface RunMatrix {
  scenario: string;
  seed: number;
  matrix: Matrix;
}

export type InputsSource = Pick<Decision, 'inputs' | 'file'>;

const isInputCriterion = (c: CriterionName): c is InputCriterion => (INPUT_CRITERIA as readonly string[]).includes(c);

/** Known strategies in the design record's order, then any others by name: stable whatever the result order. */
export function orderStrategies(names: Iterable<string>): string[] {
  const set = new Set(names);
  const known = KNOWN_STRATEGIES.filter((s) => set.has(s));
  const others = [...set].filter((s) => !(KNOWN_STRATEGIES as readonly string[]).includes(s)).sort();
  return [...known, ...others];
}

/** Criteria in the canonical order of CRITERIA. */
function orderCriteria(names: Iterable<CriterionName>): CriterionName[] {
  const set = new Set(names);
  return CRITERIA.filter((c) => set.has(c));
}

export function timedLatencies(run: RunResult): number[] {
  return run.stops.flatMap((s) => (s.latencySeconds === null ? [] : [s.latencySeconds]));
}

/**
 * One run's value of a measured criterion. A single run's stop latency is its slowest stop
 * (0 if no stop found the job running): the p99 of so few stops is their maximum anyway.
 */
export function measuredOfRun(run: RunResult, criterion: MeasuredCriterion): number {
  switch (criterion) {
    case 'duplicates':
      return run.duplicates;
    case 'misses':
      // Records still in the query that never reached the file. A record deleted or gone from
      // the query (missesGone) is not lost data: the decision does not weigh it.
      return run.misses;
    case 'p99StopLatency':
      return Math.max(0, ...timedLatencies(run));
    case 'rerunSeconds':
      // A failed run delivered nothing: all its agent time was spent for nothing (never a cheap row).
      return run.rerunSeconds ?? run.busySeconds;
    case 'jobDetailsBytes':
      return run.jobDetailsMaxBytes;
    case 'tempTableRetainedSeconds':
      return run.tempTableRetainedSeconds;
    case 'collateralDeletes':
      return run.collateralDeletes;
    case 'statsRegressions':
      return run.statsRegressions;
  }
}

function inputOf(source: InputsSource, strategy: string, criterion: InputCriterion): number {
  const given = source.inputs[strategy as keyof Decision['inputs']];
  if (given === undefined) {
    throw new InputError({ file: source.file, path: `inputs.${strategy}.${criterion}`, problem: `missing for strategy ${strategy} (it has results)`, allowed: 'a number per strategy under inputs' });
  }
  return given[criterion];
}

/** Runs by scenario, then seed (both sorted), then strategy; every cell holds every strategy. */
export type RunGrid = Map<string, Map<number, Map<string, RunResult>>>;

/**
 * Runs grouped by scenario, then seed (both sorted), then strategy. Refuses results that are not
 * a full grid: strategies can only be compared on the same scenario × seed runs.
 */
export function groupRuns(results: readonly RunResult[]): RunGrid {
  const strategies = orderStrategies(results.map((r) => r.strategy));
  const grid: RunGrid = new Map();
  for (const run of results) {
    const bySeed = grid.get(run.scenario) ?? new Map<number, Map<string, RunResult>>();
    grid.set(run.scenario, bySeed);
    const byStrategy = bySeed.get(run.seed) ?? new Map<string, RunResult>();
    bySeed.set(run.seed, byStrategy);
    if (byStrategy.has(run.strategy)) {
      throw new Error(`results: two runs of strategy ${run.strategy} for scenario ${run.scenario} seed ${run.seed}`);
    }
    byStrategy.set(run.strategy, run);
  }
  for (const [scenario, bySeed] of grid) {
    for (const [seed, byStrategy] of bySeed) {
      const missing = strategies.filter((s) => !byStrategy.has(s));
      if (missing.length > 0) {
        throw new Error(
          `results: no run of ${missing.join(', ')} for scenario ${scenario} seed ${seed} (every strategy needs the same scenario × seed runs)`,
        );
      }
    }
  }
  const sorted = new Map([...grid].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const [scenario, bySeed] of sorted) sorted.set(scenario, new Map([...bySeed].sort(([a], [b]) => a - b)));
  return sorted;
}

/** The results as a grid: grouped here, or as a caller that reads them several times grouped them once. */
const gridOf = (runs: readonly RunResult[] | RunGrid): RunGrid => (runs instanceof Map ? runs : groupRuns(runs));

/** The grid's strategies, ordered (every cell holds them all). */
function strategiesOf(grid: RunGrid): string[] {
  for (const bySeed of grid.values()) for (const cell of bySeed.values()) return orderStrategies(cell.keys());
  return [];
}

/**
 * The decision matrix over all scenarios and seeds:
 * - p99StopLatency: nearest-rank 99th percentile of the latencies of all the strategy's stops in
 *   every scenario and seed (stops that found the job not running have no latency), except the
 *   scenarios in `latencyLeftOut`: those the budget constraint excuses for the ranked strategies,
 *   whose stops end at the kill (counted there, they made the p99 the kill time for everyone);
 * - every other measured criterion: mean over seeds within a scenario, then mean over scenarios,
 *   so each scenario counts the same whatever its number of seeds;
 * - iapiChanges and effort: the numbers given in the decision file's inputs.
 * Failed runs are kept: what they lost shows in misses; whether failing rules a strategy out is a
 * constraint (constraints.ts), not a weight.
 */
export function buildMatrix(
  results: readonly RunResult[] | RunGrid,
  criteria: readonly CriterionName[],
  inputs: InputsSource = { inputs: {}, file: 'decision file' },
  latencyLeftOut: ReadonlySet<string> = new Set(),
): DecisionMatrix {
  const grid = gridOf(results);
  const strategies = strategiesOf(grid);
  const ordered = orderCriteria(criteria);
  const runsOf = (strategy: string, leftOut: ReadonlySet<string> = new Set()) =>
    [...grid].flatMap(([scenario, bySeed]) => (leftOut.has(scenario) ? [] : [...bySeed.values()].map((m) => m.get(strategy)!)));
  const meanOfScenarioMeans = (strategy: string, criterion: MeasuredCriterion) =>
    mean([...grid.values()].map((bySeed) => mean([...bySeed.values()].map((m) => measuredOfRun(m.get(strategy)!, criterion)))));

  const values = strategies.map((strategy) =>
    ordered.map((criterion) => {
      if (isInputCriterion(criterion)) return inputOf(inputs, strategy, criterion);
      if (criterion === 'p99StopLatency') return percentile(runsOf(strategy, latencyLeftOut).flatMap(timedLatencies), 0.99);
      return meanOfScenarioMeans(strategy, criterion);
    }),
  );
  const counts = strategies.map((strategy) => {
    const runs = runsOf(strategy);
    const stops = runs.flatMap((r) => r.stops);
    return {
      runs: runs.length,
      failedRuns: runs.filter((r) => r.failed !== null).length,
      timedStops: stops.filter((s) => s.latencySeconds !== null).length,
      killedStops: stops.filter((s) => s.hardKilled).length,
    };
  });
  return { strategies, criteria: ordered, values, scenarios: [...grid.keys()], counts };
}

/** One matrix per scenario × seed (same strategy and criterion order as buildMatrix), for regret. */
export function runMatrices(
  results: readonly RunResult[] | RunGrid,
  criteria: readonly CriterionName[],
  inputs: InputsSource = { inputs: {}, file: 'decision file' },
): RunMatrix[] {
  const grid = gridOf(results);
  const strategies = strategiesOf(grid);
  const ordered = orderCriteria(criteria);
  return [...grid].flatMap(([scenario, bySeed]) =>
    [...bySeed].map(([seed, byStrategy]) => ({
      scenario,
      seed,
      matrix: {
        strategies,
        criteria: ordered,
        values: strategies.map((strategy) =>
          ordered.map((c) => (isInputCriterion(c) ? inputOf(inputs, strategy, c) : measuredOfRun(byStrategy.get(strategy)!, c))),
        ),
      },
    })),
  );
}

/** The rows of the given strategies, in the matrix's order. */
export function selectStrategies(matrix: Matrix, strategies: readonly string[]): Matrix {
  const keep = matrix.strategies.flatMap((s, i) => (strategies.includes(s) ? [i] : []));
  return {
    strategies: keep.map((i) => matrix.strategies[i]),
    criteria: matrix.criteria,
    values: keep.map((i) => matrix.values[i]),
  };
}

/** A column by criterion name. */
export function column(matrix: Matrix, criterion: string): number[] {
  const j = matrix.criteria.indexOf(criterion);
  if (j < 0) throw new Error(`matrix has no criterion ${criterion} (has ${matrix.criteria.join(', ')})`);
  return matrix.values.map((row) => row[j]);
}
