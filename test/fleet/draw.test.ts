import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/analysis/stats.js';
import { churnOfBucket, drawJobs, jobSeeds, sizeBucket } from '../../src/fleet/draw.js';
import { parseFleet } from '../../src/fleet/schema.js';

const byHour = Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 17 ? 10 : 1));
const fleet = parseFleet({
  kind: 'fleet',
  name: 'draws',
  horizon: '30d',
  workload: { jobsPerDay: 2000, byHour, documents: { median: 5000, p99: 200000 }, churn: { insertsPerHour: { median: 50, p99: 2000 }, deletesPerHour: 5 } },
  agents: 20,
});

describe('the jobs of a fleet run', () => {
  const jobs = drawJobs(fleet, 7);

  it('arrive at the stated rate, by hour of the day as the weights say', () => {
    // 60,000 expected: a Poisson count is within 4 standard deviations (±980).
    expect(Math.abs(jobs.count - 60_000)).toBeLessThan(1000);
    const perHour = Array<number>(24).fill(0);
    for (const t of jobs.arrival) perHour[Math.floor((t % 86_400) / 3600)]++;
    const total = byHour.reduce((s, w) => s + w, 0);
    for (let h = 0; h < 24; h++) {
      const expected = (jobs.count * byHour[h]) / total;
      expect(Math.abs(perHour[h] - expected), `hour ${h}`).toBeLessThan(5 * Math.sqrt(expected));
    }
    expect([...jobs.arrival].every((t, i) => i === 0 || t >= jobs.arrival[i - 1])).toBe(true);
  });

  it('have the stated median and p99 size, in buckets of a quarter of a doubling', () => {
    const sizes = [...jobs.documents];
    expect(percentile(sizes, 0.5) / 5000).toBeGreaterThan(0.9);
    expect(percentile(sizes, 0.5) / 5000).toBeLessThan(1.1);
    expect(percentile(sizes, 0.99) / 200_000).toBeGreaterThan(0.8);
    expect(percentile(sizes, 0.99) / 200_000).toBeLessThan(1.25);
    expect(new Set(sizes).size).toBeLessThan(80);
    expect(sizes.every((n) => sizeBucket(n, 4, fleet.workload.documents.max) === n)).toBe(true);
    expect([1000, 1200, 1450, 1700, 2000].map((n) => sizeBucket(n, 4, 1e9))).toEqual([1024, 1218, 1448, 1722, 2048]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(fleet.workload.documents.max);
  });

  it('draw one churn value per job that sets every rate at the same quantile of its own distribution', () => {
    expect(churnOfBucket(fleet, 0)).toMatchObject({ insertsPerHour: 50, deletesPerHour: 5, exitsPerHour: 0 });
    // The bucket of z = 2.326 (p99): 2.5 standard deviations at steps of 0.5.
    const high = churnOfBucket(fleet, 5);
    expect(high.insertsPerHour).toBeGreaterThan(2000);
    expect(high.deletesPerHour).toBe(5);
    const buckets = [...jobs.churnBucket];
    expect(Math.abs(buckets.filter((b) => b > 0).length - buckets.filter((b) => b < 0).length)).toBeLessThan(1000);
  });

  it('are the same for the same seed, and other for another', () => {
    const again = drawJobs(fleet, 7);
    expect(Buffer.from(again.arrival.buffer).equals(Buffer.from(jobs.arrival.buffer))).toBe(true);
    expect(Buffer.from(again.documents.buffer).equals(Buffer.from(jobs.documents.buffer))).toBe(true);
    expect(drawJobs(fleet, 8).arrival[0]).not.toBe(jobs.arrival[0]);
    expect(jobSeeds(fleet, 7)).toEqual(jobSeeds(fleet, 7));
    expect(new Set(jobSeeds(fleet, 7)).size).toBe(8);
  });

  it('keep their size draws when the median changes (the break-even compares like with like)', () => {
    const doubled = drawJobs(fleet, 7, { jobsPerDay: 2000, medianDocuments: 10_000 });
    expect(Buffer.from(doubled.arrival.buffer).equals(Buffer.from(jobs.arrival.buffer))).toBe(true);
    const ratio = percentile([...doubled.documents], 0.5) / percentile([...jobs.documents], 0.5);
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.4);
  });
});
