import { mean, present } from '../analysis/stats.js';
import type { RunResult } from '../oracle/result.js';
import { fmt } from './format.js';

/**
 * The terminal comparison table of `run`: one row per strategy, means over seeds (max for stop
 * latency), stops within budget counted over all seeds.
 */
export function comparisonTable(results: RunResult[], budget: number): string {
  const strategies = [...new Set(results.map((r) => r.strategy))];
  const header = ['strategy', 'dup', 'miss', 'missGone', 'phantom', 'newMiss', 'stale', 'maxStop s', 'in budget', 'killed', 'rerun s', 'done at s', 'JobDetails B', 'tables left', 'collateral', 'stat drops', 'failed'];
  const rows = strategies.map((id) => {
    const rs = results.filter((r) => r.strategy === id);
    const stops = rs.flatMap((r) => r.stops.filter((s) => s.latencySeconds !== null));
    const m = (f: (r: RunResult) => number | null) => fmt(mean(present(rs.map(f))));
    const failed = rs.filter((r) => r.failed !== null);
    return [
      id,
      m((r) => r.duplicates),
      m((r) => r.misses),
      m((r) => r.missesGone),
      m((r) => r.phantoms),
      m((r) => r.missedNewcomers),
      m((r) => r.stale),
      stops.length === 0 ? '-' : fmt(Math.max(...stops.map((s) => s.latencySeconds!))),
      `${stops.filter((s) => s.withinBudget).length}/${stops.length}`,
      String(stops.filter((s) => s.hardKilled).length),
      m((r) => r.rerunSeconds),
      failed.length === rs.length ? '-' : fmt(mean(rs.filter((r) => r.completionSeconds !== null).map((r) => r.completionSeconds!))),
      m((r) => r.jobDetailsMaxBytes),
      m((r) => r.tempTablesLeft),
      m((r) => r.collateralDeletes),
      m((r) => r.statsRegressions),
      failed.length === 0 ? '' : `${failed.length}/${rs.length}: ${failed[0].failed}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === header.length - 1 ? 0 : r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : i === cells.length - 1 ? c : c.padStart(widths[i]))).join('  ').trimEnd();
  const seeds = new Set(results.map((r) => r.seed)).size;
  return [
    line(header),
    ...rows.map(line),
    '',
    `${seeds} seed${seeds === 1 ? '' : 's'}; means over seeds, stop latency max over all stops; budget ${budget} s.`,
  ].join('\n');
}
