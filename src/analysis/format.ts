/** Formatting for generated text: deterministic and short. */

import type { CriterionName } from './decision-file.js';

/** Integers as they are; other values to 4 significant digits (0.4754, 412.3, 12350). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '-∞' : 'NaN';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}

/** A share as a percentage with one decimal: 0.8315 → "83.2%". */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** "a", "a and b", "a, b and c". */
export function listOf(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A Markdown image, or nothing when the chart was not drawn. */
export function image(caption: string, file: string | undefined): string {
  return file === undefined ? '' : `![${caption}](${file})\n\n`;
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
