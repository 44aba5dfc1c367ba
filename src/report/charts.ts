import type { ChartConfiguration } from 'chart.js';
import { mean, present } from '../analysis/stats.js';
import type { Phase } from '../model/job.js';
import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import { STRATEGIES } from '../strategies/registry.js';
import type { WorkerTimeline } from '../suite/worker.js';
import { renderChart } from './chart.js';

/** A chart of the report: its file under charts/, what it shows, and the PNG. */
interface ChartFile {
  src: string;
  alt: string;
  png: Buffer;
}

const WIDTH = 900;
const HEIGHT = 380;

/** One colour per strategy by its place in the registry, the same in every report (colour-blind-safe palette, Okabe & Ito). */
const PALETTE = ['#000000', '#E69F00', '#D55E00', '#56B4E9', '#009E73', '#0072B2', '#CC79A7', '#999999'];
const colourOf = (strategy: string) => PALETTE[Math.max(0, STRATEGIES.findIndex((s) => s.id === strategy)) % PALETTE.length];

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

const title = (text: string) => ({ display: true, text, font: { size: 14 } });
const axis = (text: string) => ({ display: true, text });

/** Seconds shown in a unit that suits the span: s, min or h. */
function timeUnit(spanSeconds: number): { name: string; div: number } {
  if (spanSeconds > 3 * 3600) return { name: 'h', div: 3600 };
  if (spanSeconds > 3 * 60) return { name: 'min', div: 60 };
  return { name: 's', div: 1 };
}

/** Every stop's latency (all seeds) per strategy, killed stops marked, and the budget line. */
function latencyChart(sc: Scenario, runs: RunResult[], strategies: string[]): ChartConfiguration {
  const points = strategies.map((s) => {
    const stops = runs.filter((r) => r.strategy === s).flatMap((r) => r.stops.filter((x) => x.latencySeconds !== null));
    // Spread a strategy's stops across its slot (deterministically) so equal latencies stay visible.
    return stops.map((x, k) => ({ x: strategies.indexOf(s) + (stops.length === 1 ? 0 : ((k + 0.5) / stops.length - 0.5) * 0.6), y: x.latencySeconds!, killed: x.hardKilled }));
  });
  const top = Math.max(sc.budget, ...points.flat().map((p) => p.y));
  const unit = timeUnit(top);
  return {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'stop (request to paused, completed or failed)', data: points.flat().filter((p) => !p.killed).map((p) => ({ x: p.x, y: p.y / unit.div })), backgroundColor: '#0072B2', pointRadius: 3 },
        { label: 'stop ended by a kill (over budget whatever its latency)', data: points.flat().filter((p) => p.killed).map((p) => ({ x: p.x, y: p.y / unit.div })), backgroundColor: '#D55E00', borderColor: '#D55E00', pointStyle: 'crossRot', pointRadius: 7, borderWidth: 2 },
        { type: 'line', label: `budget ${sc.budget} s`, data: [{ x: -0.5, y: sc.budget / unit.div }, { x: strategies.length - 0.5, y: sc.budget / unit.div }], borderColor: '#D55E00', borderDash: [6, 4], pointRadius: 0, borderWidth: 2 },
      ],
    },
    options: {
      plugins: { title: title(`${sc.name}: stop latency of every stop, all seeds`) },
      scales: {
        x: {
          type: 'linear',
          min: -0.5,
          max: strategies.length - 0.5,
          // One tick per strategy, at its slot's centre.
          afterBuildTicks: (scale) => {
            scale.ticks = strategies.map((_, i) => ({ value: i }));
          },
          ticks: { autoSkip: false, callback: (v) => strategies[Number(v)] ?? '' },
          grid: { display: false },
        },
        y: { beginAtZero: true, title: axis(`latency (${unit.name})`) },
      },
    },
  };
}

const meanOf = (runs: RunResult[], s: string, f: (r: RunResult) => number | null) => mean(present(runs.filter((r) => r.strategy === s).map(f)));

/** Duplicates and misses per strategy (means over seeds). */
function correctnessChart(sc: Scenario, runs: RunResult[], strategies: string[]): ChartConfiguration {
  const series: [string, (r: RunResult) => number, string][] = [
    ['duplicate rows', (r) => r.duplicates, '#E69F00'],
    ['misses', (r) => r.misses, '#D55E00'],
    ['misses gone', (r) => r.missesGone, '#999999'],
    ['newcomers not exported', (r) => r.missedNewcomers, '#56B4E9'],
  ];
  return {
    type: 'bar',
    data: { labels: strategies, datasets: series.map(([label, f, colour]) => ({ label, data: strategies.map((s) => meanOf(runs, s, f)), backgroundColor: colour })) },
    options: { plugins: { title: title(`${sc.name}: duplicates and misses per run (mean over seeds)`) }, scales: { y: { beginAtZero: true, title: axis('records') } } },
  };
}

