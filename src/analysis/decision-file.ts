import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { DEFAULT_BUDGET_SECONDS } from '../scenario/defaults.js';
import { parsePath } from '../scenario/sweep.js';

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

export const MAX_SENSITIVITY_PARAMETERS = 20;
export const MAX_MAP_VALUES = 20;

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

/** A scenario parameter by its YAML path, as in sweeps: `churn.insertsPerHour`, `stops[0].downtime`. */
const scenarioPathSchema = z.string().refine((path) => parsePath(path) !== null && !['name', 'sweep'].includes(String(parsePath(path)![0])), 'not a YAML path of a scenario field');

const parameterSchema = z.strictObject({
  path: scenarioPathSchema,
  low: z.number(),
  high: z.number(),
  integer: z.boolean().default(false),
});

const mapAxisSchema = z.strictObject({
  path: scenarioPathSchema,
  values: z.array(z.number()).min(1).max(MAX_MAP_VALUES),
});

const morrisSchema = z.strictObject({
  trajectories: z.number().int().min(1).max(1000).default(4),
  levels: z.number().int().min(2).max(20).refine((p) => p % 2 === 0, 'not even').default(4),
  seed: z.number().int().default(1),
});

/**
 * What the sensitivity analysis varies and measures: a base scenario, parameters with ranges
 * (tornado and Morris screening), and an optional two-parameter grid for the decision map.
 */
const sensitivitySchema = z
  .strictObject({
    base: z.string().min(1),
    seeds: z.number().int().min(1).max(100).default(1),
    strategies: z.array(z.enum(KNOWN_STRATEGIES)).min(1).default([...KNOWN_STRATEGIES]),
    metrics: z.array(z.enum(MEASURED_CRITERIA)).min(1).default(['duplicates', 'misses', 'p99StopLatency', 'rerunSeconds']),
    parameters: z.array(parameterSchema).min(1).max(MAX_SENSITIVITY_PARAMETERS),
    morris: morrisSchema.default(morrisSchema.parse({})),
    map: z.strictObject({ x: mapAxisSchema, y: mapAxisSchema }).optional(),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.parameters.forEach((p, i) => {
      if (seen.has(p.path)) ctx.addIssue({ code: 'custom', path: ['parameters', i, 'path'], message: `${p.path} is listed twice` });
      seen.add(p.path);
      if (!(p.low < p.high)) ctx.addIssue({ code: 'custom', path: ['parameters', i, 'high'], message: `high ${p.high} is not above low ${p.low}` });
      if (p.integer && !(Number.isInteger(p.low) && Number.isInteger(p.high))) {
        ctx.addIssue({ code: 'custom', path: ['parameters', i, 'low'], message: 'low and high must be whole numbers with integer: true' });
      }
    });
    if (s.map && s.map.x.path === s.map.y.path) ctx.addIssue({ code: 'custom', path: ['map', 'y', 'path'], message: `the same parameter as x (${s.map.x.path})` });
    for (const strategy of new Set(s.strategies.filter((x, i) => s.strategies.indexOf(x) !== i))) {
      ctx.addIssue({ code: 'custom', path: ['strategies'], message: `${strategy} is listed twice` });
    }
  });

