import { z } from 'zod';
import { DEFAULT_STOP_DOWNTIME_SECONDS } from '../scenario/defaults.js';
import { LIMITS } from '../scenario/limits.js';
import { allowedTexts, duration, integer, issueToInputError, leaf, list, mapping, number, oneOf, positive, says, text } from '../scenario/schema.js';
import { STRATEGIES } from '../strategies/registry.js';
import { BREAK_EVEN_PARAMETERS, type ChurnKey, type Fleet, type Lognormal } from './types.js';

/**
 * The YAML form of a fleet file (`kind: fleet`), validated as strictly as a scenario file: the same
 * leaves, the same messages (file, field path, what is allowed). `describe.ts` renders
 * docs/fleet-reference.md from it. The `job:` mapping is checked as a scenario (load.ts).
 */

/** Every bound of a fleet file, stated once (docs/fleet-reference.md lists them). */
export const FLEET_LIMITS = {
  runs: 1000,
  jobsPerDay: 100_000,
  agents: 200,
  horizon: 366 * 86_400,
  /** Jobs of one fleet run: jobsPerDay × horizon in days (at each break-even value too). */
  jobs: 2_000_000,
  /** Upgrades in the horizon. */
  upgrades: 1000,
  breakEvenValues: 20,
  sizeStepsPerOctave: 64,
  churnStep: 4,
  offsetSteps: 4096,
  jobSeeds: 1000,
} as const;

export const CHURN_KEYS = ['insertsPerHour', 'deletesPerHour', 'entriesPerHour', 'exitsPerHour', 'sortKeyEditsPerHour', 'contentEditsPerHour'] as const satisfies readonly ChurnKey[];

/** z of the 99th percentile of the standard normal. */
export const Z99 = 2.3263478740408408;

const lognormalAllowed = (max: number) => `a mapping { median, p99 } with 0 < median <= p99 <= ${max} (a lognormal; p99 = median gives a fixed value)`;

/** `{ median, p99 }` of a lognormal, p99 at least the median. */
function lognormal(max: number) {
  const allowed = lognormalAllowed(max);
  const value = () => z.number(says(allowed)).gt(0, says(allowed)).max(max, says(allowed));
  const shape = z.strictObject({ median: value(), p99: value() }, says(allowed));
  return leaf(
    shape.refine((d) => d.p99 >= d.median, { error: allowed, path: ['p99'], params: { problem: 'below the median' } }),
    allowed,
  );
}

/** A churn rate: a fixed number, or a lognormal drawn per job. */
function churnRate() {
  const allowed = `a number from 0 to ${LIMITS.churnPerHour}, or ${lognormalAllowed(LIMITS.churnPerHour)}`;
  const fixed = z.number(says(allowed)).min(0, says(allowed)).max(LIMITS.churnPerHour, says(allowed)).transform((n): Lognormal => ({ median: n, p99: n }));
  return leaf(z.union([fixed, lognormal(LIMITS.churnPerHour)], says(allowed)), allowed);
}

function byHour() {
  const allowed = 'a list of 24 numbers from 0 to 1000000 (relative weights, not all 0)';
  const schema = z.array(z.number(says(allowed)).min(0, says(allowed)).max(1e6, says(allowed)), says(allowed)).length(24, says(allowed));
  return leaf(schema.refine((w) => w.some((x) => x > 0), { error: allowed, params: { problem: 'every weight is 0' } }), allowed);
}

/** The job mapping is validated as a scenario later; here only its being a mapping. */
function jobMapping() {
  const allowed = 'a mapping of scenario keys (docs/scenario-reference.md) every job shares, without name, description, seed, runs, sweep, stops, churn, events and source.documents';
  return leaf(z.record(z.string(), z.unknown(), says(allowed)), allowed);
}

function fleetKind() {
  const allowed = 'fleet (a fleet file; a scenario file has no kind and runs with run or suite)';
  return leaf(z.literal('fleet', says(allowed)), allowed);
}

/** A strategy id of the registry: the message lists them; the reference says where they are (the registry grows). */
function strategyId() {
  const allowed = `one of ${STRATEGIES.map((s) => s.id).join(', ')}`;
  const schema = z.enum(STRATEGIES.map((s) => s.id) as [string, ...string[]], says(allowed));
  allowedTexts.add(schema, { allowed: 'the id of a strategy of the registry (README, Strategies)' });
  return schema;
}

const documentsShape = mapping({
  median: integer(1, LIMITS.documents),
  p99: integer(1, LIMITS.documents),
  max: integer(1, LIMITS.documents).optional(),
});

