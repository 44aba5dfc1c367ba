import { z } from 'zod';
import { choiceText, type AssumptionSweep } from './assumption-sweep.js';
import { INPUT_CRITERIA } from './decision-file.js';
import type { DecisionAnalysis } from './decision.js';
import type { Discovery } from './discovery.js';

/**
 * decision.json: the decision in machine-readable form, written by every decide (and printed by
 * `decide --json`). The zod schema is the contract; schemas/decision.schema.json is generated from
 * it (src/schemas/json-schemas.ts, `npm run schemas`) and a test keeps the two equal and validates real output with ajv.
 */

const strategyShare = z.strictObject({ strategy: z.string(), share: z.number() });
const pair = z.strictObject({ scenario: z.string(), constraint: z.string() });
const choice = z.strictObject({
  kind: z.enum(['chosen', 'tie', 'none']).describe('chosen: one strategy; tie: several the rules cannot separate; none: no strategy meets the constraints'),
  strategies: z.array(z.string()),
  rule: z.string().describe('how the choice was reached, in words'),
});
const ranked = z.strictObject({ strategy: z.string(), score: z.number(), rank: z.number().int(), tie: z.boolean() });

export const decisionJson = z
  .strictObject({
    version: z.literal(1),
    decisionFile: z.string(),
    winner: z.string().nullable().describe('the chosen strategy; null for a tie or none'),
    choice,
    strategies: z.array(z.string()).describe('every strategy of the suite, in matrix order'),
    ranked: z.array(z.string()).describe('the strategies ranked: those that break the fewest scenario × constraint pairs'),
    runs: z.array(z.strictObject({ scenario: z.string(), seeds: z.array(z.number().int()) })),
    criteria: z.array(
      z.strictObject({
        name: z.string(),
        weight: z.number(),
        direction: z.enum(['min', 'max']),
        scale: z.enum(['linear', 'log']),
        estimated: z.boolean().describe('hand-entered in the decision file (iapiChanges, effort), not measured'),
        range: z.strictObject({ low: z.number(), high: z.number(), from: z.string() }),
      }),
    ),
    matrix: z
      .array(
        z.strictObject({
          strategy: z.string(),
          values: z.array(
            z.strictObject({
              criterion: z.string(),
              value: z.number(),
              lo: z.number().nullable().describe('bootstrap interval over seeds; null for an estimated input'),
              hi: z.number().nullable(),
            }),
          ),
        }),
      )
      .describe('every strategy on every criterion, with bootstrap intervals'),
    constraints: z.strictObject({
      budget: z.number(),
      maxP99LatencyOverBudget: z.number(),
      allowMisses: z.boolean(),
      allowDuplicates: z.boolean(),
      allowFailures: z.boolean(),
      verdicts: z.array(z.strictObject({ strategy: z.string(), ranked: z.boolean(), reasons: z.array(z.string()), broken: z.array(pair) })),
      unmetByAll: z.array(pair).describe('scenario × constraint pairs no strategy meets'),
      latencyLeftOut: z.array(z.string()).describe('scenarios the p99 stop latency criterion leaves out'),
    }),
    ranking: z.strictObject({ weightedSum: z.array(ranked), topsis: z.array(ranked) }),
    stability: z.strictObject({
      weights: z.strictObject({ draws: z.number().int(), spread: z.number(), seed: z.number().int(), weightedSum: z.array(strategyShare), topsis: z.array(strategyShare) }),
      seeds: z.strictObject({ resamples: z.number().int(), confidence: z.number(), seed: z.number().int(), weightedSum: z.array(strategyShare) }),
    }),
    estimated: z.strictObject({
      criteria: z.array(z.string()),
      weightShare: z.number(),
      atWeights: z.array(z.string()),
      atZero: z.array(z.string()).nullable(),
      flips: z.array(
        z.strictObject({ strategy: z.string(), criterion: z.string(), given: z.number(), flipsAt: z.number().nullable(), change: z.number().nullable(), newWinners: z.array(z.string()) }),
      ),
    }),
    regret: z.array(
      z.strictObject({
        strategy: z.string(),
        maxRegret: z.number(),
        meanRegret: z.number(),
        worst: z.strictObject({ scenario: z.string(), seed: z.number().int() }).nullable(),
        behind: z.number().int().describe('scenario × seed runs in which it scores below that run’s best'),
        runs: z.number().int(),
      }),
    ),
    pareto: z.strictObject({ front: z.array(z.string()), dominated: z.array(z.strictObject({ strategy: z.string(), by: z.array(z.string()) })) }),
    assumptions: z
      .strictObject({
        baseFile: z.string(),
        baseScenario: z.string(),
        seeds: z.array(z.number().int()),
        runs: z.number().int(),
        summary: z.string(),
        rows: z.array(
          z.strictObject({
            key: z.string(),
            alternative: z.string(),
            isBase: z.boolean(),
            winner: z.string().describe('the choice in words: a strategy, a tie of some, or none'),
            choice,
            margin: z.number().nullable(),
            ruledOut: z.array(z.strictObject({ strategy: z.string(), why: z.string() })),
          }),
        ),
      })
      .nullable()
      .describe('decide --assumptions: the choice under each alternative of every assumption; null when not run'),
    discovery: z
      .strictObject({
        baseFile: z.string(),
        samples: z.number().int(),
        seed: z.number().int(),
        seeds: z.array(z.number().int()),
        strategies: z.array(z.string()),
        runs: z.number().int(),
        density: z.number(),
        parameters: z.array(z.strictObject({ name: z.string(), low: z.number(), high: z.number(), integer: z.boolean() })),
        regions: z.array(
          z.strictObject({
            strategy: z.string(),
            constraint: z.string(),
            failing: z.number().int(),
            boxes: z.array(
              z.strictObject({
                rules: z.array(z.strictObject({ parameter: z.string(), atLeast: z.number().nullable(), atMost: z.number().nullable() })),
                points: z.number().int(),
                failing: z.number().int(),
                density: z.number(),
                coverage: z.number(),
                text: z.string(),
              }),
            ),
          }),
        ),
      })
      .nullable()
      .describe('decide --discover: where each strategy breaks a constraint; null when not run'),
  })
  .describe('drainsim decision.json: the choice of drain-stop strategy and everything it rests on');

