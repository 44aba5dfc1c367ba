import { InputError } from '../errors.js';
import { seedsOf, type Scenario } from '../scenario/types.js';
import { lineKey, type RunLine } from './results-file.js';

/** One unit of suite work: every missing strategy of one (scenario, seed), run in one worker call. */
export interface Unit {
  scenarioIndex: number;
  seed: number;
  strategies: string[];
}

export interface Shard {
  index: number; // 1-based
  count: number;
}

export const MAX_SHARDS = 100_000;

/** `--shard i/n` (1 <= i <= n): a deterministic share of the (scenario, seed) pairs. */
export function parseShard(text: string | undefined): Shard {
  if (text === undefined) return { index: 1, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new InputError({ problem: `'${text}' is not a shard`, path: '--shard', allowed: 'i/n with 1 <= i <= n, e.g. 2/8' });
  }
  return { index, count };
}

/** Runs are keyed by scenario name in results.jsonl, so a suite's names must differ. */
export function checkUniqueNames(scenarios: readonly { file: string; scenario: Scenario }[]): void {
  const first = new Map<string, string>();
  for (const { file, scenario } of scenarios) {
    const earlier = first.get(scenario.name);
    if (earlier !== undefined) {
      throw new InputError({ file, path: 'name', problem: `'${scenario.name}' is also the name of a scenario in ${earlier}`, allowed: 'a name no other scenario of the suite has' });
    }
    first.set(scenario.name, file);
  }
}

/** The (scenario, seed) pairs of the suite in report order: scenarios as given, seeds ascending. */
function pairs(scenarios: readonly Scenario[]): { scenarioIndex: number; seed: number }[] {
  return scenarios.flatMap((sc, scenarioIndex) => seedsOf(sc).map((seed) => ({ scenarioIndex, seed })));
}

/** The shard's (scenario, seed) pairs: round-robin over the plan, so every shard gets a mix of large and small scenarios. */
function shardPairs(scenarios: readonly Scenario[], shard: Shard): { scenarioIndex: number; seed: number }[] {
  return pairs(scenarios).filter((_, i) => i % shard.count === shard.index - 1);
}

/** How many runs the shard holds. */
export function shardRuns(scenarios: readonly Scenario[], strategies: readonly string[], shard: Shard): number {
  return shardPairs(scenarios, shard).length * strategies.length;
}

/** The units still to run: the shard's (scenario, seed) pairs, minus the runs already in `done`. */
export function pendingUnits(scenarios: readonly Scenario[], strategies: readonly string[], shard: Shard, done: Set<string>): Unit[] {
  return shardPairs(scenarios, shard)
    .map(({ scenarioIndex, seed }) => ({
      scenarioIndex,
      seed,
      strategies: strategies.filter((strategy) => !done.has(lineKey({ scenario: scenarios[scenarioIndex].name, seed, strategy }))),
    }))
    .filter((u) => u.strategies.length > 0);
}

/** Runs in plan order (scenarios as given, seeds ascending, strategies as listed): what makes a suite's files identical however it was run or sharded. */
export function sortRuns<T extends RunLine>(runs: readonly T[], scenarios: readonly Scenario[], strategies: readonly string[]): T[] {
  const order = new Map<string, number>();
  for (const { scenarioIndex, seed } of pairs(scenarios)) {
    for (const strategy of strategies) order.set(lineKey({ scenario: scenarios[scenarioIndex].name, seed, strategy }), order.size);
  }
  return runs.slice().sort((a, b) => (order.get(lineKey(a)) ?? Infinity) - (order.get(lineKey(b)) ?? Infinity));
}

/**
 * Whether a line of a runs file names a run of the shard's plan: a scenario of the suite, one of
 * its seeds in the shard, one of its strategies; with `firstSeedOnly`, each scenario's first seed
 * alone (the timelines the report draws).
 */
export function inPlan(scenarios: readonly Scenario[], strategies: readonly string[], shard: Shard, firstSeedOnly = false): (run: RunLine) => boolean {
  const byName = new Map(scenarios.map((sc, i) => [sc.name, i]));
  // The index in pairs() of each scenario's first seed.
  const first: number[] = [];
  let pairsBefore = 0;
  for (const sc of scenarios) {
    first.push(pairsBefore);
    pairsBefore += sc.runs;
  }
  const known = new Set(strategies);
  return (run) => {
    const i = byName.get(run.scenario);
    if (i === undefined || !known.has(run.strategy)) return false;
    const k = run.seed - scenarios[i].seed;
    if (!Number.isInteger(k) || k < 0 || k >= scenarios[i].runs || (firstSeedOnly && k > 0)) return false;
    return (first[i] + k) % shard.count === shard.index - 1;
  };
}

/** Runs of the whole suite (every shard): scenario × seed × strategy. */
export function suiteRuns(scenarios: readonly Scenario[], strategies: readonly string[]): number {
  return scenarios.reduce((n, sc) => n + sc.runs, 0) * strategies.length;
}
