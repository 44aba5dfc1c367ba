import { defaultAssumptions } from './assumptions.js';
import { FAULT_NAMES, type FaultName, type Scenario } from './types.js';

/**
 * Defaults of every scenario parameter. Where each comes from is data (KEYS in describe.ts), so
 * that docs/scenario-reference.md shows it: figures read from the public code of RIP and IAPI
 * (DOMAIN.md) are "public"; the rest are not given by any public source and are our stated
 * choices ("chosen"), to be overridden per scenario.
 */
export const DEFAULT_BUDGET_SECONDS = 300;
/** Pause length of a stop request that gives no `downtime`. */
export const DEFAULT_STOP_DOWNTIME_SECONDS = 600;

export function defaultScenario(): Scenario {
  return {
    name: 'unnamed',
    family: 'unnamed',
    sweep: [],
    description: '',
    seed: 1,
    runs: 1,
    source: { kind: 'saved-search', documents: 50_000, order: 'artifact-id' },
    files: {
      meanBytes: 0,
      sigma: 1,
      bytesPerSecond: 100_000_000,
      largeShare: 0,
      largeBytes: 20_000_000_000,
      pagesPerDoc: 1,
    },
    iapi: { append: true, keepTempTable: true, exportByArtifactIds: true, reportDurablePosition: true, reportRemainingIds: true },
    exporter: {
      batchSize: 1000,
      docsPerSecond: 50,
      prepareSeconds: 2,
      validateSeconds: 0.5,
      saveStateSeconds: 0.2,
      jitter: 0,
      truncateSeconds: 1,
      tempTableBaseSeconds: 2,
      tempTableSecondsPerMillion: 60,
      exportErrorRetries: 20,
      exportErrorWaitSeconds: 30,
      ioErrorRetries: 20,
      ioErrorWaitSeconds: 30,
    },
    manager: { totalCountSeconds: 5 },
    job: {
      overwrite: false,
      startAtRecord: 1,
      pollSeconds: 0.5,
      killAfterSeconds: DEFAULT_BUDGET_SECONDS,
      drainStopTimeoutSeconds: null,
      jobDetailsWriteSeconds: 0.05,
      jobDetailsBytesPerSecond: 20_000_000,
      jobDetailsLimitBytes: 2 ** 30,
      destinationFromStartTime: false,
      sharedFolderFiles: 0,
      statsStep: 1000,
      tempTableRetentionSeconds: 7 * 24 * 3600,
      loadFileRowBytes: 2000,
      loadFileReadBytesPerSecond: 100_000_000,
    },
    budget: DEFAULT_BUDGET_SECONDS,
    stops: [],
    churn: {
      insertsPerHour: 0,
      deletesPerHour: 0,
      entriesPerHour: 0,
      exitsPerHour: 0,
      sortKeyEditsPerHour: 0,
      contentEditsPerHour: 0,
    },
    faults: {
      transientErrorProbability: 0,
      swarm: Object.fromEntries(FAULT_NAMES.map((f) => [f, 0])) as Record<FaultName, number>,
      force: {},
      errorBurst: 12,
      stallFactor: 20,
      stallSeconds: 600,
      secondStopWithinSeconds: 120,
      secondStopDowntimeSeconds: 300,
    },
    events: [],
    assumptions: defaultAssumptions(),
  };
}
