import type { ChartConfiguration, Plugin } from 'chart.js';
import type { DecisionAnalysis } from '../analysis/decision.js';
import type { MeasuredCriterion } from '../analysis/decision-file.js';
import { CRITERION_TEXT, formatNumber } from '../analysis/format.js';
import { entryOf } from '../analysis/rank.js';
import { barOf, factorsOf, parametersBySwing, tornadoFor, type SensitivityResult } from '../analysis/sensitivity-study.js';
import { shareOf } from '../analysis/stability.js';
import { renderChart, renderPanels, type Panel } from './chart.js';
import { axisTitle, colourOf, labels, title, valueAxis } from './chart-kit.js';
import type { DecisionChartImage } from './decision-md.js';
import { cellText } from './sensitivity-md.js';

const NONE_COLOUR = '#f4f4f4';
const TIE_COLOUR = '#f2e394';
/** Tornado bars: the parameter at its low value, at its high value. */
const LOW_COLOUR = '#0072B2';
const HIGH_COLOUR = '#E69F00';

/** Black or white, whichever reads better on the colour. */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return 0.299 * r + 0.587 * g + 0.114 * b > 0.55 ? '#222222' : '#ffffff';
}

const axis = axisTitle;

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

/**
 * The Pareto front: correctness against rerun time, p99 stop latency in each label. Both axes turn
 * symmetric-log when the strategies span orders of magnitude, so one outlier (a strategy that fails
 * and loses thousands of records) does not squash the others into a corner; every label is placed
 * where it overlaps no other.
 */
function paretoChart(a: DecisionAnalysis): ChartConfiguration {
  const front = new Set(a.pareto.front);
  const ruledOut = new Set(a.verdicts.filter((v) => !v.feasible).map((v) => v.strategy));
  const x = valueAxis(a.paretoPoints.map((p) => p.rerunSeconds), 'rerun time per run (s)', { beginAtZero: false });
  const y = valueAxis(a.paretoPoints.map((p) => p.correctness), 'duplicates + misses per run (records)');
  return {
    type: 'scatter',
    data: {
      datasets: a.paretoPoints.map((p) => ({
        label: `${p.strategy}${ruledOut.has(p.strategy) ? ' (ruled out)' : ''}`,
        data: [{ x: x.at(p.rerunSeconds), y: y.at(p.correctness) }],
        backgroundColor: colourOf(p.strategy),
        borderColor: colourOf(p.strategy),
        pointStyle: ruledOut.has(p.strategy) ? 'crossRot' : 'circle',
        pointRadius: front.has(p.strategy) ? 9 : 5,
        borderWidth: 2,
      })),
    },
    options: {
      layout: { padding: { right: 90, top: 10 } },
      plugins: { title: title(['Pareto front: correctness, p99 stop latency, rerun time', 'large points: on the front; ×: ruled out; labels: p99 stop latency']) },
      scales: { x: { ...x.scale, grace: '5%' }, y: { ...y.scale } },
    },
    plugins: [labels((d) => ({ text: `${a.paretoPoints[d].strategy}, p99 ${formatNumber(a.paretoPoints[d].p99StopLatency)} s`, priority: front.has(a.paretoPoints[d].strategy) ? 1 : 0 }))],
  };
}

/**
 * The tornado of one metric as small multiples, a panel per strategy on one shared scale: per
 * parameter (largest swing first) a bar from the base value to the metric at the parameter's low
 * value and one to its high value, in two colours with a legend.
 */
