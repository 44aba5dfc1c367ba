import { percentile } from '../../analysis/stats.js';
import { csvCell } from '../../report/escape.js';
import type { BreakEvenResult } from '../break-even.js';
import type { FleetMetrics } from '../metrics.js';
import type { FleetOutcome } from '../run-fleet.js';
import type { AffectedJob } from '../simulate-fleet.js';

type Cell = string | number | boolean | null;
type Columns<T> = readonly (readonly [name: string, of: (row: T) => Cell])[];

function csv<T>(columns: Columns<T>, rows: readonly T[]): string {
  const lines = [columns.map(([name]) => name), ...rows.map((r) => columns.map(([, of]) => csvCell(of(r))))];
  return lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}

const ms = (x: number) => Math.round(x * 1000) / 1000;
const latency = (m: FleetMetrics, q: number) => (m.latencies.length === 0 ? null : percentile(m.latencies, q));

/** The totals of one fleet run (not scaled to a month): what every figure of the report is computed from. */
const METRIC_COLUMNS: Columns<FleetMetrics> = [
  ['horizonSeconds', (m) => m.horizon],
  ['jobs', (m) => m.jobs],
  ['upgrades', (m) => m.upgrades],
  ['hitsPerUpgrade', (m) => m.hitsPerUpgrade.join(';')],
  ['affectedJobs', (m) => m.affectedJobs],
  ['failedJobs', (m) => m.failedJobs],
  ['redoneSeconds', (m) => ms(m.redoneSeconds)],
  ['duplicates', (m) => m.duplicates],
  ['misses', (m) => m.misses],
  ['missesGone', (m) => m.missesGone],
  ['missedNewcomers', (m) => m.missedNewcomers],
  ['stops', (m) => m.latencies.length],
  ['latencyP50Seconds', (m) => latency(m, 0.5)],
  ['latencyP99Seconds', (m) => latency(m, 0.99)],
  ['latencyMaxSeconds', (m) => latency(m, 1)],
  ['stopsOverBudget', (m) => m.overBudget],
  ['stopsKilled', (m) => m.kills],
  ['tempTablesKept', (m) => m.tempTablesKept],
  ['tempTablesLeft', (m) => m.tempTablesLeft],
  ['tempTableRowSeconds', (m) => m.tempTableRowSeconds],
  ['jobDetailsMaxBytes', (m) => Math.max(0, ...m.jobDetailsBytes)],
  ['queueWaitSeconds', (m) => ms(m.waitSeconds)],
  ['queueWaitWithoutUpgradesSeconds', (m) => ms(m.baseWaitSeconds)],
];

interface RunRow {
  seed: number;
  strategy: string;
  metrics: FleetMetrics;
}

const runColumns = <T extends RunRow>(lead: Columns<T>): Columns<T> => [...lead, ...METRIC_COLUMNS.map(([name, of]) => [name, (r: T) => of(r.metrics)] as const)];

/** results.csv: one row per fleet run (seed) and strategy. */
export function resultsCsv(outcome: FleetOutcome): string {
  const rows = outcome.runs.flatMap((run) => run.runs.map((r) => ({ seed: run.seed, strategy: r.strategy, metrics: r.metrics })));
  return csv(runColumns([['seed', (r) => r.seed], ['strategy', (r) => r.strategy]]), rows);
}

/** break-even.csv: one row per swept value and seed (the swept strategy only). */
export function breakEvenCsv(be: BreakEvenResult, seeds: readonly number[]): string {
  const rows = be.points.flatMap((p) => p.runs.map((metrics, i) => ({ value: p.value, seed: seeds[i], strategy: be.strategy, metrics })));
  return csv(runColumns<RunRow & { value: number }>([['parameter', () => be.parameter], ['value', (r) => r.value], ['seed', (r) => r.seed], ['strategy', (r) => r.strategy]]), rows);
}

interface JobRow {
  seed: number;
  strategy: string;
  job: AffectedJob;
}

const joined = (values: readonly (number | string | null)[]) => values.map((v) => (v === null ? '' : String(v))).join(';');

/** affected-jobs.csv: every job an upgrade met, per seed and strategy: where and when it ran, what it met, what it cost. */
export function affectedJobsCsv(outcome: FleetOutcome): string {
  const rows: JobRow[] = outcome.runs.flatMap((run) => run.runs.flatMap((r) => r.affected.map((job) => ({ seed: run.seed, strategy: r.strategy, job }))));
  const columns: Columns<JobRow> = [
    ['seed', (r) => r.seed],
    ['strategy', (r) => r.strategy],
    ['job', (r) => r.job.job],
    ['arrivalSeconds', (r) => ms(r.job.arrival)],
    ['agent', (r) => r.job.agent],
    ['startSeconds', (r) => ms(r.job.start)],
    ['endSeconds', (r) => ms(r.job.end)],
    ['documents', (r) => r.job.documents],
    ['churnBucket', (r) => r.job.churnBucket],
    ['jobSeed', (r) => r.job.jobSeed],
    ['upgrades', (r) => joined(r.job.requests.map((q) => q.upgrade))],
    ['stopOffsetsSeconds', (r) => joined(r.job.offsets)],
    ['stopOutcomes', (r) => joined(r.job.result.stops.map((s) => s.outcome))],
    ['stopLatencySeconds', (r) => joined(r.job.result.stops.map((s) => s.latencySeconds))],
    ['failed', (r) => r.job.result.failed],
    ['busySeconds', (r) => r.job.result.busySeconds],
    ['rerunSeconds', (r) => r.job.result.rerunSeconds],
    ['duplicates', (r) => r.job.result.duplicates],
    ['misses', (r) => r.job.result.misses],
    ['missesGone', (r) => r.job.result.missesGone],
    ['jobDetailsMaxBytes', (r) => r.job.result.jobDetailsMaxBytes],
    ['tempTablesKept', (r) => r.job.result.tempTablesKept],
    ['tempTableRowSeconds', (r) => r.job.result.tempTableRowSeconds],
  ];
  return csv(columns, rows);
}
