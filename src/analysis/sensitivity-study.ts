import { describeValue, InputError } from '../errors.js';
import type { RunResult } from '../oracle/result.js';
import { parseDuration } from '../scenario/duration.js';
import { parseScenario } from '../scenario/schema.js';
import { getPath, parsePath, resolvedValue, setPath } from '../scenario/sweep.js';
import type { Scenario } from '../scenario/types.js';
import { Arena } from '../model/arena.js';
import { simulateScenario } from '../simulate.js';
import { strategyById } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import type { Decision, MeasuredCriterion, SensitivitySpec } from './decision-file.js';
import { decisionChoice, type Choice } from './decision.js';
import { buildMatrix } from './matrix.js';
import { plural } from './format.js';
import {
  morrisDesign,
  morrisOf,
  tornadoOf,
  tornadoPoints,
  type ElementaryEffects,
  type Morris,
  type MorrisDesign,
  type ParameterRange,
  type ParameterValues,
  type Tornado,
  type TornadoBar,
} from './sensitivity.js';

/** More simulated jobs than this in one study are refused before anything runs. */
const MAX_SENSITIVITY_RUNS = 200_000;

/**
 * Everything a sensitivity study will simulate, fixed before it starts: the base scenario, the
 * points of the tornado, the Morris trajectories and the decision-map grid (points that coincide
 * are simulated once), and what that costs.
 */
export interface SensitivityPlan {
  spec: SensitivitySpec;
  /** The base scenario file, as decision.md names it. */
  baseFile: string;
  baseScenario: Scenario;
  /** The base scenario's value of every parameter the study sets (ranges and map axes). */
  base: ParameterValues;
  ranges: ParameterRange[];
  strategies: Strategy[];
  seeds: number[];
  tornadoPoints: ParameterValues[];
  morris: MorrisDesign;
  mapPoints: ParameterValues[];
  /** The distinct points, each with its scenario variant. */
  points: { values: ParameterValues; scenario: Scenario }[];
  /** Simulated jobs: points × seeds × strategies. */
  runs: number;
}

export interface MapCell {
  x: number;
  y: number;
  /** What the decision file chooses from this cell's runs: a strategy, a tie, or none feasible. */
  choice: Choice;
  /** The strategies that meet the constraints in this cell. */
  feasible: string[];
}

export interface DecisionMap {
  x: string;
  y: string;
  xValues: number[];
  yValues: number[];
  /** cells[j][i] is at (xValues[i], yValues[j]): one row per y value. */
  cells: MapCell[][];
}

export interface SensitivityResult {
  plan: SensitivityPlan;
  /** Per metric, then per strategy in the plan's order. */
  tornados: { metric: MeasuredCriterion; strategy: string; tornado: Tornado }[];
  screenings: { metric: MeasuredCriterion; strategy: string; morris: Morris }[];
  map: DecisionMap | null;
}

const keyOf = (values: ParameterValues) => JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));

/** A number, or a duration string in seconds; undefined for anything else. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}

/**
 * The base scenario's value at a parameter's YAML path, durations in seconds: as the file gives
 * it, else the default it resolves to (a YAML duration like `job.tempTableRetention` resolves to
 * `job.tempTableRetentionSeconds`). `where` is the decision-file field that names the parameter.
 */
export function baseValue(doc: unknown, scenario: Scenario, path: string, where: string, decision: Decision, baseFile: string): number {
  const keys = parsePath(path)!;
  const given = getPath(doc, keys);
  const value = given !== undefined ? given : resolvedValue(scenario, keys);
  const number = numberOf(value);
  if (number === undefined) {
    throw new InputError({ file: decision.file, path: where, problem: `${path} is ${describeValue(value)} in ${baseFile}, not a number`, allowed: 'a numeric field of the base scenario (with its defaults), like churn.insertsPerHour or stops[0].downtime' });
  }
  return number;
}

