import type { ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { renderChart, renderPanels } from '../../src/report/chart.js';
import { valueAxis } from '../../src/report/chart-kit.js';
import { scenarioCharts } from '../../src/report/charts.js';
import runUnit from '../../src/suite/worker.js';
import { scenario } from '../helpers.js';

const bars = (title: string): ChartConfiguration => ({
  type: 'bar',
  data: { labels: ['restart', 'index-shift'], datasets: [{ label: 'duplicates', data: [0, 260] }] },
  options: { plugins: { title: { display: title !== '', text: title } } },
});

describe('renderChart', () => {
  it('gives a PNG of the asked size, byte for byte the same on every call', () => {
    const a = renderChart(bars('Duplicates'), 400, 200);
    expect(a.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(a.readUInt32BE(16)).toBe(400);
    expect(a.readUInt32BE(20)).toBe(200);
    expect(renderChart(bars('Duplicates'), 400, 200).equals(a)).toBe(true);
  });

  it('draws text with the shipped font (a title changes the pixels)', () => {
    expect(renderChart(bars('Duplicates'), 400, 200).equals(renderChart(bars(''), 400, 200))).toBe(false);
    expect(renderChart(bars('Duplicates'), 400, 200).equals(renderChart(bars('Misses'), 400, 200))).toBe(false);
  });
});

describe('charts that read right', () => {
  it('value axes turn symmetric-log when values span orders of magnitude, with ticks at powers of ten', () => {
    const linear = valueAxis([0, 3, 250], 'records');
    expect(linear.symlog).toBe(false);
    expect(linear.at(250)).toBe(250);
    const wide = valueAxis([-4552, 0, 30, 137_600], 'rerun time (s)');
    expect(wide.symlog).toBe(true);
    expect(wide.at(0)).toBe(0);
    expect(wide.at(-99)).toBeCloseTo(-2, 12);
    expect(wide.at(999)).toBeCloseTo(3, 12);
    expect((wide.scale.title as { text: string }).text).toBe('rerun time (s), symmetric log scale');
  });

  it('small multiples render deterministically, the panels side by side and row by row', () => {
    const png = renderPanels([{ config: bars('a'), height: 100 }, { config: bars('b'), height: 120 }, { config: bars('c'), height: 80 }], 400, 2);
    expect(png.readUInt32BE(16)).toBe(400);
    expect(png.readUInt32BE(20)).toBe(120 + 80);
    expect(renderPanels([{ config: bars('a'), height: 100 }, { config: bars('b'), height: 120 }, { config: bars('c'), height: 80 }], 400, 2).equals(png)).toBe(true);
  });

  it('a long run with a short stop gets a second timeline panel zoomed to the stop', () => {
    const sc = scenario({ name: 'long', source: { documents: 20_000 }, exporter: { docsPerSecond: 50 }, stops: [{ at: 30, downtime: 3600 }] });
    const unit = runUnit({ scenario: sc, seed: 1, strategies: ['restart', 'temp-table'], timelines: true });
    const charts = scenarioCharts(0, sc, unit.results, unit.timelines, ['restart', 'temp-table'], { ruledOut: new Set(['restart']) });
    const timeline = charts.find((c) => c.src.endsWith('-timeline.png'))!;
    expect(timeline.alt).toContain('zoomed to the first stop');
    expect(timeline.png.readUInt32BE(20)).toBe(2 * (90 + 34 * 2));
    for (const c of charts) expect(c.caption.length).toBeGreaterThan(20);
  });
});
