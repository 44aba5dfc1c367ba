import { describe, expect, it } from 'vitest';
import { parseDecision } from '../../src/analysis/decision-file.js';
import { discoverRegions, planDiscovery } from '../../src/analysis/discovery.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { robustnessSection } from '../../src/report/studies.js';
import { defaultScenario } from '../../src/scenario/defaults.js';
import { run } from './fixtures.js';

const decision = parseDecision({ criteria: { misses: { weight: 1, direction: 'min' } } }, 'd.yaml');
const ranges = [
  { name: 'churn.insertsPerHour', low: 0, high: 4000 },
  { name: 'stops[0].downtime', low: 300, high: 14400 },
  { name: 'source.documents', low: 10000, high: 40000, integer: true },
];

describe('scenario discovery', () => {
  it('recovers a planted rule: a strategy that misses records exactly when churn.insertsPerHour > X gets a box within 10 % of X', () => {
    for (const X of [400, 1500, 3000]) {
      const plan = planDiscovery(ranges, { samples: 200, seed: 1, density: 0.8 }, () => defaultScenario(), ['planted', 'clean'], [1, 2], 'base.yaml');
      expect(plan.runs).toBe(200 * 2 * 2);
      // What the simulator would give: the planted strategy loses records above X, on every seed; the other never.
      const runs = plan.points.map((p) =>
        [1, 2].flatMap((seed) => [run('planted', { seed, misses: p.values['churn.insertsPerHour'] > X ? 5 : 0 }), run('clean', { seed })]),
      );
      const d = discoverRegions(plan, runs, decision);
      expect(d.regions.map((r) => [r.strategy, r.constraint])).toEqual([['planted', 'no misses']]);
      const [box] = d.regions[0].boxes;
      expect(box.rules).toHaveLength(1);
      expect(box.rules[0].parameter).toBe('churn.insertsPerHour');
      expect(box.rules[0].atMost).toBeNull();
      expect(Math.abs(box.rules[0].atLeast! - X) / X).toBeLessThan(0.1);
      expect(box.density).toBe(1);
      expect(box.coverage).toBe(1);
      expect(box.text).toMatch(/^planted misses records when churn\.insertsPerHour ≥ \d/);
    }
  });

  it('samples the ranges as a Latin hypercube, whole numbers rounded, and says so in decision.md', () => {
    const plan = planDiscovery(ranges, { samples: 50, seed: 3, density: 0.8 }, () => defaultScenario(), ['planted'], [1], 'base.yaml');
    const inserts = plan.points.map((p) => Math.floor(p.values['churn.insertsPerHour'] / 80)).sort((a, b) => a - b);
    expect(inserts).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(plan.points.every((p) => Number.isInteger(p.values['source.documents']))).toBe(true);
    const d = discoverRegions(plan, plan.points.map(() => [run('planted')]), decision);
    const empty = { criteria: [], weightShare: 0, atWeights: [], atZero: null, flips: [] };
    expect(renderMarkdown([robustnessSection(empty, { assumptions: null, discovery: d })])).toContain('Break no constraint at any point: planted.');
  });
});