export type DecisionJson = z.infer<typeof decisionJson>;

/** decision.json's content for an analysis and the studies run with it. */
export function toDecisionJson(a: DecisionAnalysis, assumptions: AssumptionSweep | null, discovery: Discovery | null): DecisionJson {
  const { matrix, uncertainty, stability } = a;
  const shares = (s: { shares: { strategy: string; share: number }[] }) => s.shares.map(({ strategy, share }) => ({ strategy, share }));
  const entries = (r: DecisionAnalysis['weightedSum']) => r.entries.map(({ strategy, score, rank, tie }) => ({ strategy, score, rank, tie }));
  return {
    version: 1,
    decisionFile: a.decision.file,
    winner: a.choice.kind === 'chosen' ? a.choice.strategies[0] : null,
    choice: { ...a.choice },
    strategies: [...matrix.strategies],
    ranked: [...a.ranked],
    runs: a.runs,
    criteria: matrix.criteria.map((c) => {
      const spec = a.decision.criteria[c]!;
      const range = a.ranges.find((r) => r.criterion === c)!;
      return { name: c, weight: spec.weight, direction: spec.direction, scale: spec.scale, estimated: (INPUT_CRITERIA as readonly string[]).includes(c), range: { low: range.low, high: range.high, from: range.from } };
    }),
    matrix: matrix.strategies.map((strategy, i) => ({
      strategy,
      values: matrix.criteria.map((criterion, j) => ({ criterion, value: matrix.values[i][j], lo: uncertainty.intervals[i][j]?.lo ?? null, hi: uncertainty.intervals[i][j]?.hi ?? null })),
    })),
    constraints: {
      budget: a.decision.budget,
      ...a.decision.constraints,
      verdicts: a.verdicts.map((v) => ({ strategy: v.strategy, ranked: v.feasible, reasons: v.reasons, broken: v.broken })),
      unmetByAll: a.unmet,
      latencyLeftOut: a.latencyLeftOut,
    },
    ranking: { weightedSum: entries(a.weightedSum), topsis: entries(a.topsis) },
    stability: {
      weights: { draws: stability.weightedSum.draws, spread: stability.weightedSum.spread, seed: stability.weightedSum.seed, weightedSum: shares(stability.weightedSum), topsis: shares(stability.topsis) },
      seeds: { resamples: uncertainty.resamples, confidence: uncertainty.confidence, seed: uncertainty.seed, weightedSum: uncertainty.seedStability },
    },
    estimated: a.estimated,
    regret: a.regret,
    pareto: a.pareto,
    assumptions:
      assumptions === null
        ? null
        : {
            baseFile: assumptions.baseFile,
            baseScenario: assumptions.baseScenario,
            seeds: assumptions.seeds,
            runs: assumptions.runs,
            summary: assumptions.summary,
            rows: assumptions.rows.map((r) => ({ key: r.key, alternative: r.alternative, isBase: r.isBase, winner: choiceText(r.choice), choice: { ...r.choice }, margin: r.margin, ruledOut: r.ruledOut })),
          },
    discovery: discovery === null ? null : { ...discovery, parameters: discovery.parameters.map((p) => ({ name: p.name, low: p.low, high: p.high, integer: p.integer ?? false })) },
  };
}

/** decision.json's text: validated against the zod schema on the way out, so a file that breaks the contract is never written. */
export function decisionJsonText(a: DecisionAnalysis, assumptions: AssumptionSweep | null, discovery: Discovery | null): string {
  return `${JSON.stringify(decisionJson.parse(toDecisionJson(a, assumptions, discovery)), null, 2)}\n`;
}
