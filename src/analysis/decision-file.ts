import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError, describeValue, formatPath } from '../errors.js';
import { readYamlFile, type YamlInput } from '../io/yaml-file.js';
import { DEFAULT_BUDGET_SECONDS } from '../scenario/defaults.js';
import { MAX_DURATION_SECONDS } from '../scenario/duration.js';
import { parsePath } from '../scenario/sweep.js';
import { STRATEGY_IDS } from '../strategies/registry.js';

/** The strategies the simulator compares (the registry's ids). */
export const KNOWN_STRATEGIES = STRATEGY_IDS;

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

const MAX_SENSITIVITY_PARAMETERS = 20;
const MAX_MAP_VALUES = 20;
const MAX_DISCOVERY_SAMPLES = 5000;

export type MeasuredCriterion = (typeof MEASURED_CRITERIA)[number];
export type InputCriterion = (typeof INPUT_CRITERIA)[number];
export type CriterionName = (typeof CRITERIA)[number];

/** Bounds of a decision file: within them the analysis stays finite and its time bounded. */
export const DECISION_LIMITS = {
  /** Seconds (the budget, the latency allowed over it): the scenario duration bound, 10 years. */
  seconds: MAX_DURATION_SECONDS,
  /**
   * A weight is 0 or from minWeight to maxWeight: the stability draws multiply weights by up to
   * e^±43 (at the largest spread), which keeps them finite and above 0; beyond, sums overflowed to
   * NaN scores and tiny weights underflowed to an error.
   */
  minWeight: 1e-6,
  maxWeight: 1e6,
  iapiChanges: 1e6,
  /** A declared range's bounds, within ±1e15 (finite through the log scale and the weights). */
  rangeBound: 1e15,
  /** Stability draws: each ranks every strategy by both methods. */
  draws: 100_000,
  spread: 5,
  /** Bootstrap resamples of the seeds: each recomputes the decision matrix. */
  resamples: 100_000,
} as const;

const L = DECISION_LIMITS;

const criterionSchema = z
  .strictObject({
    weight: z.union([z.literal(0), z.number().min(L.minWeight).max(L.maxWeight)]),
    direction: z.enum(['min', 'max']),
    scale: z.enum(['linear', 'log']).default('linear'),
    /** The values normalised to the best (low for min) and the worst end; default: drawn from the suite's scenarios (ranges.ts). */
    range: z.tuple([z.number().min(-L.rangeBound).max(L.rangeBound), z.number().min(-L.rangeBound).max(L.rangeBound)]).optional(),
  })
  .refine((c) => c.range === undefined || c.range[0] < c.range[1], { message: 'low is not below high', path: ['range'] });

const strategyInputsSchema = z.strictObject({
  iapiChanges: z.number().min(0).max(L.iapiChanges),
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
  maxP99LatencyOverBudget: z.number().min(0).max(L.seconds).default(0),
  allowMisses: z.boolean().default(false),
  allowDuplicates: z.boolean().default(true),
  allowFailures: z.boolean().default(false),
});

const uncertaintySchema = z.strictObject({
  resamples: z.number().int().min(10).max(L.resamples).default(1000),
  confidence: z.number().min(0.5).max(0.999).default(0.95),
  seed: z.number().int().default(1),
});

const stabilitySchema = z.strictObject({
  draws: z.number().int().min(1).max(L.draws).default(2000),
  spread: z.number().min(0).max(L.spread).default(0.5),
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
  trajectories: z.number().int().min(1).max(1000).default(10),
  levels: z.number().int().min(2).max(20).refine((p) => p % 2 === 0, 'not even').default(4),
  seed: z.number().int().default(1),
});

const assumptionRunsSchema = z.strictObject({
  seeds: z.number().int().min(1).max(100).default(10),
});

