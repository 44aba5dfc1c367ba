import { describe, expect, it } from 'vitest';
import type { StopOutcome } from '../../src/oracle/result.js';
import { serveJobs, type JobRun, type QueueJobs, type Served } from '../../src/fleet/queue.js';
import type { AgentRequest } from '../../src/fleet/upgrades.js';

/**
 * A stand-in for the single-job simulator: a job met at offset o pauses 5 s later, is down for the
 * upgrade's downtime, then finishes the rest of its work.
 */
const LATENCY = 5;

/** Jobs as [arrival, stop-free duration]. */
const queue = (jobs: [number, number][]): QueueJobs => ({ arrival: Float64Array.from(jobs, ([a]) => a), duration: Float64Array.from(jobs, ([, d]) => d) });

function pausing(jobs: QueueJobs, downtime: number, outcome: StopOutcome = 'paused') {
  const calls: { job: number; start: number; offsets: number[] }[] = [];
  const simulate = async (job: number, start: number, requests: readonly AgentRequest[]): Promise<JobRun> => {
    const offsets = requests.map((r) => r.at - start);
    calls.push({ job, start, offsets });
    const paused = outcome === 'paused';
    return { endAt: jobs.duration[job] + (paused ? requests.length * (LATENCY + downtime) : 0), stops: offsets.map((signalAt) => ({ signalAt, outcome })) };
  };
  return { simulate, calls };
}

const everyAgent = (agents: number, at: number): AgentRequest[][] => Array.from({ length: agents }, () => [{ at, upgrade: 0 }]);

/** Each job as [job, agent, start, end]. */
const rows = (s: Served<JobRun>) => [...s.start].map((start, j) => [j, s.agent[j], start, s.end[j]]);

describe('the fleet queue', () => {
  it('serves 5 jobs on 3 agents first come, first served, and pauses exactly the jobs running at the upgrade (worked by hand)', async () => {
    // Jobs (arrival, stop-free duration); one upgrade: every agent drain-stopped at t = 150, down 60 s.
    const jobs = queue([
      [0, 100], // J0: agent 0, 0-100: ends before the upgrade
      [10, 300], // J1: agent 1, 10-310: met at offset 140, ends 310 + 65 = 375
      [20, 50], // J2: agent 2, 20-70: ends before the upgrade
      [30, 200], // J3: waits for agent 2 (free first, at 70), 70-270: met at offset 80, ends 335
      [40, 100], // J4: waits for agent 0 (free at 100), 100-200: met at offset 50, ends 265
    ]);
    const { simulate, calls } = pausing(jobs, 60);
    const served = await serveJobs(jobs, everyAgent(3, 150), 60, simulate);
    expect(rows(served)).toEqual([
      [0, 0, 0, 100],
      [1, 1, 10, 375],
      [2, 2, 20, 70],
      [3, 2, 70, 335],
      [4, 0, 100, 265],
    ]);
    // Paused: J1, J3, J4, each at its offset from its own start; J0 and J2 never reach the simulator.
    expect(calls).toEqual([
      { job: 1, start: 10, offsets: [140] },
      { job: 3, start: 70, offsets: [80] },
      { job: 4, start: 100, offsets: [50] },
    ]);
    expect(served.met.map((m) => m.job)).toEqual([1, 3, 4]);
  });

  it('keeps an agent that was idle at its request down for the downtime, and starts the next job when it is back', async () => {
    const jobs = queue([[120, 50]]);
    const { simulate, calls } = pausing(jobs, 60);
    const served = await serveJobs(jobs, everyAgent(1, 100), 60, simulate);
    expect(rows(served)).toEqual([[0, 0, 160, 210]]);
    expect(served.met).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('sends the agent down when its job ended during the drain-stop, and takes the next job after the downtime', async () => {
    const jobs = queue([
      [0, 110],
      [50, 10],
    ]);
    const { simulate } = pausing(jobs, 60, 'completed');
    const served = await serveJobs(jobs, everyAgent(1, 100), 60, simulate);
    // The job completes at 110, 10 s after the request: the agent is down 110-170.
    expect(rows(served)).toEqual([
      [0, 0, 0, 110],
      [1, 0, 170, 180],
    ]);
  });

  it('gives a job every later request that falls in its run once it runs longer (a second upgrade during the rerun)', async () => {
    const jobs = queue([[0, 100]]);
    const { simulate, calls } = pausing(jobs, 60);
    // Requests at 50 and 160: the stop-free run (0-100) meets only the first; paused, the job ends at
    // 165, past the second: simulated again with both requests, it ends at 230.
    const perAgent = [[{ at: 50, upgrade: 0 }, { at: 160, upgrade: 1 }]];
    const served = await serveJobs(jobs, perAgent, 60, simulate);
    expect(calls.map((c) => c.offsets)).toEqual([[50], [50, 160]]);
    expect(rows(served)).toEqual([[0, 0, 0, 230]]);
    expect(served.met[0].requests.map((r) => r.upgrade)).toEqual([0, 1]);
  });

  it('upgrades agents wave by wave in a rolling upgrade', async () => {
    const { planUpgrades } = await import('../../src/fleet/upgrades.js');
    const plan = planUpgrades({ horizon: 20 * 86_400, agents: 5, upgrades: { first: 3600, every: 7 * 86_400, downtime: 600, agentsAtOnce: 2, waveInterval: 1800 } });
    expect(plan.starts).toEqual([3600, 3600 + 7 * 86_400, 3600 + 14 * 86_400]);
    expect(plan.perAgent.map((r) => r[0].at)).toEqual([3600, 3600, 5400, 5400, 7200]);
  });
});
