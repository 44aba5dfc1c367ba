import { z } from 'zod';
import { assumptionsSchema } from './assumptions.js';
import type { Shape } from './shape.js';
import type { RunResult, StopMetrics, StopOutcome } from '../oracle/result.js';
import { LIMITS } from '../scenario/limits.js';
import { plainText } from '../scenario/text.js';
import { FAULT_NAMES } from '../scenario/types.js';
import { STRATEGY_IDS } from '../strategies/registry.js';

/**
 * One run as drainsim writes it: a line of a suite's results.jsonl and an object of `run --json`'s
 * `runs` (src/oracle/result.ts); and a line of timelines.jsonl. The same schemas render
 * schemas/run-result.schema.json and check every line `--resume`, `merge` and `decide` read from a
 * suite folder, so a tampered or foreign line is refused with one line instead of crashing an
 * analysis. `satisfies Shape<...>` keeps the keys equal to the fields of the type.
 */

/** A count of the oracle: a whole number, never negative. */
const count = () => z.int().min(0);
/** A simulated time or a sum of them (JSON has no Infinity: a time that never came is null). */
const seconds = () => z.number();

const STOP_OUTCOMES = ['paused', 'completed', 'killed', 'aborted', 'failed', 'not-running'] as const satisfies readonly StopOutcome[];

const stopSchema = z.strictObject({
  signalAt: seconds(),
  latencySeconds: seconds().nullable(),
  withinBudget: z.boolean(),
  hardKilled: z.boolean(),
  outcome: z.enum(STOP_OUTCOMES),
  detectedAt: seconds().nullable(),
  resumedAt: seconds().nullable(),
  phaseAtSignal: plainText(200),
} satisfies Shape<StopMetrics>);

/** What every line identifies: one (scenario, seed, strategy). */
const runKey = {
  scenario: plainText(LIMITS.nameChars, 1),
  seed: z.int().min(0).max(LIMITS.seed),
  strategy: z.enum(STRATEGY_IDS),
};

export const runResultSchema = z.strictObject({
  ...runKey,
  duplicates: count(),
  misses: count(),
  missesGone: count(),
  phantoms: count(),
  stale: count(),
  missedNewcomers: count(),
  rows: count(),
  uniqueRows: count(),
  s0: count(),
  exportedFromS0: count(),
  reexportedDocs: count(),
  extraExports: count(),
  busySeconds: seconds(),
  completionSeconds: seconds().nullable(),
  exportRuns: count(),
  stops: z.array(stopSchema).max(LIMITS.stops + 1),
  jobDetailsMaxBytes: count(),
  tempTablesLeft: count(),
  tempTableRetainedSeconds: seconds(),
  collateralDeletes: count(),
  statsRegressions: count(),
  itemsTransferred: count(),
  fingerprint: z.string().regex(/^[0-9a-f]{1,16}$/),
  failed: plainText(LIMITS.descriptionChars).nullable(),
  faults: z.array(z.enum(FAULT_NAMES)).max(FAULT_NAMES.length),
  assumptions: assumptionsSchema,
  fallbacks: count(),
  orphanFiles: count(),
  tempTableRowSeconds: seconds(),
  loadFileReadSeconds: seconds(),
  // Null for a failed run.
  rerunSeconds: seconds().nullable(),
} satisfies Shape<RunResult>);

export const timelineSchema = z.strictObject({
  ...runKey,
  segments: z.array(z.strictObject({ from: seconds(), to: seconds(), phase: plainText(100, 1) })).max(LIMITS.jobEvents),
});
