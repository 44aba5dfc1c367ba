import type { RunMatrix } from './matrix.js';
import { normalisedWeights, scaledValues, TIE_TOLERANCE, weightedSumScores, type Specs } from './rank.js';
import { maxOf, mean, minOf } from './stats.js';

export interface RegretRow {
  strategy: string;
  /** Largest (best score in a run − the strategy's score in that run) over all runs. */
  maxRegret: number;
  /** Mean of that difference over all scenario × seed runs. */
  meanRegret: number;
  /** The first run with the largest regret; null when the strategy is never behind the best. */
  worst: { scenario: string; seed: number } | null;
  /** Scenario × seed runs in which it scores below that run's best (beyond TIE_TOLERANCE), of `runs`. */
  behind: number;
  runs: number;
}

/**
 * Regret of each strategy over scenario × seed runs. In every run each strategy gets a weighted
 * score; its regret is the run's best score minus its own. Criteria are normalised on one scale
 * for all runs (not per run): their declared ranges when every spec has one, else min-max over all
 * runs and strategies together; so a regret of 0.1 means the same in every run and a run where
 * strategies differ by one duplicate does not count like one where they differ by thousands.
 */
export function regretTable(runs: readonly RunMatrix[], specs: Specs): RegretRow[] {
  if (runs.length === 0) return [];
  const { strategies, criteria } = runs[0].matrix;
  for (const run of runs) {
    if (run.matrix.strategies.join() !== strategies.join() || run.matrix.criteria.join() !== criteria.join()) {
      throw new Error(`regret: scenario ${run.scenario} seed ${run.seed} has other strategies or criteria than the first run`);
    }
  }
  const weights = normalisedWeights(runs[0].matrix, specs);
  const scaled = runs.map((run) => scaledValues(run.matrix, specs));
  const ranges = criteria.map((_, j) => {
    const column = scaled.flatMap((values) => values.map((row) => row[j]));
    return { min: minOf(column), max: maxOf(column) };
  });
  const scoreOf = (row: number[]) =>
    row.reduce((score, x, j) => {
      const { min, max } = ranges[j];
      if (max - min <= TIE_TOLERANCE * Math.max(1, Math.abs(min), Math.abs(max))) return score;
      const goodness = specs[criteria[j]]!.direction === 'max' ? (x - min) / (max - min) : (max - x) / (max - min);
      return score + weights[j] * goodness;
    }, 0);
  const ranged = criteria.every((c) => specs[c]?.range !== undefined);
  const regrets = scaled.map((values, n) => {
    const scores = ranged ? weightedSumScores(runs[n].matrix, specs) : values.map(scoreOf);
    const best = maxOf(scores);
    return scores.map((s) => best - s);
  });
  return strategies.map((strategy, i) => {
    const own = regrets.map((r) => r[i]);
    const maxRegret = maxOf(own);
    const worstRun = maxRegret > TIE_TOLERANCE ? runs[own.indexOf(maxRegret)] : null;
    return {
      strategy,
      maxRegret,
      meanRegret: mean(own),
      worst: worstRun && { scenario: worstRun.scenario, seed: worstRun.seed },
      behind: own.filter((r) => r > TIE_TOLERANCE).length,
      runs: own.length,
    };
  });
}
