import fc from 'fast-check';
import type { Assumptions } from '../scenario/assumptions.js';
import { defaultScenario } from '../scenario/defaults.js';
import { EVENT_KINDS, ORDER_KINDS } from '../scenario/schema.js';
import { FAULT_NAMES, type FaultName, type OrderKind, type Scenario, type ScriptedEvent } from '../scenario/types.js';

type EventKindName = ScriptedEvent['kind'];

/**
 * The space of small scenarios a property is tested over. Histories are scripted events only
 * (churn rates stay 0) and faults are forced on or off, never drawn by probability, so a
 * scenario written back to YAML replays exactly.
 */
export interface ScenarioSpace {
  orders: readonly OrderKind[];
  eventKinds: readonly EventKindName[];
  /** Named faults that may be forced on (up to two a scenario). */
  faults: readonly FaultName[];
  minStops: number;
  maxStops: number;
  maxEvents: number;
  maxDocuments: number;
  maxBatchSize: number;
  /** Draw the stop budget from this range (default: the fixed 300 s); the platform kills at the budget or up to 2 minutes after it. */
  budgets: { min: number; max: number } | null;
  /** Draw the kept temp table's retention for half the scenarios (so it can expire during a pause). */
  retention: boolean;
  /** Draw the job's Overwrite setting. */
  overwrite: boolean;
  /** Assumptions other than the defaults, fixed for every scenario of the space. */
  assumptions: Partial<Assumptions>;
}

const DEFAULT_SPACE: ScenarioSpace = {
  orders: ORDER_KINDS,
  eventKinds: EVENT_KINDS,
  faults: [],
  minStops: 1,
  maxStops: 3,
  maxEvents: 8,
  maxDocuments: 300,
  maxBatchSize: 50,
  budgets: null,
  retention: false,
  overwrite: true,
  assumptions: {},
};

/** `check --faults`: every named fault may be on, budgets from 5 s to the 5 minutes of the requirement, temp tables that can expire. */
export const FAULT_SPACE: Partial<ScenarioSpace> = { faults: FAULT_NAMES, budgets: { min: 5, max: 300 }, retention: true };

/** Most records one event touches: keeps nested inserts far from float-key collisions. */
const MAX_EVENT_COUNT = 10;
/** Times are drawn in thousandths of a span. */
const PER_MILLE = 1000;
const DOCS_PER_SECOND = [5, 10, 20, 50, 100] as const;

/** The drawn values a scenario is built from; fast-check shrinks these. */
interface Draw {
  seed: number;
  documents: number;
  order: OrderKind;
  batchSize: number;
  docsPerSecond: number;
  /** Per-document file sizes (lognormal, drawn from the seed) instead of a fixed time per document. */
  sizes: boolean;
  stops: { at: number; downtime: number }[];
  events: { at: number; kind: EventKindName; position: number; count: number; to: number; errors: number }[];
  force: FaultName[];
  budget: number | null;
  killLate: number;
  retention: number | null;
  overwrite: boolean;
}

