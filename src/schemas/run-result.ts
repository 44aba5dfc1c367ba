import { z } from 'zod';
import { assumptionsSchema } from './assumptions.js';
import type { Shape } from './shape.js';
import type { RunResult, StopMetrics, StopOutcome } from '../oracle/result.js';
import { FAULT_NAMES } from '../scenario/types.js';
import { STRATEGIES } from '../strategies/registry.js';

/**
 * One run as drainsim writes it: a line of a suite's results.jsonl and an object of `run --json`'s
 * `runs` (src/oracle/result.ts). Only for the JSON Schema (schemas/run-result.schema.json):
 * drainsim writes these, it does not read them through this schema. `satisfies Shape<...>` keeps
 * the keys equal to the fields of the type.
 */

const count = () => z.int().min(0);
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
  phaseAtSignal: z.string(),
} satisfies Shape<StopMetrics>);

export const runResultSchema = z.strictObject({
  scenario: z.string(),
  seed: count(),
  strategy: z.enum(STRATEGIES.map((s) => s.id) as [string, ...string[]]),
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
  stops: z.array(stopSchema),
  jobDetailsMaxBytes: count(),
  tempTablesLeft: count(),
  tempTableRetainedSeconds: seconds(),
  collateralDeletes: count(),
  statsRegressions: count(),
  itemsTransferred: count(),
  fingerprint: z.string().regex(/^[0-9a-f]+$/),
  failed: z.string().nullable(),
  faults: z.array(z.enum(FAULT_NAMES)),
  assumptions: assumptionsSchema,
  fallbacks: count(),
  orphanFiles: count(),
  tempTableRowSeconds: seconds(),
  loadFileReadSeconds: seconds(),
  // Null for a failed run.
  rerunSeconds: seconds().nullable(),
} satisfies Shape<RunResult>);
