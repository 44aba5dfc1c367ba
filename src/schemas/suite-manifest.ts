import { z } from 'zod';
import { assumptionsSchema } from './assumptions.js';
import type { Shape } from './shape.js';
import { ORDER_KINDS, SOURCE_KINDS } from '../scenario/schema.js';
import {
  FAULT_NAMES,
  type ChurnParams,
  type FaultName,
  type ExporterParams,
  type FaultParams,
  type FileParams,
  type IapiCapabilities,
  type JobParams,
  type ManagerParams,
  type Scenario,
  type SourceParams,
  type StopRequest,
} from '../scenario/types.js';
import type { Manifest } from '../suite/folder.js';
import { STRATEGIES } from '../strategies/registry.js';

/**
 * suite.json as drainsim writes it (src/suite/folder.ts): every scenario resolved (defaults
 * applied, durations in seconds; src/scenario/types.ts), its file, the strategies and the shard.
 * Only for the JSON Schema (schemas/suite.schema.json). `satisfies Shape<...>` keeps the keys
 * of each section equal to the fields of its type.
 */

const n = () => z.number();
const int = () => z.int();
const flag = () => z.boolean();

const source = z.strictObject({ kind: z.enum(SOURCE_KINDS), documents: int(), order: z.enum(ORDER_KINDS) } satisfies Shape<SourceParams>);
const files = z.strictObject({ meanBytes: n(), sigma: n(), bytesPerSecond: n(), largeShare: n(), largeBytes: n(), pagesPerDoc: int() } satisfies Shape<FileParams>);
const iapi = z.strictObject({
  append: flag(),
  keepTempTable: flag(),
  exportByArtifactIds: flag(),
  reportDurablePosition: flag(),
  reportRemainingIds: flag(),
} satisfies Shape<IapiCapabilities>);
const exporter = z.strictObject({
  batchSize: int(),
  docsPerSecond: n(),
  prepareSeconds: n(),
  validateSeconds: n(),
  saveStateSeconds: n(),
  jitter: n(),
  truncateSeconds: n(),
  tempTableBaseSeconds: n(),
  tempTableSecondsPerMillion: n(),
  exportErrorRetries: int(),
  exportErrorWaitSeconds: n(),
  ioErrorRetries: int(),
  ioErrorWaitSeconds: n(),
} satisfies Shape<ExporterParams>);
const manager = z.strictObject({ totalCountSeconds: n() } satisfies Shape<ManagerParams>);
const job = z.strictObject({
  overwrite: flag(),
  startAtRecord: int(),
  pollSeconds: n(),
  killAfterSeconds: n(),
  drainStopTimeoutSeconds: n().nullable(),
  jobDetailsWriteSeconds: n(),
  jobDetailsBytesPerSecond: n(),
  jobDetailsLimitBytes: int(),
  destinationFromStartTime: flag(),
  sharedFolderFiles: int(),
  statsStep: int(),
  tempTableRetentionSeconds: n(),
  loadFileRowBytes: n(),
  loadFileReadBytesPerSecond: n(),
} satisfies Shape<JobParams>);
const stop = z.strictObject({ at: n(), downtime: n() } satisfies Shape<StopRequest>);
const churn = z.strictObject({
  insertsPerHour: n(),
  deletesPerHour: n(),
  entriesPerHour: n(),
  exitsPerHour: n(),
  sortKeyEditsPerHour: n(),
  contentEditsPerHour: n(),
} satisfies Shape<ChurnParams>);
const perFault = <T extends z.ZodType>(value: () => T) => Object.fromEntries(FAULT_NAMES.map((f) => [f, value()])) as Record<FaultName, T>;
const faults = z.strictObject({
  transientErrorProbability: n(),
  swarm: z.strictObject(perFault(n)),
  force: z.strictObject(perFault(() => flag().optional())),
  errorBurst: int(),
  stallFactor: n(),
  stallSeconds: n(),
  secondStopWithinSeconds: n(),
  secondStopDowntimeSeconds: n(),
} satisfies Shape<FaultParams>);
const ranged = <const K extends string>(kind: K) => z.strictObject({ at: n(), kind: z.literal(kind), position: int(), count: int() });
const event = z.discriminatedUnion('kind', [
  ranged('insert'),
  ranged('enter'),
  ranged('delete'),
  ranged('exit'),
  ranged('edit'),
  z.strictObject({ at: n(), kind: z.literal('move'), position: int(), count: int(), to: int() }),
  z.strictObject({ at: n(), kind: z.literal('errors'), count: int() }),
]);

export const resolvedScenarioSchema = z.strictObject({
  name: z.string(),
  family: z.string(),
  sweep: z.array(z.strictObject({ parameter: z.string(), value: z.union([z.number(), z.string(), z.boolean()]) })),
  description: z.string(),
  seed: int(),
  runs: int(),
  source,
  files,
  iapi,
  exporter,
  manager,
  job,
  budget: n(),
  stops: z.array(stop),
  churn,
  faults,
  events: z.array(event),
  assumptions: assumptionsSchema,
} satisfies Shape<Scenario>);

export const suiteManifestSchema = z.strictObject({
  scenarios: z.array(z.strictObject({ file: z.string(), scenario: resolvedScenarioSchema })),
  strategies: z.array(z.enum(STRATEGIES.map((s) => s.id) as [string, ...string[]])),
  shard: z.string().regex(/^[1-9]\d*\/[1-9]\d*$/),
} satisfies Shape<Manifest>);
