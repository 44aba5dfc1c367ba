import type { Served } from './queue.js';
import type { JobResult } from './worker.js';

/** What one strategy cost one fleet run over its horizon (every job, every upgrade). */
export interface FleetMetrics {
  horizon: number;
  agents: number;
  jobs: number;
  /** Σ of every job's stop-free duration: the work the agents had without upgrades. */
  workSeconds: number;
  upgrades: number;
  /** Jobs an upgrade found running, per upgrade. */
  hitsPerUpgrade: number[];
  /** Jobs that met at least one upgrade. */
  affectedJobs: number;
  /** Affected jobs that failed: they delivered no load file (their records are not counted as misses below). */
  failedJobs: number;
  /** Each affected job's rerun time (work its stop-free run does not do); a failed job's whole busy time (it delivered nothing). */
  redoneSeconds: number;
  /** Duplicates and misses of the affected jobs that completed (the oracle's, summed). */
  duplicates: number;
  misses: number;
  missesGone: number;
  missedNewcomers: number;
  /** Latency of every drain-stop that found a job running. */
  latencies: number[];
  overBudget: number;
  kills: number;
  tempTablesKept: number;
  tempTablesLeft: number;
  tempTableRowSeconds: number;
  /** Largest JobDetails of each affected job. */
  jobDetailsBytes: number[];
  /** Σ over every job of its wait in the queue (arrival to start), and the same without upgrades. */
  waitSeconds: number;
  baseWaitSeconds: number;
}

/** The fleet run's frame: what every strategy of it shares. */
export interface FleetFrame {
  horizon: number;
  agents: number;
  upgrades: number;
  workSeconds: number;
  baseWaitSeconds: number;
}

export function measure(served: Served<JobResult>, arrival: Float64Array, frame: FleetFrame): FleetMetrics {
  const { horizon, agents, upgrades, workSeconds, baseWaitSeconds } = frame;
  const m: FleetMetrics = {
    horizon,
    agents,
    jobs: arrival.length,
    workSeconds,
    upgrades,
    hitsPerUpgrade: Array<number>(upgrades).fill(0),
    affectedJobs: 0,
    failedJobs: 0,
    redoneSeconds: 0,
    duplicates: 0,
    misses: 0,
    missesGone: 0,
    missedNewcomers: 0,
    latencies: [],
    overBudget: 0,
    kills: 0,
    tempTablesKept: 0,
    tempTablesLeft: 0,
    tempTableRowSeconds: 0,
    jobDetailsBytes: [],
    waitSeconds: 0,
    baseWaitSeconds,
  };
  for (let j = 0; j < arrival.length; j++) m.waitSeconds += served.start[j] - arrival[j];
  for (const { requests, run: r } of served.met) {
    for (const q of requests) m.hitsPerUpgrade[q.upgrade]++;
    m.affectedJobs++;
    m.redoneSeconds += r.rerunSeconds ?? r.busySeconds;
    if (r.failed !== null) m.failedJobs++;
    else {
      m.duplicates += r.duplicates;
      m.misses += r.misses;
      m.missesGone += r.missesGone;
      m.missedNewcomers += r.missedNewcomers;
    }
    for (const stop of r.stops) {
      if (stop.latencySeconds === null) continue;
      m.latencies.push(stop.latencySeconds);
      if (!stop.withinBudget) m.overBudget++;
      if (stop.hardKilled) m.kills++;
    }
    m.tempTablesKept += r.tempTablesKept;
    m.tempTablesLeft += r.tempTablesLeft;
    m.tempTableRowSeconds += r.tempTableRowSeconds;
    m.jobDetailsBytes.push(r.jobDetailsMaxBytes);
  }
  return m;
}
