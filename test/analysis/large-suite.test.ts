import { describe, expect, it } from 'vitest';
import { loadDecision } from '../../src/analysis/decision-file.js';
import { decisionJsonText } from '../../src/analysis/decision-json.js';
import { analyseDecision } from '../../src/analysis/decision.js';
import { renderDecisionMarkdown } from '../../src/report/decision-md.js';
import type { RunResult } from '../../src/oracle/result.js';
import { run, stop } from './fixtures.js';

const STRATEGIES = ['restart', 'index-shift', 'artifact-ids', 'temp-table', 'temp-table-exact', 'keyset', 'status-quo'];

describe('a 20,000-run suite', () => {
  it('decides without error: 20,000 scenario × seed runs of 7 strategies (140,000 results), bootstrap and all', () => {
    const results: RunResult[] = [];
    for (let n = 0; n < 20_000; n++) {
      const at = { scenario: `s${n % 4}`, seed: Math.floor(n / 4) + 1 };
      STRATEGIES.forEach((strategy, i) => {
        results.push(run(strategy, { ...at, duplicates: (n * (i + 3)) % 7, rerunSeconds: 10 * i + (n % 11), misses: strategy === 'index-shift' && n % 50 === 0 ? 2 : 0, stops: [stop(20 + ((n * 13 + i * 7) % 200))] }));
      });
    }
    const decision = loadDecision('scenarios/decision.yaml');
    const started = performance.now();
    const a = analyseDecision(results, { ...decision, stability: { ...decision.stability, draws: 200 }, uncertainty: { ...decision.uncertainty, resamples: 100 } });
    expect(a.choice.kind).toBe('chosen');
    expect(a.verdicts.find((v) => v.strategy === 'index-shift')!.feasible).toBe(false);
    expect(a.uncertainty.intervals.every((row) => row.every((c) => c === null || (Number.isFinite(c.lo) && c.lo <= c.hi)))).toBe(true);
    expect(renderDecisionMarkdown(a)).toContain('## Decision');
    expect(JSON.parse(decisionJsonText(a, null, null)).winner).toBe(a.choice.strategies[0]);
    // Not a timing test: a generous bound that only a quadratic walk would break.
    expect(performance.now() - started).toBeLessThan(120_000);
  }, 180_000);
});
