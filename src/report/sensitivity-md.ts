import type { Choice } from '../analysis/decision.js';
import type { Decision, MeasuredCriterion } from '../analysis/decision-file.js';
import { CRITERION_TEXT, formatNumber, listOf, plural } from '../analysis/format.js';
import { scenarioParameters, seedsText } from '../analysis/parameters.js';
import { barOf, dominantParameter, factorsOf, parametersBySwing, tornadoFor, type MapCell, type SensitivityResult } from '../analysis/sensitivity-study.js';
import type { ElementaryEffects } from '../analysis/sensitivity.js';
import { heading, paragraph, table, type Block, type Inline, type Section } from './document.js';

/** A chart of decision.md by what it shows ('ranking', 'tornado:<metric>', 'morris:<metric>', 'map'), or absent when not drawn. */
export type ChartBlocks = (key: string) => Block[];

const code = (path: string): Inline => ({ code: path });
const range = (low: number, high: number) => `${formatNumber(low)} → ${formatNumber(high)}`;
/** Inline parts joined by a separator. */
const joined = (parts: Inline[], separator = ', '): Inline[] => parts.flatMap((p, i) => (i === 0 ? [p] : [separator, p]));

/** The text of a map cell: the chosen strategy, the tied ones, or that none is feasible. */
export function cellText(choice: Choice): string {
  if (choice.kind === 'none') return 'none feasible';
  return choice.kind === 'tie' ? `tie: ${choice.strategies.join(', ')}` : choice.strategies[0];
}

function setUp(result: SensitivityResult, decision: Decision, cost: string): Block[] {
  const { plan } = result;
  const own = scenarioParameters(plan.baseScenario);
  const rows = plan.spec.parameters.map((p) => [[code(p.path)], formatNumber(plan.base[p.path]), formatNumber(p.low), formatNumber(p.high), p.integer ? 'yes' : 'no']);
  return [
    heading(2, 'Sensitivity'),
    paragraph(
      'How the measured criteria move with the scenario parameters, from the sensitivity section of ',
      code(decision.file),
      '. Base scenario ',
      code(plan.baseFile),
      ' (parameters other than the defaults: ',
      ...(own.length > 0 ? joined(own.map(code)) : ['none']),
      `); every point is that scenario with the parameters below set, run for ${plan.strategies.map((s) => s.id).join(', ')} on seeds ${seedsText(plan.seeds)}. Cost: ${cost}. ` +
        "A value at a point is the criterion as in the decision matrix over the point's seeds (mean over seeds; nearest-rank p99 over every stop for the stop latency).",
    ),
    table(['parameter', 'base', 'low', 'high', 'whole numbers'], rows),
  ];
}

function tornado(result: SensitivityResult, chart: ChartBlocks): Block[] {
  const { plan } = result;
  const strategies = plan.strategies.map((s) => s.id);
  const parts = plan.spec.metrics.flatMap((metric) => {
    const base = strategies.map((s) => formatNumber(tornadoFor(result, metric, s).baseOutput));
    const rows = parametersBySwing(result, metric).map((name) => {
      const declared = plan.ranges.find((r) => r.name === name)!;
      return [
        [code(name)],
        range(declared.low, declared.high),
        ...strategies.map((s) => {
          const bar = barOf(result, metric, s, name);
          return range(bar.outputLow, bar.outputHigh);
        }),
      ];
    });
    const label = CRITERION_TEXT[metric].label;
    return [heading(4, `${label} (${metric})`), ...chart(`tornado:${metric}`), table(['parameter', 'low → high', ...strategies], [['(base)', '', ...base], ...rows])];
  });
  return [
    heading(3, 'Tornado (one parameter at a time)'),
    paragraph(`Each parameter at its low and then its high value, the others at base (${plan.tornadoPoints.length} points); the cells give the criterion at low → at high, largest swing first.`),
    ...parts,
  ];
}

const interval = (f: ElementaryEffects) => `[${formatNumber(f.muStarLow)}, ${formatNumber(f.muStarHigh)}]`;