export const fleetFileSchema = mapping({
  kind: fleetKind(),
  name: text(1, LIMITS.nameChars),
  description: text(0, LIMITS.descriptionChars).optional(),
  seed: integer(0, LIMITS.seed).optional(),
  runs: integer(1, FLEET_LIMITS.runs).optional(),
  horizon: duration().optional(),
  workload: mapping({
    jobsPerDay: positive(FLEET_LIMITS.jobsPerDay),
    byHour: byHour().optional(),
    documents: documentsShape,
    churn: mapping(Object.fromEntries(CHURN_KEYS.map((k) => [k, churnRate().optional()])) as Record<ChurnKey, z.ZodOptional<ReturnType<typeof churnRate>>>).optional(),
  }),
  agents: integer(1, FLEET_LIMITS.agents),
  upgrades: mapping({
    first: duration().optional(),
    every: duration().optional(),
    downtime: duration().optional(),
    rolling: mapping({ agentsAtOnce: integer(1, FLEET_LIMITS.agents), interval: duration() }).optional(),
  }).optional(),
  job: jobMapping().optional(),
  threshold: mapping({
    redoneHoursPerMonth: number(0, 1e9).optional(),
    budgetMissesPerMonth: number(0, 1e9).optional(),
  }).optional(),
  breakEven: mapping({
    strategy: strategyId().optional(),
    parameter: oneOf(BREAK_EVEN_PARAMETERS).optional(),
    values: list(number(0, LIMITS.documents), FLEET_LIMITS.breakEvenValues, 'values'),
  }).optional(),
  resolution: mapping({
    sizeStepsPerOctave: integer(1, FLEET_LIMITS.sizeStepsPerOctave).optional(),
    churnStep: positive(FLEET_LIMITS.churnStep).optional(),
    offsetSteps: integer(1, FLEET_LIMITS.offsetSteps).optional(),
    jobSeeds: integer(1, FLEET_LIMITS.jobSeeds).optional(),
  }).optional(),
});

export type FleetFile = z.output<typeof fleetFileSchema>;

/** Defaults of a fleet file (docs/fleet-reference.md shows them). */
export const FLEET_DEFAULTS = {
  runs: 5,
  horizon: 30 * 86_400,
  /** The first upgrade on day 1 at 02:00, so that the queue has filled. */
  first: 86_400 + 2 * 3600,
  every: 7 * 86_400,
  downtime: DEFAULT_STOP_DOWNTIME_SECONDS,
  /** documents.max: ten times the p99, within the scenario bound. */
  maxOverP99: 10,
  redoneHoursPerMonth: 24,
  budgetMissesPerMonth: 0,
  breakEvenStrategy: 'restart',
  sizeStepsPerOctave: 4,
  churnStep: 0.5,
  offsetSteps: 64,
  jobSeeds: 8,
} as const;

type Refinement = z.RefinementCtx<FleetFile>;

function refuse(ctx: Refinement, path: (string | number)[], problem: string, allowed: string): void {
  ctx.addIssue({ code: 'custom', path, message: allowed, params: { problem }, input: undefined });
}