const decisionSchema = z
  .strictObject({
    budget: z.number().positive().default(DEFAULT_BUDGET_SECONDS),
    criteria: criteriaSchema,
    inputs: inputsSchema.default({}),
    constraints: constraintsSchema.default(constraintsSchema.parse({})),
    stability: stabilitySchema.default(stabilitySchema.parse({})),
    sensitivity: sensitivitySchema.optional(),
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
export type SensitivitySpec = z.infer<typeof sensitivitySchema>;

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
  sensitivity: keys(Object.keys(sensitivitySchema.shape)),
  'sensitivity.base': 'a scenario file without sweep, its path relative to the decision file',
  'sensitivity.seeds': 'an integer from 1 to 100 (seeds per point, from the base scenario seed on)',
  'sensitivity.strategies': `a list of distinct strategies: ${KNOWN_STRATEGIES.join(', ')}`,
  'sensitivity.strategies[]': KNOWN_STRATEGIES.join(', '),
  'sensitivity.metrics': `a list of measured criteria: ${MEASURED_CRITERIA.join(', ')}`,
  'sensitivity.metrics[]': MEASURED_CRITERIA.join(', '),
  'sensitivity.parameters': `a list of 1 to ${MAX_SENSITIVITY_PARAMETERS} mappings { path, low, high, integer }`,
  'sensitivity.parameters[]': keys(Object.keys(parameterSchema.shape)),
  'sensitivity.parameters[].path': 'a YAML path of a numeric scenario field, like churn.insertsPerHour or stops[0].downtime, each at most once',
  'sensitivity.parameters[].low': 'a number below high (whole with integer: true)',
  'sensitivity.parameters[].high': 'a number above low (whole with integer: true)',
  'sensitivity.parameters[].integer': 'true, false (values rounded to whole numbers)',
  'sensitivity.morris': keys(Object.keys(morrisSchema.shape)),
  'sensitivity.morris.trajectories': 'an integer from 1 to 1000',
  'sensitivity.morris.levels': 'an even integer from 2 to 20',
  'sensitivity.morris.seed': 'an integer',
  'sensitivity.map': 'keys x, y',
  'sensitivity.map.x': keys(Object.keys(mapAxisSchema.shape)),
  'sensitivity.map.y': keys(Object.keys(mapAxisSchema.shape)),
  'sensitivity.map.x.path': 'a YAML path of a numeric scenario field, like churn.insertsPerHour',
  'sensitivity.map.y.path': "a YAML path of a numeric scenario field other than x's",
  'sensitivity.map.x.values': `a list of 1 to ${MAX_MAP_VALUES} numbers (seconds for durations)`,
  'sensitivity.map.y.values': `a list of 1 to ${MAX_MAP_VALUES} numbers (seconds for durations)`,
};

/** `sensitivity.parameters[0].low`: list indices in brackets, as in scenario paths. */
function formatPath(path: readonly PropertyKey[], index: (i: number) => string = (i) => String(i)): string {
  return path.reduce<string>((text, p, i) => (typeof p === 'number' ? `${text}[${index(p)}]` : i === 0 ? String(p) : `${text}.${String(p)}`), '');
}

function allowedAt(path: readonly PropertyKey[]): string {
  const general = path.map((p, i) => (i === 1 && (path[0] === 'criteria' || path[0] === 'inputs') ? '*' : p));
  return ALLOWED[formatPath(general, () => '')] ?? 'see scenarios/decision.yaml';
}

function toInputError(file: string, issue: z.core.$ZodIssue): InputError {
  if (issue.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0]];
    return new InputError({ file: file, path: formatPath(path), problem: 'unknown key', allowed: allowedAt(issue.path) });
  }
  const where = issue.path.length > 0 ? formatPath(issue.path) : '(top level)';
  return new InputError({ file: file, path: where, problem: issue.message.split('\n')[0], allowed: allowedAt(issue.path) });
}

/** Validates a parsed decision document; `file` names it in errors. Throws InputError. */
export function parseDecision(document: unknown, file: string): Decision {
  const result = decisionSchema.safeParse(document);
  if (!result.success) throw toInputError(file, result.error.issues[0]);
  return { ...result.data, file };
}

/** Reads and validates a decision YAML file. Throws InputError (one line) on any problem. */
export function loadDecision(path: string): Decision {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError({ file: path, path: undefined, problem: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`, allowed: 'a readable YAML file' });
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? `line ${at.line} column ${at.col}` : '(yaml)';
      throw new InputError({ file: path, path: where, problem: error.message.split('\n')[0], allowed: 'YAML with unique keys' });
    }
    throw error;
  }
  return parseDecision(document, path);
}

/** The shipped default, named relative to the working directory (scenarios/decision.yaml from the repository root). */
export function defaultDecisionFile(): string {
  return relative(process.cwd(), fileURLToPath(new URL('../../scenarios/decision.yaml', import.meta.url)));
}
