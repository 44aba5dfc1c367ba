import type { BottomLine } from '../analysis/bottom-line.js';
import type { RunResult } from '../oracle/result.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { WorkerTimeline } from '../suite/worker.js';
import type { Block, Section } from './document.js';
import type { StrategyStats } from './scenario-stats.js';

/** The decision drawn from the suite's runs, as the report shows it. */
export interface ReportDecision {
  /** The bottom line (null: the runs allow no decision). */
  bottomLine: BottomLine | null;
  /** decision.md's sections, embedded in report.html. */
  sections: readonly Section[];
  /** The weights explorer (report.html only), placed before the ranking. */
  explorer: Block | null;
  /** The strategies ruled out by the constraints: the report's charts mark them. */
  ruledOut: readonly string[];
}

export interface SuiteReportInput {
  scenarios: LoadedScenario[];
  /** Every run of the suite, in plan order. */
  results: RunResult[];
  /** One run per strategy of each scenario (its first seed). */
  timelines: WorkerTimeline[];
  /** The decision drawn from the runs; absent: the report has none (it says so). */
  decision?: ReportDecision;
}

/** What every section builder gets: the suite, its statistics, and the folder the report goes to. */
export interface ReportContext extends SuiteReportInput {
  outDir: string;
  strategies: string[];
  /** Per scenario (in `scenarios` order), per strategy (in `strategies` order). */
  stats: StrategyStats[][];
}
