import { z } from 'zod';
import { InputError, describeValue, formatPath } from '../errors.js';
import { ASSUMPTIONS, type Assumptions } from './assumptions.js';
import { DEFAULT_STOP_DOWNTIME_SECONDS, defaultScenario } from './defaults.js';
import { DURATION_ALLOWED, parseDuration } from './duration.js';
import { LIMITS } from './limits.js';
import { checkGrowth, checkScale } from './scale.js';
import { plainText, textAllowed } from './text.js';
import { FAULT_NAMES } from './types.js';
import type {
  ChurnParams,
  FaultName,
  ExporterParams,
  FaultParams,
  FileParams,
  IapiCapabilities,
  JobParams,
  ManagerParams,
  OrderKind,
  Scenario,
  ScriptedEvent,
  SourceKind,
  SourceParams,
  StopRequest,
} from './types.js';

/**
 * The YAML form of a scenario (README "Scenario files"; `describe.ts` renders its reference,
 * docs/scenario-reference.md, from this schema and the allowed texts below).
 * Every bound (limits.ts) is checked here, before the simulator allocates anything from these numbers.
 */

export const SOURCE_KINDS = ['saved-search', 'production', 'folder'] as const satisfies readonly SourceKind[];
export const ORDER_KINDS = ['artifact-id', 'sort-key', 'bates'] as const satisfies readonly OrderKind[];
export const EVENT_KINDS = ['insert', 'enter', 'delete', 'exit', 'edit', 'move', 'errors'] as const;

/** What each leaf accepts, in words: the `allowed` part of error messages and the "Type" column of the reference. */
export const allowedTexts = z.registry<{ allowed: string }>();

// ---------------------------------------------------------------------------------------------
// Leaf schemas. Each check carries the same message (the allowed text); `issueToInputError`
// adds the problem (what was given) from the issue itself.

function leaf<T extends z.ZodType>(schema: T, allowed: string): T {
  allowedTexts.add(schema, { allowed });
  return schema;
}

const says = (allowed: string) => ({ error: allowed });

/** Writes big round bounds as 1e12 rather than 1000000000000. */
function bound(n: number): string {
  const exponential = n.toExponential().replace('e+', 'e');
  return n >= 1e9 && exponential.length <= 5 ? exponential : String(n);
}

function integer(min: number, max: number) {
  const allowed = `an integer from ${bound(min)} to ${bound(max)}`;
  return leaf(z.int(says(allowed)).min(min, says(allowed)).max(max, says(allowed)), allowed);
}

function number(min: number, max: number) {
  const allowed = `a number from ${bound(min)} to ${bound(max)}`;
  return leaf(z.number(says(allowed)).min(min, says(allowed)).max(max, says(allowed)), allowed);
}

/** For divisors (rates): 0 would mean an infinite time. */
function positive(max: number) {
  const allowed = `a number greater than 0 and at most ${bound(max)}`;
  return leaf(z.number(says(allowed)).gt(0, says(allowed)).max(max, says(allowed)), allowed);
}

const seconds = () => number(0, LIMITS.seconds);
const count = () => integer(0, LIMITS.count);
const position = () => integer(0, LIMITS.position);
const probability = () => number(0, 1);

function boolean() {
  const allowed = 'true or false';
  return leaf(z.boolean(says(allowed)), allowed);
}

/** Text without control characters (`lines`: tab and line breaks allowed), see text.ts. */
function text(min: number, max: number, lines = false) {
  return leaf(plainText(max, min, lines), textAllowed(max, min, lines));
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const allowed = `one of ${values.join(', ')}`;
  return leaf(z.enum(values, says(allowed)), allowed);
}

/** A duration (see duration.ts), converted to seconds. */
function duration() {
  const schema = z.union([z.number(), z.string()], says(DURATION_ALLOWED)).transform((value, ctx) => {
    try {
      return parseDuration(value);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.addIssue({ code: 'custom', message: DURATION_ALLOWED, params: { problem: error.problem }, input: value });
      return z.NEVER;
    }
  });
  return leaf(schema, DURATION_ALLOWED);
}

/** A duration, or `off` (also null) for a timer that can be switched off. */
function durationOrOff() {
  const allowed = `${DURATION_ALLOWED}; or off`;
  const off = z.union([z.literal('off'), z.null()]).transform(() => null);
  return leaf(z.union([off, duration()], says(allowed)), allowed);
}

