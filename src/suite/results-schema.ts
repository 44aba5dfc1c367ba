import { z } from 'zod';
import { LIMITS } from '../scenario/limits.js';
import { plainText } from '../scenario/text.js';

/**
 * The lines of a suite's results.jsonl (the fields of `run --json`, oracle/result.ts) and
 * timelines.jsonl, as zod schemas: what `--resume`, `merge` and `decide` accept when they read a
 * suite folder, so a tampered or foreign line is refused with one line instead of crashing an
 * analysis. A test holds every line a suite writes to them (test/suite/results-schema.test.ts).
 *
 * The issue-11 fields (CONTRACT-11.md) are optional until they land: assumptions, fallbacks,
 * orphanFiles, tempTableRowSeconds, loadFileReadSeconds; rerunSeconds may be null.
 */

/** A count of the oracle: a whole number, never negative. */
const count = z.int().min(0);
/** A simulated time or a sum of them (JSON has no Infinity: a time that never came is null). */
const time = z.number();
const timeOrNull = time.nullable();

const stop = z.strictObject({
  signalAt: time,
  latencySeconds: timeOrNull,
  withinBudget: z.boolean(),
  hardKilled: z.boolean(),
  outcome: z.enum(['paused', 'completed', 'killed', 'aborted', 'failed', 'not-running']),
  detectedAt: timeOrNull,
  resumedAt: timeOrNull,
  phaseAtSignal: plainText(200),
});

/** What every line identifies: one (scenario, seed, strategy). */
const runKey = {
  scenario: plainText(LIMITS.nameChars, 1),
  seed: z.int().min(0).max(LIMITS.seed),
  strategy: plainText(100, 1),
};

export const runResultSchema = z.strictObject({
  ...runKey,
  duplicates: count,
  misses: count,
  missesGone: count,
  phantoms: count,
  stale: count,
  missedNewcomers: count,
  rows: count,
  uniqueRows: count,
  s0: count,
  exportedFromS0: count,
  reexportedDocs: count,
  extraExports: count,
  rerunSeconds: timeOrNull,
  busySeconds: time,
  completionSeconds: timeOrNull,
  exportRuns: count,
  stops: z.array(stop).max(LIMITS.stops + 1),
  jobDetailsMaxBytes: count,
  tempTablesLeft: count,
  tempTableRetainedSeconds: time,
  collateralDeletes: count,
  statsRegressions: count,
  itemsTransferred: count,
  fingerprint: z.string().regex(/^[0-9a-f]{1,16}$/),
  failed: plainText(LIMITS.descriptionChars).nullable(),
  faults: z.array(plainText(100, 1)).max(100),
  // Issue 11 (CONTRACT-11.md), optional until it lands.
  assumptions: z.record(plainText(100, 1), z.union([z.string().max(100), z.boolean(), z.number()])).optional(),
  fallbacks: count.optional(),
  orphanFiles: count.optional(),
  tempTableRowSeconds: time.optional(),
  loadFileReadSeconds: time.optional(),
});

export const timelineSchema = z.strictObject({
  ...runKey,
  segments: z
    .array(z.strictObject({ from: time, to: time, phase: plainText(100, 1) }))
    .max(LIMITS.jobEvents),
});
