import { z } from 'zod';
import { InputError, formatPath } from '../errors.js';
import { readYamlFile, type YamlInput } from '../io/yaml-file.js';
import { DEFAULT_BUDGET_SECONDS } from '../scenario/defaults.js';

/** The strategies the simulator compares (design record options and the keyset comparison). */
export const KNOWN_STRATEGIES = [
  'status-quo',
  'restart',
  'index-shift',
  'artifact-ids',
  'temp-table',
  'temp-table-ids',
  'keyset',
] as const;

/** Criteria measured by the simulator, read from RunResult. */
export const MEASURED_CRITERIA = [
  'duplicates',
  'misses',
  'p99StopLatency',
  'rerunSeconds',
  'jobDetailsBytes',
  'tempTableRetainedSeconds',
  'collateralDeletes',
  'statsRegressions',
] as const;

/** Criteria the simulator cannot measure: given per strategy in the decision file's `inputs`. */
export const INPUT_CRITERIA = ['iapiChanges', 'effort'] as const;

export const CRITERIA = [...MEASURED_CRITERIA, ...INPUT_CRITERIA] as const;

export type MeasuredCriterion = (typeof MEASURED_CRITERIA)[number];
export type InputCriterion = (typeof INPUT_CRITERIA)[number];
export type CriterionName = (typeof CRITERIA)[number];

const criterionSchema = z.strictObject({
  weight: z.number().min(0),
  direction: z.enum(['min', 'max']),
  scale: z.enum(['linear', 'log']).default('linear'),
});

const strategyInputsSchema = z.strictObject({
  iapiChanges: z.number().min(0),
  effort: z.number().min(1).max(5),
});

const criteriaSchema = z.strictObject(
  Object.fromEntries(CRITERIA.map((name) => [name, criterionSchema.optional()])) as Record<
    CriterionName,
    z.ZodOptional<typeof criterionSchema>
  >,
);

const inputsSchema = z.strictObject(
  Object.fromEntries(KNOWN_STRATEGIES.map((name) => [name, strategyInputsSchema.optional()])) as Record<
    (typeof KNOWN_STRATEGIES)[number],
    z.ZodOptional<typeof strategyInputsSchema>
  >,
);

const constraintsSchema = z.strictObject({
  maxP99LatencyOverBudget: z.number().min(0).default(0),
  allowMisses: z.boolean().default(false),
  allowDuplicates: z.boolean().default(true),
  allowFailures: z.boolean().default(false),
});

const stabilitySchema = z.strictObject({
  draws: z.number().int().min(1).default(2000),
  spread: z.number().min(0).default(0.5),
  seed: z.number().int().default(1),
});

const decisionSchema = z
  .strictObject({
    budget: z.number().positive().default(DEFAULT_BUDGET_SECONDS),
    criteria: criteriaSchema,
    inputs: inputsSchema.default({}),
    constraints: constraintsSchema.default(constraintsSchema.parse({})),
    stability: stabilitySchema.default(stabilitySchema.parse({})),
  })
  .superRefine((decision, ctx) => {
    const weights = Object.values(decision.criteria).map((c) => c?.weight ?? 0);
    if (!weights.some((w) => w > 0)) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'no criterion has a weight > 0' });
    }
  });

export type CriterionSpec = z.infer<typeof criterionSchema>;
export type Constraints = z.infer<typeof constraintsSchema>;
export type StabilityOptions = z.infer<typeof stabilitySchema>;

export interface Decision extends z.infer<typeof decisionSchema> {
  /** The file it was read from, for messages about it. */
  file: string;
}

const keys = (names: readonly string[]) => `keys ${names.join(', ')}`;

/**
 * What each field accepts, by path with criterion and strategy names replaced by `*`. Object
 * paths list their keys: the answer to an unknown key and to a missing or mistyped object.
 */
const ALLOWED: Record<string, string> = {
  '': keys(Object.keys(decisionSchema.shape)),
  budget: 'a number of seconds > 0',
  criteria: `${keys(CRITERIA)}, at least one with a weight > 0`,
  'criteria.*': keys(Object.keys(criterionSchema.shape)),
  'criteria.*.weight': 'a number >= 0',
  'criteria.*.direction': 'min, max',
  'criteria.*.scale': 'linear, log',
  inputs: keys(KNOWN_STRATEGIES),
  'inputs.*': keys(Object.keys(strategyInputsSchema.shape)),
  'inputs.*.iapiChanges': 'a number >= 0 (IAPI capabilities needed, or a score)',
  'inputs.*.effort': 'a number from 1 to 5',
  constraints: keys(Object.keys(constraintsSchema.shape)),
  'constraints.maxP99LatencyOverBudget': 'a number of seconds >= 0',
  'constraints.allowMisses': 'true, false',
  'constraints.allowDuplicates': 'true, false',
  'constraints.allowFailures': 'true, false',
  stability: keys(Object.keys(stabilitySchema.shape)),
  'stability.draws': 'an integer >= 1',
  'stability.spread': 'a number >= 0',
  'stability.seed': 'an integer',
};

function allowedAt(path: readonly PropertyKey[]): string {
  const general = path.map((p, i) => (i === 1 && (path[0] === 'criteria' || path[0] === 'inputs') ? '*' : String(p)));
  return ALLOWED[general.join('.')] ?? 'see scenarios/decision.yaml';
}

/** Decision keys: criterion names, and strategy names with their hyphens; other keys are quoted. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

function toInputError(file: string, issue: z.core.$ZodIssue): InputError {
  if (issue.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0]];
    return new InputError({ file: file, path: formatPath(path, PLAIN_KEY), problem: 'unknown key', allowed: allowedAt(issue.path) });
  }
  const where = issue.path.length > 0 ? formatPath(issue.path, PLAIN_KEY) : '(top level)';
  return new InputError({ file: file, path: where, problem: issue.message.split('\n')[0], allowed: allowedAt(issue.path) });
}

/** Validates a parsed decision document; `file` names it in errors. Throws InputError. */
export function parseDecision(document: unknown, file: string): Decision {
  const result = decisionSchema.safeParse(document);
  if (!result.success) throw toInputError(file, result.error.issues[0]);
  return { ...result.data, file };
}

const DECISION_INPUT: YamlInput = { file: 'a decision file (.yaml)', content: 'a YAML mapping of decision keys (see scenarios/decision.yaml)' };

/** Reads and validates a decision YAML file (with the limits of every YAML input). Throws InputError (one line) on any problem. */
export function loadDecision(path: string): Decision {
  return parseDecision(readYamlFile(path, DECISION_INPUT), path);
}