/** Scenarios of `space`, each with one seed (runs: 1) and only scripted changes. */
export function scenarioArbitrary(overrides: Partial<ScenarioSpace> = {}): fc.Arbitrary<Scenario> {
  const space = { ...DEFAULT_SPACE, ...overrides };
  const frac = fc.integer({ min: 0, max: PER_MILLE });
  const event = fc.record({
    at: frac,
    kind: space.eventKinds.length === 0 ? fc.constant<EventKindName>('edit') : fc.constantFrom(...space.eventKinds),
    position: fc.integer({ min: 0, max: space.maxDocuments + 10 }),
    count: fc.integer({ min: 1, max: MAX_EVENT_COUNT }),
    to: fc.integer({ min: 0, max: space.maxDocuments + 10 }),
    // Up to 25 errors in a row: 10 hold a stop past a 300 s budget, 21 exhaust IAPI's 20 retries.
    errors: fc.integer({ min: 1, max: 25 }),
  });
  const draw: fc.Arbitrary<Draw> = fc.record({
    seed: fc.integer({ min: 1, max: 10_000 }),
    documents: fc.integer({ min: 0, max: space.maxDocuments }),
    order: fc.constantFrom(...space.orders),
    batchSize: fc.integer({ min: 1, max: space.maxBatchSize }),
    docsPerSecond: fc.constantFrom(...DOCS_PER_SECOND),
    sizes: fc.boolean(),
    stops: fc.array(fc.record({ at: frac, downtime: fc.integer({ min: 1, max: 3600 }) }), { minLength: space.minStops, maxLength: space.maxStops }),
    events: fc.array(event, { maxLength: space.eventKinds.length === 0 ? 0 : space.maxEvents }),
    // At most two faults a scenario, so the effect of each is seen rather than drowned by the others.
    force: space.faults.length === 0 ? fc.constant([]) : fc.subarray([...space.faults], { maxLength: 2 }),
    budget: space.budgets === null ? fc.constant(null) : fc.integer(space.budgets),
    // Mostly killed at the budget, as the requirement says; sometimes later (then a stop can end late without a kill).
    killLate: space.budgets === null ? fc.constant(0) : fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 120 }), weight: 1 }),
    retention: space.retention ? fc.option(fc.integer({ min: 60, max: 14_400 }), { nil: null }) : fc.constant(null),
    overwrite: space.overwrite ? fc.boolean() : fc.constant(false),
  });
  return draw.map((d) => {
    const sc = buildScenario(d);
    sc.assumptions = { ...sc.assumptions, ...space.assumptions };
    return sc;
  });
}

/** Seconds rounded to 0.1 s: a decimal that YAML writes and reads back as the same number. */
function tenths(x: number): number {
  return Math.round(x * 10) / 10;
}

function buildScenario(d: Draw): Scenario {
  const sc = defaultScenario();
  sc.name = 'check';
  sc.family = 'check';
  sc.seed = d.seed;
  sc.source.documents = d.documents;
  sc.source.order = d.order;
  sc.exporter.batchSize = d.batchSize;
  sc.exporter.docsPerSecond = d.docsPerSecond;
  if (d.sizes) {
    sc.files.meanBytes = 500_000;
    sc.files.bytesPerSecond = 10_000_000;
  }
  if (d.budget !== null) {
    sc.budget = d.budget;
    sc.job.killAfterSeconds = d.budget + d.killLate;
  }
  if (d.retention !== null) sc.job.tempTableRetentionSeconds = d.retention;
  sc.job.overwrite = d.overwrite;
  sc.faults.force = Object.fromEntries(d.force.map((f) => [f, true]));
  // The first stop lands anywhere in (a little past) the stop-free export, each further one up to
  // that far after the pause before it; events anywhere up to as far after the last pause.
  const exportSpan = 1.1 * stopFreeSeconds(sc);
  let previousEnd = 0;
  sc.stops = d.stops.map((s) => {
    const at = tenths(previousEnd + (s.at / PER_MILLE) * exportSpan);
    previousEnd = at + s.downtime;
    return { at, downtime: s.downtime };
  });
  const span = previousEnd + exportSpan;
  sc.events = d.events
    .map((e): ScriptedEvent => {
      const at = tenths((e.at / PER_MILLE) * span);
      if (e.kind === 'errors') return { at, kind: 'errors', count: e.errors };
      if (e.kind === 'move') return { at, kind: 'move', position: e.position, count: e.count, to: e.to };
      return { at, kind: e.kind, position: e.position, count: e.count };
    })
    .sort((a, b) => a.at - b.at);
  return sc;
}

/** A rough length of the export without stops (manager, temp table, batches), to place times in. */
function stopFreeSeconds(sc: Scenario): number {
  const n = sc.source.documents;
  const p = sc.exporter;
  const perDoc = 1 / p.docsPerSecond + sc.files.meanBytes / sc.files.bytesPerSecond;
  const batches = Math.ceil(n / p.batchSize);
  return sc.manager.totalCountSeconds + p.tempTableBaseSeconds + (p.tempTableSecondsPerMillion * n) / 1e6 + n * perDoc + batches * (p.prepareSeconds + p.validateSeconds + p.saveStateSeconds);
}
