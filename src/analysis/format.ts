/** Number formatting for generated text: deterministic and short. */

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
