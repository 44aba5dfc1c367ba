import type { Interval } from '../analysis/bootstrap.js';
import type { Usage } from './draw.js';
import { figure, type FigureId } from './figures.js';
import type { FleetMetrics } from './metrics.js';
import type { BreakEven, Fleet, Threshold } from './types.js';

/**
 * The break-even sweep: one strategy (restart by default) over a range of usage (jobs per day, or
 * the median job size), and the usage at which its redone agent-hours or its stops over budget
 * first exceed the fleet file's threshold.
 */

export interface BreakEvenPoint {
  value: number;
  /** The swept strategy's fleet runs at this value, one per seed. */
  runs: FleetMetrics[];
  redone: Interval;
  overBudget: Interval;
  /** Agent utilisation without upgrades (%): above 100 the agents cannot keep up and the queue grows without end. */
  utilisation: Interval;
}

/** Which threshold a point exceeds. */
const BREAK_EVEN_METRICS = [
  { id: 'redone', figure: 'redoneHoursPerMonth', threshold: 'redoneHoursPerMonth' },
  { id: 'overBudget', figure: 'overBudgetPerMonth', threshold: 'budgetMissesPerMonth' },
] as const satisfies readonly { id: 'redone' | 'overBudget'; figure: FigureId; threshold: keyof Threshold }[];

export type Crossing =
  /** No simulated value exceeds the threshold. */
  | { kind: 'never' }
  /** The smallest simulated value already exceeds it. */
  | { kind: 'below-range'; metric: 'redone' | 'overBudget' }
  /** Exceeded between two simulated values; `at` interpolates the estimates linearly. */
  | { kind: 'between'; metric: 'redone' | 'overBudget'; lower: number; upper: number; at: number };

export interface BreakEvenResult extends BreakEven {
  points: BreakEvenPoint[];
  crossing: Crossing;
}

export function usageAt(fleet: Fleet, parameter: BreakEven['parameter'], value: number): Usage {
  return parameter === 'jobsPerDay' ? { jobsPerDay: value, medianDocuments: fleet.workload.documents.median } : { jobsPerDay: fleet.workload.jobsPerDay, medianDocuments: value };
}

export function breakEvenPoint(value: number, runs: FleetMetrics[], seed: number): BreakEvenPoint {
  const at = (id: FigureId) => figure(id, runs, seed, `break-even:${value}`);
  return { value, runs, redone: at('redoneHoursPerMonth'), overBudget: at('overBudgetPerMonth'), utilisation: at('utilisation') };
}

/** Where the estimates first exceed a threshold (the earlier of the two metrics when both do between the same values). */
export function crossingOf(points: readonly BreakEvenPoint[], threshold: Threshold): Crossing {
  for (let i = 0; i < points.length; i++) {
    const over = BREAK_EVEN_METRICS.filter((m) => points[i][m.id].estimate > threshold[m.threshold]);
    if (over.length === 0) continue;
    if (i === 0) return { kind: 'below-range', metric: over[0].id };
    const lower = points[i - 1].value;
    const upper = points[i].value;
    const crossings = over.map((m) => {
      const a = points[i - 1][m.id].estimate;
      const b = points[i][m.id].estimate;
      return { metric: m.id, at: lower + ((threshold[m.threshold] - a) / (b - a)) * (upper - lower) };
    });
    const first = crossings.reduce((x, y) => (y.at < x.at ? y : x));
    return { kind: 'between', metric: first.metric, lower, upper, at: first.at };
  }
  return { kind: 'never' };
}