const discoverySchema = z.strictObject({
  samples: z.number().int().min(10).max(MAX_DISCOVERY_SAMPLES).default(200),
  seed: z.number().int().default(1),
  density: z.number().min(0.5).max(1).default(0.8),
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
    assumptions: assumptionRunsSchema.default(assumptionRunsSchema.parse({})),
    discovery: discoverySchema.default(discoverySchema.parse({})),
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

export const decisionSchema = z
  .strictObject({
    budget: z.number().positive().max(L.seconds).default(DEFAULT_BUDGET_SECONDS),
    criteria: criteriaSchema,
    inputs: inputsSchema.default({}),
    constraints: constraintsSchema.default(constraintsSchema.parse({})),
    stability: stabilitySchema.default(stabilitySchema.parse({})),
    uncertainty: uncertaintySchema.default(uncertaintySchema.parse({})),
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
export type UncertaintyOptions = z.infer<typeof uncertaintySchema>;
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
  budget: `a number of seconds > 0 and at most ${L.seconds} (10 years)`,
  criteria: `${keys(CRITERIA)}, at least one with a weight > 0`,
  'criteria.*': keys(Object.keys(criterionSchema.shape)),
  'criteria.*.weight': `0, or a number from ${L.minWeight.toExponential()} to ${L.maxWeight}`,
  'criteria.*.direction': 'min, max',
  'criteria.*.scale': 'linear, log',
  'criteria.*.range': `[low, high]: two numbers from -${L.rangeBound.toExponential()} to ${L.rangeBound.toExponential()}, low below high, in the criterion's unit (low scores best for min)`,
  'criteria.*.range[]': `a number from -${L.rangeBound.toExponential()} to ${L.rangeBound.toExponential()}`,
  inputs: keys(KNOWN_STRATEGIES),
  'inputs.*': keys(Object.keys(strategyInputsSchema.shape)),
  'inputs.*.iapiChanges': `a number from 0 to ${L.iapiChanges} (IAPI capabilities needed, or a score)`,
  'inputs.*.effort': 'a number from 1 to 5',
  constraints: keys(Object.keys(constraintsSchema.shape)),
  'constraints.maxP99LatencyOverBudget': `a number of seconds from 0 to ${L.seconds}`,
  'constraints.allowMisses': 'true, false',
  'constraints.allowDuplicates': 'true, false',
  'constraints.allowFailures': 'true, false',
  stability: keys(Object.keys(stabilitySchema.shape)),
  'stability.draws': `an integer from 1 to ${L.draws}`,
  'stability.spread': `a number from 0 to ${L.spread}`,
  'stability.seed': 'an integer',
  uncertainty: keys(Object.keys(uncertaintySchema.shape)),
  'uncertainty.resamples': `an integer from 10 to ${L.resamples} (bootstrap resamples of the seeds)`,
  'uncertainty.confidence': 'a number from 0.5 to 0.999 (coverage of the intervals)',
  'uncertainty.seed': 'an integer',
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
  'sensitivity.assumptions': keys(Object.keys(assumptionRunsSchema.shape)),
  'sensitivity.assumptions.seeds': 'an integer from 1 to 100 (seeds per alternative of decide --assumptions)',
  'sensitivity.discovery': keys(Object.keys(discoverySchema.shape)),
  'sensitivity.discovery.samples': `an integer from 10 to ${MAX_DISCOVERY_SAMPLES} (Latin-hypercube points of decide --discover)`,
  'sensitivity.discovery.seed': 'an integer',
  'sensitivity.discovery.density': 'a number from 0.5 to 1 (share of failing points a reported region needs at least)',
  'sensitivity.map': 'keys x, y',
  'sensitivity.map.x': keys(Object.keys(mapAxisSchema.shape)),
  'sensitivity.map.y': keys(Object.keys(mapAxisSchema.shape)),
  'sensitivity.map.x.path': 'a YAML path of a numeric scenario field, like churn.insertsPerHour',
  'sensitivity.map.y.path': "a YAML path of a numeric scenario field other than x's",
  'sensitivity.map.x.values': `a list of 1 to ${MAX_MAP_VALUES} numbers (seconds for durations)`,
  'sensitivity.map.y.values': `a list of 1 to ${MAX_MAP_VALUES} numbers (seconds for durations)`,
};

/** The key of ALLOWED for a path: list indices left out (`sensitivity.parameters[].low`). */
function allowedKey(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, p, i) => (typeof p === 'number' ? `${text}[]` : i === 0 ? String(p) : `${text}.${String(p)}`), '');
}

function allowedAt(path: readonly PropertyKey[]): string {
  const general = path.map((p, i) => (i === 1 && (path[0] === 'criteria' || path[0] === 'inputs') ? '*' : p));
  return ALLOWED[allowedKey(general)] ?? 'see scenarios/decision.yaml';
}

/** Decision keys: criterion names, and strategy names with their hyphens; other keys are quoted. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

function toInputError(file: string, issue: z.core.$ZodIssue): InputError {
  if (issue.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0]];
    return new InputError({ file: file, path: formatPath(path, PLAIN_KEY), problem: 'unknown key', allowed: allowedAt(issue.path) });
  }
  const where = issue.path.length > 0 ? formatPath(issue.path, PLAIN_KEY) : '(top level)';
  const problem = issue.code === 'custom' ? issue.message : issue.input === undefined ? 'missing (required)' : `got ${describeValue(issue.input)}`;
  return new InputError({ file: file, path: where, problem, allowed: allowedAt(issue.path) });
}

/** Validates a parsed decision document; `file` names it in errors. Throws InputError. */
export function parseDecision(document: unknown, file: string): Decision {
  const result = decisionSchema.safeParse(document, { reportInput: true });
  if (!result.success) throw toInputError(file, result.error.issues[0]);
  return { ...result.data, file };
}

const DECISION_INPUT: YamlInput = { file: 'a decision file (.yaml)', content: 'a YAML mapping of decision keys (see scenarios/decision.yaml)' };

/** Reads and validates a decision YAML file (with the limits of every YAML input). Throws InputError (one line) on any problem. */
export function loadDecision(path: string): Decision {
  return parseDecision(readYamlFile(path, DECISION_INPUT), path);
}

/** The shipped default, named relative to the working directory (scenarios/decision.yaml from the repository root). */
export function defaultDecisionFile(): string {
  return relative(process.cwd(), fileURLToPath(new URL('../../scenarios/decision.yaml', import.meta.url)));
}
