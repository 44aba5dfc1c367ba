import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkStrategy, type CheckReport } from '../../src/check/check.js';
import { FAULT_SPACE, type ScenarioSpace } from '../../src/check/arbitraries.js';
import { writeFileAtomic } from '../../src/io/atomic.js';
import { FAULT_NAMES, type FaultName } from '../../src/scenario/types.js';
import { strategyById } from '../../src/strategies/registry.js';

/** Where a failing property test writes its shrunk scenario (git ignores reports/). */
export const COUNTEREXAMPLES = 'reports/counterexamples';

/** Every named fault may be on, budgets from 5 s to 5 minutes, temp tables that can expire (as `check --faults`). */
export const HARSH = FAULT_SPACE;
/**
 * HARSH without oldVersionAgent: an agent of the old version ignores JobDetails and recreates the
 * load file, so no strategy's resume state survives it (its own tests show what it does).
 */
export const HARSH_NEW_AGENTS: Partial<ScenarioSpace> = { ...HARSH, faults: FAULT_NAMES.filter((f) => f !== 'oldVersionAgent') };
/** Faults that change only when things happen, not what the job does. */
export const TIMING_FAULTS: FaultName[] = ['transientErrors', 'stalledShare', 'stopDuringBuild'];

/**
 * Hold a registry strategy to a property (after oracle-sums and determinism) over a space of
 * scenarios. A failure writes the shrunk scenario to reports/counterexamples/ and fails the test
 * with its YAML, which `drainsim run <file> --strategy <id>` replays.
 */
export function expectHolds(strategy: string, property: string, space: Partial<ScenarioSpace>, runs = 300, seed = 1): CheckReport {
  const report = checkStrategy(strategyById(strategy), { property, runs, seed, space });
  const cx = report.counterexample;
  if (cx !== null) {
    mkdirSync(COUNTEREXAMPLES, { recursive: true });
    const file = join(COUNTEREXAMPLES, `${strategy}-${property}.yaml`);
    writeFileAtomic(file, cx.yaml);
    throw new Error(`${strategy} violates ${cx.violation.property}: ${cx.violation.text}\nshrunk scenario written to ${file}:\n${cx.yaml}`);
  }
  return report;
}

/** A small job for the lifecycle model tests (fc.commands): its documents, batch size and export rate. */
export interface LifecycleSetup {
  documents: number;
  batchSize: number;
  docsPerSecond: number;
}

export const lifecycleSetup: fc.Arbitrary<LifecycleSetup> = fc.record({
  documents: fc.integer({ min: 0, max: 60 }),
  batchSize: fc.integer({ min: 1, max: 12 }),
  docsPerSecond: fc.constantFrom(5, 50),
});
