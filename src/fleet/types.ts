import type { ChurnParams } from '../scenario/types.js';

/**
 * A fleet: a whole deployment's export jobs over a horizon of upgrades (README "Fleet view",
 * docs/fleet-reference.md). The YAML form (`kind: fleet`) maps onto this one; `schema.ts`
 * validates it and fills the defaults. Times in seconds from the start of the horizon (midnight
 * of day 0).
 */

/** A lognormal stated by its median and 99th percentile; p99 equal to the median is a fixed value. */
export interface Lognormal {
  median: number;
  p99: number;
}

export type ChurnKey = keyof ChurnParams;

export interface Workload {
  /** Export jobs that arrive per day on average (a Poisson process whose rate follows byHour). */
  jobsPerDay: number;
  /** Relative arrival rate in each hour of the day (24 weights, not all 0). */
  byHour: number[];
  /** Documents of a job: drawn per job, at most `max`. */
  documents: Lognormal & { max: number };
  /** Churn of the job's data source while it runs: each rate drawn per job (one draw sets all, see draw.ts). */
  churn: Record<ChurnKey, Lognormal>;
}

export interface UpgradeSchedule {
  /** The first upgrade's drain-stop request, from the start of the horizon. */
  first: number;
  /** Time between upgrades (whole days keep the time of day). */
  every: number;
  /** How long an agent is down for the upgrade (from its job paused, or from the request when idle). */
  downtime: number;
  /** Agents drain-stopped together: all of them, or waves of this many (a rolling upgrade). */
  agentsAtOnce: number;
  /** Rolling upgrade: time between the requests of consecutive waves. */
  waveInterval: number;
}

/** When restarting (the record's option 1) is good enough for the fleet. */
export interface Threshold {
  /** Agent-hours redone (or lost in failed jobs) per 30 days. */
  redoneHoursPerMonth: number;
  /** Drain-stops over the budget (kills included) per 30 days. */
  budgetMissesPerMonth: number;
}

export const BREAK_EVEN_PARAMETERS = ['jobsPerDay', 'documents.median'] as const;
export type BreakEvenParameter = (typeof BREAK_EVEN_PARAMETERS)[number];

/** A sweep of one strategy (restart by default) over usage, to find where it crosses the threshold. */
export interface BreakEven {
  strategy: string;
  parameter: BreakEvenParameter;
  values: number[];
}

/** How jobs are quantised so that identical single-job simulations are reused (docs: "Buckets"). */
export interface Resolution {
  /** Job sizes: buckets per doubling of the document count. */
  sizeStepsPerOctave: number;
  /** Churn: width of a bucket of the job's churn draw, in standard deviations. */
  churnStep: number;
  /** Stop offsets: grid steps per stop-free job duration. */
  offsetSteps: number;
  /** Single-job seeds per fleet seed: jobs take them in turn. */
  jobSeeds: number;
}

export interface Fleet {
  name: string;
  description: string;
  /** Fleet runs use seeds seed .. seed+runs-1. */
  seed: number;
  runs: number;
  /** Length of the simulated period. */
  horizon: number;
  workload: Workload;
  /** Agents that run export jobs at once; further jobs queue (first come, first served). */
  agents: number;
  upgrades: UpgradeSchedule;
  /**
   * The `job:` mapping of the file: scenario keys every job shares (validated as a scenario).
   * Each job's scenario adds its documents, churn and stops (job-scenario.ts).
   */
  job: Record<string, unknown>;
  threshold: Threshold;
  breakEven: BreakEven | null;
  resolution: Resolution;
}

/** The seeds of a fleet's runs. */
export function fleetSeeds(fleet: Pick<Fleet, 'seed' | 'runs'>): number[] {
  return Array.from({ length: fleet.runs }, (_, i) => fleet.seed + i);
}
