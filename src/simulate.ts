import { simulateJob, type JobOutcome, type SimulateOptions } from './model/job.js';
import { seedKey } from './model/random.js';
import { DataSource } from './model/source.js';
import { classify } from './oracle/classify.js';
import type { RunResult } from './oracle/result.js';
import { seedsOf, type Scenario } from './scenario/types.js';
import { statusQuo } from './strategies/status-quo.js';
import type { Strategy } from './strategies/strategy.js';

/** The data source at the job's start for a seed (shared by every strategy's run of that seed). */
export function initialSource(sc: Scenario, seed: number): DataSource {
  return DataSource.create(sc.source.documents, sc.source.order, {
    docsPerSecond: sc.exporter.docsPerSecond,
    files: sc.files,
    sizeKey: seedKey(seed, 'source'),
  });
}

/** One seed of a scenario: the stop-free baseline once, then each strategy against the same world. */
export class SeedRun {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly initial: DataSource;
  private baseline: number | undefined;

  constructor(scenario: Scenario, seed: number) {
    this.scenario = scenario;
    this.seed = seed;
    this.initial = initialSource(scenario, seed);
  }

  /** Busy time of the same scenario and seed without stops (every strategy behaves alike then). */
  baselineBusySeconds(): number {
    this.baseline ??= simulateJob(this.scenario, this.seed, statusQuo, this.initial, []).busySeconds;
    return this.baseline;
  }

  /** The full outcome; `{ explain: true }` also keeps what the explanations read (slower). */
  job(strategy: Strategy, options?: SimulateOptions): JobOutcome {
    return simulateJob(this.scenario, this.seed, strategy, this.initial, undefined, options);
  }

  run(strategy: Strategy): RunResult {
    return toResult(this.scenario, this.seed, strategy, this.job(strategy), this.baselineBusySeconds());
  }
}

export function toResult(sc: Scenario, seed: number, strategy: Strategy, job: JobOutcome, baselineBusy: number): RunResult {
  const c = classify(job);
  return {
    scenario: sc.name,
    seed,
    strategy: strategy.id,
    duplicates: c.duplicates,
    misses: c.misses,
    missesGone: c.missesGone,
    phantoms: c.phantoms,
    stale: c.stale,
    missedNewcomers: c.missedNewcomers,
    rows: c.rows,
    uniqueRows: c.uniqueRows,
    s0: c.s0,
    exportedFromS0: c.exportedFromS0,
    reexportedDocs: c.reexportedDocs,
    extraExports: c.extraExports,
    rerunSeconds: round(job.busySeconds - baselineBusy),
    busySeconds: round(job.busySeconds),
    completionSeconds: job.completionSeconds === null ? null : round(job.completionSeconds),
    exportRuns: job.exportRuns,
    stops: job.stops.map((s) => ({ ...s, signalAt: round(s.signalAt), latencySeconds: s.latencySeconds === null ? null : round(s.latencySeconds), detectedAt: s.detectedAt === null ? null : round(s.detectedAt), resumedAt: s.resumedAt === null ? null : round(s.resumedAt) })),
    jobDetailsMaxBytes: job.jobDetailsMaxBytes,
    tempTablesLeft: job.iapi.tables.filter((t) => t.existsAt(job.endAt)).length,
    tempTableRetainedSeconds: round(job.iapi.tables.reduce((s, t) => s + t.retainedSeconds, 0)),
    collateralDeletes: job.iapi.collateralDeletes,
    statsRegressions: job.statsRegressions,
    itemsTransferred: job.itemsTransferred,
    fingerprint: job.trace.fingerprint,
    faults: job.faults,
    failed: job.failed,
  };
}

/** Times to the millisecond: stable JSON, no float noise. */
function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Every (seed, strategy) of a scenario, seeds seed .. seed+runs-1. */
export function simulateScenario(sc: Scenario, strategies: readonly Strategy[], seeds?: number[]): RunResult[] {
  const out: RunResult[] = [];
  for (const seed of seeds ?? seedsOf(sc)) {
    const world = new SeedRun(sc, seed);
    for (const s of strategies) out.push(world.run(s));
  }
  return out;
}
