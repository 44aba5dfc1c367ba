import type { RunResult } from '../oracle/result.js';
import { ASSUMPTIONS } from '../scenario/assumptions.js';
import type { Capability, Scenario } from '../scenario/types.js';
import { strategyById } from '../strategies/registry.js';
import { missingCapabilities } from '../strategies/strategy.js';
import type { Decision } from './decision-file.js';
import { decisionOutcome, type Choice } from './decision.js';
import { listOf } from './format.js';

/** One scenario the sweep simulates: the base, or the base with one assumption (or IAPI switch) changed. */
export interface AssumptionVariant {
  /** `overwrite`, `iapi.append`; null for the base itself. */
  key: string | null;
  alternative: string | null;
  scenario: Scenario;
  /** The strategies it simulates: all, less those needing a capability the variant turns off. */
  strategies: string[];
  /** Strategies that need a capability the variant turns off: they fail there by construction. */
  blocked: { strategy: string; missing: Capability[] }[];
}

export interface AssumptionPlan {
  baseFile: string;
  baseScenario: Scenario;
  /** The base first, then one variant per alternative other than the base's own value. */
  variants: AssumptionVariant[];
  seeds: number[];
  /** Simulated jobs: Σ variants' strategies × seeds. */
  runs: number;
}

/** The choice under one alternative of one assumption. */
export interface AssumptionRow {
  /** An assumption key, or `iapi.<capability>`. */
  key: string;
  alternative: string;
  /** The base scenario's own value (its row is the base's outcome). */
  isBase: boolean;
  choice: Choice;
  /** Weighted-sum margin of rank 1 over the next; null with one ranked strategy. */
  margin: number | null;
  /** Strategies ruled out under it, and why. */
  ruledOut: { strategy: string; why: string }[];
}

/** The choice under each assumption: decide --assumptions. */
export interface AssumptionSweep {
  baseFile: string;
  baseScenario: string;
  seeds: number[];
  runs: number;
  rows: AssumptionRow[];
  /** The rows whose choice differs from the base's: what the choice depends on. */
  dependsOn: AssumptionRow[];
  /** The sentence saying so ("restart wins unless overwrite is folder, then temp-table-rows"). */
  summary: string;
}

/** The IAPI capabilities the given strategies need: an `iapi:` switch matters only where some strategy needs it. */
function neededCapabilities(strategies: readonly string[]): Capability[] {
  return [...new Set(strategies.flatMap((s) => strategyById(s).needs))];
}

function withName(sc: Scenario, key: string, value: string): Scenario {
  return { ...sc, name: `${sc.name} [${key}=${value}]` };
}

/**
 * Plans the runs of `decide --assumptions`: the base scenario as it is, then for every assumption
 * key each alternative other than the base's own value, one at a time, and for every IAPI
 * capability some strategy needs, the base with it switched off (the strategies needing it are
 * not run: they fail there by construction); each for every strategy on `seeds`.
 */
export function planAssumptions(baseScenario: Scenario, baseFile: string, strategies: readonly string[], seeds: readonly number[]): AssumptionPlan {
  const base: AssumptionVariant = { key: null, alternative: null, scenario: baseScenario, strategies: [...strategies], blocked: [] };
  const variants = [base];
  for (const spec of ASSUMPTIONS) {
    for (const alternative of spec.alternatives) {
      if (alternative === baseScenario.assumptions[spec.key]) continue;
      const scenario = withName({ ...baseScenario, assumptions: { ...baseScenario.assumptions, [spec.key]: alternative } }, spec.key, String(alternative));
      variants.push({ key: spec.key, alternative: String(alternative), scenario, strategies: [...strategies], blocked: [] });
    }
  }
  for (const capability of neededCapabilities(strategies)) {
    if (!baseScenario.iapi[capability]) continue;
    const key = `iapi.${capability}`;
    const scenario = withName({ ...baseScenario, iapi: { ...baseScenario.iapi, [capability]: false } }, key, 'false');
    const blocked = strategies.flatMap((s) => {
      const missing = missingCapabilities(strategyById(s), scenario.iapi);
      return missing.length > 0 ? [{ strategy: s, missing }] : [];
    });
    variants.push({ key, alternative: 'false', scenario, strategies: strategies.filter((s) => !blocked.some((b) => b.strategy === s)), blocked });
  }
  const runs = variants.reduce((n, v) => n + v.strategies.length * seeds.length, 0);
  return { baseFile, baseScenario, variants, seeds: [...seeds], runs };
}

/** What `decide --assumptions` will simulate, in one line (stated before it starts). */
export function describeAssumptionCost(plan: AssumptionPlan): string {
  const keys = plan.variants.length - 1;
  return `${plan.variants.length} scenarios (the base and ${keys} alternative${keys === 1 ? '' : 's'}, one assumption or IAPI capability at a time) × ${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'} × their strategies = ${plan.runs} simulation runs on ${plan.baseFile}`;
}

/** A choice in a few words: the strategy, the tied ones, or none. */
export function choiceText(choice: Choice): string {
  if (choice.kind === 'none') return 'none (no strategy meets the constraints)';
  return choice.kind === 'tie' ? `a tie of ${listOf(choice.strategies)}` : choice.strategies[0];
}

/** The decision under each variant (runs[i] are the variant's runs), one row per alternative of every key. */
export function assumptionSweep(plan: AssumptionPlan, runs: readonly RunResult[][], decision: Decision): AssumptionSweep {
  const outcomes = plan.variants.map((v, i) => {
    const out = decisionOutcome(runs[i], decision, [v.scenario]);
    const ruledOut = [
      ...v.blocked.map((b) => ({ strategy: b.strategy, why: `needs ${listOf(b.missing.map((c) => `iapi.${c}`))}, switched off here` })),
      ...out.verdicts.filter((x) => !x.feasible).map((x) => ({ strategy: x.strategy, why: x.reasons.join('; ') })),
    ];
    return { choice: out.choice, margin: out.margin, ruledOut };
  });
  const base = plan.baseScenario;
  const rows: AssumptionRow[] = [];
  for (const spec of ASSUMPTIONS) {
    for (const alternative of spec.alternatives) {
      const own = alternative === base.assumptions[spec.key];
      const i = own ? 0 : plan.variants.findIndex((v) => v.key === spec.key && v.alternative === String(alternative));
      rows.push({ key: spec.key, alternative: String(alternative), isBase: own, ...outcomes[i] });
    }
  }
  plan.variants.forEach((v, i) => {
    if (v.key === null || !v.key.startsWith('iapi.')) return;
    rows.push({ key: v.key, alternative: 'true', isBase: true, ...outcomes[0] });
    rows.push({ key: v.key, alternative: 'false', isBase: false, ...outcomes[i] });
  });
  const baseChoice = choiceText(outcomes[0].choice);
  const dependsOn = rows.filter((r) => !r.isBase && choiceText(r.choice) !== baseChoice);
  const where = `On ${base.name} (${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'})`;
  const summary =
    dependsOn.length === 0
      ? `${where} the choice is ${baseChoice} under the base scenario's assumptions and under every alternative of every assumption and IAPI capability: it does not depend on them.`
      : `${where} the choice is ${baseChoice} unless ${listOf(dependsOn.map((r) => `${r.key} is ${r.alternative} (then ${choiceText(r.choice)})`))}.`;
  return { baseFile: plan.baseFile, baseScenario: base.name, seeds: plan.seeds, runs: plan.runs, rows, dependsOn, summary };
}
