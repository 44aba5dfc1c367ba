import type { ChartConfiguration } from 'chart.js';
import { failedRun } from '../analysis/bottom-line.js';
import { countOf, formatNumber } from '../analysis/format.js';
import { mean } from '../analysis/stats.js';
import type { Phase } from '../model/job.js';
import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import type { WorkerTimeline } from '../suite/worker.js';
import { renderChart, renderPanels, type Panel } from './chart.js';
import { axisTitle, colourOf, timeUnit, title, valueAxis } from './chart-kit.js';

/** A chart of the report: its file under charts/, what it shows, what to look for, and the PNG. */
interface ChartFile {
  src: string;
  alt: string;
  caption: string;
  png: Buffer;
}

const WIDTH = 900;
const HEIGHT = 380;

const PHASES: { phase: Phase; label: string; colour: string }[] = [
  { phase: 'manager', label: 'ExportManager (TotalCount)', colour: '#999999' },
  { phase: 'temp-table', label: 'building the temp table', colour: '#CC79A7' },
  { phase: 'rebuilding', label: 'rebuilding the temp table', colour: '#D55E00' },
  { phase: 'running', label: 'running', colour: '#009E73' },
  { phase: 'stopping', label: 'stopping', colour: '#E69F00' },
  { phase: 'paused', label: 'paused', colour: '#56B4E9' },
  { phase: 'down-after-kill', label: 'down after a kill', colour: '#000000' },
  { phase: 'resuming', label: 'resuming', colour: '#0072B2' },
];

/** How each strategy is marked on a chart's axis: failed runs and a strategy the decision rules out say so under its name. */
export interface StrategyMarks {
  ruledOut: ReadonlySet<string>;
}

/** A strategy's axis label: its name, then "ruled out" and its failed runs when it has any. */
function strategyLabel(s: string, runs: readonly RunResult[], marks: StrategyMarks): string[] {
  const own = runs.filter((r) => r.strategy === s);
  const failed = own.filter(failedRun).length;
  return [s, ...(marks.ruledOut.has(s) ? ['(ruled out)'] : []), ...(failed > 0 ? [`${countOf(failed, own.length, 'run')} failed`] : [])];
}

/** Every stop's latency (all seeds) per strategy, killed stops marked, and the budget line, in one time unit. */
function latencyChart(sc: Scenario, runs: RunResult[], strategies: string[], marks: StrategyMarks): ChartConfiguration {
  const points = strategies.map((s) => {
    const stops = runs.filter((r) => r.strategy === s).flatMap((r) => r.stops.filter((x) => x.latencySeconds !== null));
    // Spread a strategy's stops across its slot (deterministically) so equal latencies stay visible.
    return stops.map((x, k) => ({ x: strategies.indexOf(s) + (stops.length === 1 ? 0 : ((k + 0.5) / stops.length - 0.5) * 0.6), y: x.latencySeconds!, killed: x.hardKilled }));
  });
  const top = Math.max(sc.budget, ...points.flat().map((p) => p.y));
  const unit = timeUnit(top);
  const labels = strategies.map((s) => strategyLabel(s, runs, marks));
  return {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'stop (request to paused, completed or failed)', data: points.flat().filter((p) => !p.killed).map((p) => ({ x: p.x, y: p.y / unit.div })), backgroundColor: '#0072B2', pointRadius: 3 },
        { label: 'stop ended by a kill (over budget whatever its latency)', data: points.flat().filter((p) => p.killed).map((p) => ({ x: p.x, y: p.y / unit.div })), backgroundColor: '#D55E00', borderColor: '#D55E00', pointStyle: 'crossRot', pointRadius: 7, borderWidth: 2 },
        { type: 'line', label: `budget ${formatNumber(sc.budget / unit.div)} ${unit.name}`, data: [{ x: -0.5, y: sc.budget / unit.div }, { x: strategies.length - 0.5, y: sc.budget / unit.div }], borderColor: '#D55E00', borderDash: [6, 4], pointRadius: 0, borderWidth: 2 },
      ],
    },
    options: {
      plugins: { title: title(`${sc.name}: stop latency of every stop, all seeds`), legend: { labels: { usePointStyle: true } } },
      scales: {
        x: {
          type: 'linear',
          min: -0.5,
          max: strategies.length - 0.5,
          // One tick per strategy, at its slot's centre.
          afterBuildTicks: (scale) => {
            scale.ticks = strategies.map((_, i) => ({ value: i }));
          },
          ticks: { autoSkip: false, callback: (v) => labels[Number(v)] ?? '' },
          grid: { display: false },
        },
        y: { beginAtZero: true, title: axisTitle(`latency (${unit.name})`) },
      },
    },
  };
}

