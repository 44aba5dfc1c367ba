import type { Capability, IapiCapabilities } from '../scenario/types.js';
import { strategyById } from '../strategies/registry.js';
import { missingCapabilities } from '../strategies/strategy.js';
import type { StrategySummary } from './figures.js';
import type { Threshold } from './types.js';

/**
 * The fleet's answer, by a stated rule (the report prints it):
 * 1. A strategy is acceptable when no job failed, no completed job has a duplicate row or a miss,
 *    its stops over budget stay within the threshold, and the IAPI capabilities it needs are on.
 * 2. Restart (the record's option 1: no IAPI change) is recommended when it is acceptable and its
 *    redone agent-hours stay within the threshold: the record's "if the usage is low we could just
 *    stop the job ... and start it once again from the scratch".
 * 3. Otherwise the acceptable strategy with the fewest redone agent-hours (then the fewest IAPI
 *    changes, then the registry's order); restart only when no other is acceptable.
 * All on the estimates (means over the seeds); the report gives their intervals.
 */

export const RESTART = 'restart';

export interface Verdict {
  strategy: string;
  acceptable: boolean;
  /** Why not, in words (empty when acceptable). */
  because: string[];
  /** Capabilities it needs that the job template turns off. */
  unavailable: Capability[];
}

export interface Answer {
  /** The recommended strategy, or null when none is acceptable. */
  strategy: string | null;
  /** Restart's verdict and whether it stays within the threshold of redone hours (null: restart not simulated). */
  restart: { verdict: Verdict; withinRedone: boolean } | null;
  verdicts: Verdict[];
}

export function verdictOf(s: StrategySummary, threshold: Threshold, iapi: IapiCapabilities): Verdict {
  const f = s.figures;
  const unavailable = missingCapabilities(strategyById(s.strategy), iapi);
  const because = [
    unavailable.length > 0 ? `needs IAPI capabilities the job template turns off (${unavailable.join(', ')})` : '',
    f.failedJobsPerMonth.estimate > 0 ? 'jobs fail' : '',
    f.duplicatesPerMonth.estimate > 0 ? 'duplicate rows reach the customer' : '',
    f.missesPerMonth.estimate > 0 ? 'records never reach the customer' : '',
    f.overBudgetPerMonth.estimate > threshold.budgetMissesPerMonth ? 'stops miss the budget more often than the threshold allows' : '',
  ].filter((b) => b !== '');
  return { strategy: s.strategy, acceptable: because.length === 0, because, unavailable };
}

export function answer(summaries: readonly StrategySummary[], threshold: Threshold, iapi: IapiCapabilities): Answer {
  const verdicts = summaries.map((s) => verdictOf(s, threshold, iapi));
  const restartAt = summaries.findIndex((s) => s.strategy === RESTART);
  const restart = restartAt < 0 ? null : { verdict: verdicts[restartAt], withinRedone: summaries[restartAt].figures.redoneHoursPerMonth.estimate <= threshold.redoneHoursPerMonth };
  if (restart !== null && restart.verdict.acceptable && restart.withinRedone) return { strategy: RESTART, restart, verdicts };
  const candidates = summaries
    .map((s, i) => ({ s, i, needs: strategyById(s.strategy).needs.length }))
    .filter(({ i }) => verdicts[i].acceptable)
    .sort((a, b) => a.s.figures.redoneHoursPerMonth.estimate - b.s.figures.redoneHoursPerMonth.estimate || a.needs - b.needs || a.i - b.i);
  const others = candidates.filter(({ s }) => s.strategy !== RESTART);
  const chosen = others[0] ?? candidates[0];
  return { strategy: chosen === undefined ? null : chosen.s.strategy, restart, verdicts };
}
