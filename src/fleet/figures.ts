import { bootstrap, type Interval } from '../analysis/bootstrap.js';
import { mean, percentile } from '../analysis/stats.js';
import { fleetStream } from './draw.js';
import type { FleetMetrics } from './metrics.js';

/**
 * The fleet figures of a strategy: each a statistic over the fleet runs (seeds), with a 95%
 * percentile bootstrap interval over the seeds. Totals are per month (30 days) of the horizon;
 * per-job figures and latency percentiles pool the seeds' jobs and stops.
 */

const MONTH_SECONDS = 30 * 86_400;
export const BOOTSTRAP_DRAWS = 2000;

export interface Figure {
  label: string;
  unit: string;
  of: (sample: readonly FleetMetrics[]) => number;
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
/** Mean over the runs of a total scaled to 30 days. */
const perMonth = (f: (m: FleetMetrics) => number) => (sample: readonly FleetMetrics[]) => mean(sample.map((m) => (f(m) * MONTH_SECONDS) / m.horizon));
/** Σ numerator / Σ denominator over the runs; undefined (NaN) when the denominator is 0. */
const ratio = (num: (m: FleetMetrics) => number, den: (m: FleetMetrics) => number) => (sample: readonly FleetMetrics[]) => {
  const d = sum(sample.map(den));
  return d === 0 ? NaN : sum(sample.map(num)) / d;
};
/** A percentile of every stop of the runs; undefined when no stop found a job running. */
const latency = (q: number) => (sample: readonly FleetMetrics[]) => {
  const all = sample.flatMap((m) => m.latencies);
  return all.length === 0 ? NaN : percentile(all, q);
};
const completed = (m: FleetMetrics) => m.affectedJobs - m.failedJobs;

export const FIGURES = {
  utilisation: { label: 'agent utilisation without upgrades', unit: '%', of: ratio((m) => 100 * m.workSeconds, (m) => m.agents * m.horizon) },
  hitsPerUpgrade: { label: 'jobs hit per upgrade (mean)', unit: 'jobs', of: ratio((m) => sum(m.hitsPerUpgrade), (m) => m.upgrades) },
  maxHitsPerUpgrade: { label: 'jobs hit by one upgrade (max)', unit: 'jobs', of: (s) => Math.max(0, ...s.flatMap((m) => m.hitsPerUpgrade)) },
  affectedJobsPerMonth: { label: 'jobs hit per month', unit: 'jobs', of: perMonth((m) => m.affectedJobs) },
  failedJobsPerMonth: { label: 'failed jobs per month', unit: 'jobs', of: perMonth((m) => m.failedJobs) },
  redoneHoursPerMonth: { label: 'agent-hours redone per month', unit: 'agent-hours', of: perMonth((m) => m.redoneSeconds / 3600) },
  duplicatesPerMonth: { label: 'duplicate rows per month', unit: 'records', of: perMonth((m) => m.duplicates) },
  missesPerMonth: { label: 'missed records per month', unit: 'records', of: perMonth((m) => m.misses) },
  duplicatesPerJob: { label: 'duplicate rows per completed hit job', unit: 'records', of: ratio((m) => m.duplicates, completed) },
  missesPerJob: { label: 'missed records per completed hit job', unit: 'records', of: ratio((m) => m.misses, completed) },
  latencyP50: { label: 'stop latency p50', unit: 's', of: latency(0.5) },
  latencyP99: { label: 'stop latency p99', unit: 's', of: latency(0.99) },
  latencyMax: { label: 'stop latency max', unit: 's', of: latency(1) },
  overBudgetPerMonth: { label: 'stops over budget per month', unit: 'stops', of: perMonth((m) => m.overBudget) },
  killsPerMonth: { label: 'stops ended by a kill per month', unit: 'stops', of: perMonth((m) => m.kills) },
  tempTablesPerMonth: { label: 'temp tables held per month', unit: 'tables', of: perMonth((m) => m.tempTablesKept) },
  tempTableRowDaysPerMonth: { label: 'temp-table row-days per month', unit: 'row-days', of: perMonth((m) => m.tempTableRowSeconds / 86_400) },
  tempTablesLeftPerMonth: { label: 'temp tables left behind per month', unit: 'tables', of: perMonth((m) => m.tempTablesLeft) },
  jobDetailsMaxBytes: { label: 'largest JobDetails', unit: 'bytes', of: (s) => Math.max(0, ...s.flatMap((m) => m.jobDetailsBytes)) },
  jobDetailsMeanBytes: { label: 'JobDetails per hit job (mean of each job\'s largest)', unit: 'bytes', of: ratio((m) => sum(m.jobDetailsBytes), (m) => m.affectedJobs) },
  queueWaitAddedMinutes: { label: 'queue wait added per job (mean)', unit: 'min', of: ratio((m) => (m.waitSeconds - m.baseWaitSeconds) / 60, (m) => m.jobs) },
} as const satisfies Record<string, Figure>;

export type FigureId = keyof typeof FIGURES;
export const FIGURE_IDS = Object.keys(FIGURES) as FigureId[];

export interface StrategySummary {
  strategy: string;
  figures: Record<FigureId, Interval>;
}

/** Every figure of one strategy over its fleet runs; the bootstrap draws come from the fleet's first seed, per strategy and figure. */
export function summarise(strategy: string, runs: readonly FleetMetrics[], seed: number): StrategySummary {
  const figures = Object.fromEntries(FIGURE_IDS.map((id) => [id, figure(id, runs, seed, strategy)])) as Record<FigureId, Interval>;
  return { strategy, figures };
}

export function figure(id: FigureId, runs: readonly FleetMetrics[], seed: number, part: string): Interval {
  return bootstrap(runs, FIGURES[id].of, BOOTSTRAP_DRAWS, fleetStream(seed, 'bootstrap', `${part}:${id}`));
}
