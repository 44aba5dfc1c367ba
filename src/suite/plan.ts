import { InputError } from '../errors.js';
import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';

/** One unit of suite work: every missing strategy of one (scenario, seed), run in one worker call. */
export interface Unit {
  scenarioIndex: number;
  seed: number;
  strategies: string[];
}

/** A run's identity in results.jsonl. */
export function runKey(scenario: string, seed: number, strategy: string): string {
  return `${scenario}\u0000${seed}\u0000${strategy}`;
}

export function resultKey(r: Pick<RunResult, 'scenario' | 'seed' | 'strategy'>): string {
  return runKey(r.scenario, r.seed, r.strategy);
}

export interface Shard {
  index: number; // 1-based
  count: number;
}

/** `--shard i/n` (1 <= i <= n): a deterministic share of the (scenario, seed) pairs. */
export function parseShard(text: string | undefined): Shard {
  if (text === undefined) return { index: 1, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 100_000 || index < 1 || index > count) {
    throw new InputError({ problem: `'${text}' is not a shard`, path: '--shard', allowed: 'i/n with 1 <= i <= n, e.g. 2/8' });
  }
  return { index, count };
}

/** Every run of the suite in report order: scenarios as given, seeds ascending, strategies as listed. */
export function planRuns(scenarios: Scenario[], strategies: string[]): { scenarioIndex: number; seed: number; strategy: string }[] {
  const out: { scenarioIndex: number; seed: number; strategy: string }[] = [];
  scenarios.forEach((sc, scenarioIndex) => {
    for (let seed = sc.seed; seed < sc.seed + sc.runs; seed++) for (const strategy of strategies) out.push({ scenarioIndex, seed, strategy });
  });
  return out;
}

/**
 * The units still to run: the shard's (scenario, seed) pairs (round-robin over the plan, so every
 * shard gets a mix of large and small scenarios), minus the runs already in `done`.
 */
export function pendingUnits(scenarios: Scenario[], strategies: string[], shard: Shard, done: Set<string>): Unit[] {
  const units: Unit[] = [];
  let pair = 0;
  scenarios.forEach((sc, scenarioIndex) => {
    for (let seed = sc.seed; seed < sc.seed + sc.runs; seed++, pair++) {
      if (pair % shard.count !== shard.index - 1) continue;
      const missing = strategies.filter((s) => !done.has(runKey(sc.name, seed, s)));
      if (missing.length > 0) units.push({ scenarioIndex, seed, strategies: missing });
    }
  });
  return units;
}

/** Results in plan order (what makes a suite's outputs identical however it was run or sharded). */
export function sortResults(results: RunResult[], scenarios: Scenario[], strategies: string[]): RunResult[] {
  const order = new Map(planRuns(scenarios, strategies).map((p, i) => [runKey(scenarios[p.scenarioIndex].name, p.seed, p.strategy), i]));
  return results.slice().sort((a, b) => (order.get(resultKey(a)) ?? Infinity) - (order.get(resultKey(b)) ?? Infinity));
}
