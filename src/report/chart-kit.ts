import type { Plugin, ScaleOptions } from 'chart.js';
import { formatNumber } from '../analysis/format.js';
import { STRATEGIES } from '../strategies/registry.js';
import { CHART_FONT } from './chart.js';

/**
 * What every chart shares: one colour per strategy, value axes that switch to a symmetric log
 * scale when the values span orders of magnitude, text labels that never overlap, time units.
 */

/**
 * One colour per strategy by its place in the registry, the same in every chart (Okabe & Ito's
 * colour-blind-safe palette, then darker tones for the strategies beyond eight).
 */
const PALETTE = ['#000000', '#E69F00', '#D55E00', '#56B4E9', '#009E73', '#0072B2', '#CC79A7', '#999999', '#8C564B', '#5E3C99', '#B2DF8A', '#1B7837'];
export function colourOf(strategy: string): string {
  const known = STRATEGIES.findIndex((s) => s.id === strategy);
  if (known >= 0) return PALETTE[known % PALETTE.length];
  let hash = 0;
  for (const c of strategy) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

export const title = (text: string | string[]) => ({ display: true, text, font: { size: 14 } });
export const axisTitle = (text: string) => ({ display: true, text });

/** Seconds shown in a unit that suits the span: s, min or h. */
export function timeUnit(spanSeconds: number): { name: string; div: number } {
  if (spanSeconds > 3 * 3600) return { name: 'h', div: 3600 };
  if (spanSeconds > 3 * 60) return { name: 'min', div: 60 };
  return { name: 's', div: 1 };
}

/** A value axis: how a value maps onto it, and its chart.js scale. */
export interface ValueAxis {
  /** The plotted coordinate of a value (the value itself on a linear axis). */
  at: (value: number) => number;
  scale: ScaleOptions<'linear'>;
  symlog: boolean;
}

/** The values span this many orders of magnitude (largest |value| against the smallest non-zero one). */
function orders(values: readonly number[]): number {
  const sizes = values.map(Math.abs).filter((v) => v > 0 && Number.isFinite(v));
  if (sizes.length === 0) return 0;
  return Math.log10(Math.max(...sizes) / Math.min(...sizes));
}

const symlog = (v: number) => Math.sign(v) * Math.log10(1 + Math.abs(v));

/**
 * A value axis titled `name` for `values`: linear, or, when the values span two orders of
 * magnitude or more and reach past 10, symmetric log (sign(v)·log10(1 + |v|): 0 stays 0, negative
 * values mirror positive ones), with ticks at 0, ±1, ±10, ±100, ... labelled with the values, and
 * the title saying so. One unit per axis: the caller names it in `name`.
 */
export function valueAxis(values: readonly number[], name: string, options: { beginAtZero?: boolean; linear?: boolean } = {}): ValueAxis {
  const finite = values.filter(Number.isFinite);
  const top = Math.max(0, ...finite.map(Math.abs));
  if (options.linear || orders(finite) < 2 || top <= 10) {
    return { at: (v) => v, scale: { type: 'linear', beginAtZero: options.beginAtZero ?? true, title: axisTitle(name) }, symlog: false };
  }
  const low = Math.min(0, ...finite);
  const high = Math.max(0, ...finite);
  const ticks: number[] = [0];
  for (let p = 1; p <= 10 * Math.max(1, high); p *= 10) ticks.push(p);
  for (let p = 1; p <= 10 * Math.max(1, -low); p *= 10) ticks.unshift(-p);
  const min = low < 0 ? symlog(low) * 1.05 : 0;
  const max = symlog(high) * 1.05 || 1;
  const valueAt = new Map(ticks.map((v) => [symlog(v), v]));
  return {
    at: symlog,
    symlog: true,
    scale: {
      type: 'linear',
      min,
      max,
      title: axisTitle(`${name}, symmetric log scale`),
      afterBuildTicks: (scale) => {
        scale.ticks = ticks.map(symlog).filter((t) => t >= min && t <= max).map((value) => ({ value }));
      },
      ticks: { callback: (value) => formatNumber(valueAt.get(Number(value)) ?? Math.sign(Number(value)) * (10 ** Math.abs(Number(value)) - 1)) },
    },
  };
}

/** A text label at a chart element. */
export interface Label {
  text: string;
  /** Labels placed first get the best spots: higher priority first. */
  priority?: number;
  colour?: string;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Writes text at chosen elements of the chart (chart.js draws no data labels by itself). `place`
 * 'centre' writes it on the element (cells, bars); 'around' tries spots right, left, above and
 * below the point, then further out, and takes the first that overlaps no other label, no point
 * and stays in the chart area, with a thin line back to the point when it had to move away.
 */
export function labels(labelAt: (dataset: number, index: number) => Label | null, place: 'centre' | 'around' = 'around'): Plugin {
  return {
    id: 'drainsim-labels',
    afterDatasetsDraw: (chart) => {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.font = `11px "${CHART_FONT}"`;
      ctx.textBaseline = 'middle';
      const wanted = chart.data.datasets.flatMap((_, d) =>
        chart.getDatasetMeta(d).data.flatMap((element, i) => {
          const label = labelAt(d, i);
          // Bars and points have a centre; chart.js types it on those elements only.
          const centre = (element as unknown as { getCenterPoint(): { x: number; y: number } }).getCenterPoint();
          return label === null ? [] : [{ ...label, x: centre.x, y: centre.y }];
        }),
      );
      const taken: Box[] = place === 'around' ? wanted.map((w) => ({ left: w.x - 6, right: w.x + 6, top: w.y - 6, bottom: w.y + 6 })) : [];
      for (const label of [...wanted].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))) {
        const width = ctx.measureText(label.text).width;
        const spots =
          place === 'centre'
            ? [{ x: label.x - width / 2, y: label.y }]
            : [1, 2, 3, 4].flatMap((r) => [
                { x: label.x + 9 * r, y: label.y },
                { x: label.x - 9 * r - width, y: label.y },
                { x: label.x - width / 2, y: label.y - 11 * r },
                { x: label.x - width / 2, y: label.y + 11 * r },
                { x: label.x + 7 * r, y: label.y - 10 * r },
                { x: label.x + 7 * r, y: label.y + 10 * r },
                { x: label.x - 7 * r - width, y: label.y - 10 * r },
                { x: label.x - 7 * r - width, y: label.y + 10 * r },
              ]);
        const box = (s: { x: number; y: number }): Box => ({ left: s.x - 2, right: s.x + width + 2, top: s.y - 7, bottom: s.y + 7 });
        const inside = (b: Box) => b.left >= chartArea.left - 2 && b.right <= chartArea.right + 90 && b.top >= chartArea.top - 2 && b.bottom <= chartArea.bottom + 2;
        const spot = spots.find((s) => inside(box(s)) && !taken.some((t) => overlaps(t, box(s))));
        if (spot === undefined) continue;
        taken.push(box(spot));
        const far = Math.hypot(spot.x - label.x, spot.y - label.y) > 30;
        if (far) {
          ctx.strokeStyle = '#888888';
          ctx.lineWidth = 0.7;
          ctx.beginPath();
          ctx.moveTo(label.x, label.y);
          ctx.lineTo(spot.x < label.x ? spot.x + width : spot.x, spot.y);
          ctx.stroke();
        }
        ctx.fillStyle = label.colour ?? '#222222';
        ctx.textAlign = 'left';
        ctx.fillText(label.text, spot.x, spot.y);
      }
      ctx.restore();
    },
  };
}