const meanOf = (runs: readonly RunResult[], s: string, f: (r: RunResult) => number) => mean(runs.filter((r) => r.strategy === s).map(f));

/** Duplicates and misses per strategy (means over seeds), on a symmetric log axis when they span orders of magnitude. */
function correctnessChart(sc: Scenario, runs: RunResult[], strategies: string[], marks: StrategyMarks): ChartConfiguration {
  const series: [string, (r: RunResult) => number, string][] = [
    ['duplicate rows', (r) => r.duplicates, '#E69F00'],
    ['misses', (r) => r.misses, '#D55E00'],
    ['misses gone', (r) => r.missesGone, '#999999'],
    ['newcomers not exported', (r) => r.missedNewcomers, '#56B4E9'],
  ];
  const values = series.map(([, f]) => strategies.map((s) => meanOf(runs, s, f)));
  const axis = valueAxis(values.flat(), 'records per run');
  return {
    type: 'bar',
    data: {
      labels: strategies.map((s) => strategyLabel(s, runs, marks)),
      datasets: series.map(([label, , colour], k) => ({ label, data: values[k].map(axis.at), backgroundColor: colour })),
    },
    options: { plugins: { title: title(`${sc.name}: duplicates and misses per run (mean over seeds)`) }, scales: { y: axis.scale } },
  };
}

/** Rerun time per strategy over the runs that completed (a failed run has none): mean and worst seed. */
function rerunChart(sc: Scenario, runs: RunResult[], strategies: string[], marks: StrategyMarks): ChartConfiguration {
  const completed = (s: string) => runs.filter((r) => r.strategy === s && !failedRun(r)).map((r) => r.rerunSeconds ?? 0);
  const meanOf = (s: string) => (completed(s).length === 0 ? null : mean(completed(s)));
  const worstOf = (s: string) => (completed(s).length === 0 ? null : Math.max(...completed(s)));
  const all = strategies.flatMap(completed);
  const unit = timeUnit(Math.max(0, ...all.map(Math.abs)));
  const axis = valueAxis(all.map((v) => v / unit.div), `rerun time (${unit.name})`, { beginAtZero: true });
  const plotted = (v: number | null) => (v === null ? null : axis.at(v / unit.div));
  return {
    type: 'bar',
    data: {
      labels: strategies.map((s) => [...strategyLabel(s, runs, marks), ...(completed(s).length === 0 ? ['no completed run'] : [])]),
      datasets: [
        { label: 'mean over the completed runs', data: strategies.map((s) => plotted(meanOf(s))), backgroundColor: '#0072B2' },
        { label: 'worst completed run', data: strategies.map((s) => plotted(worstOf(s))), backgroundColor: '#56B4E9' },
      ],
    },
    options: { plugins: { title: title(`${sc.name}: rerun time (agent time on work a stop-free run does not do)`) }, scales: { y: axis.scale } },
  };
}

/** A stop of the timeline's run: when it was asked for, when the job paused (or the stop ended), when it resumed. */
interface StopMark {
  request: number;
  end: number | null;
  paused: boolean;
  resumed: number | null;
}

function stopMarks(run: RunResult | undefined): StopMark[] {
  return (run?.stops ?? []).map((s) => ({
    request: s.signalAt,
    end: s.latencySeconds === null ? null : s.signalAt + s.latencySeconds,
    paused: s.outcome === 'paused',
    resumed: s.resumedAt,
  }));
}