/** A mapping that refuses unknown keys and names the known ones. */
function mapping<T extends z.ZodRawShape>(shape: T) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `known keys: ${keys}` : `a mapping with the keys ${keys}`),
  });
}

function list<T extends z.ZodType>(element: T, max: number, noun: string) {
  const allowed = `a list of at most ${max} ${noun}`;
  return leaf(z.array(element, says(allowed)).max(max, says(allowed)), allowed);
}

// ---------------------------------------------------------------------------------------------
// The YAML form. `satisfies` keeps each section's keys equal to the fields of its type.

type Shape<T> = { [K in keyof T]-?: z.ZodType<T[K] | undefined> };

const sourceShape = {
  kind: oneOf(SOURCE_KINDS).optional(),
  documents: integer(0, LIMITS.documents).optional(),
  order: oneOf(ORDER_KINDS).optional(),
} satisfies Shape<SourceParams>;

const filesShape = {
  meanBytes: number(0, LIMITS.bytes).optional(),
  sigma: number(0, LIMITS.sigma).optional(),
  bytesPerSecond: positive(LIMITS.bytesPerSecond).optional(),
  largeShare: probability().optional(),
  largeBytes: number(0, LIMITS.bytes).optional(),
  pagesPerDoc: integer(0, LIMITS.pagesPerDoc).optional(),
} satisfies Shape<FileParams>;

const iapiShape = {
  append: boolean().optional(),
  keepTempTable: boolean().optional(),
  exportByArtifactIds: boolean().optional(),
  reportDurablePosition: boolean().optional(),
  reportRemainingIds: boolean().optional(),
} satisfies Shape<IapiCapabilities>;

/** Each assumption takes exactly its listed alternatives (assumptions.ts). */
const assumptionsShape = Object.fromEntries(
  ASSUMPTIONS.map((a) => {
    const values = a.alternatives as readonly (string | boolean)[];
    const allowed = `one of ${values.join(', ')} (default ${String(a.default)})`;
    const schema = typeof a.default === 'boolean' ? z.boolean(says(allowed)) : z.enum(values as [string, ...string[]], says(allowed));
    return [a.key, leaf(schema, allowed).optional()];
  }),
) as unknown as Shape<Assumptions>;

const exporterShape = {
  batchSize: integer(1, LIMITS.batchSize).optional(),
  docsPerSecond: positive(LIMITS.docsPerSecond).optional(),
  prepareSeconds: seconds().optional(),
  validateSeconds: seconds().optional(),
  saveStateSeconds: seconds().optional(),
  jitter: number(0, LIMITS.sigma).optional(),
  truncateSeconds: seconds().optional(),
  tempTableBaseSeconds: seconds().optional(),
  tempTableSecondsPerMillion: seconds().optional(),
  exportErrorRetries: count().optional(),
  exportErrorWaitSeconds: seconds().optional(),
  ioErrorRetries: count().optional(),
  ioErrorWaitSeconds: seconds().optional(),
} satisfies Shape<ExporterParams>;

const managerShape = {
  totalCountSeconds: seconds().optional(),
} satisfies Shape<ManagerParams>;

/** In YAML the times of the job are durations without the `Seconds` suffix. */
type JobForm = Omit<JobParams, 'killAfterSeconds' | 'tempTableRetentionSeconds' | 'drainStopTimeoutSeconds'> & {
  killAfter: number;
  drainStopTimeout: number | null;
  tempTableRetention: number;
};

const jobShape = {
  overwrite: boolean().optional(),
  startAtRecord: integer(1, LIMITS.startAtRecord).optional(),
  pollSeconds: number(LIMITS.minPollSeconds, LIMITS.maxPollSeconds).optional(),
  killAfter: duration().optional(),
  drainStopTimeout: durationOrOff().optional(),
  jobDetailsWriteSeconds: seconds().optional(),
  jobDetailsBytesPerSecond: positive(LIMITS.bytesPerSecond).optional(),
  jobDetailsLimitBytes: integer(0, LIMITS.bytes).optional(),
  destinationFromStartTime: boolean().optional(),
  sharedFolderFiles: count().optional(),
  statsStep: integer(1, LIMITS.count).optional(),
  tempTableRetention: duration().optional(),
  loadFileRowBytes: integer(1, LIMITS.bytes).optional(),
  loadFileReadBytesPerSecond: positive(LIMITS.bytesPerSecond).optional(),
} satisfies Shape<JobForm>;

