import type { ChartConfiguration, Plugin } from 'chart.js';
import { CHART_FONT, renderChart } from '../report/chart.js';
import type { MeasuredCriterion } from './decision-file.js';
import type { DecisionAnalysis } from './decision-md.js';
import { CRITERION_TEXT, formatNumber } from './format.js';
import { entryOf } from './rank.js';
import { barOf, cellText, factorsOf, parametersBySwing, tornadoFor } from './sensitivity-md.js';
import type { SensitivityResult } from './sensitivity-study.js';
import { shareOf } from './stability.js';

/** One chart of decision.md: what it shows (its key in decision.md), its file under the suite folder, its PNG. */
export interface DecisionChart {
  key: string;
  file: string;
  png: Buffer;
}

/** One colour per strategy, the same in every chart (and in the decision map's legend). */
const STRATEGY_COLOURS: Record<string, string> = {
  'status-quo': '#7f7f7f',
  restart: '#d62728',
  'index-shift': '#ff7f0e',
  'artifact-ids': '#9467bd',
  'temp-table': '#2ca02c',
  'temp-table-ids': '#17becf',
  keyset: '#1f77b4',
};
const OTHER_COLOURS = ['#8c564b', '#e377c2', '#bcbd22', '#393b79', '#637939'];
const NONE_COLOUR = '#f4f4f4';
const TIE_COLOUR = '#f2e394';

function colourOf(strategy: string, index = 0): string {
  return STRATEGY_COLOURS[strategy] ?? OTHER_COLOURS[index % OTHER_COLOURS.length];
}

interface Label {
  text: string;
  /** Labels that would overlap are left out, the lower priority ones first. */
  priority?: number;
  colour?: string;
}

/** Writes text at chosen elements of the chart (chart.js draws no data labels by itself), never one label over another. */
function labels(labelAt: (dataset: number, index: number) => Label | null, offset: { x: number; y: number } = { x: 0, y: 0 }, align: CanvasTextAlign = 'center'): Plugin {
  return {
    id: 'drainsim-labels',
    afterDatasetsDraw: (chart) => {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `11px "${CHART_FONT}"`;
      ctx.textAlign = align;
      ctx.textBaseline = 'middle';
      const wanted = chart.data.datasets.flatMap((_, d) =>
        chart.getDatasetMeta(d).data.flatMap((element, i) => {
          const label = labelAt(d, i);
          // Bars and points have a centre; chart.js types it on those elements only.
          const centre = (element as unknown as { getCenterPoint(): { x: number; y: number } }).getCenterPoint();
          return label === null ? [] : [{ ...label, x: centre.x + offset.x, y: centre.y + offset.y }];
        }),
      );
      const drawn: { left: number; right: number; top: number; bottom: number }[] = [];
      for (const label of wanted.sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))) {
        const width = ctx.measureText(label.text).width;
        const left = align === 'left' ? label.x : align === 'right' ? label.x - width : label.x - width / 2;
        const box = { left: left - 2, right: left + width + 2, top: label.y - 7, bottom: label.y + 7 };
        if (drawn.some((b) => b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom)) continue;
        drawn.push(box);
        ctx.fillStyle = label.colour ?? '#222222';
        ctx.fillText(label.text, label.x, label.y);
      }
      ctx.restore();
    },
  };
}

/** Black or white, whichever reads better on the colour. */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return 0.299 * r + 0.587 * g + 0.114 * b > 0.55 ? '#222222' : '#ffffff';
}

const title = (text: string | string[]) => ({ display: true, text, font: { size: 15 } });
const axis = (text: string) => ({ display: true, text });

function rankingChart(a: DecisionAnalysis): ChartConfiguration {
  const series = [
    { label: 'weighted sum', colour: '#1f77b4', value: (s: string) => entryOf(a.weightedSum, s).score },
    { label: 'TOPSIS closeness', colour: '#aec7e8', value: (s: string) => entryOf(a.topsis, s).score },
    { label: 'wins (weighted sum)', colour: '#ff7f0e', value: (s: string) => shareOf(a.stability.weightedSum, s) },
    { label: 'wins (TOPSIS)', colour: '#ffbb78', value: (s: string) => shareOf(a.stability.topsis, s) },
  ];
  return {
    type: 'bar',
    data: { labels: a.ranked, datasets: series.map((x) => ({ label: x.label, data: a.ranked.map(x.value), backgroundColor: x.colour })) },
    options: {
      plugins: { title: title(`Scores of the ranked strategies and their share of ${a.stability.weightedSum.draws} weight draws won`) },
      scales: { y: { min: 0, max: 1, title: axis('score / share of draws') } },
    },
  };
}

