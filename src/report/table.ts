import { failedRun } from '../analysis/bottom-line.js';
import { countOf, plural } from '../analysis/format.js';
import { mean } from '../analysis/stats.js';
import type { RunResult } from '../oracle/result.js';
import { withoutControls } from './escape.js';
import { fmt } from './format.js';

/** One strategy's runs and its stops that found the job running. */
interface Row {
  id: string;
  runs: RunResult[];
  stops: RunResult['stops'];
}

const meanOf = (runs: readonly RunResult[], f: (r: RunResult) => number) => fmt(mean(runs.map(f)));

/** The columns of the table: a short head, what the column holds (the legend under the table), the cell. */
const COLUMNS: { head: string; legend: string; cell: (row: Row) => string }[] = [
  { head: 'strategy', legend: '', cell: (r) => r.id },
  { head: 'dup', legend: 'duplicate rows: rows of records written more than once', cell: (r) => meanOf(r.runs, (x) => x.duplicates) },
  { head: 'miss', legend: 'misses: records of S0 still in the query at the end, never in the load file', cell: (r) => meanOf(r.runs, (x) => x.misses) },
  { head: 'missGone', legend: 'misses gone: records of S0 deleted or out of the query at the end, never in the load file', cell: (r) => meanOf(r.runs, (x) => x.missesGone) },
  { head: 'phantom', legend: 'phantoms: records in the load file that are not in S0', cell: (r) => meanOf(r.runs, (x) => x.phantoms) },
  { head: 'newMiss', legend: 'newcomers not exported: records that entered the query after S0, are in it at the end, not in the file', cell: (r) => meanOf(r.runs, (x) => x.missedNewcomers) },
  { head: 'stale', legend: 'stale: records exported at another version than their S0 version', cell: (r) => meanOf(r.runs, (x) => x.stale) },
  { head: 'maxStop s', legend: 'the slowest stop of all seeds, seconds from the request to the paused state (or completion, failure, kill)', cell: (r) => (r.stops.length === 0 ? '-' : fmt(Math.max(...r.stops.map((s) => s.latencySeconds!)))) },
  { head: 'in budget', legend: 'stops within the budget, of the stops that found the job running', cell: (r) => `${r.stops.filter((s) => s.withinBudget).length}/${r.stops.length}` },
  { head: 'killed', legend: 'stops the platform ended by killing the agent (over budget whatever their latency)', cell: (r) => String(r.stops.filter((s) => s.hardKilled).length) },
  {
    head: 'rerun s',
    legend: 'rerun time: agent seconds on work a stop-free run does not do, over the runs that completed ("-": none did)',
    cell: (r) => {
      const completed = r.runs.filter((x) => !failedRun(x));
      return completed.length === 0 ? '-' : meanOf(completed, (x) => x.rerunSeconds ?? 0);
    },
  },
  {
    head: 'done at s',
    legend: 'simulated second the job completed, over the runs that completed',
    cell: (r) => {
      const done = r.runs.filter((x) => x.completionSeconds !== null);
      return done.length === 0 ? '-' : fmt(mean(done.map((x) => x.completionSeconds!)));
    },
  },
  { head: 'JobDetails B', legend: 'largest JobDetails written, bytes', cell: (r) => meanOf(r.runs, (x) => x.jobDetailsMaxBytes) },
  { head: 'tables left', legend: 'temp tables left on the server at the end', cell: (r) => meanOf(r.runs, (x) => x.tempTablesLeft) },
  { head: 'collateral', legend: "other jobs' files deleted by an overwrite cleanup", cell: (r) => meanOf(r.runs, (x) => x.collateralDeletes) },
  { head: 'stat drops', legend: 'times the ItemsTransferred shown in JobHistory went down', cell: (r) => meanOf(r.runs, (x) => x.statsRegressions) },
  {
    head: 'failed',
    legend: 'failed runs of all runs, and the first error',
    cell: (r) => {
      const failed = r.runs.filter((x) => x.failed !== null);
      return failed.length === 0 ? '' : `${failed.length}/${r.runs.length}: ${failed[0].failed}`;
    },
  },
];

/**
 * The terminal comparison table of `run`: one row per strategy, means over seeds (max for stop
 * latency), stops within budget counted over all seeds, then a legend of every column.
 */
export function comparisonTable(results: RunResult[], budget: number): string {
  const strategies = [...new Set(results.map((r) => r.strategy))];
  const rows = strategies.map((id) => {
    const runs = results.filter((r) => r.strategy === id);
    const cells = COLUMNS.map((c) => c.cell({ id, runs, stops: runs.flatMap((r) => r.stops.filter((s) => s.latencySeconds !== null)) }));
    return cells;
  });
  const header = COLUMNS.map((c) => c.head);
  const last = header.length - 1;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === last ? 0 : r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : i === last ? c : c.padStart(widths[i]))).join('  ').trimEnd();
  const seeds = new Set(results.map((r) => r.seed)).size;
  const legendWidth = Math.max(...COLUMNS.map((c) => c.head.length));
  const kills = results.flatMap((r) => r.stops).filter((s) => s.hardKilled).length;
  return withoutControls(
    [
      line(header),
      ...rows.map(line),
      '',
      `${plural(seeds, 'seed')}; means per run over the seeds unless said; budget ${fmt(budget)} s${kills > 0 ? `; ${countOf(kills, results.flatMap((r) => r.stops).length, 'stop')} ended by a kill` : ''}.`,
      'Columns:',
      ...COLUMNS.filter((c) => c.legend !== '').map((c) => `  ${c.head.padEnd(legendWidth)}  ${c.legend}`),
    ].join('\n'),
  );
}