/** One run per strategy (the scenario's first seed) as phases over `range` seconds, each stop request, pause and resume marked. */
function timelinePanel(heading: string, timelines: (WorkerTimeline | undefined)[], marks: StopMark[][], strategies: string[], range: { from: number; to: number }): ChartConfiguration {
  const unit = timeUnit(range.to - range.from);
  const at = (t: number) => t / unit.div;
  const inRange = (t: number | null): t is number => t !== null && t >= range.from && t <= range.to;
  const marker = (label: string, pointStyle: 'triangle' | 'rectRot', colour: string, of: (m: StopMark) => number | null, rotation = 0, fill = colour) => ({
    type: 'scatter' as const,
    label,
    // Drawn over the phase bars (a lower order is drawn later).
    order: -1,
    data: marks.flatMap((ms, i) => ms.map(of).filter(inRange).map((t) => ({ x: at(t), y: strategies[i] }))),
    pointStyle,
    rotation,
    pointRadius: 6,
    borderWidth: 2,
    backgroundColor: fill,
    borderColor: colour,
  });
  const phases = PHASES.map(({ phase, label, colour }) => ({
    type: 'bar' as const,
    label,
    backgroundColor: colour,
    grouped: false,
    barPercentage: 0.9,
    categoryPercentage: 0.9,
    data: timelines.flatMap((t, i) =>
      (t?.segments ?? [])
        .filter((g) => g.phase === phase && g.to >= range.from && g.from <= range.to)
        .map((g) => ({ x: [at(Math.max(g.from, range.from)), at(Math.min(g.to, range.to))], y: strategies[i] })),
    ),
  })).filter((d) => d.data.length > 0);
  const markers = [
    marker('stop requested', 'triangle', '#000000', (m) => m.request, 180),
    marker('paused (state saved)', 'rectRot', '#000000', (m) => (m.paused ? m.end : null), 0, '#ffffff'),
    marker('resumed', 'triangle', '#0072B2', (m) => m.resumed),
  ].filter((d) => d.data.length > 0);
  return {
    type: 'bar',
    data: { labels: strategies, datasets: [...phases, ...markers] as never },
    options: {
      indexAxis: 'y',
      plugins: { title: title(heading), legend: { labels: { usePointStyle: true } } },
      scales: { x: { type: 'linear', min: at(range.from), max: at(range.to), ticks: { includeBounds: false }, title: axisTitle(`simulated time (${unit.name})`) }, y: { type: 'category' } },
    },
  };
}

/**
 * The timeline of one run per strategy: the whole run, and, when the first stop is a sliver of it
 * (its request to pause under a fiftieth of the run), a second panel zoomed to that stop.
 */
function timelineFigure(sc: Scenario, timelines: WorkerTimeline[], runs: RunResult[], strategies: string[]): { png: Buffer; zoomed: boolean } {
  const mine = strategies.map((s) => timelines.find((t) => t.strategy === s));
  const seed = mine.find((t) => t !== undefined)?.seed ?? sc.seed;
  const marks = strategies.map((s) => stopMarks(runs.find((r) => r.strategy === s && r.seed === seed)));
  const end = Math.max(1, ...mine.flatMap((t) => t?.segments.map((g) => g.to) ?? []));
  const height = 90 + 34 * strategies.length;
  const panels: Panel[] = [{ config: timelinePanel(`${sc.name}: one run per strategy (seed ${seed}), whole run`, mine, marks, strategies, { from: 0, to: end }), height }];
  const first = marks.flatMap((ms) => (ms.length === 0 ? [] : [ms[0]]));
  if (first.length > 0) {
    const from = Math.min(...first.map((m) => m.request));
    const to = Math.max(...first.map((m) => m.end ?? m.request));
    const pad = Math.max(1, (to - from) * 0.25);
    if (to - from + 2 * pad < end / 50) {
      panels.push({ config: timelinePanel(`zoomed to the first stop request (all strategies)`, mine, marks, strategies, { from: Math.max(0, from - pad), to: to + pad }), height });
    }
  }
  return { png: panels.length === 1 ? renderChart(panels[0].config, WIDTH, height) : renderPanels(panels, WIDTH), zoomed: panels.length > 1 };
}

interface SweepMetric {
  label: string;
  /** Null: the run has no value (a failed run's rerun time). */
  of: (r: RunResult) => number | null;
}

