import { simulateJob, type JobOutcome, type SimulateOptions } from './model/job.js';
import { Arena } from './model/arena.js';
import { seedKey } from './model/random.js';
import { DataSource, type SourceStart } from './model/source.js';
import { LIMITS } from './scenario/limits.js';
import { classify, type Classification } from './oracle/classify.js';
import type { RunResult } from './oracle/result.js';
import { seedsOf, type Scenario } from './scenario/types.js';
import type { Strategy } from './strategies/strategy.js';

/** The data source at the job's start for a seed, described (every strategy's run of that seed starts from it). */
export function sourceStart(sc: Scenario, seed: number): SourceStart {
  return {
    documents: sc.source.documents,
    orderKind: sc.source.order,
    cost: { docsPerSecond: sc.exporter.docsPerSecond, files: sc.files, sizeKey: seedKey(seed, 'source') },
    maxRecords: LIMITS.records,
  };
}

/** The data source at the job's start for a seed, built in memory of its own. */
export function initialSource(sc: Scenario, seed: number): DataSource {
  return DataSource.start(sourceStart(sc, seed), new Arena(false));
}

/**
 * One seed of a scenario: each strategy against the same world. `run` simulates in a shared arena
 * (the given one, e.g. the worker thread's, or one of the seed's own): the seed's file times are
 * computed once and every strategy reuses the same memory.
 */
export class SeedRun {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly start: SourceStart;
  readonly arena: Arena;
  private built: DataSource | null = null;

  constructor(scenario: Scenario, seed: number, arena: Arena = new Arena(true)) {
    this.scenario = scenario;
    this.seed = seed;
    this.start = sourceStart(scenario, seed);
    this.arena = arena;
  }

  /** The data source at the job's start, built on first use in memory of its own. */
  get initial(): DataSource {
    this.built ??= DataSource.start(this.start, new Arena(false));
    return this.built;
  }

  /**
   * The full outcome, in memory of its own (or in `options.arena`); `{ explain: true }` also keeps
   * what the explanations read (slower).
   */
  job(strategy: Strategy, options?: SimulateOptions): JobOutcome {
    return simulateJob(this.scenario, this.seed, strategy, this.start, undefined, options);
  }

  /** The job's result, simulated in the shared arena. */
  run(strategy: Strategy): RunResult {
    return toResult(this.scenario, this.seed, strategy, this.job(strategy, { arena: this.arena }));
  }
}

/**
 * Agent seconds on work a stop-free run does not do: each export of a document beyond its first
 * (its transfer time and its share of the batch's fixed steps), every temp table built after the
 * first, and RIP's reads to resume. Null for a failed job.
 */
export function rerunSeconds(sc: Scenario, job: JobOutcome, c: Classification): number | null {
  if (job.failed !== null) return null;
  const p = sc.exporter;
  const batchStepsPerDoc = (p.prepareSeconds + p.validateSeconds + p.saveStateSeconds) / p.batchSize;
  let rebuilt = 0;
  for (let i = 1; i < job.iapi.tables.length; i++) rebuilt += job.iapi.tables[i].buildSeconds;
  return c.extraExportSeconds + c.extraExports * batchStepsPerDoc + rebuilt + job.loadFileReadSeconds + job.resumeQuerySeconds;
}

export function toResult(sc: Scenario, seed: number, strategy: Strategy, job: JobOutcome): RunResult {
  const c = classify(job);
  const rerun = rerunSeconds(sc, job, c);
  const tables = job.iapi.tables;
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
    rerunSeconds: rerun === null ? null : round(rerun),
    busySeconds: round(job.busySeconds),
    completionSeconds: job.completionSeconds === null ? null : round(job.completionSeconds),
    exportRuns: job.exportRuns,
    stops: job.stops.map((s) => ({ ...s, signalAt: round(s.signalAt), latencySeconds: s.latencySeconds === null ? null : round(s.latencySeconds), detectedAt: s.detectedAt === null ? null : round(s.detectedAt), resumedAt: s.resumedAt === null ? null : round(s.resumedAt) })),
    jobDetailsMaxBytes: job.jobDetailsMaxBytes,
    tempTablesLeft: job.iapi.tables.filter((t) => t.existsAt(job.endAt)).length,
    tempTableRetainedSeconds: round(tables.reduce((s, t) => s + t.retainedSeconds, 0)),
    tempTableRowSeconds: round(tables.reduce((s, t) => s + t.rowSeconds, 0)),
    fallbacks: job.fallbacks,
    orphanFiles: c.orphanDocuments * (1 + sc.files.pagesPerDoc),
    loadFileReadSeconds: round(job.loadFileReadSeconds),
    collateralDeletes: job.iapi.collateralDeletes,
    statsRegressions: job.statsRegressions,
    itemsTransferred: job.itemsTransferred,
    fingerprint: job.trace.fingerprint,
    faults: job.faults,
    failed: job.failed,
    assumptions: { ...sc.assumptions },
  };
}

/** Times to the millisecond: stable JSON, no float noise. */
function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Every (seed, strategy) of a scenario, seeds seed .. seed+runs-1. */
export function simulateScenario(sc: Scenario, strategies: readonly Strategy[], seeds?: number[], arena: Arena = new Arena(true)): RunResult[] {
  const out: RunResult[] = [];
  for (const seed of seeds ?? seedsOf(sc)) {
    const world = new SeedRun(sc, seed, arena);
    for (const s of strategies) out.push(world.run(s));
  }
  return out;
}
