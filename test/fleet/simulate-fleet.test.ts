import { describe, expect, it } from 'vitest';
import { churnOfBucket, type PlannedJobs } from '../../src/fleet/draw.js';
import { inProcessRunner, Simulations } from '../../src/fleet/executor.js';
import { jobScenario } from '../../src/fleet/job-scenario.js';
import { parseFleet } from '../../src/fleet/schema.js';
import { simulateFleetSeed } from '../../src/fleet/simulate-fleet.js';
import type { Fleet } from '../../src/fleet/types.js';
import { jobSeeds } from '../../src/fleet/draw.js';

/** A fleet of `agents` agents with one upgrade at `at` (10 minutes down) and a fine offset grid; the jobs are given, not drawn. */
function fleetWith(agents: number, at: number): Fleet {
  return parseFleet({ kind: 'fleet', name: 'hand-worked', seed: 1, runs: 1, horizon: '1d', workload: { jobsPerDay: 5, documents: { median: 10000, p99: 10000 } }, agents, upgrades: { first: at, every: '7d', downtime: '10m' }, resolution: { offsetSteps: 4096 } });
}

function plan(arrival: number[], documents: number[]): PlannedJobs {
  return { count: arrival.length, arrival: Float64Array.from(arrival), documents: Int32Array.from(documents), churnBucket: new Int16Array(arrival.length) };
}

describe('a fleet run through the single-job simulator', () => {
  it('3 agents, 5 jobs, one upgrade: the three running jobs are met, two pause, the one in its last batch completes, the queued two start after the upgrade', async () => {
    const sims = new Simulations(inProcessRunner());
    const probe = fleetWith(3, 0);
    // A job of 10,000 documents: 5 s TotalCount, 2.6 s temp table, 10 batches of 22.7 s; of 20,000: 20 batches.
    const duration = async (documents: number) => (await sims.baseline(jobScenario(probe, { documents, churn: churnOfBucket(probe, 0), stops: [] }), jobSeeds(probe, probe.seed)[0])).endAt;
    expect(await duration(10_000)).toBeCloseTo(234.6, 6);
    expect(await duration(20_000)).toBeCloseTo(462.2, 6);
    // J0 on agent 0 (0-234.6), J1 on agent 1 (10-472.2), J2 on agent 2 (20-482.2); J3 and J4 wait.
    // The upgrade at 234.45 s: J0 is saving its last batch (validated at 234.4, saved at 234.6: the
    // poll at 234.5 is too late, it completes); J1 and J2 are in their tenth batch and pause.
    const at = 234.45;
    const fleet = fleetWith(3, at);
    const run = await simulateFleetSeed(fleet, 1, ['temp-table', 'restart'], sims, undefined, undefined, plan([0, 10, 20, 30, 40], [10_000, 20_000, 20_000, 10_000, 10_000]));
    const [tempTable, restart] = run.runs;
    const met = tempTable.affected;
    expect(met.map((j) => [j.job, j.agent, j.start])).toEqual([
      [0, 0, 0],
      [1, 1, 10],
      [2, 2, 20],
    ]);
    // Each stop at the request's time from the job's start, on the grid of 1/4096 of its duration.
    for (const j of met) expect(Math.abs(j.offsets[0] - (at - j.start))).toBeLessThanOrEqual(462.2 / 8192);
    expect(met.map((j) => j.result.stops.map((s) => s.outcome))).toEqual([['completed'], ['paused'], ['paused']]);
    // Agent 0 goes down when J0 completes (234.6) for 10 minutes; J3 takes it when it is back.
    const j3 = 234.6 + 600;
    expect(tempTable.metrics.hitsPerUpgrade).toEqual([3]);
    expect(met.every((j) => j.end === j.start + j.result.endAt)).toBe(true);
    // Paused jobs resume on their own agent after the downtime and finish their last batches there.
    for (const j of met.slice(1)) expect(j.end).toBeGreaterThan(at + 600);
    // J3 and J4 met no upgrade: no simulation of their own, they ran their stop-free duration.
    expect(tempTable.metrics.affectedJobs).toBe(3);
    expect(tempTable.metrics.jobs).toBe(5);
    // The queue waits: J3 waited from 30 to agent 0's return; J4 for the first agent to be free again
    // (the end of J1, of J2, or of J3's stop-free 234.6 s).
    const firstFreed = Math.min(met[1].end, met[2].end, j3 + 234.6);
    expect(tempTable.metrics.waitSeconds).toBeCloseTo(j3 - 30 + (firstFreed - 40), 6);
    // Restart exports a paused job again from the start (nine batches each): the same jobs are met, they end later.
    expect(restart.affected.map((j) => j.job)).toEqual([0, 1, 2]);
    expect(met.map((j) => j.result.failed)).toEqual([null, null, null]);
    for (const i of [1, 2]) expect(restart.affected[i].end).toBeGreaterThan(met[i].end + 150);
    expect(restart.metrics.redoneSeconds).toBeGreaterThan(tempTable.metrics.redoneSeconds + 300);
  });
});

describe('bad input met as a job runs', () => {
  it('names the fleet file part that made the job (its churn), like the scenario loader does', async () => {
    // A runner whose job simulations meet the single-job model's bound on churn changes.
    const runner = {
      baseline: async () => ({ busySeconds: 234.6, endAt: 234.6 }),
      job: async () => ({ inputError: { path: 'churn', problem: 'more than 50000000 churn changes by simulated time 18003 s', allowed: "churn rates × the job's simulated time (pauses included) at most 50000000 changes in a job" } }),
      close: async () => {},
    };
    const sims = new Simulations(runner);
    const run = simulateFleetSeed(fleetWith(3, 234.45), 1, ['temp-table'], sims, undefined, 'flood.yaml', plan([0, 10, 20], [10_000, 10_000, 10_000]));
    await expect(run).rejects.toThrow(
      "flood.yaml: workload.churn: a job of 10000 documents meeting 1 upgrade: churn: more than 50000000 churn changes by simulated time 18003 s; allowed: churn rates × the job's simulated time (pauses included) at most 50000000 changes in a job",
    );
    // After the first failure no new simulation starts.
    await expect(sims.baseline(jobScenario(fleetWith(3, 0), { documents: 5, churn: churnOfBucket(fleetWith(3, 0), 0), stops: [] }), 1)).rejects.toThrow(/more than 50000000 churn changes/);
  });
});