/** A metric over the variants of a sweep, one line per strategy (a point with no value is left out). */
function sweepChart(family: string, variants: Scenario[], runs: RunResult[], strategies: string[], what: SweepMetric): ChartConfiguration {
  const parameters = variants[0].sweep.map((p) => p.parameter).join(', ');
  const values = strategies.map((s) =>
    variants.map((v) => {
      const xs = runs.filter((r) => r.scenario === v.name && r.strategy === s).map(what.of).filter((x): x is number => x !== null);
      return xs.length === 0 ? null : mean(xs);
    }),
  );
  const axis = valueAxis(values.flat().filter((v): v is number => v !== null), what.label);
  return {
    type: 'line',
    data: {
      labels: variants.map((v) => v.sweep.map((p) => String(p.value)).join(', ')),
      datasets: strategies.map((s, i) => ({
        label: values[i].every((v) => v === null) ? `${s} (no value: every run failed)` : s,
        data: values[i].map((v) => (v === null ? null : axis.at(v))),
        borderColor: colourOf(s),
        backgroundColor: colourOf(s),
        pointRadius: 3,
      })),
    },
    options: { plugins: { title: title(`${family}: ${what.label} per run (mean over seeds) against ${parameters}`) }, scales: { x: { title: axisTitle(parameters) }, y: axis.scale } },
  };
}

/** File-name part from a scenario name: lower-case letters, digits and dashes only. */
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'scenario'
  );
}

/** The charts of one scenario (number `index` of the suite, so file names stay unique), each with its caption. */
export function scenarioCharts(index: number, sc: Scenario, runs: RunResult[], timelines: WorkerTimeline[], strategies: string[], marks: StrategyMarks): ChartFile[] {
  const base = `charts/${String(index + 1).padStart(2, '0')}-${slug(sc.name)}`;
  const charts: ChartFile[] = [
    {
      src: `${base}-latency.png`,
      alt: `${sc.name}: stop latency of every stop per strategy, with the ${formatNumber(sc.budget)} s budget`,
      caption: 'Look for points above the dashed budget line and crosses (a kill): either is a stop that failed the budget.',
      png: renderChart(latencyChart(sc, runs, strategies, marks), WIDTH, HEIGHT),
    },
    {
      src: `${base}-correctness.png`,
      alt: `${sc.name}: duplicates and misses per strategy`,
      caption: 'Any bar is records repeated or lost; an exact strategy has none. Failed and ruled-out strategies say so under their name.',
      png: renderChart(correctnessChart(sc, runs, strategies, marks), WIDTH, HEIGHT),
    },
    {
      src: `${base}-rerun.png`,
      alt: `${sc.name}: rerun time per strategy`,
      caption: 'Taller bars cost more agent time per resumed job; failed runs are left out (they have no rerun time), so a strategy that always fails has no bar.',
      png: renderChart(rerunChart(sc, runs, strategies, marks), WIDTH, HEIGHT),
    },
  ];
  if (timelines.length > 0) {
    const { png, zoomed } = timelineFigure(sc, timelines, runs, strategies);
    charts.push({
      src: `${base}-timeline.png`,
      alt: `${sc.name}: timeline of one run per strategy${zoomed ? ', and zoomed to the first stop' : ''}`,
      caption: `Follow each row from the stop request (black triangle) to the pause (diamond) and the resume (blue triangle): the gap before the pause is the stop latency${zoomed ? '; the lower panel zooms to the first stop' : ''}.`,
      png,
    });
  }
  return charts;
}

/** The sweep charts of one scenario family: correctness and rerun time against the swept values. */
export function sweepCharts(index: number, family: string, variants: Scenario[], runs: RunResult[], strategies: string[]): ChartFile[] {
  const base = `charts/sweep-${String(index + 1).padStart(2, '0')}-${slug(family)}`;
  const metrics: [string, SweepMetric, string][] = [
    ['correctness', { label: 'duplicates + misses (records)', of: (r) => r.duplicates + r.misses }, 'A line that rises with the swept value is a strategy whose correctness depends on it; a flat line at 0 is exact throughout.'],
    ['rerun', { label: 'rerun time (s)', of: (r) => (failedRun(r) ? null : r.rerunSeconds) }, 'How the cost of a resume grows with the swept value; failed runs are left out.'],
  ];
  return metrics.map(([kind, what, caption]) => ({
    src: `${base}-${kind}.png`,
    alt: `${family}: ${what.label} against the swept parameters, per strategy`,
    caption,
    png: renderChart(sweepChart(family, variants, runs, strategies, what), WIDTH, HEIGHT),
  }));
}