/** The base scenario document with the parameters that differ from base set, validated like a scenario file. */
export function variant(doc: unknown, base: ParameterValues, values: ParameterValues, decision: Decision, baseFile: string): Scenario {
  const changed = Object.keys(values).filter((name) => values[name] !== base[name]);
  const copy = structuredClone(doc) as Record<string, unknown>;
  for (const name of changed) {
    const misfit = setPath(copy, parsePath(name)!, values[name]);
    if (misfit !== null) throw new InputError({ file: decision.file, path: 'sensitivity', problem: `${name} names ${misfit} in ${baseFile}`, allowed: 'YAML paths whose lists exist in the base scenario' });
  }
  try {
    return parseScenario(copy, baseFile);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const point = changed.map((name) => `${name}=${values[name]}`).join(', ');
    throw new InputError({ file: decision.file, path: 'sensitivity', problem: `at ${point} the base scenario is invalid (${e.message})`, allowed: 'ranges and map values the scenario accepts (integer: true for whole-number fields)' });
  }
}

/**
 * Plans the study of the decision file's sensitivity section on the base scenario document
 * (`baseFile` names it). Every scenario variant is built and validated here, so bad input is
 * refused before a single run.
 */
export function planSensitivity(decision: Decision, baseDoc: unknown, baseFile: string): SensitivityPlan {
  const spec = decision.sensitivity;
  if (spec === undefined) throw new InputError({ file: decision.file, path: 'sensitivity', problem: 'missing', allowed: 'a sensitivity section (see scenarios/decision.yaml)' });
  if (baseDoc !== null && typeof baseDoc === 'object' && 'sweep' in baseDoc) {
    throw new InputError({ file: decision.file, path: 'sensitivity.base', problem: `${baseFile} is a sweep file`, allowed: 'a scenario file without sweep (the study varies the parameters itself)' });
  }
  const baseScenario = parseScenario(baseDoc, baseFile);
  const base: Record<string, number> = {};
  spec.parameters.forEach((p, i) => (base[p.path] = baseValue(baseDoc, baseScenario, p.path, `sensitivity.parameters[${i}].path`, decision, baseFile)));
  if (spec.map) for (const axis of ['x', 'y'] as const) base[spec.map[axis].path] = baseValue(baseDoc, baseScenario, spec.map[axis].path, `sensitivity.map.${axis}.path`, decision, baseFile);
  const ranges = spec.parameters.map((p) => ({ name: p.path, low: p.low, high: p.high, integer: p.integer }));
  const tornado = tornadoPoints(base, ranges);
  const morris = morrisDesign(base, ranges, spec.morris);
  const { map } = spec;
  const mapPoints = map ? map.y.values.flatMap((y) => map.x.values.map((x) => ({ ...base, [map.x.path]: x, [map.y.path]: y }))) : [];
  const distinct = new Map<string, ParameterValues>();
  for (const values of [...tornado, ...morris.trajectories.flatMap((t) => t.points), ...mapPoints]) distinct.set(keyOf(values), values);
  const strategies = spec.strategies.map(strategyById);
  const seeds = Array.from({ length: spec.seeds }, (_, i) => baseScenario.seed + i);
  const runs = distinct.size * seeds.length * strategies.length;
  if (runs > MAX_SENSITIVITY_RUNS) {
    throw new InputError({ file: decision.file, path: 'sensitivity', problem: `${runs} simulation runs`, allowed: `at most ${MAX_SENSITIVITY_RUNS} (fewer trajectories, seeds, strategies or map values)` });
  }
  const points = [...distinct.values()].map((values) => ({ values, scenario: variant(baseDoc, base, values, decision, baseFile) }));
  return { spec, baseFile, baseScenario, base, ranges, strategies, seeds, tornadoPoints: tornado, morris, mapPoints, points, runs };
}

/** What the study will cost, in one line (stated before it starts). */
export function describeCost(plan: SensitivityPlan): string {
  const morrisPoints = plan.morris.trajectories.reduce((n, t) => n + t.points.length, 0);
  const planned = plan.tornadoPoints.length + morrisPoints + plan.mapPoints.length;
  const shared = planned - plan.points.length;
  const seeds = `${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'}`;
  return (
    `${plan.points.length} points (tornado ${plan.tornadoPoints.length}, Morris ${morrisPoints}, map ${plan.mapPoints.length}${shared > 0 ? `, ${shared} shared` : ''}) × ${seeds} × ${plural(plan.strategies.length, 'strategy', 'strategies')}` +
    ` = ${plan.runs} simulation runs on ${plan.baseFile}`
  );
}

