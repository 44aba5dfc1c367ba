import type { RunResult } from '../oracle/result.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { WorkerTimeline } from '../suite/worker.js';
import type { StrategyStats } from './scenario-stats.js';

export interface SuiteReportInput {
  scenarios: LoadedScenario[];
  /** Every run of the suite, in plan order. */
  results: RunResult[];
  /** One run per strategy of each scenario (its first seed). */
  timelines: WorkerTimeline[];
}

/** What every section builder gets: the suite, its statistics, and the folder the report goes to. */
export interface ReportContext extends SuiteReportInput {
  outDir: string;
  strategies: string[];
  /** Per scenario (in `scenarios` order), per strategy (in `strategies` order). */
  stats: StrategyStats[][];
}
