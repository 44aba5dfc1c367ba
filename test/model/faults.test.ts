import { describe, expect, it } from 'vitest';
import { drawFaults } from '../../src/model/faults.js';
import { FAULT_NAMES, type FaultName } from '../../src/scenario/types.js';
import { SeedRun } from '../../src/simulate.js';
import { strategyById } from '../../src/strategies/registry.js';
import { scenario } from '../helpers.js';

const base = { name: 'faults', source: { documents: 20_000 }, stops: [{ at: 99.5, downtime: 600 }] };
const withFault = (name: FaultName, over: Parameters<typeof scenario>[0] = {}) => {
  const sc = scenario({ ...base, ...over });
  sc.faults.force = { [name]: true };
  return sc;
};
const run = (sc: ReturnType<typeof scenario>, id: string) => new SeedRun(sc, sc.seed).run(strategyById(id));

describe('swarm selection', () => {
  it('switches faults on by their probability, per seed, the same for every strategy', () => {
    const sc = scenario(base);
    sc.faults.swarm = { ...sc.faults.swarm, secondStop: 0.5, stalledShare: 0.5 };
    const seen = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) seen.add([...drawFaults(sc, seed, sc.stops).on].join(','));
    expect(seen).toEqual(new Set(['', 'stalledShare', 'secondStop', 'stalledShare,secondStop']));
    const a = new SeedRun(sc, 3);
    expect(a.run(strategyById('restart')).faults).toEqual(a.run(strategyById('keyset')).faults);
  });

  it('forcing one fault does not shift another fault\'s draws', () => {
    const sc = scenario(base);
    sc.faults.swarm = { ...sc.faults.swarm, stalledShare: 0.5 };
    const forced = scenario(base);
    forced.faults.swarm = { ...sc.faults.swarm };
    forced.faults.force = { secondStop: true };
    for (let seed = 1; seed <= 20; seed++) {
      expect(drawFaults(forced, seed, forced.stops).on.has('stalledShare')).toBe(drawFaults(sc, seed, sc.stops).on.has('stalledShare'));
    }
  });

  it('a scenario can force a fault off whatever its probability', () => {
    const sc = scenario(base);
    sc.faults.swarm = Object.fromEntries(FAULT_NAMES.map((f) => [f, 1])) as typeof sc.faults.swarm;
    sc.faults.force = { secondStop: false };
    const on = drawFaults(sc, 1, sc.stops).on;
    expect(on.has('secondStop')).toBe(false);
    expect(on.size).toBe(FAULT_NAMES.length - 1);
  });
});

describe('each fault does what it says', () => {
  it('transientErrors: a burst at the stop holds it for retry waits', () => {
    const clean = run(scenario(base), 'temp-table');
    const sc = withFault('transientErrors');
    const r = run(sc, 'temp-table');
    expect(r.faults).toEqual(['transientErrors']);
    const burst = drawFaults(sc, 1, sc.stops).events.find((e) => e.kind === 'errors')!;
    expect(burst.at).toBeLessThanOrEqual(99.5);
    expect(burst.at).toBeGreaterThanOrEqual(39.5);
    expect(r.stops[0].latencySeconds! - clean.stops[0].latencySeconds!).toBeGreaterThanOrEqual(30);
  });

  it('stalledShare: downloads in the window are slower, so the job takes longer', () => {
    const clean = run(scenario({ ...base, stops: [{ at: 101, downtime: 600 }] }), 'temp-table');
    const sc = withFault('stalledShare', { stops: [{ at: 101, downtime: 600 }] });
    sc.faults.stallFactor = 5;
    const r = run(sc, 'temp-table');
    // The window starts up to a minute before the request and runs on during the pause.
    expect(r.busySeconds).toBeGreaterThan(clean.busySeconds + 10);
    expect(r.completionSeconds!).toBeGreaterThan(clean.completionSeconds!);
  });

  it('killDuringJobDetailsWrite: hard kill; no JobDetails, so the resume starts over with Overwrite on', () => {
    const job = new SeedRun(withFault('killDuringJobDetailsWrite'), 1).job(strategyById('temp-table'));
    expect(job.stops[0].hardKilled).toBe(true);
    expect(job.stops[0].latencySeconds!).toBeLessThan(5);
    expect(job.jobDetails).toHaveLength(0);
    expect(job.trace.events.filter((e) => e.kind === 'overwrite-clean')).toHaveLength(1);
    expect(job.failed).toBeNull();
    // Today's rerun (the status quo's) keeps the job's Overwrite off and fails on the file the kill left.
    expect(run(withFault('killDuringJobDetailsWrite', { stops: [{ at: 30, downtime: 600 }] }), 'status-quo').failed).toMatch(/^Overwrite not selected/);
  });

  it('killBeforeJobDetails: the rows of the batch in flight stay on disk', () => {
    const sc = withFault('killBeforeJobDetails', { stops: [{ at: 101, downtime: 600 }], job: { overwrite: true } });
    const job = new SeedRun(sc, 1).job(strategyById('temp-table'));
    expect(job.stops[0].hardKilled).toBe(true);
    expect(job.trace.events.some((e) => e.kind === 'truncated')).toBe(false);
  });

  it('tempTableDropped: the kept table is gone at resume; RIP falls back to a restart, or fails', () => {
    const r = run(withFault('tempTableDropped'), 'temp-table-exact');
    expect(r.failed).toBeNull();
    expect(r.fallbacks).toBe(1);
    const failing = withFault('tempTableDropped');
    failing.assumptions = { ...failing.assumptions, tempTableGone: 'fail' };
    expect(run(failing, 'temp-table-exact').failed).toMatch(/dropped by database maintenance during the pause/);
    expect(run(withFault('tempTableDropped'), 'keyset').failed).toBeNull();
  });

  it('oldVersionAgent: the old agent ignores JobDetails and runs the job as today', () => {
    const r = run(withFault('oldVersionAgent'), 'temp-table');
    expect(r.failed).toMatch(/^Overwrite not selected/);
  });

  it('secondStop: another request soon after the first resume', () => {
    const r = run(withFault('secondStop'), 'temp-table-exact');
    expect(r.stops).toHaveLength(2);
    expect(r.stops[1].signalAt - r.stops[0].resumedAt!).toBeLessThanOrEqual(120);
    expect(r.stops[1].outcome).toBe('paused');
    expect(r.duplicates + r.misses).toBe(0);
  });

  it('stopDuringBuild: the first request lands in the TotalCount query or the first temp-table build', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const sc = withFault('stopDuringBuild', { seed });
      const r = run(sc, 'temp-table');
      expect(['manager', 'temp-table']).toContain(r.stops[0].phaseAtSignal);
      expect(r.stops[0].signalAt).toBeLessThan(5 + 3.2);
    }
  });
});
