import type { ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/report/chart.js';

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