/** Rerun time per strategy: mean and worst seed. */
function rerunChart(sc: Scenario, runs: RunResult[], strategies: string[]): ChartConfiguration {
  const max = (s: string) => Math.max(0, ...present(runs.filter((r) => r.strategy === s).map((r) => r.rerunSeconds)));
  const unit = timeUnit(Math.max(0, ...strategies.map(max)));
  return {
    type: 'bar',
    data: {
      labels: strategies,
      datasets: [
        { label: 'mean over seeds', data: strategies.map((s) => meanOf(runs, s, (r) => r.rerunSeconds) / unit.div), backgroundColor: '#0072B2' },
        { label: 'worst seed', data: strategies.map((s) => max(s) / unit.div), backgroundColor: '#56B4E9' },
      ],
    },
    options: { plugins: { title: title(`${sc.name}: rerun time (busy time beyond the same run without stops)`) }, scales: { y: { title: axis(`rerun time (${unit.name})`) } } },
  };
}

/** One run per strategy (the scenario's first seed) as phases over time. */
function timelineChart(sc: Scenario, timelines: WorkerTimeline[], strategies: string[]): ChartConfiguration {
  const mine = strategies.map((s) => timelines.find((t) => t.strategy === s));
  const end = Math.max(1, ...mine.flatMap((t) => t?.segments.map((g) => g.to) ?? []));
  const unit = timeUnit(end);
  return {
    type: 'bar',
    data: {
      labels: strategies,
      datasets: PHASES.map(({ phase, label, colour }) => ({
        label,
        backgroundColor: colour,
        grouped: false,
        barPercentage: 0.9,
        categoryPercentage: 0.9,
        data: mine.flatMap((t, i) => (t?.segments ?? []).filter((g) => g.phase === phase).map((g) => ({ x: [g.from / unit.div, g.to / unit.div], y: strategies[i] }))),
      })).filter((d) => d.data.length > 0) as never,
    },
    options: {
      indexAxis: 'y',
      plugins: { title: title(`${sc.name}: one run per strategy (seed ${sc.seed})`) },
      scales: { x: { type: 'linear', min: 0, title: axis(`simulated time (${unit.name})`) }, y: { type: 'category' } },
    },
  };
}

interface SweepMetric {
  label: string;
  of: (r: RunResult) => number | null;
  nonNegative: boolean;
}

/** A metric over the variants of a sweep, one line per strategy. */
function sweepChart(family: string, variants: Scenario[], runs: RunResult[], strategies: string[], what: SweepMetric): ChartConfiguration {
  const parameters = variants[0].sweep.map((p) => p.parameter).join(', ');
  return {
    type: 'line',
    data: {
      labels: variants.map((v) => v.sweep.map((p) => String(p.value)).join(', ')),
      datasets: strategies.map((s) => ({
        label: s,
        data: variants.map((v) => mean(present(runs.filter((r) => r.scenario === v.name && r.strategy === s).map(what.of)))),
        borderColor: colourOf(s),
        backgroundColor: colourOf(s),
        pointRadius: 3,
      })),
    },
    options: { plugins: { title: title(`${family}: ${what.label} per run (mean over seeds) against ${parameters}`) }, scales: { x: { title: axis(parameters) }, y: { beginAtZero: what.nonNegative, title: axis(what.label) } } },
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

/** The four charts of one scenario (number `index` of the suite, so file names stay unique). */
export function scenarioCharts(index: number, sc: Scenario, runs: RunResult[], timelines: WorkerTimeline[], strategies: string[]): ChartFile[] {
  const base = `charts/${String(index + 1).padStart(2, '0')}-${slug(sc.name)}`;
  const charts: [string, string, ChartConfiguration][] = [
    ['latency', `${sc.name}: stop latency of every stop per strategy, with the ${sc.budget} s budget`, latencyChart(sc, runs, strategies)],
    ['correctness', `${sc.name}: duplicates and misses per strategy`, correctnessChart(sc, runs, strategies)],
    ['rerun', `${sc.name}: rerun time per strategy`, rerunChart(sc, runs, strategies)],
  ];
  if (timelines.length > 0) charts.push(['timeline', `${sc.name}: timeline of one run per strategy`, timelineChart(sc, timelines, strategies)]);
  return charts.map(([kind, alt, config]) => ({ src: `${base}-${kind}.png`, alt, png: renderChart(config, WIDTH, kind === 'timeline' ? 60 + 34 * strategies.length : HEIGHT) }));
}

/** The sweep charts of one scenario family: correctness and rerun time against the swept values. */
export function sweepCharts(index: number, family: string, variants: Scenario[], runs: RunResult[], strategies: string[]): ChartFile[] {
  const base = `charts/sweep-${String(index + 1).padStart(2, '0')}-${slug(family)}`;
  const metrics: [string, SweepMetric][] = [
    ['correctness', { label: 'duplicates + misses', of: (r) => r.duplicates + r.misses, nonNegative: true }],
    ['rerun', { label: 'rerun time (s)', of: (r) => r.rerunSeconds, nonNegative: true }],
  ];
  return metrics.map(([kind, what]) => ({ src: `${base}-${kind}.png`, alt: `${family}: ${what.label} against the swept parameters, per strategy`, png: renderChart(sweepChart(family, variants, runs, strategies, what), WIDTH, HEIGHT) }));
}
