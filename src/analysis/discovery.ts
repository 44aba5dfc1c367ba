import seedrandom from 'seedrandom';
import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import { BUDGET_CONSTRAINT, brokenBy, constraintNames } from './constraints.js';
import type { Decision } from './decision-file.js';
import { formatNumber } from './format.js';
import { latinHypercube } from './lhs.js';
import { primBoxes, PRIM_DEFAULTS } from './prim.js';
import type { ParameterRange, ParameterValues } from './sensitivity.js';

/** The points of a discovery, fixed before anything runs. */
export interface DiscoveryPlan {
  baseFile: string;
  ranges: ParameterRange[];
  /** The Latin-hypercube points, each with its scenario variant. */
  points: { values: ParameterValues; scenario: Scenario }[];
  strategies: string[];
  seeds: number[];
  samples: number;
  seed: number;
  /** PRIM's density threshold: a box is reported when at least this share of its points fail. */
  density: number;
  runs: number;
}

/** A bound of a discovered box on one parameter (inclusive; null where it does not bound that side). */
export interface BoxRule {
  parameter: string;
  atLeast: number | null;
  atMost: number | null;
}

export interface RegionBox {
  rules: BoxRule[];
  /** Sample points in the box, and how many of them fail. */
  points: number;
  failing: number;
  /** Share of the box's points that fail. */
  density: number;
  /** Share of all the strategy's failing points that the box holds. */
  coverage: number;
  /** The box as a plain rule: "index-shift misses records when churn.insertsPerHour ≥ 412 and stops[0].downtime ≥ 1200". */
  text: string;
}

/** Where one strategy breaks one constraint. */
export interface Region {
  strategy: string;
  constraint: string;
  /** Points (of `samples`) at which it breaks it, on any seed. */
  failing: number;
  boxes: RegionBox[];
}

/** Scenario discovery: for each strategy, the regions of the sensitivity parameters where it breaks a constraint. */
export interface Discovery {
  baseFile: string;
  samples: number;
  seed: number;
  seeds: number[];
  strategies: string[];
  runs: number;
  density: number;
  parameters: ParameterRange[];
  regions: Region[];
}

/** What breaking each constraint is called in a rule. */
const VERB: Record<string, string> = {
  [BUDGET_CONSTRAINT]: 'misses the stop budget',
  'no misses': 'misses records',
  'no duplicates': 'writes duplicates',
  'no failed runs': 'fails',
};

/**
 * Plans a discovery over the sensitivity parameters: `samples` Latin-hypercube points over their
 * ranges (whole numbers rounded), each the base scenario with those values set (`variantAt`
 * builds and validates it), for every strategy on every seed.
 */
export function planDiscovery(
  ranges: readonly ParameterRange[],
  options: { samples: number; seed: number; density: number },
  variantAt: (values: ParameterValues) => Scenario,
  strategies: readonly string[],
  seeds: readonly number[],
  baseFile: string,
): DiscoveryPlan {
  const unit = latinHypercube(options.samples, ranges.length, seedrandom.alea(`drainsim:discovery:${options.seed}`));
  const points = unit.map((u) => {
    const values: Record<string, number> = {};
    ranges.forEach((r, d) => {
      const v = r.low + u[d] * (r.high - r.low);
      values[r.name] = r.integer ? Math.round(v) : v;
    });
    return { values, scenario: variantAt(values) };
  });
  return { baseFile, ranges: [...ranges], points, strategies: [...strategies], seeds: [...seeds], samples: options.samples, seed: options.seed, density: options.density, runs: points.length * strategies.length * seeds.length };
}

export function describeDiscoveryCost(plan: DiscoveryPlan): string {
  return `${plan.samples} Latin-hypercube points over ${plan.ranges.length} parameters × ${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'} × ${plan.strategies.length} strategies = ${plan.runs} simulation runs on ${plan.baseFile}`;
}

function ruleText(rule: BoxRule): string {
  if (rule.atLeast !== null && rule.atMost !== null) return `${rule.parameter} from ${formatNumber(rule.atLeast)} to ${formatNumber(rule.atMost)}`;
  return rule.atLeast !== null ? `${rule.parameter} ≥ ${formatNumber(rule.atLeast)}` : `${rule.parameter} ≤ ${formatNumber(rule.atMost!)}`;
}

/**
 * The regions: per strategy and constraint, the points where its runs (every seed of the point)
 * break it, then PRIM boxes over the parameters, each as a plain rule with its coverage and
 * density. `runs[n]` are point n's runs.
 */
export function discoverRegions(plan: DiscoveryPlan, runs: readonly (readonly RunResult[])[], decision: Pick<Decision, 'constraints' | 'budget'>): Discovery {
  const x = plan.points.map((p) => plan.ranges.map((r) => p.values[r.name]));
  const regions: Region[] = [];
  for (const strategy of plan.strategies) {
    const broken = runs.map((point) => new Set(brokenBy(point.filter((r) => r.strategy === strategy), decision.constraints, decision.budget)));
    for (const constraint of constraintNames(decision.constraints, decision.budget)) {
      const y = broken.map((set) => set.has(constraint));
      const failing = y.filter(Boolean).length;
      if (failing === 0) continue;
      const boxes = primBoxes(x, y, { ...PRIM_DEFAULTS, density: plan.density }).map((b) => {
        const rules = plan.ranges.flatMap((r, d) => (b.lower[d] === null && b.upper[d] === null ? [] : [{ parameter: r.name, atLeast: b.lower[d], atMost: b.upper[d] }]));
        const where = rules.length === 0 ? 'anywhere in the sampled ranges' : `when ${rules.map(ruleText).join(' and ')}`;
        return {
          rules,
          points: b.points,
          failing: b.cases,
          density: b.density,
          coverage: b.coverage,
          text: `${strategy} ${VERB[constraint] ?? `breaks ${constraint}`} ${where}`,
        };
      });
      regions.push({ strategy, constraint, failing, boxes });
    }
  }
  return { baseFile: plan.baseFile, samples: plan.samples, seed: plan.seed, seeds: plan.seeds, strategies: plan.strategies, runs: plan.runs, density: plan.density, parameters: plan.ranges, regions };
}
