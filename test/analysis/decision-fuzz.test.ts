import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, it } from 'vitest';
import { CRITERIA, DECISION_LIMITS, KNOWN_STRATEGIES, loadDecision, type Decision } from '../../src/analysis/decision-file.js';
import { analyseDecision } from '../../src/analysis/decision.js';
import { renderDecisionMarkdown } from '../../src/report/decision-md.js';
import { InputError } from '../../src/errors.js';
import type { RunResult } from '../../src/oracle/result.js';
import { SEED, caseFile, check, editedBytes, editedTexts, freeBytes, freeTexts, loadCase, mutatedDocs, yamlTexts, type Doc, type Mutation } from '../fuzz.js';
import { run, stop } from './fixtures.js';

/**
 * Fuzz test of the decision-file loader (issue 6, bad input), like the scenario fuzz test: every
 * mutated or malformed decision file either loads into a decision within its stated bounds, on
 * which the whole analysis gives finite scores and win shares summing to 1, or is refused with one
 * InputError naming the file, the field path and what is allowed, within a second.
 */

const CASE_FILE = caseFile('decision.yaml');

const BASES: Doc[] = [
  parse(readFileSync('scenarios/decision.yaml', 'utf8')) as Doc,
  { criteria: { misses: { weight: 1, direction: 'min' } } },
  {
    budget: 300,
    criteria: Object.fromEntries(CRITERIA.map((c, i) => [c, { weight: i, direction: i % 2 === 0 ? 'min' : 'max', scale: i % 3 === 0 ? 'log' : 'linear' }])),
    inputs: Object.fromEntries(KNOWN_STRATEGIES.map((s, i) => [s, { iapiChanges: i, effort: 1 + (i % 5) }])),
    constraints: { maxP99LatencyOverBudget: 10, allowMisses: true, allowDuplicates: false, allowFailures: true },
    stability: { draws: 10, spread: 1, seed: 7 },
  },
];

const extremes = fc.constantFrom(0, -0, 5e-324, 1e-300, 1e-9, 1e-6, 0.5, 1, 5, 1e6, 1e6 + 1, 1e7, 1e15, 2 ** 53, 1e300, 1e308, -1, NaN, Infinity);

/** Every weight, or the stability options, or the inputs at one extreme: sizes and magnitudes the analysis must survive. */
const extremeNumbers = fc.tuple(fc.constantFrom('weights', 'draws', 'spread', 'seed', 'budget', 'inputs', 'latency'), extremes).map(
  ([what, x]): Mutation => (doc) => {
    const criteria = doc.criteria as Record<string, Doc> | undefined;
    if (what === 'weights' && criteria !== null && typeof criteria === 'object') for (const c of Object.values(criteria)) if (c !== null && typeof c === 'object') c.weight = x;
    if (what === 'draws' || what === 'spread' || what === 'seed') doc.stability = { ...(doc.stability as Doc), [what]: x };
    if (what === 'budget') doc.budget = x;
    if (what === 'latency') doc.constraints = { ...(doc.constraints as Doc), maxP99LatencyOverBudget: x };
    if (what === 'inputs') doc.inputs = Object.fromEntries(KNOWN_STRATEGIES.map((s) => [s, { iapiChanges: x, effort: 3 }]));
  },
);

const yamlText = yamlTexts(mutatedDocs(BASES, [{ arbitrary: extremeNumbers, weight: 4 }]));
const DECISION_WORDS = ['budget', 'criteria', 'inputs', 'constraints', 'stability', 'weight', 'direction', 'min', 'max', 'scale', 'log', 'misses', 'draws'];

// Runs of every strategy on two scenarios and two seeds, with different outcomes.
const RESULTS: RunResult[] = ['a', 'b'].flatMap((scenario) =>
  [1, 2].flatMap((seed) =>
    KNOWN_STRATEGIES.map((strategy, i) =>
      run(strategy, {
        scenario,
        seed,
        duplicates: (i * seed) % 3,
        misses: i === 2 ? seed : 0,
        rerunSeconds: i * 10 + seed,
        jobDetailsMaxBytes: i * 1000,
        tempTableRetainedSeconds: i % 2 === 0 ? 0 : 3600,
        statsRegressions: i % 2,
        stops: [stop(i === 0 ? 400 : 30 + i, i === 0 ? { hardKilled: true, outcome: 'killed', withinBudget: false } : {})],
      }),
    ),
  ),
);

