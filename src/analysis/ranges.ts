import { tempTableBuildEnd } from '../model/temp-table.js';
import { defaultScenario } from '../scenario/defaults.js';
import type { Capability, Scenario } from '../scenario/types.js';
import { CRITERIA, type CriterionName, type CriterionSpec, type Decision } from './decision-file.js';
import type { RunGrid } from './matrix.js';
import { mean } from './stats.js';

/**
 * The range a criterion is normalised on: `low` scores 1 (best) and `high` 0 (worst) for a
 * minimised criterion, the other way round for a maximised one. Declared per criterion in the
 * decision file, else a default drawn from the suite's scenarios, never from the strategies'
 * values: a strategy's score then rests on its own values alone, so which others are in the suite
 * or were ruled out cannot change it, and the size of a difference counts (min-max over two
 * strategies left turned the weighted sum into a vote in which it did not).
 */
export interface CriterionRange {
  criterion: CriterionName;
  low: number;
  high: number;
  /** Where it comes from, in words: the decision file, or how the default is drawn. */
  from: string;
}

/** Specs with a range each: what the rankings, weight draws, regret and bootstrap of a decision use. */
export type RangedSpecs = Record<string, CriterionSpec & { range: [number, number] }>;

/** The IAPI capabilities a strategy may need (a scenario's `iapi:` switches): the most IAPI changes a strategy counts. */
const CAPABILITIES: Capability[] = Object.keys(defaultScenario().iapi) as Capability[];

/**
 * Agent seconds of one whole export of `documents` documents without a stop (≈ what a full rerun
 * costs): each document's transfer (mean file size, large natives included), the fixed steps of
 * every batch and the temp-table build.
 */
function fullExportSeconds(sc: Scenario, documents: number): number {
  const { exporter: p, files: f } = sc;
  const perDocument = 1 / p.docsPerSecond + (f.meanBytes + f.largeShare * f.largeBytes) / f.bytesPerSecond;
  const batches = Math.ceil(documents / p.batchSize);
  return documents * perDocument + batches * (p.prepareSeconds + p.validateSeconds + p.saveStateSeconds) + tempTableBuildEnd(p, 0, documents);
}

/** The worst value of each measured criterion in one scenario × seed run (S0 documents at the start). */
function worstOfRun(sc: Scenario, s0: number, budget: number): Record<string, number> {
  return {
    // Every record of the export written twice, or never.
    duplicates: s0,
    misses: s0,
    // A stop that takes the whole budget.
    p99StopLatency: budget,
    rerunSeconds: fullExportSeconds(sc, s0),
    // The most JobDetails the queue row accepts.
    jobDetailsBytes: sc.job.jobDetailsLimitBytes,
    // Every stop keeps a temp table for its whole retention.
    tempTableRetainedSeconds: sc.job.tempTableRetentionSeconds * sc.stops.length,
    collateralDeletes: sc.job.sharedFolderFiles,
    // The statistics go down once per stop.
    statsRegressions: sc.stops.length,
  };
}

const WORST_TEXT: Record<string, string> = {
  duplicates: 'S0 (every record of the export twice)',
  misses: 'S0 (every record of the export lost)',
  p99StopLatency: 'the budget',
  rerunSeconds: 'one whole export without stops (files, batch steps, temp-table build)',
  jobDetailsBytes: "the queue row's JobDetails limit (job.jobDetailsLimitBytes)",
  tempTableRetainedSeconds: 'a temp table kept for its whole retention at every stop',
  collateralDeletes: "every other job's file in the folder (job.sharedFolderFiles)",
  statsRegressions: 'one regression per stop',
};

/**
 * Each criterion's range: declared in the decision file (`range: [low, high]`), else the default:
 * from 0 (no cost at all) to the worst the suite's scenarios allow, averaged like the decision
 * matrix (over seeds within a scenario, then over scenarios); for iapiChanges 0 to the number of
 * IAPI capabilities (or the largest input given, if larger), for effort its scale 1 to 5. A
 * default that would be empty (no scenario with shared files) is widened to [0, 1].
 */
export function criterionRanges(grid: RunGrid, scenarios: readonly Scenario[], decision: Pick<Decision, 'criteria' | 'inputs' | 'budget'>): CriterionRange[] {
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const fallback = defaultScenario();
  const worst = [...grid].map(([name, bySeed]) => {
    const sc = byName.get(name) ?? fallback;
    return [...bySeed.values()].map((cell) => worstOfRun(sc, cell.values().next().value!.s0, decision.budget));
  });
  const measuredWorst = (criterion: string) => mean(worst.map((seeds) => mean(seeds.map((w) => w[criterion]))));
  const inputs = Object.values(decision.inputs).filter((x) => x !== undefined);
  return CRITERIA.filter((c) => decision.criteria[c] !== undefined).map((criterion) => {
    const declared = decision.criteria[criterion]!.range;
    if (declared !== undefined) return { criterion, low: declared[0], high: declared[1], from: 'decision file' };
    if (criterion === 'effort') return { criterion, low: 1, high: 5, from: 'default: the effort scale, 1 to 5' };
    if (criterion === 'iapiChanges') {
      const high = Math.max(CAPABILITIES.length, ...inputs.map((i) => i.iapiChanges));
      return { criterion, low: 0, high, from: `default: 0 to ${high === CAPABILITIES.length ? `the ${high} IAPI capabilities a strategy can need` : 'the largest input given'}` };
    }
    const high = measuredWorst(criterion);
    return high > 0 ? { criterion, low: 0, high, from: `default: 0 to ${WORST_TEXT[criterion]}` } : { criterion, low: 0, high: 1, from: 'default: 0 to 1 (no scenario allows more)' };
  });
}

/** The decision's specs with their ranges. */
export function rangedSpecs(decision: Pick<Decision, 'criteria'>, ranges: readonly CriterionRange[]): RangedSpecs {
  return Object.fromEntries(ranges.map((r) => [r.criterion, { ...decision.criteria[r.criterion]!, range: [r.low, r.high] as [number, number] }]));
}
