import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { Interval } from '../../analysis/bootstrap.js';
import { renderChart } from '../../report/chart.js';
import type { BreakEvenResult } from '../break-even.js';
import type { FigureId, StrategySummary } from '../figures.js';
import type { Fleet } from '../types.js';

/** A chart of the fleet report: its file under charts/, its caption (also the alt text), the PNG. */
export interface FleetChart {
  src: string;
  alt: string;
  png: Buffer;
}

/** Every fleet chart is named so; the report owns these names in charts/ (and only these). */
export const FLEET_CHART_PREFIX = 'fleet-';

const WIDTH = 900;
const HEIGHT = 380;
const title = (text: string) => ({ display: true, text, font: { size: 14 } });
const axis = (text: string) => ({ display: true, text });

/** The intervals' bounds as short horizontal ticks at each x (a category or a value); no interval, no tick. */
function boundsDataset(label: string, intervals: readonly Interval[], colour: string, xs: readonly (string | number)[]): ChartDataset<'line'> {
  const ticks = intervals.flatMap((iv, i) => [iv.low, iv.high].flatMap((y) => (y === null ? [] : [{ x: xs[i], y }])));
  return {
    type: 'line',
    label,
    data: ticks as never,
    showLine: false,
    pointStyle: 'line',
    pointRadius: 6,
    borderWidth: 2,
    borderColor: colour,
    backgroundColor: colour,
  };
}

/** One figure per strategy as bars, with the 95% interval's bounds. */
function figureBars(summaries: readonly StrategySummary[], ids: readonly { id: FigureId; label: string; colour: string }[], heading: string, unit: string, extra: ChartDataset[] = []): ChartConfiguration {
  const labels = summaries.map((s) => s.strategy);
  const datasets: ChartDataset[] = ids.flatMap(({ id, label, colour }) => {
    const intervals = summaries.map((s) => s.figures[id]);
    const bars: ChartDataset<'bar'> = { type: 'bar', label, data: intervals.map((iv) => (Number.isNaN(iv.estimate) ? null : iv.estimate)) as never, backgroundColor: colour };
    // Bounds drawn only with a single series (several series share a category slot).
    return ids.length === 1 ? [bars, boundsDataset('95% interval over the seeds', intervals, '#222222', labels)] : [bars];
  });
  return {
    type: 'bar',
    data: { labels, datasets: [...datasets, ...extra] as never },
    options: { plugins: { title: title(heading) }, scales: { y: { beginAtZero: true, title: axis(unit) } } },
  };
}

/** The break-even sweep of one figure against the swept usage, with the threshold line. */
function breakEvenChart(be: BreakEvenResult, metric: 'redone' | 'overBudget', threshold: number, heading: string, unit: string, xLabel: string): ChartConfiguration {
  const xs = be.points.map((p) => p.value);
  const intervals = be.points.map((p) => p[metric]);
  return {
    type: 'line',
    data: {
      datasets: [
        { label: be.strategy, data: be.points.map((p) => ({ x: p.value, y: p[metric].estimate })), borderColor: '#0072B2', backgroundColor: '#0072B2', pointRadius: 3 },
        boundsDataset('95% interval over the seeds', intervals, '#56B4E9', xs),
        { label: `threshold ${threshold} ${unit}`, data: [{ x: xs[0], y: threshold }, { x: xs[xs.length - 1], y: threshold }], borderColor: '#D55E00', borderDash: [6, 4], pointRadius: 0, borderWidth: 2 },
      ] as never,
    },
    options: {
      plugins: { title: title(heading) },
      scales: { x: { type: 'linear', title: axis(xLabel) }, y: { beginAtZero: true, title: axis(unit) } },
    },
  };
}

/** The fleet's load over the day (jobs running at each hour, without upgrades), with the upgrade requests' hours. */
function loadChart(fleet: Fleet, loadByHour: readonly number[]): ChartConfiguration {
  const hours = [...new Set(upgradeHours(fleet))];
  const top = Math.max(1, ...loadByHour);
  return {
    type: 'bar',
    data: {
      labels: loadByHour.map((_, h) => `${String(h).padStart(2, '0')}:00`),
      datasets: [
        { type: 'bar', label: 'jobs running (mean over the days and seeds, without upgrades)', data: [...loadByHour], backgroundColor: '#009E73' },
        { type: 'bar', label: 'an upgrade request in this hour', data: loadByHour.map((_, h) => (hours.includes(h) ? top : null)), backgroundColor: 'rgba(213, 94, 0, 0.35)', barPercentage: 0.25 } as never,
      ] as never,
    },
    options: { plugins: { title: title(`${fleet.name}: jobs running by hour of the day`) }, scales: { x: { stacked: false, title: axis('hour of the day') }, y: { beginAtZero: true, title: axis('jobs running') } } },
  };
}

