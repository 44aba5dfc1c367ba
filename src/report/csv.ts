import type { RunResult } from '../oracle/result.js';
import { ASSUMPTIONS } from '../scenario/assumptions.js';
import type { Scenario } from '../scenario/types.js';
import { csvCell } from './escape.js';
import { killedStops, slowestStop } from './scenario-stats.js';

type Cell = string | number | boolean | null;

/** results.csv columns: one row per run; the stops are summed up in a few columns (results.jsonl has them whole). */
const COLUMNS: [string, (r: RunResult, sc: Scenario | undefined) => Cell][] = [
  ['scenario', (r) => r.scenario],
  ['family', (_, sc) => sc?.family ?? null],
  ['seed', (r) => r.seed],
  ['strategy', (r) => r.strategy],
  ['faults', (r) => r.faults.join(';')],
  ['failed', (r) => r.failed],
  ['duplicates', (r) => r.duplicates],
  ['misses', (r) => r.misses],
  ['missesGone', (r) => r.missesGone],
  ['phantoms', (r) => r.phantoms],
  ['stale', (r) => r.stale],
  ['missedNewcomers', (r) => r.missedNewcomers],
  ['rows', (r) => r.rows],
  ['uniqueRows', (r) => r.uniqueRows],
  ['s0', (r) => r.s0],
  ['exportedFromS0', (r) => r.exportedFromS0],
  ['reexportedDocs', (r) => r.reexportedDocs],
  ['extraExports', (r) => r.extraExports],
  ['rerunSeconds', (r) => r.rerunSeconds],
  ['busySeconds', (r) => r.busySeconds],
  ['completionSeconds', (r) => r.completionSeconds],
  ['exportRuns', (r) => r.exportRuns],
  ['stops', (r) => r.stops.length],
  ['slowestStopSeconds', (r) => slowestStop(r)],
  ['stopsWithinBudget', (r) => r.stops.filter((s) => s.withinBudget).length],
  ['stopsKilled', killedStops],
  ['stopOutcomes', (r) => r.stops.map((s) => s.outcome).join(';')],
  ['jobDetailsMaxBytes', (r) => r.jobDetailsMaxBytes],
  ['tempTablesLeft', (r) => r.tempTablesLeft],
  ['tempTableRetainedSeconds', (r) => r.tempTableRetainedSeconds],
  ['tempTableRowSeconds', (r) => r.tempTableRowSeconds],
  ['fallbacks', (r) => r.fallbacks],
  ['orphanFiles', (r) => r.orphanFiles],
  ['loadFileReadSeconds', (r) => r.loadFileReadSeconds],
  ['collateralDeletes', (r) => r.collateralDeletes],
  ['statsRegressions', (r) => r.statsRegressions],
  ['itemsTransferred', (r) => r.itemsTransferred],
  ['fingerprint', (r) => r.fingerprint],
  // The assumptions the run used, one column each (assumptions.ts).
  ...ASSUMPTIONS.map((a): [string, (r: RunResult) => Cell] => [`assumption.${a.key}`, (r) => r.assumptions[a.key]]),
];

/**
 * A cell that keeps its type: text always quoted (a fingerprint like 00123456 or 1e345678 is
 * text), numbers never, null empty; readers that honour quoting (QUOTE_NONNUMERIC) read the types back.
 */
function typedCell(value: Cell): string {
  const cell = csvCell(value);
  return typeof value === 'string' && !cell.startsWith('"') ? `"${cell}"` : cell;
}

/** Every run as one CSV row (RFC 4180, formula-like text defused; see escape.ts). */
export function resultsCsv(results: readonly RunResult[], scenarios: readonly Scenario[]): string {
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const lines = [COLUMNS.map(([name]) => name), ...results.map((r) => COLUMNS.map(([, of]) => typedCell(of(r, byName.get(r.scenario)))))];
  return lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}
