import type { Capability } from '../scenario/types.js';
import { countOf } from '../analysis/format.js';
import { fmt } from './format.js';
import type { Spread, Verdict } from './scenario-stats.js';

/** The IAPI capabilities in the design record's words. */
const CAPABILITY_TEXT: Record<Capability, { short: string; long: string }> = {
  append: { short: 'append', long: 'append rows to an existing load file' },
  keepTempTable: { short: 'keep temp table', long: 'keep the temp table on a stop and expose its id' },
  exportByArtifactIds: { short: 'export by IDs', long: 'export a given list of artifact IDs' },
  reportDurablePosition: { short: 'report saved position', long: 'report, after a stop, the table position up to which batches were saved' },
  reportRemainingIds: { short: 'report remaining IDs', long: 'report, after a stop, the artifact IDs not yet in the load file' },
};

/** "mean / p95 / max", or one value when the three agree, or "-" when no run has the value. */
export function spreadCell(s: Spread | null): string {
  if (s === null) return '-';
  const [a, b, c] = [fmt(s.mean), fmt(s.p95), fmt(s.max)];
  return a === b && b === c ? a : `${a} / ${b} / ${c}`;
}

export function budgetCell(v: Verdict): string {
  if (v.withinBudget === null) return 'no stop found the job running';
  if (v.withinBudget) return `yes (p99 ${fmt(v.p99!)} s${v.killedStops > 0 ? `; ${countOf(v.killedStops, v.timedStops, 'stop')} ended by a kill` : ''})`;
  if (v.killedStops > 0) return `no: ${countOf(v.killedStops, v.timedStops, 'stop')} ended by a kill`;
  return `no (p99 ${fmt(v.p99!)} s)`;
}

export function countCell(max: number): string {
  return max === 0 ? 'yes' : `no (up to ${fmt(max)} in a run)`;
}

export function completesCell(v: Verdict, runs: number): string {
  return v.failedRuns === 0 ? 'yes' : `no: ${countOf(v.failedRuns, runs, 'run')} failed`;
}

export function needsText(needs: readonly Capability[], form: 'short' | 'long'): string {
  return needs.length === 0 ? 'none' : needs.map((c) => CAPABILITY_TEXT[c][form]).join(', ');
}

export function needsCell(v: Verdict): string {
  const off = v.unavailable.length === 0 ? '' : ` (off here: ${needsText(v.unavailable, 'short')})`;
  return `${needsText(v.needs, 'short')}${off}`;
}
