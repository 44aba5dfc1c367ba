import { describe, expect, it } from 'vitest';
import { loadDecision, parseDecision, type Decision } from '../../src/analysis/decision-file.js';
import { analyseDecision, chooseStrategy } from '../../src/analysis/decision.js';
import { renderDecisionMarkdown } from '../../src/report/decision-md.js';
import { rankTopsis, rankWeightedSum } from '../../src/analysis/rank.js';
import type { RunResult } from '../../src/oracle/result.js';
import { run, stop } from '../analysis/fixtures.js';

/** Two scenarios × two seeds of the seven strategies, with the trade-offs the design record describes. */
function results(): RunResult[] {
  const out: RunResult[] = [];
  for (const scenario of ['churn', 'quiet']) {
    for (const seed of [1, 2]) {
      const churn = scenario === 'churn' ? 1 : 0;
      const at = { scenario, seed };
      out.push(
        run('status-quo', { ...at, rerunSeconds: 0, stops: [stop(300, { hardKilled: true, outcome: 'killed', withinBudget: false })] }),
        run('restart', { ...at, missesGone: 2 * churn, collateralDeletes: 5 * churn, rerunSeconds: 400, statsRegressions: 1, stops: [stop(4)] }),
        run('index-shift', { ...at, duplicates: 5 * churn, misses: 3 * churn, rerunSeconds: 2, stops: [stop(4)] }),
        run('artifact-ids', { ...at, rerunSeconds: 3, jobDetailsMaxBytes: 400_000, stops: [stop(6 + seed)] }),
        run('temp-table', { ...at, rerunSeconds: 2, tempTableRetainedSeconds: 600, stops: [stop(5)] }),
        run('temp-table-ids', { ...at, rerunSeconds: 2.5, tempTableRetainedSeconds: 600, jobDetailsMaxBytes: 2000, stops: [stop(5)] }),
        run('keyset', { ...at, duplicates: seed === 2 ? churn : 0, rerunSeconds: 2, stops: [stop(4.5)] }),
      );
    }
  }
  return out;
}

const sections = (markdown: string) => markdown.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));