/** The checks across fields, each before anything is drawn or allocated from the numbers. */
function checkFleet(file: FleetFile, ctx: Refinement): void {
  const { documents, jobsPerDay } = file.workload;
  if (documents.p99 < documents.median) return refuse(ctx, ['workload', 'documents', 'p99'], `${documents.p99} is below the median ${documents.median}`, 'p99 at least the median (equal: every job has that size)');
  if (documents.max !== undefined && documents.max < documents.median) return refuse(ctx, ['workload', 'documents', 'max'], `${documents.max} is below the median ${documents.median}`, 'max at least the median');
  const horizon = file.horizon ?? FLEET_DEFAULTS.horizon;
  if (horizon <= 0 || horizon > FLEET_LIMITS.horizon) return refuse(ctx, ['horizon'], `${horizon} s`, `a duration greater than 0 and at most 366 days`);
  const jobsAt = (perDay: number) => (perDay * horizon) / 86_400;
  if (jobsAt(jobsPerDay) > FLEET_LIMITS.jobs) return refuse(ctx, ['workload', 'jobsPerDay'], `${jobsPerDay} jobs a day over ${horizon / 86_400} days make ${Math.round(jobsAt(jobsPerDay))} jobs`, `jobsPerDay × horizon in days at most ${FLEET_LIMITS.jobs}`);
  const every = file.upgrades?.every ?? FLEET_DEFAULTS.every;
  if (every <= 0) return refuse(ctx, ['upgrades', 'every'], 'got 0', 'a duration greater than 0');
  const upgrades = Math.max(0, Math.ceil((horizon - (file.upgrades?.first ?? FLEET_DEFAULTS.first)) / every));
  if (upgrades > FLEET_LIMITS.upgrades) return refuse(ctx, ['upgrades', 'every'], `${upgrades} upgrades in the horizon`, `at most ${FLEET_LIMITS.upgrades} upgrades in the horizon`);
  const rolling = file.upgrades?.rolling;
  if (rolling !== undefined && rolling.agentsAtOnce > file.agents) return refuse(ctx, ['upgrades', 'rolling', 'agentsAtOnce'], `${rolling.agentsAtOnce} of ${file.agents} agents`, `at most the fleet's ${file.agents} agents`);
  const be = file.breakEven;
  if (be !== undefined) {
    for (let i = 0; i < be.values.length; i++) {
      const v = be.values[i];
      if (i > 0 && v <= be.values[i - 1]) return refuse(ctx, ['breakEven', 'values', i], `${v} after ${be.values[i - 1]}`, 'values in increasing order');
      const parameter = be.parameter ?? 'jobsPerDay';
      if (parameter === 'jobsPerDay' && (v <= 0 || v > FLEET_LIMITS.jobsPerDay || jobsAt(v) > FLEET_LIMITS.jobs)) {
        return refuse(ctx, ['breakEven', 'values', i], `${v} jobs a day`, `jobs per day greater than 0, at most ${FLEET_LIMITS.jobsPerDay}, and with the horizon at most ${FLEET_LIMITS.jobs} jobs`);
      }
      if (parameter === 'documents.median' && (!Number.isInteger(v) || v < 1 || v > documents.p99)) {
        return refuse(ctx, ['breakEven', 'values', i], `a median of ${v} documents`, `whole numbers of documents from 1 to workload.documents.p99 (${documents.p99})`);
      }
    }
  }
}

/** Validates a parsed fleet file and fills the defaults; the first problem becomes one InputError naming the file and field. */
export function parseFleet(raw: unknown, file?: string): Fleet {
  const result = fleetFileSchema.superRefine(checkFleet).safeParse(raw, { reportInput: true });
  if (!result.success) throw issueToInputError(result.error.issues[0], file);
  return resolveFleet(result.data);
}

function resolveFleet(f: FleetFile): Fleet {
  const d = FLEET_DEFAULTS;
  const { documents } = f.workload;
  const zero: Lognormal = { median: 0, p99: 0 };
  return {
    name: f.name,
    description: f.description ?? '',
    seed: f.seed ?? 1,
    runs: f.runs ?? d.runs,
    horizon: f.horizon ?? d.horizon,
    workload: {
      jobsPerDay: f.workload.jobsPerDay,
      byHour: f.workload.byHour ?? Array<number>(24).fill(1),
      documents: { median: documents.median, p99: documents.p99, max: documents.max ?? Math.min(LIMITS.documents, d.maxOverP99 * documents.p99) },
      churn: Object.fromEntries(CHURN_KEYS.map((k) => [k, f.workload.churn?.[k] ?? zero])) as Record<ChurnKey, Lognormal>,
    },
    agents: f.agents,
    upgrades: {
      first: f.upgrades?.first ?? d.first,
      every: f.upgrades?.every ?? d.every,
      downtime: f.upgrades?.downtime ?? d.downtime,
      agentsAtOnce: f.upgrades?.rolling?.agentsAtOnce ?? f.agents,
      waveInterval: f.upgrades?.rolling?.interval ?? 0,
    },
    job: f.job ?? {},
    threshold: {
      redoneHoursPerMonth: f.threshold?.redoneHoursPerMonth ?? d.redoneHoursPerMonth,
      budgetMissesPerMonth: f.threshold?.budgetMissesPerMonth ?? d.budgetMissesPerMonth,
    },
    breakEven: f.breakEven === undefined ? null : { strategy: f.breakEven.strategy ?? d.breakEvenStrategy, parameter: f.breakEven.parameter ?? 'jobsPerDay', values: f.breakEven.values },
    resolution: {
      sizeStepsPerOctave: f.resolution?.sizeStepsPerOctave ?? d.sizeStepsPerOctave,
      churnStep: f.resolution?.churnStep ?? d.churnStep,
      offsetSteps: f.resolution?.offsetSteps ?? d.offsetSteps,
      jobSeeds: f.resolution?.jobSeeds ?? d.jobSeeds,
    },
  };
}
