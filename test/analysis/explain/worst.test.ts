import { describe, expect, it } from 'vitest';
import { explainSeed } from '../../../src/analysis/explain/explain.js';
import { explainWorst, worstSeed } from '../../../src/analysis/explain/worst.js';
import { loadScenarioFile } from '../../../src/scenario/load.js';
import { simulateScenario } from '../../../src/simulate.js';
import { strategyById } from '../../../src/strategies/registry.js';
import { run, stop } from '../fixtures.js';

describe('worstSeed', () => {
  it('takes the most duplicates + misses + missesGone first', () => {
    const results = [run('a', { seed: 1, duplicates: 3 }), run('a', { seed: 2, misses: 2, missesGone: 2 }), run('a', { seed: 3, stops: [stop(400, { withinBudget: false })] }), run('b', { seed: 4, duplicates: 99 })];
    expect(worstSeed(results, 'a')?.seed).toBe(2);
  });

  it('then the longest stop latency over budget, a hard kill counting as infinitely late', () => {
    const late = stop(900, { withinBudget: false });
    const killed = stop(300, { withinBudget: false, hardKilled: true, outcome: 'killed' });
    const results = [run('a', { seed: 1, stops: [stop(250)] }), run('a', { seed: 2, stops: [late] }), run('a', { seed: 3, stops: [stop(10), killed] })];
    expect(worstSeed(results, 'a')?.seed).toBe(3);
    expect(worstSeed(results.slice(0, 2), 'a')?.seed).toBe(2);
  });

  it('then a failed job, then the first in the results (the lowest seed)', () => {
    expect(worstSeed([run('a', { seed: 1 }), run('a', { seed: 2, failed: 'boom' }), run('a', { seed: 3 })], 'a')?.seed).toBe(2);
    expect(worstSeed([run('a', { seed: 5 }), run('a', { seed: 6 })], 'a')?.seed).toBe(5);
    expect(worstSeed([run('a')], 'b')).toBeUndefined();
  });
});

describe('explainWorst', () => {
  const sc = loadScenarioFile('scenarios/sort-key-edits.yaml');
  sc.runs = 3;
  const keyset = strategyById('keyset');

  it('explains the worst seed of the results, the same text as explain --seed', () => {
    const results = simulateScenario(sc, [keyset, strategyById('temp-table')]);
    const worst = worstSeed(results, 'keyset')!;
    expect(explainWorst([sc], results, keyset)).toBe(explainSeed(sc, worst.seed, keyset));
    expect(explainWorst([sc], results.filter((r) => r.strategy !== 'keyset'), keyset)).toBeNull();
  });

  it('refuses results whose fingerprint the scenario does not reproduce', () => {
    const results = simulateScenario(sc, [keyset]).map((r) => ({ ...r, fingerprint: 'deadbeef' }));
    expect(() => explainWorst([sc], results, keyset)).toThrow(/fingerprint .* the result says deadbeef/);
    expect(() => explainWorst([], results, keyset)).toThrow(/no scenario named 'sort-key-edits'/);
  });
});
