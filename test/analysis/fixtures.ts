import type { RunResult, StopMetrics } from '../../src/oracle/result.js';
import { defaultAssumptions } from '../../src/scenario/assumptions.js';

/** A stop that paused within the budget after `latencySeconds`. */
export function stop(latencySeconds: number | null, overrides: Partial<StopMetrics> = {}): StopMetrics {
  return {
    signalAt: 60,
    latencySeconds,
    withinBudget: latencySeconds !== null && latencySeconds <= 300,
    hardKilled: false,
    outcome: latencySeconds === null ? 'not-running' : 'paused',
    detectedAt: latencySeconds === null ? null : 60.5,
    resumedAt: null,
    phaseAtSignal: 'batch',
    ...overrides,
  };
}

/** A clean run (no anomalies, no cost) with the given fields overridden. */
export function run(strategy: string, overrides: Partial<RunResult> = {}): RunResult {
  return {
    scenario: 'base',
    seed: 1,
    strategy,
    duplicates: 0,
    misses: 0,
    missesGone: 0,
    phantoms: 0,
    stale: 0,
    missedNewcomers: 0,
    rows: 100,
    uniqueRows: 100,
    s0: 100,
    exportedFromS0: 100,
    reexportedDocs: 0,
    extraExports: 0,
    rerunSeconds: 0,
    busySeconds: 10,
    completionSeconds: 10,
    exportRuns: 1,
    stops: [],
    jobDetailsMaxBytes: 0,
    tempTablesLeft: 0,
    tempTableRetainedSeconds: 0,
    tempTableRowSeconds: 0,
    fallbacks: 0,
    orphanFiles: 0,
    loadFileReadSeconds: 0,
    collateralDeletes: 0,
    statsRegressions: 0,
    itemsTransferred: 100,
    fingerprint: '00000000',
    failed: null,
    faults: [],
    assumptions: defaultAssumptions(),
    ...overrides,
  };
}

/** Two scenarios in which no strategy meets every constraint: restart misses in a (1 pair), keyset misses and fails in b (2 pairs). */
export function fewestBreaks(): RunResult[] {
  return [
    run('restart', { scenario: 'a', misses: 1 }),
    run('keyset', { scenario: 'a' }),
    run('restart', { scenario: 'b' }),
    run('keyset', { scenario: 'b', misses: 2, failed: 'x' }),
  ];
}
