import seedrandom from 'seedrandom';
import { mean, sampleStd } from './stats.js';

/** A parameter vector: parameter name → value. */
export type ParameterValues = Readonly<Record<string, number>>;

export interface ParameterRange {
  name: string;
  low: number;
  high: number;
  /** Whole-number parameter (a count, a batch size): every value it takes is rounded. */
  integer?: boolean;
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
  /** 95% bootstrap interval of μ* (the effects resampled with replacement, 1000 times, seeded), as SALib reports mu_star_conf. */
  muStarLow: number;
  muStarHigh: number;
  /** Elementary effects measured: one per trajectory, less any step that rounding made zero. */
  samples: number;
}

export interface Morris {
  /** Model evaluations made: morrisRunCount(k, r). */
  runs: number;
  delta: number;
  /** Largest μ* first; equal μ* keep the declared order. */
  factors: ElementaryEffects[];
}

const CONFIDENCE_RESAMPLES = 1000;

/** 95% percentile interval of the mean of `values` over resamples with replacement; [0, 0] when empty. */
function bootstrapMean(values: readonly number[], rng: () => number): { lo: number; hi: number } {
  if (values.length === 0) return { lo: 0, hi: 0 };
  const means = new Float64Array(CONFIDENCE_RESAMPLES);
  for (let b = 0; b < CONFIDENCE_RESAMPLES; b++) {
    let sum = 0;
    for (let k = 0; k < values.length; k++) sum += values[Math.floor(rng() * values.length)];
    means[b] = sum / values.length;
  }
  means.sort();
  return { lo: means[Math.floor(0.025 * (CONFIDENCE_RESAMPLES - 1))], hi: means[Math.ceil(0.975 * (CONFIDENCE_RESAMPLES - 1))] };
}

/** The points of a Morris screening, fixed by the ranges and options before anything is evaluated. */
export interface MorrisDesign {
  ranges: readonly ParameterRange[];
  delta: number;
  /** r trajectories of k + 1 points; changed[s] is the index of the parameter moved from point s to s + 1. */
  trajectories: { points: ParameterValues[]; changed: number[] }[];
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

/** The value at position u ∈ [0, 1] of a range, rounded for a whole-number parameter. */
function valueAt(range: ParameterRange, u: number): number {
  const value = range.low + u * (range.high - range.low);
  return range.integer ? Math.round(value) : value;
}

/**
 * One-at-a-time tornado, the points it evaluates: base, then each parameter at its low and then
 * its high value, the others at base (1 + 2k points).
 */
export function tornadoPoints(base: ParameterValues, ranges: readonly ParameterRange[]): ParameterValues[] {
  checkRanges(base, ranges);
  return [{ ...base }, ...ranges.flatMap((r) => [{ ...base, [r.name]: valueAt(r, 0) }, { ...base, [r.name]: valueAt(r, 1) }])];
}

/** The tornado from the outputs at tornadoPoints, in their order. */
export function tornadoOf(ranges: readonly ParameterRange[], outputs: readonly number[]): Tornado {
  if (outputs.length !== 1 + 2 * ranges.length) throw new Error(`tornado: ${outputs.length} outputs for ${1 + 2 * ranges.length} points`);
  const bars = ranges.map((r, i) => {
    const outputLow = outputs[1 + 2 * i];
    const outputHigh = outputs[2 + 2 * i];
    return { ...r, outputLow, outputHigh, swing: Math.abs(outputHigh - outputLow) };
  });
  return { baseOutput: outputs[0], bars: bars.sort((a, b) => b.swing - a.swing) };
}

/** Model evaluations a Morris screening of k parameters with r trajectories costs. */
export function morrisRunCount(k: number, r: number): number {
  return r * (k + 1);
}

/**
 * A Morris (1991) trajectory in the unit cube: a random grid point whose coordinates stay on the
 * grid after +Δ, a random direction per parameter, and the parameters moved one at a time in
 * random order.
 */
function trajectory(k: number, levels: number, delta: number, rng: () => number): { unit: number[][]; changed: number[] } {
  const lowSteps = levels / 2; // grid levels j/(p-1) with j < p/2 leave room for +Δ
  const start = Array.from({ length: k }, () => Math.floor(rng() * lowSteps) / (levels - 1));
  const up = Array.from({ length: k }, () => rng() < 0.5);
  const order = Array.from({ length: k }, (_, i) => i);
  for (let i = k - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let point = start.map((x, i) => (up[i] ? x : x + delta));
  const unit = [point];
  for (const i of order) {
    point = point.map((x, m) => (m === i ? x + (up[i] ? delta : -delta) : x));
    unit.push(point);
  }
  return { unit, changed: order };
}

/** The r(k + 1) points of a Morris screening over the ranges (other parameters at base). Seeded (Alea), deterministic. */
export function morrisDesign(base: ParameterValues, ranges: readonly ParameterRange[], options: MorrisOptions): MorrisDesign {
  checkRanges(base, ranges);
  const { trajectories: r, levels: p, seed } = options;
  if (!Number.isInteger(r) || r < 1) throw new Error(`morris: trajectories must be an integer >= 1, got ${r}`);
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0) throw new Error(`morris: levels must be an even integer >= 2, got ${p}`);
  const delta = p / (2 * (p - 1));
  const rng = seedrandom.alea(`drainsim:morris:${seed}`);
  const toParameters = (unit: number[]): ParameterValues => {
    const values: Record<string, number> = { ...base };
    ranges.forEach((range, i) => (values[range.name] = valueAt(range, unit[i])));
    return values;
  };
  const trajectories = Array.from({ length: r }, () => {
    const { unit, changed } = trajectory(ranges.length, p, delta, rng);
    return { points: unit.map(toParameters), changed };
  });
  return { ranges, delta, trajectories };
}

/**
 * Morris elementary effects from the outputs at each trajectory's points. Effects are per unit
 * of a parameter's range, EE = Δf / (Δx / (high − low)), with Δx the step the parameter really
 * took (rounding can shorten it; a step rounded to nothing is left out), so parameters with
 * different units compare. μ* gets a 95% bootstrap interval: a parameter is "dominant" only when
 * its interval clears the runner-up's.
 */
export function morrisOf(design: MorrisDesign, outputs: readonly (readonly number[])[], confidenceSeed = 1): Morris {
  const { ranges, trajectories } = design;
  const effects = ranges.map(() => [] as number[]);
  trajectories.forEach((t, n) => {
    if (outputs[n]?.length !== t.points.length) throw new Error(`morris: trajectory ${n} needs ${t.points.length} outputs`);
    t.changed.forEach((i, s) => {
      const { name, low, high } = ranges[i];
      const step = (t.points[s + 1][name] - t.points[s][name]) / (high - low);
      if (step !== 0) effects[i].push((outputs[n][s + 1] - outputs[n][s]) / step);
    });
  });
  const rng = seedrandom.alea(`drainsim:morris-conf:${confidenceSeed}`);
  const factors = ranges.map((range, i) => {
    const absolute = effects[i].map(Math.abs);
    const { lo, hi } = bootstrapMean(absolute, rng);
    return { name: range.name, muStar: mean(absolute), mu: mean(effects[i]), sigma: sampleStd(effects[i]), muStarLow: lo, muStarHigh: hi, samples: effects[i].length };
  });
  return { runs: morrisRunCount(ranges.length, trajectories.length), delta: design.delta, factors: factors.sort((a, b) => b.muStar - a.muStar) };
}