describe('decision.md', () => {
  const decision = loadDecision('scenarios/decision.yaml');
  const analysis = analyseDecision(results(), decision);
  const markdown = renderDecisionMarkdown(analysis);

  it('has the design record’s sections plus the analysis', () => {
    expect(markdown.startsWith('# RIP drain stop for Export to LoadFile')).toBe(true);
    expect(sections(markdown)).toEqual([
      'Status',
      'Context',
      'Runs',
      'Criteria',
      'Decision matrix',
      'Constraints',
      'Ranking',
      'Rank stability',
      'Regret',
      'Pareto front',
      'Decision',
      'Consequences',
    ]);
  });

  it('chooses the weighted-sum winner among the strategies that meet the constraints', () => {
    expect(analysis.verdicts.filter((v) => !v.feasible).map((v) => v.strategy)).toEqual(['status-quo', 'index-shift']);
    expect(analysis.ranked).toEqual(['restart', 'artifact-ids', 'temp-table', 'temp-table-ids', 'keyset']);
    const winner = analysis.weightedSum.entries[0];
    expect(analysis.choice).toEqual({ kind: 'chosen', strategies: [winner.strategy], rule: 'rank 1 by weighted sum' });
    expect(markdown).toContain(`We choose **${winner.strategy}** (rank 1 by weighted sum).`);
    expect(markdown).toContain(`Weighted sum: rank 1, score ${winner.score.toFixed(4)}`);
  });

  it('states every rank reversal and the numbers behind each consequence', () => {
    for (const r of analysis.reversals) {
      expect(markdown).toContain(`the weighted sum puts ${r.preferredByFirst} above ${r.preferredBySecond}, TOPSIS the opposite`);
    }
    if (analysis.reversals.length === 0) expect(markdown).toContain('Rank reversals between the methods: none');
    const consequences = markdown.slice(markdown.indexOf('## Consequences'));
    expect(consequences).toMatch(/\(\+\) duplicate rows per run: 0, the best of the ranked strategies/);
    expect(consequences).toContain('(-) IAPI changes needed (estimate): 2, against 0 for restart');
    expect(markdown).toContain('p99 stop latency: 4 of 4 stops ended with the platform killing the agent');
    expect(markdown).toContain('The least invading strategy that meets the constraints is restart');
  });

  it('is deterministic', () => {
    expect(renderDecisionMarkdown(analyseDecision(results(), decision))).toBe(markdown);
  });

  it('follows the weights: making IAPI changes dominant chooses the least invading strategy', () => {
    const invasive: Decision = { ...decision, criteria: { ...decision.criteria, iapiChanges: { weight: 1000, direction: 'min', scale: 'linear' } } };
    const md = renderDecisionMarkdown(analyseDecision(results(), invasive));
    expect(md).toContain('We choose **restart**');
    expect(md).toContain('It is the least invading strategy that meets the constraints (0 IAPI changes and effort 2, both estimates).');
  });

  it('reports a tie it cannot break instead of picking one', () => {
    const twins = [run('temp-table', { rerunSeconds: 2 }), run('keyset', { rerunSeconds: 2 }), run('restart', { rerunSeconds: 50 })];
    const only = parseDecision({ criteria: { rerunSeconds: { weight: 1, direction: 'min' } } }, 'd.yaml');
    const tied = analyseDecision(twins, only);
    expect(tied.choice).toEqual({ kind: 'tie', strategies: ['temp-table', 'keyset'], rule: 'tied on weighted sum, TOPSIS closeness and maximum regret' });
    const md = renderDecisionMarkdown(tied);
    expect(md).toContain('No single choice: temp-table and keyset are tied on weighted sum, TOPSIS closeness and maximum regret.');
    expect(md).toContain('weighted sum: temp-table and keyset tie at rank 1 (score 1.0000).');
    expect(md).toContain('| temp-table | 1 (tie) | 1.0000 | 1 (tie) |');
    expect(md).toContain('1. temp-table');
    expect(md).toContain('2. keyset');
  });

  it('decides nothing when no strategy meets the constraints', () => {
    const broken = [
      run('restart', { scenario: 'a', misses: 1 }),
      run('keyset', { scenario: 'a' }),
      run('restart', { scenario: 'b' }),
      run('keyset', { scenario: 'b', misses: 2, failed: 'x' }),
    ];
    const only = parseDecision({ criteria: { misses: { weight: 1, direction: 'min' } } }, 'd.yaml');
    const none = analyseDecision(broken, only);
    expect(none.choice.kind).toBe('none');
    expect(none.ranked).toEqual(['restart', 'keyset']);
    const md = renderDecisionMarkdown(none);
    expect(md).toContain('None: no strategy meets the constraints of `d.yaml`. Closest (fewest broken constraints, 1): restart.');
    expect(md).toContain('Ranked: all 2 strategies, for reference (none meets the constraints).');
  });

  it('refuses an empty result set', () => {
    expect(() => analyseDecision([], decision)).toThrow('no runs to analyse');
  });
});

describe('choice rule', () => {
  it('breaks a weighted-sum tie by TOPSIS closeness and says so', () => {
    // The hand matrix of rank.test.ts: weighted sum ties A and C (0.5), TOPSIS puts C first.
    const matrix = { strategies: ['A', 'B', 'C'], criteria: ['c1', 'c2', 'c3'], values: [[1, 6, 4], [2, 3, 4], [2, 2, 7]] };
    const specs = {
      c1: { weight: 0.5, direction: 'min', scale: 'linear' },
      c2: { weight: 0.3, direction: 'min', scale: 'linear' },
      c3: { weight: 0.2, direction: 'max', scale: 'linear' },
    } as const;
    const regret = ['A', 'B', 'C'].map((strategy) => ({ strategy, maxRegret: 0, meanRegret: 0, worst: null, behind: 0, runs: 1 }));
    expect(chooseStrategy(rankWeightedSum(matrix, specs), rankTopsis(matrix, specs), regret, true)).toEqual({
      kind: 'chosen',
      strategies: ['C'],
      rule: 'weighted-sum tie of A and C broken by TOPSIS closeness',
    });
  });
});