const stopShape = {
  at: duration(),
  downtime: duration().optional(),
} satisfies Shape<StopRequest>;

const churnShape = {
  insertsPerHour: number(0, LIMITS.churnPerHour).optional(),
  deletesPerHour: number(0, LIMITS.churnPerHour).optional(),
  entriesPerHour: number(0, LIMITS.churnPerHour).optional(),
  exitsPerHour: number(0, LIMITS.churnPerHour).optional(),
  sortKeyEditsPerHour: number(0, LIMITS.churnPerHour).optional(),
  contentEditsPerHour: number(0, LIMITS.churnPerHour).optional(),
} satisfies Shape<ChurnParams>;

const faultSwitches = <T extends z.ZodType>(value: () => T) =>
  mapping(Object.fromEntries(FAULT_NAMES.map((f) => [f, value().optional()])) as Record<FaultName, z.ZodOptional<T>>);

/** In YAML the fault times are durations without the `Seconds` suffix. */
type FaultsForm = Omit<FaultParams, 'swarm' | 'force' | 'stallSeconds' | 'secondStopWithinSeconds' | 'secondStopDowntimeSeconds'> & {
  swarm: Partial<Record<FaultName, number>>;
  force: Partial<Record<FaultName, boolean>>;
  stall: number;
  secondStopWithin: number;
  secondStopDowntime: number;
};

const faultsShape = {
  transientErrorProbability: probability().optional(),
  swarm: faultSwitches(probability).optional(),
  force: faultSwitches(boolean).optional(),
  errorBurst: integer(1, LIMITS.errorBurst).optional(),
  stallFactor: number(1, LIMITS.stallFactor).optional(),
  stall: duration().optional(),
  secondStopWithin: duration().optional(),
  secondStopDowntime: duration().optional(),
} satisfies Shape<FaultsForm>;

const range = mapping({ position: position(), count: count() });
const eventForm = mapping({
  at: duration(),
  insert: range.optional(),
  enter: range.optional(),
  delete: range.optional(),
  exit: range.optional(),
  edit: range.optional(),
  move: mapping({ position: position(), count: count(), to: position() }).optional(),
  errors: mapping({ count: count() }).optional(),
});
type EventForm = z.output<typeof eventForm>;
const eventSchema = eventForm.superRefine(requireOneEventKind).transform(toScriptedEvent);

function requireOneEventKind(event: EventForm, ctx: z.RefinementCtx): void {
  const kinds = EVENT_KINDS.filter((kind) => event[kind] !== undefined);
  if (kinds.length === 1) return;
  ctx.addIssue({
    code: 'custom',
    message: `"at" plus exactly one of ${EVENT_KINDS.join(', ')}`,
    params: { problem: kinds.length === 0 ? 'no event kind given' : `more than one event kind: ${kinds.join(', ')}` },
    input: event,
  });
}

function toScriptedEvent({ at, insert, enter, delete: deleted, exit, edit, move, errors }: EventForm): ScriptedEvent {
  if (insert) return { at, kind: 'insert', ...insert };
  if (enter) return { at, kind: 'enter', ...enter };
  if (deleted) return { at, kind: 'delete', ...deleted };
  if (exit) return { at, kind: 'exit', ...exit };
  if (edit) return { at, kind: 'edit', ...edit };
  if (move) return { at, kind: 'move', ...move };
  if (errors) return { at, kind: 'errors', ...errors };
  throw new Error('unreachable: requireOneEventKind lets only events with one kind through');
}

/** The YAML form of a scenario file, before defaults. */
export const scenarioFileSchema = mapping({
  name: text(1, LIMITS.nameChars),
  description: text(0, LIMITS.descriptionChars, true).optional(),
  seed: integer(0, LIMITS.seed).optional(),
  runs: integer(1, LIMITS.runs).optional(),
  source: mapping(sourceShape).optional(),
  files: mapping(filesShape).optional(),
  iapi: mapping(iapiShape).optional(),
  exporter: mapping(exporterShape).optional(),
  manager: mapping(managerShape).optional(),
  job: mapping(jobShape).optional(),
  budget: duration().optional(),
  stops: list(mapping(stopShape), LIMITS.stops, 'stops').optional(),
  churn: mapping(churnShape).optional(),
  faults: mapping(faultsShape).optional(),
  events: list(eventSchema, LIMITS.events, 'events').optional(),
  assumptions: mapping(assumptionsShape).optional(),
});