/** Every bound of a loaded decision, checked independently of the schema that enforced it. */
function expectWithinLimits(d: Decision): void {
  const within = (n: number, min: number, max: number, what: string) => check(Number.isFinite(n) && n >= min && n <= max, `${what} = ${n}: from ${min} to ${max}`);
  within(d.budget, Number.MIN_VALUE, DECISION_LIMITS.seconds, 'budget');
  const weights = Object.values(d.criteria).map((c) => c!.weight);
  for (const w of weights) check(w === 0 || (w >= DECISION_LIMITS.minWeight && w <= DECISION_LIMITS.maxWeight), `weight ${w}`);
  check(weights.some((w) => w > 0), 'a weight > 0');
  for (const input of Object.values(d.inputs)) {
    within(input!.iapiChanges, 0, DECISION_LIMITS.iapiChanges, 'iapiChanges');
    within(input!.effort, 1, 5, 'effort');
  }
  within(d.constraints.maxP99LatencyOverBudget, 0, DECISION_LIMITS.seconds, 'maxP99LatencyOverBudget');
  within(d.stability.draws, 1, DECISION_LIMITS.draws, 'draws');
  check(Number.isInteger(d.stability.draws) && Number.isSafeInteger(d.stability.seed), 'draws and seed are integers');
  within(d.stability.spread, 0, DECISION_LIMITS.spread, 'spread');
}

/**
 * The analysis of a loaded decision: finite scores, win shares summing to 1, a decision.md; or a
 * refusal of the decision against the runs (like an input missing for a strategy that has runs).
 */
function expectSoundAnalysis(d: Decision): void {
  let a: ReturnType<typeof analyseDecision>;
  try {
    // The draws cost time in proportion (a stated bound); a few meet every magnitude.
    a = analyseDecision(RESULTS, { ...d, stability: { ...d.stability, draws: Math.min(d.stability.draws, 20) } });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    check(e.message.startsWith(`${CASE_FILE}: ${e.path}: `) && !e.message.includes('\n') && !!e.allowed, `one line naming file and field: ${e.message}`);
    return;
  }
  // Weighted sums leave [0, 1] where a value lies beyond its criterion's range (its size keeps counting); TOPSIS closeness never does.
  for (const e of a.weightedSum.entries) check(Number.isFinite(e.score), `weighted-sum score ${e.score}`);
  for (const e of a.topsis.entries) check(Number.isFinite(e.score) && e.score >= -1e-9 && e.score <= 1 + 1e-9, `topsis score ${e.score}`);
  for (const s of [a.stability.weightedSum, a.stability.topsis]) {
    const total = s.shares.reduce((n, x) => n + x.share, 0);
    check(Math.abs(total - 1) < 1e-9 && s.shares.every((x) => Number.isFinite(x.share)), `${s.method} win shares sum to ${total}`);
  }
  for (const r of a.regret) check(Number.isFinite(r.maxRegret) && Number.isFinite(r.meanRegret), `regret ${r.maxRegret}`);
  check(!/\bNaN\b/.test(renderDecisionMarkdown(a)), 'decision.md shows no NaN');
}

function checkCase(content: string | Buffer): void {
  const result = loadCase(CASE_FILE, content, () => loadDecision(CASE_FILE));
  if (result instanceof InputError) return;
  expectWithinLimits(result);
  expectSoundAnalysis(result);
}

describe('decision files, fuzzed (4,000 cases in all)', () => {
  it('2,500 mutated decision files: wrong types, extreme weights, draws, spreads and inputs, unknown and deleted keys', () => {
    fc.assert(fc.property(yamlText, checkCase), { numRuns: 2500, seed: SEED });
  });

  it('1,000 mutated texts and bytes: BOM, CRLF, control characters, truncation, duplicate lines, deep nesting, invalid UTF-8', () => {
    fc.assert(fc.property(fc.oneof({ arbitrary: editedTexts(yamlText), weight: 3 }, { arbitrary: editedBytes(editedTexts(yamlText)), weight: 1 }), checkCase), { numRuns: 1000, seed: SEED });
  });

  it('500 free-form texts and byte strings', () => {
    fc.assert(fc.property(fc.oneof({ arbitrary: freeTexts(DECISION_WORDS), weight: 4 }, { arbitrary: freeBytes, weight: 1 }), checkCase), { numRuns: 500, seed: SEED });
  });
});
