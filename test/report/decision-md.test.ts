import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDecision, parseDecision, type Decision } from '../../src/analysis/decision-file.js';
import { analyseDecision, chooseStrategy } from '../../src/analysis/decision.js';
import { renderDecisionMarkdown } from '../../src/report/decision-md.js';
import { rankTopsis, rankWeightedSum } from '../../src/analysis/rank.js';
import type { RunResult } from '../../src/oracle/result.js';
import { fewestBreaks, run, stop } from '../analysis/fixtures.js';

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
      'What the choice rests on',
      'Status',
      'Context',
      'Runs',
      'Criteria',
      'Decision matrix',
      'Constraints',
      'Ranking',
      'Rank stability',
      'Robustness',
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
    // keyset's quarter duplicate a run is a quarter of a percent of the 100 records (the range), enough against restart's 400 s rerun.
    expect(analysis.choice.strategies).toEqual(['keyset']);
    expect(consequences).toContain('(-) duplicate rows per run: 0.25, against 0 for restart, artifact-ids, temp-table and temp-table-ids');
    expect(consequences).toContain('(-) IAPI changes needed (estimate): 2, against 0 for restart');
    expect(markdown).toContain('p99 stop latency: 4 of 4 stops ended with the platform killing the agent');
    expect(markdown).toContain('The least invading strategy that meets the constraints is restart');
  });

  it('says in its first screen what the choice rests on: seeds, weights and the estimated inputs', () => {
    const first = markdown.slice(0, markdown.indexOf('## Context'));
    const seeds = analysis.uncertainty.seedStability.find((s) => s.strategy === 'keyset')!.share;
    expect(first).toContain(`- **Seeds**: keyset ranks first in ${(seeds * 100).toFixed(1)}% of 1,000 bootstrap resamples of the seeds`);
    expect(first).toMatch(/- \*\*Estimated inputs\*\* \(iapiChanges and effort: hand-entered, 28\.6% of the weight\): at weight 0, .*\. Smallest change that changes the winner: .*'s iapiChanges from \d+ to [\d.]+ \(then .*\); .*'s effort from/);
    expect(markdown).toContain('| criterion | strategy | given | winner changes at | change | then first |');
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
    expect(md).toMatch(/weighted sum: temp-table and keyset tie at rank 1 \(score 0\.\d{4}\)\./);
    expect(md).toMatch(/\| temp-table \| 1 \(tie\) \| 0\.\d{4} \| 1 \(tie\) \|/);
    expect(md).toContain('1. temp-table');
    expect(md).toContain('2. keyset');
  });

  it('ranks the strategies that break the fewest constraints when none meets them all, and says what the choice breaks', () => {
    const broken = fewestBreaks();
    const only = parseDecision({ criteria: { misses: { weight: 1, direction: 'min' } } }, 'd.yaml');
    const fewest = analyseDecision(broken, only);
    expect(fewest.ranked).toEqual(['restart']);
    expect(fewest.choice).toEqual({ kind: 'chosen', strategies: ['restart'], rule: 'rank 1 by weighted sum' });
    const md = renderDecisionMarkdown(fewest);
    expect(md).toContain('No strategy meets every constraint in every scenario: ranked are those that break the fewest scenario × constraint pairs (1)');
    expect(md).toContain('| restart | ranked: breaks 1 scenario × constraint pair, the fewest | in a: 1 of 1 run missed records still in the query');
    expect(md).toContain('- Breaks 1 scenario × constraint pair, the fewest of any strategy (in a: 1 of 1 run missed records');
  });

  it('chooses the same, with the same scores, when a ruled-out strategy is removed from the suite', () => {
    const all = results();
    for (const out of analysis.verdicts.filter((v) => !v.feasible).map((v) => v.strategy)) {
      const without = analyseDecision(all.filter((r) => r.strategy !== out), decision);
      expect(without.choice).toEqual(analysis.choice);
      expect(without.weightedSum).toEqual(analysis.weightedSum);
      expect(without.topsis).toEqual(analysis.topsis);
      expect(without.matrix.values).toEqual(analysis.matrix.values.filter((_, i) => analysis.matrix.strategies[i] !== out));
    }
  });

  it('holds that for any runs (property): no choice hinges on a ruled-out strategy', () => {
    const strategies = ['restart', 'index-shift', 'temp-table', 'keyset'];
    const outcome = fc.record({ misses: fc.constantFrom(0, 0, 0, 4), duplicates: fc.nat(20), rerunSeconds: fc.nat(600), latency: fc.constantFrom(5, 50, 400) });
    const small = { ...decision, stability: { ...decision.stability, draws: 5 } };
    fc.assert(
      fc.property(fc.array(fc.array(outcome, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 3 }), (grid) => {
        const runs = grid.flatMap((cells, n) =>
          cells.map((c, i) => run(strategies[i], { scenario: `s${n}`, misses: c.misses, duplicates: c.duplicates, rerunSeconds: c.rerunSeconds, stops: [stop(c.latency)] })),
        );
        const a = analyseDecision(runs, small);
        for (const out of a.verdicts.filter((v) => !v.feasible).map((v) => v.strategy)) {
          const b = analyseDecision(runs.filter((r) => r.strategy !== out), small);
          expect(b.choice).toEqual(a.choice);
          expect(b.weightedSum.entries).toEqual(a.weightedSum.entries);
        }
      }),
      { seed: 14, numRuns: 100 },
    );
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
