import { InputError, describeValue } from '../errors.js';

/** Longest duration accepted anywhere: 10 years of 365 days. */
export const MAX_DURATION_SECONDS = 10 * 365 * 86_400;

export const DURATION_ALLOWED =
  'a duration from 0 to 10 years: seconds, or a string like "90s", "5m", "1h30m", "1.5h", "250ms" (units d, h, m, s, ms, largest first)';

/** Units, largest first, in milliseconds (integers, so "250ms" and "1.5h" convert exactly). */
const UNIT_MS: ReadonlyArray<readonly [unit: string, ms: number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/** A whole duration string: one or more `<number><unit>` parts ("ms" is tried before "m"). */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|d|h|m|s))+$/;
const PART_PATTERN = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/g;
/** Longer strings cannot be a sensible duration; refused before any pattern work. */
const MAX_DURATION_TEXT = 40;

/**
 * Seconds of a duration: a non-negative finite number (seconds) or a string like "90s", "5m",
 * "1h30m", "2d", "250ms", "1.5h" (units largest first, each at most once). At most 10 years.
 * Throws InputError (without file or path: the caller knows those) for anything else.
 */
export function parseDuration(value: unknown): number {
  const seconds = typeof value === 'string' ? parseDurationText(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_DURATION_SECONDS) {
    throw new InputError({ problem: `got ${describeValue(value)}`, allowed: DURATION_ALLOWED });
  }
  return seconds;
}

/** Seconds of a duration string, or undefined when it is not one. */
function parseDurationText(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed.length > MAX_DURATION_TEXT || !DURATION_PATTERN.test(trimmed)) return undefined;
  let totalMs = 0;
  let previousRank = -1;
  for (const [, amount, unit] of trimmed.matchAll(PART_PATTERN)) {
    const rank = UNIT_MS.findIndex(([name]) => name === unit);
    if (rank <= previousRank) return undefined; // "30m1h" or "5m5m": almost surely a typo
    previousRank = rank;
    totalMs += Number(amount) * UNIT_MS[rank][1];
  }
  return totalMs / 1000;
}

/** The shortest duration string for a number of seconds, e.g. 5400 -> "1h30m" (rounded to whole milliseconds). */
export function formatDuration(seconds: number): string {
  let restMs = Math.round(seconds * 1000);
  const parts: string[] = [];
  for (const [unit, ms] of UNIT_MS) {
    const amount = Math.floor(restMs / ms);
    if (amount > 0) parts.push(`${amount}${unit}`);
    restMs -= amount * ms;
  }
  return parts.length > 0 ? parts.join('') : '0s';
}
