import { describe, expect, it } from 'vitest';
import type { Interval } from '../../src/analysis/bootstrap.js';
import { answer } from '../../src/fleet/answer.js';
import { crossingOf, type BreakEvenPoint } from '../../src/fleet/break-even.js';
import { FIGURE_IDS, type FigureId, type StrategySummary } from '../../src/fleet/figures.js';
import { defaultScenario } from '../../src/scenario/defaults.js';
import type { IapiCapabilities } from '../../src/scenario/types.js';

const at = (estimate: number): Interval => ({ estimate, low: null, high: null });
function summary(strategy: string, over: Partial<Record<FigureId, number>>): StrategySummary {
  return { strategy, figures: Object.fromEntries(FIGURE_IDS.map((id) => [id, at(over[id] ?? 0)])) as Record<FigureId, Interval> };
}
const threshold = { redoneHoursPerMonth: 24, budgetMissesPerMonth: 0 };
const allOn = defaultScenario().iapi;
const todays = Object.fromEntries(Object.keys(allOn).map((k) => [k, false])) as unknown as IapiCapabilities;

describe('the fleet answer', () => {
  it('recommends restart while it is acceptable and within the redone hours', () => {
    const a = answer([summary('status-quo', { failedJobsPerMonth: 2 }), summary('restart', { redoneHoursPerMonth: 20 }), summary('temp-table', { redoneHoursPerMonth: 1 })], threshold, allOn);
    expect(a.strategy).toBe('restart');
    expect(a.verdicts.map((v) => v.acceptable)).toEqual([false, true, true]);
  });

  it('otherwise the acceptable strategy that redoes the fewest hours, then the fewest IAPI changes', () => {
    const summaries = [
      summary('restart', { redoneHoursPerMonth: 30 }),
      summary('index-shift', { redoneHoursPerMonth: 0.1, missesPerMonth: 5 }),
      summary('temp-table-ids', { redoneHoursPerMonth: 1 }),
      summary('temp-table', { redoneHoursPerMonth: 1 }),
      summary('keyset', { redoneHoursPerMonth: 2, overBudgetPerMonth: 1 }),
    ];
    const a = answer(summaries, threshold, allOn);
    expect(a.strategy).toBe('temp-table');
    expect(a.restart).toMatchObject({ withinRedone: false, verdict: { acceptable: true } });
    expect(a.verdicts.find((v) => v.strategy === 'index-shift')!.because).toEqual(['records never reach the customer']);
    expect(a.verdicts.find((v) => v.strategy === 'keyset')!.because).toEqual(['stops miss the budget more often than the threshold allows']);
  });

  it('rules out a strategy whose IAPI capabilities the job template turns off, and falls back to restart, or none', () => {
    const summaries = [summary('restart', { redoneHoursPerMonth: 30 }), summary('temp-table', { redoneHoursPerMonth: 1 })];
    expect(answer(summaries, threshold, todays).strategy).toBe('restart');
    expect(answer([summary('restart', { redoneHoursPerMonth: 30, failedJobsPerMonth: 1 }), summary('temp-table', {})], threshold, todays).strategy).toBe(null);
  });
});

describe('the break-even crossing', () => {
  const point = (value: number, redone: number, overBudget = 0): BreakEvenPoint => ({ value, runs: [], redone: at(redone), overBudget: at(overBudget), utilisation: at(0) });

  it('interpolates between the last value within and the first beyond the threshold', () => {
    expect(crossingOf([point(100, 4), point(200, 16), point(400, 40)], threshold)).toEqual({ kind: 'between', metric: 'redone', lower: 200, upper: 400, at: 200 + (8 / 24) * 200 });
  });

  it('takes the earlier crossing of the two metrics', () => {
    expect(crossingOf([point(100, 4, 0), point(200, 30, 3)], threshold)).toEqual({ kind: 'between', metric: 'overBudget', lower: 100, upper: 200, at: 100 });
  });

  it('says when the range starts beyond the threshold, or never reaches it', () => {
    expect(crossingOf([point(100, 30), point(200, 40)], threshold)).toEqual({ kind: 'below-range', metric: 'redone' });
    expect(crossingOf([point(100, 3), point(200, 4)], threshold)).toEqual({ kind: 'never' });
  });
});

describe('the answer in the report', () => {
  it('says when restart is recommended only because no other strategy is acceptable', async () => {
    const { fleetReport } = await import('../../src/fleet/report/report.js');
    const { parseFleet } = await import('../../src/fleet/schema.js');
    const fleet = parseFleet({ kind: 'fleet', name: 'f', runs: 1, workload: { jobsPerDay: 10, documents: { median: 1000, p99: 1000 } }, agents: 2 });
    const metrics = { horizon: fleet.horizon, agents: 2, jobs: 300, workSeconds: 1, upgrades: 4, hitsPerUpgrade: [1, 1, 1, 1], affectedJobs: 4, failedJobs: 0, redoneSeconds: 0, duplicates: 0, misses: 0, missesGone: 0, missedNewcomers: 0, latencies: [5], overBudget: 0, kills: 0, tempTablesKept: 0, tempTablesLeft: 0, tempTableRowSeconds: 0, jobDetailsBytes: [100], waitSeconds: 0, baseWaitSeconds: 0 };
    const summaries = [summary('restart', { redoneHoursPerMonth: 30 }), summary('index-shift', { missesPerMonth: 3 })];
    const outcome = { fleet, strategies: ['restart', 'index-shift'], runs: [{ seed: 1, jobs: 300, upgrades: 4, loadByHour: Array<number>(24).fill(0), runs: summaries.map((s) => ({ strategy: s.strategy, metrics, affected: [] })) }], summaries, breakEven: null, simulations: { asked: 1, ran: 1 } };
    const { sections, answer: a } = fleetReport({ file: 'f.yaml', outcome, medianJob: defaultScenario() });
    expect(a.strategy).toBe('restart');
    const text = JSON.stringify(sections[0].blocks);
    expect(text).toContain('the only acceptable strategy, although its redone agent-hours exceed the threshold (24 agent-hours a month)');
    expect(text).not.toContain('good enough at this usage');
  });
});