/** The hours of the day (0-23) in which some agent's upgrade request falls. */
export function upgradeHours(fleet: Fleet): number[] {
  const { first, every, agentsAtOnce, waveInterval } = fleet.upgrades;
  const waves = Math.ceil(fleet.agents / agentsAtOnce);
  const out: number[] = [];
  for (let t = first; t < fleet.horizon; t += every) for (let w = 0; w < waves; w++) out.push(Math.floor(((t + w * waveInterval) % 86_400) / 3600));
  return [...new Set(out)].sort((a, b) => a - b);
}

const BREAK_EVEN_X: Record<BreakEvenResult['parameter'], string> = { jobsPerDay: 'export jobs per day', 'documents.median': 'median documents per job' };

/** The budget as a dashed line across a bar chart's categories. */
function budgetLine(budget: number, categories: number): ChartDataset<'line'> {
  return { type: 'line', label: `budget ${budget} s`, data: Array<number>(categories).fill(budget), borderColor: '#D55E00', borderDash: [6, 4], pointRadius: 0, borderWidth: 2 };
}

/** The report's charts; `budget` is the jobs' stop budget in seconds. */
export function fleetCharts(fleet: Fleet, budget: number, summaries: readonly StrategySummary[], loadByHour: readonly number[], breakEven: BreakEvenResult | null): FleetChart[] {
  const charts: [string, string, ChartConfiguration][] = [
    [
      'redone',
      `${fleet.name}: agent-hours redone (or lost in failed jobs) per month, per strategy, with 95% intervals over the seeds`,
      figureBars(summaries, [{ id: 'redoneHoursPerMonth', label: 'agent-hours redone per month', colour: '#0072B2' }], `${fleet.name}: agent-hours redone per month`, 'agent-hours per month'),
    ],
    [
      'correctness',
      `${fleet.name}: duplicate rows and missed records of completed jobs per month, per strategy`,
      figureBars(
        summaries,
        [
          { id: 'duplicatesPerMonth', label: 'duplicate rows', colour: '#E69F00' },
          { id: 'missesPerMonth', label: 'missed records', colour: '#D55E00' },
        ],
        `${fleet.name}: records that reach customers twice or never, per month`,
        'records per month',
      ),
    ],
    [
      'latency',
      `${fleet.name}: stop latency p50, p99 and max over every drain-stop of the fleet, per strategy`,
      figureBars(
        summaries,
        [
          { id: 'latencyP50', label: 'p50', colour: '#56B4E9' },
          { id: 'latencyP99', label: 'p99', colour: '#0072B2' },
          { id: 'latencyMax', label: 'max', colour: '#000000' },
        ],
        `${fleet.name}: stop latency across the fleet`,
        'stop latency (s)',
        [budgetLine(budget, summaries.length)],
      ),
    ],
    ['load', `${fleet.name}: jobs running at each hour of the day without upgrades, and the hours of the upgrade requests`, loadChart(fleet, loadByHour)],
  ];
  if (breakEven !== null) {
    const x = BREAK_EVEN_X[breakEven.parameter];
    charts.push(
      ['break-even-redone', `${breakEven.strategy}: agent-hours redone per month against ${x}, with the threshold`, breakEvenChart(breakEven, 'redone', fleet.threshold.redoneHoursPerMonth, `${breakEven.strategy}: agent-hours redone per month against ${x}`, 'agent-hours per month', x)],
      ['break-even-budget', `${breakEven.strategy}: stops over budget per month against ${x}, with the threshold`, breakEvenChart(breakEven, 'overBudget', fleet.threshold.budgetMissesPerMonth, `${breakEven.strategy}: stops over budget per month against ${x}`, 'stops per month', x)],
    );
  }
  return charts.map(([kind, alt, config]) => ({ src: `charts/${FLEET_CHART_PREFIX}${kind}.png`, alt, png: renderChart(config, WIDTH, HEIGHT) }));
}