function paretoChart(a: DecisionAnalysis): ChartConfiguration {
  const front = new Set(a.pareto.front);
  const ruledOut = new Set(a.verdicts.filter((v) => !v.feasible).map((v) => v.strategy));
  return {
    type: 'scatter',
    data: {
      datasets: a.paretoPoints.map((p, i) => ({
        label: `${p.strategy}${ruledOut.has(p.strategy) ? ' (ruled out)' : ''}`,
        data: [{ x: p.rerunSeconds, y: p.correctness }],
        backgroundColor: colourOf(p.strategy, i),
        borderColor: colourOf(p.strategy, i),
        pointStyle: ruledOut.has(p.strategy) ? 'crossRot' : 'circle',
        pointRadius: front.has(p.strategy) ? 9 : 5,
        borderWidth: 2,
      })),
    },
    options: {
      layout: { padding: { right: 110 } },
      plugins: { title: title(['Pareto front: correctness, p99 stop latency, rerun time', 'large points: on the front; ×: ruled out; labels: p99 stop latency']) },
      scales: { x: { title: axis('rerun time per run (s)') }, y: { title: axis('duplicates + misses per run') } },
    },
    plugins: [labels((d) => ({ text: `${a.paretoPoints[d].strategy}, p99 ${formatNumber(a.paretoPoints[d].p99StopLatency)} s`, priority: front.has(a.paretoPoints[d].strategy) ? 1 : 0 }), { x: 12, y: 0 }, 'left')],
  };
}

function tornadoChart(result: SensitivityResult, metric: MeasuredCriterion): ChartConfiguration {
  const strategies = result.plan.strategies.map((s) => s.id);
  const ordered = parametersBySwing(result, metric);
  const { label, unit } = CRITERION_TEXT[metric];
  return {
    type: 'bar',
    data: {
      labels: ordered,
      datasets: strategies.map((s, i) => ({
        label: s,
        backgroundColor: colourOf(s, i),
        data: ordered.map((name) => {
          const bar = barOf(result, metric, s, name);
          const base = tornadoFor(result, metric, s).baseOutput;
          return [bar.outputLow - base, bar.outputHigh - base] as [number, number];
        }),
      })),
    },
    options: {
      indexAxis: 'y',
      plugins: { title: title([`Tornado: ${label}`, "bars: change from base at each parameter's low and high value"]) },
      scales: { x: { title: axis(`change from base${unit ? ` (${unit.trim()})` : ''}`) } },
    },
  };
}

/**
 * Morris screening: μ* against σ per parameter and strategy, each point labelled with its
 * parameter, a whisker for μ*'s 95% bootstrap interval, and the σ/μ* reference lines 0.1
 * (linear), 0.5 (monotonic) and 1 (beyond it: non-linear or interacting).
 */
function morrisChart(result: SensitivityResult, metric: MeasuredCriterion): ChartConfiguration {
  const strategies = result.plan.strategies.map((s) => s.id);
  const factors = strategies.map((s) => factorsOf(result, metric, s));
  const { label, unit } = CRITERION_TEXT[metric];
  const per = unit ? ` (${unit.trim()} per range)` : ' (per range)';
  const right = Math.max(1e-9, ...factors.flat().map((f) => f.muStarHigh)) * 1.05;
  const top = Math.max(1e-9, ...factors.flat().map((f) => f.sigma)) * 1.05;
  const whiskers = strategies.flatMap((s, i) =>
    factors[i].map((f) => ({ type: 'line' as const, label: '', data: [{ x: f.muStarLow, y: f.sigma }, { x: f.muStarHigh, y: f.sigma }], borderColor: colourOf(s, i), borderWidth: 1, pointRadius: 0 })),
  );
  const references = [0.1, 0.5, 1].map((ratio) => ({
    type: 'line' as const,
    label: `σ/μ* = ${ratio}`,
    data: [{ x: 0, y: 0 }, { x: Math.min(right, top / ratio), y: ratio * Math.min(right, top / ratio) }],
    borderColor: '#999999',
    borderDash: ratio === 1 ? [6, 3] : [2, 3],
    borderWidth: 1,
    pointRadius: 0,
  }));
  return {
    type: 'scatter',
    data: {
      datasets: [
        ...strategies.map((s, i) => ({ label: s, data: factors[i].map((f) => ({ x: f.muStar, y: f.sigma })), backgroundColor: colourOf(s, i), pointRadius: 5 })),
        ...references,
        ...whiskers,
      ],
    },
    options: {
      layout: { padding: { right: 120 } },
      plugins: {
        title: title([`Morris screening: ${label}`, 'a point per parameter and strategy; whiskers: 95% interval of μ*; dashed: σ/μ* = 0.1, 0.5, 1']),
        legend: { labels: { filter: (item) => item.text !== '' } },
      },
      scales: { x: { min: 0, title: axis(`μ* (mean |elementary effect|${per})`) }, y: { min: 0, title: axis(`σ (spread of the effects${per})`) } },
    },
    plugins: [labels((d, i) => (d < strategies.length && factors[d][i].muStar > 0 ? { text: factors[d][i].name, priority: factors[d][i].muStar } : null), { x: 8, y: -8 }, 'left')],
  };
}