function morris(result: SensitivityResult, chart: ChartBlocks): Block[] {
  const { plan } = result;
  const { trajectories, levels, seed } = plan.spec.morris;
  const strategies = plan.strategies.map((s) => s.id);
  const points = plan.morris.trajectories.reduce((n, t) => n + t.points.length, 0);
  const parts = plan.spec.metrics.flatMap((metric) => {
    const rows = plan.ranges.map((r) => [
      [code(r.name)],
      ...strategies.map((s) => {
        const f = factorsOf(result, metric, s).find((x) => x.name === r.name)!;
        return `${formatNumber(f.muStar)} ${interval(f)} (${formatNumber(f.sigma)})`;
      }),
    ]);
    const label = CRITERION_TEXT[metric].label;
    return [heading(4, `${label} (${metric}): μ* [95% interval] (σ)`), ...chart(`morris:${metric}`), table(['parameter', ...strategies], rows)];
  });
  const dominant = plan.spec.metrics.map((metric) => [
    [code(metric)],
    ...strategies.map((s) => {
      const d = dominantParameter(result, metric, s);
      if (d === null) return 'none (constant)';
      return d.separated ? [code(d.top.name), ` (${formatNumber(d.top.muStar)} ${interval(d.top)})`] : ['none: ', code(d.top.name), ' and ', code(d.runnerUp!.name), ' overlap'];
    }),
  ]);
  return [
    heading(3, 'Morris screening (elementary effects)'),
    paragraph(
      `${plural(trajectories, 'trajectory', 'trajectories')} on a ${levels}-level grid (step Δ = ${formatNumber(plan.morris.delta)} of each range, seed ${seed}), ${plural(points, 'point')}. ` +
        "An elementary effect is the change of the criterion when one parameter takes one step, divided by the step as a share of the parameter's low–high range (the step it really took, after rounding whole numbers): the change the whole range would make at that rate. " +
        "μ* (mean |effect|) ranks importance; σ (standard deviation) large against μ* means non-linear or interacting. μ*'s 95% interval comes from resampling the effects (1000 times); a parameter is called dominant only when its interval clears the runner-up's.",
    ),
    ...parts,
    heading(4, "Dominant parameter (largest μ*, its interval clear of the runner-up's)"),
    table(['criterion', ...strategies], dominant),
  ];
}

/** "temp-table in 9, status-quo in 8 and none feasible in 3": the cells by what they say, most first. */
function tally(cells: readonly MapCell[]): string {
  const counts = new Map<string, number>();
  for (const cell of cells) counts.set(cellText(cell.choice), (counts.get(cellText(cell.choice)) ?? 0) + 1);
  return listOf([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([what, n]) => `${what} in ${n}`));
}

function decisionMap(result: SensitivityResult, decision: Decision, chart: ChartBlocks): Block[] {
  const map = result.map!;
  const cells = map.cells.flat();
  const rows = map.cells.map((row, j) => [formatNumber(map.yValues[j]), ...row.map((c) => cellText(c.choice))]);
  return [
    heading(2, 'Decision map'),
    paragraph(
      'The choice ',
      code(decision.file),
      ' makes (constraints, then weighted sum; ties broken as for the decision) at every point of ',
      code(map.x),
      ' × ',
      code(map.y),
      `, the other parameters at the base scenario's values; each cell rests on ${plural(result.plan.seeds.length, 'seed')} × ${plural(result.plan.strategies.length, 'strategy', 'strategies')}. Over the ${cells.length} cells: ${tally(cells)}.`,
    ),
    ...chart('map'),
    table([`${map.y} \\ ${map.x}`, ...map.xValues.map(formatNumber)], rows),
  ];
}

/** decision.md's Sensitivity and Decision map sections. */
export function sensitivitySections(result: SensitivityResult, decision: Decision, cost: string, chart: ChartBlocks = () => []): Section[] {
  const sections: Section[] = [{ id: 'sensitivity', blocks: [...setUp(result, decision, cost), ...tornado(result, chart), ...morris(result, chart)] }];
  if (result.map !== null) sections.push({ id: 'decision-map', blocks: decisionMap(result, decision, chart) });
  return sections;
}

/** What the sensitivity study says about one strategy, as Consequences bullets. */
export function sensitivityBullets(result: SensitivityResult, strategy: string): Inline[][] {
  const bullets: Inline[][] = [];
  if (result.plan.strategies.some((s) => s.id === strategy)) {
    for (const metric of result.plan.spec.metrics as MeasuredCriterion[]) {
      const d = dominantParameter(result, metric, strategy);
      if (d === null) continue;
      const { top } = d;
      const bar = barOf(result, metric, strategy, top.name);
      const which: Inline[] = d.separated ? [code(top.name)] : [code(top.name), ' or ', code(d.runnerUp!.name), ' (their μ* intervals overlap)'];
      bullets.push([
        `(-) its ${CRITERION_TEXT[metric].label} varies most with `,
        ...which,
        ` (Morris μ* ${formatNumber(top.muStar)} ${interval(top)}; tornado ${range(bar.outputLow, bar.outputHigh)}${CRITERION_TEXT[metric].unit} as `,
        code(top.name),
        ` goes ${range(bar.low, bar.high)})`,
      ]);
    }
  }
  const map = result.map;
  if (map !== null) {
    const cells = map.cells.flat();
    const elsewhere = cells.filter((c) => cellText(c.choice) !== strategy);
    const own = cells.length - elsewhere.length;
    bullets.push([
      `${own * 2 >= cells.length ? '(+)' : '(-)'} the decision map chooses it in ${own} of ${cells.length} cells of `,
      code(map.x),
      ' × ',
      code(map.y),
      elsewhere.length > 0 ? `; elsewhere ${tally(elsewhere)}` : '',
    ]);
  }
  return bullets;
}
