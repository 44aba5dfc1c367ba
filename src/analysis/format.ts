/** Formatting for generated text: deterministic and short. */

import type { CriterionName } from './decision-file.js';

/**
 * Every number of every report, rounded one way so a figure reads the same wherever it appears:
 * whole numbers and values from 100 up rounded to a whole number with thousands separators
 * (1,884,654; -4,552), values from 1 to 100 to one decimal (30.8), smaller ones to two
 * significant digits (0.078). Deterministic (en-US grouping whatever the machine's locale).
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (Math.abs(x) >= 100 || Number.isInteger(x)) return (Math.round(x) || 0).toLocaleString('en-US');
  if (Math.abs(x) < 1) return String(Number(x.toPrecision(2)));
  const tenths = x.toFixed(1);
  return Math.abs(Number(tenths)) >= 100 ? Math.round(x).toLocaleString('en-US') : tenths;
}

/** A ranking score or regret (in [0, 1]): four decimals, so close scores stay apart. */
export function formatScore(score: number): string {
  return score.toFixed(4);
}

/** "1 run", "3 runs", "1,200 runs". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** "1 of 1 run", "3 of 20 runs": the noun agrees with the total. */
export function countOf(part: number, whole: number, word: string, many = `${word}s`): string {
  return `${part.toLocaleString('en-US')} of ${plural(whole, word, many)}`;
}

/** A duration in words for prose (tables keep one unit per column): 83 s, 12.5 min, 3.4 h, 2.1 days. */
export function formatDuration(seconds: number): string {
  const size = Math.abs(seconds);
  if (size < 120) return `${formatNumber(seconds)} s`;
  if (size < 120 * 60) return `${formatNumber(seconds / 60)} min`;
  if (size < 48 * 3600) return `${formatNumber(seconds / 3600)} h`;
  return `${formatNumber(seconds / 86400)} days`;
}

/** A share as a percentage with one decimal: 0.8315 → "83.2%". */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** "a", "a and b", "a, b and c". */
export function listOf(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** What each criterion measures, in words, and its unit. */
export const CRITERION_TEXT: Record<CriterionName, { label: string; unit: string }> = {
  duplicates: { label: 'duplicate rows per run', unit: '' },
  misses: { label: 'missed records per run (still in the query, never exported)', unit: '' },
  p99StopLatency: { label: 'p99 stop latency', unit: ' s' },
  rerunSeconds: { label: 'rerun time per run', unit: ' s' },
  jobDetailsBytes: { label: 'largest JobDetails per run', unit: ' bytes' },
  tempTableRetainedSeconds: { label: 'temp table held per run', unit: ' s' },
  collateralDeletes: { label: "other jobs' files deleted per run", unit: '' },
  statsRegressions: { label: 'JobHistory statistics regressions per run', unit: '' },
  iapiChanges: { label: 'IAPI changes needed', unit: '' },
  effort: { label: 'implementation effort (1 to 5)', unit: '' },
};
