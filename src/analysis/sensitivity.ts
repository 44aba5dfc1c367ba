import seedrandom from 'seedrandom';
import { mean, sampleStd } from './stats.js';

/** A parameter vector: parameter name → value. */
export type ParameterValues = Readonly<Record<string, number>>;

/** The model under study, e.g. "simulate with these scenario overrides and return a score". */
export type Evaluate = (params: ParameterValues) => number | Promise<number>;

export interface ParameterRange {
  name: string;
  low: number;
  high: number;
}

export interface TornadoBar extends ParameterRange {
  outputLow: number;
  outputHigh: number;
  /** |outputHigh − outputLow|. */
  swing: number;
}

export interface Tornado {
  baseOutput: number;
  /** Largest swing first; equal swings keep the declared order. */
  bars: TornadoBar[];
}

export interface MorrisOptions {
  /** r: number of trajectories. */
  trajectories: number;
  /** p: grid levels per parameter; even, so the step Δ = p / (2(p − 1)) lands on the grid. */
  levels: number;
  seed: number;
}

export interface ElementaryEffects {
  name: string;
  /** Mean of |EE|: overall importance (the screening measure). */
  muStar: number;
  /** Mean of EE: a value well below μ* means effects of both signs (non-monotone). */
  mu: number;
  /** Sample standard deviation of EE: large means non-linear or interacting. */
  sigma: number;
}

export interface Morris {
  /** Model evaluations made: morrisRunCount(k, r). */
  runs: number;
  delta: number;
  /** Largest μ* first; equal μ* keep the declared order. */
  factors: ElementaryEffects[];
}

export interface DecisionMap<T> {
  x: number[];
  y: number[];
  /** winners[j][i] is the best at (x[i], y[j]): one row per y value. */
  winners: T[][];
}

function checkRanges(base: ParameterValues, ranges: readonly ParameterRange[]): void {
  const seen = new Set<string>();
  for (const { name, low, high } of ranges) {
    if (!(name in base)) throw new Error(`sensitivity: parameter ${name} has a range but no base value`);
    if (seen.has(name)) throw new Error(`sensitivity: parameter ${name} has two ranges`);
    if (!Number.isFinite(low) || !Number.isFinite(high)) throw new Error(`sensitivity: parameter ${name} needs finite low and high`);
    seen.add(name);
  }
}

/**
 * One-at-a-time tornado: each parameter set to its low and then its high value, the others at
 * base. 1 + 2k evaluations, all started at once so a pooled `evaluate` can run them in parallel.
 */
export async function tornado(base: ParameterValues, ranges: readonly ParameterRange[], evaluate: Evaluate): Promise<Tornado> {
  checkRanges(base, ranges);
  const [baseOutput, ...outputs] = await Promise.all([
    evaluate({ ...base }),
    ...ranges.flatMap((r) => [evaluate({ ...base, [r.name]: r.low }), evaluate({ ...base, [r.name]: r.high })]),
  ]);
  const bars = ranges.map((r, i) => {
    const outputLow = outputs[2 * i];
    const outputHigh = outputs[2 * i + 1];
    return { ...r, outputLow, outputHigh, swing: Math.abs(outputHigh - outputLow) };
  });
  return { baseOutput, bars: bars.sort((a, b) => b.swing - a.swing) };
}

/** Model evaluations a Morris screening of k parameters with r trajectories costs. */
export function morrisRunCount(k: number, r: number): number {
  return r * (k + 1);
}

interface Trajectory {
  /** k + 1 points in the unit cube. */
  points: number[][];
  /** Parameter index changed between point s and s + 1. */
  changed: number[];
  /** Signed step of that change (±Δ). */
  steps: number[];
}

/**
 * A Morris (1991) trajectory: a random grid point whose coordinates stay on the grid after +Δ,
 * a random direction per parameter, and the parameters moved one at a time in random order.
 */
function trajectory(k: number, levels: number, delta: number, rng: () => number): Trajectory {
  const lowSteps = levels / 2; // grid levels j/(p-1) with j < p/2 leave room for +Δ
  const start = Array.from({ length: k }, () => Math.floor(rng() * lowSteps) / (levels - 1));
  const up = Array.from({ length: k }, () => rng() < 0.5);
  const order = Array.from({ length: k }, (_, i) => i);
  for (let i = k - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let point = start.map((x, i) => (up[i] ? x : x + delta));
  const points = [point];
  const steps: number[] = [];
  for (const i of order) {
    const step = up[i] ? delta : -delta;
    point = point.map((x, m) => (m === i ? x + step : x));
    points.push(point);
    steps.push(step);
  }
  return { points, changed: order, steps };
}

/**
 * Morris elementary-effects screening over the declared ranges (other parameters at base).
 * Effects are per unit of a parameter's range: EE = (f(x + Δ·e_i) − f(x)) / Δ with x scaled to
 * [0, 1] (low..high), so parameters with different units compare. Seeded (Alea) and
 * deterministic; all evaluations are started at once.
 */
export async function morris(
  base: ParameterValues,
  ranges: readonly ParameterRange[],
  evaluate: Evaluate,
  options: MorrisOptions,
): Promise<Morris> {
  checkRanges(base, ranges);
  const { trajectories: r, levels: p, seed } = options;
  if (!Number.isInteger(r) || r < 1) throw new Error(`morris: trajectories must be an integer >= 1, got ${r}`);
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0) throw new Error(`morris: levels must be an even integer >= 2, got ${p}`);
  const k = ranges.length;
  const delta = p / (2 * (p - 1));
  const rng = seedrandom.alea(`drainsim:morris:${seed}`);
  const designs = Array.from({ length: r }, () => trajectory(k, p, delta, rng));
  const toParameters = (unit: number[]): ParameterValues => {
    const values: Record<string, number> = { ...base };
    ranges.forEach((range, i) => (values[range.name] = range.low + unit[i] * (range.high - range.low)));
    return values;
  };
  const outputs = await Promise.all(designs.map((t) => Promise.all(t.points.map((x) => evaluate(toParameters(x))))));
  const effects = ranges.map(() => [] as number[]);
  designs.forEach((t, n) => {
    t.changed.forEach((i, s) => effects[i].push((outputs[n][s + 1] - outputs[n][s]) / t.steps[s]));
  });
  const factors = ranges.map((range, i) => ({
    name: range.name,
    muStar: mean(effects[i].map(Math.abs)),
    mu: mean(effects[i]),
    sigma: sampleStd(effects[i]),
  }));
  return { runs: morrisRunCount(k, r), delta, factors: factors.sort((a, b) => b.muStar - a.muStar) };
}

/** The winner at every (x, y) of a grid, e.g. the best strategy as churn rate and database size vary. */
export async function decisionMap<T>(
  gridX: readonly number[],
  gridY: readonly number[],
  bestAt: (x: number, y: number) => T | Promise<T>,
): Promise<DecisionMap<T>> {
  const winners = await Promise.all(gridY.map((y) => Promise.all(gridX.map((x) => bestAt(x, y)))));
  return { x: [...gridX], y: [...gridY], winners };
}