/** Simulates every point of the plan (each strategy on each seed), then the tornados, screenings and map. */
export function runSensitivity(plan: SensitivityPlan, decision: Decision): SensitivityResult {
  const results = new Map<string, RunResult[]>();
  // One arena for every point: the points differ in parameters, rarely in size.
  const arena = new Arena(true);
  for (const { values, scenario } of plan.points) results.set(keyOf(values), simulateScenario(scenario, plan.strategies, plan.seeds, arena));
  const { metrics } = plan.spec;
  const matrices = new Map([...results].map(([key, runs]) => [key, buildMatrix(runs, metrics)]));
  const valueAt = (values: ParameterValues, metric: MeasuredCriterion, strategy: string) => {
    const matrix = matrices.get(keyOf(values))!;
    return matrix.values[matrix.strategies.indexOf(strategy)][matrix.criteria.indexOf(metric)];
  };
  const pairs = metrics.flatMap((metric) => plan.strategies.map((s) => ({ metric, strategy: s.id })));
  const tornados = pairs.map(({ metric, strategy }) => ({
    metric,
    strategy,
    tornado: tornadoOf(plan.ranges, plan.tornadoPoints.map((v) => valueAt(v, metric, strategy))),
  }));
  const screenings = pairs.map(({ metric, strategy }) => ({
    metric,
    strategy,
    morris: morrisOf(plan.morris, plan.morris.trajectories.map((t) => t.points.map((v) => valueAt(v, metric, strategy)))),
  }));
  const { map } = plan.spec;
  const scenarioAt = new Map(plan.points.map((p) => [keyOf(p.values), p.scenario]));
  const cellAt = (values: ParameterValues, x: number, y: number): MapCell => ({ x, y, ...decisionChoice(results.get(keyOf(values))!, decision, [scenarioAt.get(keyOf(values))!]) });
  const decisionMap: DecisionMap | null = map === undefined ? null : {
    x: map.x.path,
    y: map.y.path,
    xValues: map.x.values,
    yValues: map.y.values,
    cells: map.y.values.map((y, j) => map.x.values.map((x, i) => cellAt(plan.mapPoints[j * map.x.values.length + i], x, y))),
  };
  return { plan, tornados, screenings, map: decisionMap };
}

/** The strategy's tornado on a metric. */
export function tornadoFor(result: SensitivityResult, metric: MeasuredCriterion, strategy: string): Tornado {
  return result.tornados.find((t) => t.metric === metric && t.strategy === strategy)!.tornado;
}

/** Its bar for one parameter. */
export function barOf(result: SensitivityResult, metric: MeasuredCriterion, strategy: string, parameter: string): TornadoBar {
  return tornadoFor(result, metric, strategy).bars.find((b) => b.name === parameter)!;
}

/** The strategy's Morris factors on a metric, largest μ* first. */
export function factorsOf(result: SensitivityResult, metric: MeasuredCriterion, strategy: string): ElementaryEffects[] {
  return result.screenings.find((s) => s.metric === metric && s.strategy === strategy)!.morris.factors;
}

/** Parameters by their largest tornado swing over the strategies, declared order for equal swings. */
export function parametersBySwing(result: SensitivityResult, metric: MeasuredCriterion): string[] {
  const swing = (name: string) => Math.max(...result.plan.strategies.map((s) => barOf(result, metric, s.id, name).swing));
  return result.plan.ranges.map((r) => r.name).sort((a, b) => swing(b) - swing(a));
}

/** The strategy's dominant parameter on a metric; see dominantParameter. */
export interface Dominant {
  top: ElementaryEffects;
  runnerUp: ElementaryEffects | null;
  /** The top's μ* interval clears the runner-up's: the screening can tell them apart. */
  separated: boolean;
}

/**
 * The parameter with the largest μ*, and whether it dominates: its μ* interval clears the
 * runner-up's (else the screening cannot tell them apart). Null when the metric did not move.
 */
export function dominantParameter(result: SensitivityResult, metric: MeasuredCriterion, strategy: string): Dominant | null {
  const [top, runnerUp] = factorsOf(result, metric, strategy);
  if (top.muStar <= 0) return null;
  return { top, runnerUp: runnerUp ?? null, separated: runnerUp === undefined || top.muStarLow > runnerUp.muStarHigh };
}
