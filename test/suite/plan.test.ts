import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUniqueNames, parseShard, pendingUnits, shardRuns, sortRuns } from '../../src/suite/plan.js';
import { lineKey } from '../../src/suite/results-file.js';
import { scenario } from '../helpers.js';

const STRATEGIES = ['a', 'b', 'c'];
const suite = (runs: number[]) => runs.map((n, i) => scenario({ name: `s${i}`, seed: 10 * i + 1, runs: n }));
const keysOf = (units: ReturnType<typeof pendingUnits>, scenarios: ReturnType<typeof suite>) =>
  units.flatMap((u) => u.strategies.map((strategy) => lineKey({ scenario: scenarios[u.scenarioIndex].name, seed: u.seed, strategy })));

describe('suite plan', () => {
  it('parses i/n and refuses anything else', () => {
    expect(parseShard(undefined)).toEqual({ index: 1, count: 1 });
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2']) expect(() => parseShard(bad)).toThrow(/is not a shard/);
  });

  it('shards split every (scenario, seed) once: disjoint, complete, and deterministic', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 7 }), (runs, n) => {
        const scenarios = suite(runs);
        const all = keysOf(pendingUnits(scenarios, STRATEGIES, { index: 1, count: 1 }, new Set()), scenarios);
        const shards = Array.from({ length: n }, (_, i) => keysOf(pendingUnits(scenarios, STRATEGIES, { index: i + 1, count: n }, new Set()), scenarios));
        expect(shards.flat().sort()).toEqual([...all].sort());
        expect(new Set(shards.flat()).size).toBe(all.length);
        shards.forEach((keys, i) => expect(keys.length).toBe(shardRuns(scenarios, STRATEGIES, { index: i + 1, count: n })));
        expect(keysOf(pendingUnits(scenarios, STRATEGIES, { index: 1, count: n }, new Set()), scenarios)).toEqual(shards[0]);
      }),
    );
  });

  it('leaves out the runs already done, one unit per (scenario, seed) with the missing strategies', () => {
    const scenarios = suite([2]);
    const done = new Set([lineKey({ scenario: 's0', seed: 1, strategy: 'a' }), lineKey({ scenario: 's0', seed: 2, strategy: 'a' }), lineKey({ scenario: 's0', seed: 2, strategy: 'b' }), lineKey({ scenario: 's0', seed: 2, strategy: 'c' })]);
    expect(pendingUnits(scenarios, STRATEGIES, { index: 1, count: 1 }, done)).toEqual([{ scenarioIndex: 0, seed: 1, strategies: ['b', 'c'] }]);
  });

  it('sorts runs into plan order whatever order they finished in', () => {
    const scenarios = suite([2, 1]);
    const inOrder = [
      { scenario: 's0', seed: 1, strategy: 'a' },
      { scenario: 's0', seed: 1, strategy: 'c' },
      { scenario: 's0', seed: 2, strategy: 'a' },
      { scenario: 's1', seed: 11, strategy: 'a' },
    ];
    expect(sortRuns([inOrder[3], inOrder[1], inOrder[2], inOrder[0]], scenarios, ['a', 'c'])).toEqual(inOrder);
  });

  it('refuses two scenarios of one name (runs are keyed by it)', () => {
    const sc = scenario({ name: 'same' });
    expect(() => checkUniqueNames([{ file: 'a.yaml', scenario: sc }, { file: 'b.yaml', scenario: sc }])).toThrow(/b\.yaml: name: 'same' is also the name of a scenario in a\.yaml/);
  });
});