function tornadoPanels(result: SensitivityResult, metric: MeasuredCriterion): Panel[] {
  const strategies = result.plan.strategies.map((s) => s.id);
  const ordered = parametersBySwing(result, metric);
  const { label, unit } = CRITERION_TEXT[metric];
  const change = (s: string, name: string) => {
    const bar = barOf(result, metric, s, name);
    const base = tornadoFor(result, metric, s).baseOutput;
    return { low: bar.outputLow - base, high: bar.outputHigh - base };
  };
  const all = strategies.flatMap((s) => ordered.flatMap((name) => Object.values(change(s, name))));
  const extent = Math.max(1e-9, ...all.map(Math.abs));
  return strategies.map((s) => ({
    height: 110 + 46 * ordered.length,
    config: {
      type: 'bar',
      data: {
        labels: ordered,
        datasets: [
          { label: 'parameter at its low value', backgroundColor: LOW_COLOUR, data: ordered.map((name) => [0, change(s, name).low] as [number, number]) },
          { label: 'at its high value', backgroundColor: HIGH_COLOUR, data: ordered.map((name) => [0, change(s, name).high] as [number, number]) },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: {
          title: title([`${s}: ${label}`, `base ${formatNumber(tornadoFor(result, metric, s).baseOutput)}${unit}${ordered.every((name) => barOf(result, metric, s, name).swing === 0 && change(s, name).low === 0) ? '; no parameter moves it' : ''}`]),
          legend: { labels: { boxWidth: 14 } },
        },
        scales: { x: { suggestedMin: -extent, suggestedMax: extent, title: axis(`change from base${unit ? ` (${unit.trim()})` : ''}`) } },
      },
    },
  }));
}

/** Lines through the origin σ = ratio·μ*, labelled: below 0.1 nearly linear, above 1 non-linear or interacting (Garcia Sanchez et al., 2014). */
const MORRIS_RATIOS = [0.1, 0.5, 1];

/** Horizontal bars over μ*'s 95% interval at each point (chart.js draws no error bars by itself). */
function confidenceBars(intervals: { low: number; high: number; y: number }[][]): Plugin {
  return {
    id: 'drainsim-confidence-bars',
    beforeDatasetsDraw: (chart) => {
      const { ctx, scales } = chart;
      ctx.save();
      ctx.strokeStyle = '#555555';
      ctx.lineWidth = 1;
      for (const bar of intervals.flat()) {
        const y = scales.y.getPixelForValue(bar.y);
        const [left, right] = [scales.x.getPixelForValue(Math.max(0, bar.low)), scales.x.getPixelForValue(bar.high)];
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(right, y);
        ctx.moveTo(left, y - 3);
        ctx.lineTo(left, y + 3);
        ctx.moveTo(right, y - 3);
        ctx.lineTo(right, y + 3);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

/**
 * The Morris screening of one metric as small multiples, a panel per strategy on shared scales:
 * each parameter's μ* (with its 95% interval) against σ, labelled, and the σ/μ* reference lines.
 */
function morrisPanels(result: SensitivityResult, metric: MeasuredCriterion): Panel[] {
  const strategies = result.plan.strategies.map((s) => s.id);
  const { label } = CRITERION_TEXT[metric];
  const factors = strategies.map((s) => factorsOf(result, metric, s));
  const xMax = Math.max(1e-9, ...factors.flat().map((f) => Math.max(f.muStar, f.muStarHigh))) * 1.1;
  const yMax = Math.max(1e-9, ...factors.flat().map((f) => f.sigma)) * 1.1;
  return strategies.map((s, i) => ({
    height: 330,
    config: {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'parameter (μ*, σ)', data: factors[i].map((f) => ({ x: f.muStar, y: f.sigma })), backgroundColor: colourOf(s), borderColor: colourOf(s), pointRadius: 5 },
          ...MORRIS_RATIOS.map((ratio, k) => ({
            type: 'line' as const,
            label: `σ/μ* = ${ratio}`,
            data: [{ x: 0, y: 0 }, { x: Math.min(xMax, yMax / ratio), y: Math.min(yMax, xMax * ratio) }],
            borderColor: ['#bbbbbb', '#888888', '#444444'][k],
            borderDash: [4, 4],
            borderWidth: 1,
            pointRadius: 0,
          })),
        ],
      },
      options: {
        layout: { padding: { right: 20 } },
        plugins: { title: title([`${s}: ${label}`, 'bars: 95% interval of μ*']), legend: { labels: { boxWidth: 14 } } },
        scales: { x: { min: 0, suggestedMax: xMax, title: axis('μ* (mean |effect| per range)') }, y: { min: 0, suggestedMax: yMax, title: axis('σ (spread of the effects)') } },
      },
      plugins: [
        confidenceBars([factors[i].map((f) => ({ low: f.muStarLow, high: f.muStarHigh, y: f.sigma }))]),
        labels((d, k) => (d === 0 && factors[i][k].muStar > 0 ? { text: factors[i][k].name, priority: factors[i][k].muStar } : null)),
      ],
    },
  }));
}

/** A heat map drawn as a stacked bar chart of equal cells (chart.js has no heat-map type), with its own legend. */
function mapChart(result: SensitivityResult): ChartConfiguration {
  const map = result.map!;
  const order = result.plan.strategies.map((s) => s.id);
  const colourOfCell = (text: string) => (text === 'none feasible' ? NONE_COLOUR : text.startsWith('tie:') ? TIE_COLOUR : colourOf(text));
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
    plugins: [labels((d, i) => ({ text: texts[d][i], colour: textOn(colourOfCell(texts[d][i])) }), 'centre')],
  };
}

/** Every chart decision.md shows: ranking and Pareto front, and with a sensitivity study its tornados, screenings and map. */
export function decisionCharts(a: DecisionAnalysis, sensitivity: SensitivityResult | null): DecisionChartImage[] {
  const charts: { key: string; name: string; config?: ChartConfiguration; panels?: Panel[]; alt: string; caption: string; height?: number }[] = [
    {
      key: 'ranking',
      name: 'ranking',
      config: rankingChart(a),
      alt: 'Scores and win shares of the ranked strategies',
      caption: 'Look for the gap between the first two strategies: a small gap in score, or a small share of weight draws won, means the weights decide.',
    },
    {
      key: 'pareto',
      name: 'pareto',
      config: paretoChart(a),
      alt: 'Pareto front: correctness against rerun time, p99 stop latency in the labels',
      caption: 'Lower left is better on both axes; large points are on the front, crosses are ruled out by a constraint.',
    },
  ];
  if (sensitivity) {
    for (const metric of sensitivity.plan.spec.metrics) {
      const { label } = CRITERION_TEXT[metric];
      charts.push({
        key: `tornado:${metric}`,
        name: `tornado-${metric}`,
        panels: tornadoPanels(sensitivity, metric),
        alt: `Tornado: ${label}, one panel per strategy`,
        caption: `The longest bars name the parameters the ${label} depends on most; blue is the parameter at its low value, orange at its high value, on one scale for every strategy.`,
      });
      charts.push({
        key: `morris:${metric}`,
        name: `morris-${metric}`,
        panels: morrisPanels(sensitivity, metric),
        alt: `Morris screening: ${label}, one panel per strategy`,
        caption: `Parameters far to the right move the ${label} most (bars: 95% interval of μ*); above the σ/μ* = 1 line an effect is non-linear or interacting, below 0.1 nearly linear.`,
      });
    }
    if (sensitivity.map) {
      charts.push({
        key: 'map',
        name: 'map',
        config: mapChart(sensitivity),
        alt: 'Decision map',
        caption: 'Where the colour changes, the choice depends on that parameter.',
        height: 140 + 70 * sensitivity.map.yValues.length,
      });
    }
  }
  return charts.map(({ key, name, config, panels, alt, caption, height }) => ({
    key,
    file: `charts/decision-${name}.png`,
    alt,
    caption,
    png: panels ? renderPanels(panels, 1200, 2) : renderChart(config!, 900, height ?? 450),
  }));
}