export type ScenarioFile = z.output<typeof scenarioFileSchema>;

/** The YAML form mapped onto a resolved Scenario. */
export const scenarioSchema = scenarioFileSchema.superRefine(checkScale).transform(resolveScenario).superRefine(checkGrowth);

// ---------------------------------------------------------------------------------------------
// Defaults.

/** A production exports in Bates order; the other sources by artifact ID unless told. */
export function defaultOrder(kind: SourceKind): OrderKind {
  return kind === 'production' ? 'bates' : defaultScenario().source.order;
}

/** `defaults` with every defined value of `given` put over it. */
function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const result = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}

function resolveFaults(defaults: FaultParams, given: ScenarioFile['faults']): FaultParams {
  const { swarm, force, stall, secondStopWithin, secondStopDowntime, ...rest } = given ?? {};
  return withDefaults(defaults, {
    ...rest,
    swarm: withDefaults(defaults.swarm, swarm),
    force: withDefaults(defaults.force, force),
    stallSeconds: stall,
    secondStopWithinSeconds: secondStopWithin,
    secondStopDowntimeSeconds: secondStopDowntime,
  });
}

export function resolveScenario(file: ScenarioFile): Scenario {
  const defaults = defaultScenario();
  const budget = file.budget ?? defaults.budget;
  const kind = file.source?.kind ?? defaults.source.kind;
  const { killAfter, tempTableRetention, drainStopTimeout, ...job } = file.job ?? {};
  return {
    name: file.name,
    family: file.name,
    sweep: [],
    description: file.description ?? defaults.description,
    seed: file.seed ?? defaults.seed,
    runs: file.runs ?? defaults.runs,
    source: withDefaults({ ...defaults.source, kind, order: defaultOrder(kind) }, file.source),
    files: withDefaults(defaults.files, file.files),
    iapi: withDefaults(defaults.iapi, file.iapi),
    exporter: withDefaults(defaults.exporter, file.exporter),
    manager: withDefaults(defaults.manager, file.manager),
    job: withDefaults(defaults.job, {
      ...job,
      killAfterSeconds: killAfter ?? budget,
      drainStopTimeoutSeconds: drainStopTimeout,
      tempTableRetentionSeconds: tempTableRetention,
    }),
    budget,
    stops: (file.stops ?? []).map(({ at, downtime }) => ({ at, downtime: downtime ?? DEFAULT_STOP_DOWNTIME_SECONDS })),
    churn: withDefaults(defaults.churn, file.churn),
    faults: resolveFaults(defaults.faults, file.faults),
    // Array.prototype.sort is stable: events at the same time keep their file order.
    events: [...(file.events ?? [])].sort((a, b) => a.at - b.at),
    assumptions: withDefaults(defaults.assumptions, file.assumptions as Partial<Assumptions> | undefined),
  };
}

// ---------------------------------------------------------------------------------------------
// Errors.

/**
 * Validates a parsed YAML document (or any value) and resolves it into a Scenario with every
 * default applied. The first problem becomes one InputError naming the file and field path.
 */
export function parseScenario(raw: unknown, file?: string): Scenario {
  const result = scenarioSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  throw issueToInputError(result.error.issues[0], file);
}

export function issueToInputError(issue: z.core.$ZodIssue, file?: string): InputError {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  return new InputError({ file, path: formatPath(path) || undefined, problem: describeProblem(issue), allowed: issue.message });
}

function describeProblem(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return 'unknown key';
  if (issue.code === 'custom' && typeof issue.params?.problem === 'string') return issue.params.problem;
  if (issue.path.length === 0) return `the top level is not a mapping (got ${describeValue(issue.input)})`;
  if (issue.input === undefined) return 'missing (required)';
  return `got ${describeValue(issue.input)}`;
}

// The leaves, for the fleet file's schema (src/fleet/schema.ts): the same checks, the same messages.
export { duration, integer, leaf, list, mapping, number, oneOf, positive, says, text };
