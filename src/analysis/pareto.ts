import { column, type Matrix } from './matrix.js';

/** The three outcomes the front trades off, all minimised. */
export const PARETO_OBJECTIVES = ['correctness', 'p99StopLatency', 'rerunSeconds'] as const;

export interface ParetoPoint {
  strategy: string;
  /** Duplicates + misses (records still in the query never exported), mean per run. */
  correctness: number;
  p99StopLatency: number;
  rerunSeconds: number;
}

export interface ParetoResult {
  /** Strategies no other strategy dominates, in input order. */
  front: string[];
  /** Every dominated strategy with all the strategies that dominate it. */
  dominated: { strategy: string; by: string[] }[];
}

/** Points from a matrix with duplicates, misses, p99StopLatency and rerunSeconds columns. */
export function paretoPoints(matrix: Matrix): ParetoPoint[] {
  const duplicates = column(matrix, 'duplicates');
  const misses = column(matrix, 'misses');
  const latency = column(matrix, 'p99StopLatency');
  const rerun = column(matrix, 'rerunSeconds');
  return matrix.strategies.map((strategy, i) => ({
    strategy,
    correctness: duplicates[i] + misses[i],
    p99StopLatency: latency[i],
    rerunSeconds: rerun[i],
  }));
}

/** a dominates b: no worse on every objective and strictly better on one. Equal points do not dominate each other. */
export function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  const noWorse = PARETO_OBJECTIVES.every((o) => a[o] <= b[o]);
  const better = PARETO_OBJECTIVES.some((o) => a[o] < b[o]);
  return noWorse && better;
}

export function paretoFront(points: readonly ParetoPoint[]): ParetoResult {
  const dominators = points.map((p) => points.filter((q) => dominates(q, p)).map((q) => q.strategy));
  return {
    front: points.filter((_, i) => dominators[i].length === 0).map((p) => p.strategy),
    dominated: points.flatMap((p, i) => (dominators[i].length > 0 ? [{ strategy: p.strategy, by: dominators[i] }] : [])),
  };
}