/** A heat map drawn as a stacked bar chart of equal cells (chart.js has no heat-map type), with its own legend. */
function mapChart(result: SensitivityResult): ChartConfiguration {
  const map = result.map!;
  const order = result.plan.strategies.map((s) => s.id);
  const colourOfCell = (text: string) =>
    text === 'none feasible' ? NONE_COLOUR : text.startsWith('tie:') ? TIE_COLOUR : colourOf(text, order.indexOf(text));
  const texts = map.cells.map((row) => row.map((c) => cellText(c.choice)));
  const present = [...new Set(texts.flat())].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || (a < b ? -1 : 1));
  return {
    type: 'bar',
    data: {
      labels: map.xValues.map(formatNumber),
      datasets: map.yValues.map((y, j) => ({
        label: `${map.y}=${formatNumber(y)}`,
        data: map.xValues.map(() => 1),
        backgroundColor: texts[j].map(colourOfCell),
        borderColor: '#ffffff',
        borderWidth: 2,
        barPercentage: 1,
        categoryPercentage: 1,
      })),
    },
    options: {
      plugins: {
        title: title(['Decision map: the strategy chosen at each point', `constraints, then weighted sum; base ${result.plan.baseFile}`]),
        legend: {
          position: 'right',
          labels: { generateLabels: () => present.map((text) => ({ text, fillStyle: colourOfCell(text), strokeStyle: '#444444', lineWidth: 1, hidden: false })) },
        },
        tooltip: { enabled: false },
      },
      scales: {
        x: { stacked: true, title: axis(map.x), grid: { display: false } },
        y: {
          stacked: true,
          min: 0,
          max: map.yValues.length,
          title: axis(map.y),
          grid: { display: false },
          afterBuildTicks: (scale) => {
            scale.ticks = map.yValues.map((_, j) => ({ value: j + 0.5 }));
          },
          ticks: { callback: (value) => formatNumber(map.yValues[Math.floor(Number(value))]) },
        },
      },
    },
    plugins: [labels((d, i) => ({ text: texts[d][i], colour: textOn(colourOfCell(texts[d][i])) }))],
  };
}

/** Every chart decision.md shows: ranking and Pareto front, and with a sensitivity study its tornados, screenings and map. */
export function decisionCharts(a: DecisionAnalysis, sensitivity: SensitivityResult | null): DecisionChart[] {
  const charts: { key: string; name: string; config: ChartConfiguration; height?: number }[] = [
    { key: 'ranking', name: 'ranking', config: rankingChart(a) },
    { key: 'pareto', name: 'pareto', config: paretoChart(a) },
  ];
  if (sensitivity) {
    for (const metric of sensitivity.plan.spec.metrics) {
      charts.push({ key: `tornado:${metric}`, name: `tornado-${metric}`, config: tornadoChart(sensitivity, metric), height: 120 + 70 * sensitivity.plan.ranges.length });
      charts.push({ key: `morris:${metric}`, name: `morris-${metric}`, config: morrisChart(sensitivity, metric) });
    }
    if (sensitivity.map) charts.push({ key: 'map', name: 'map', config: mapChart(sensitivity), height: 140 + 70 * sensitivity.map.yValues.length });
  }
  return charts.map(({ key, name, config, height }) => ({ key, file: `charts/decision-${name}.png`, png: renderChart(config, 900, height ?? 450) }));
}
