import { FAULT_NAMES, type FaultName, type Scenario } from './types.js';

/**
 * Defaults of every scenario parameter. Figures read from the public code of RIP and IAPI
 * (DOMAIN.md) are marked "public"; the rest are not given by any public source and are our
 * stated choices ("chosen"), to be overridden per scenario.
 */
export const DEFAULT_BUDGET_SECONDS = 300; // public: Near Zero Downtime requirement, 5 minutes
/** Pause length of a stop request that gives no `downtime`. */
export const DEFAULT_STOP_DOWNTIME_SECONDS = 600; // chosen: an agent upgrade of about 10 minutes

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
      meanBytes: 0, // chosen: time from docsPerSecond alone unless a scenario sets sizes
      sigma: 1, // chosen
      bytesPerSecond: 100_000_000, // chosen: 100 MB/s file share
      largeShare: 0,
      largeBytes: 20_000_000_000,
      pagesPerDoc: 1,
    },
    iapi: { append: true, keepTempTable: true, exportByArtifactIds: true },
    exporter: {
      batchSize: 1000, // public: ExportBatchSize
      docsPerSecond: 50, // chosen
      prepareSeconds: 2, // chosen
      validateSeconds: 0.5, // chosen
      saveStateSeconds: 0.2, // chosen
      jitter: 0, // chosen
      truncateSeconds: 1, // chosen
      tempTableBaseSeconds: 2, // chosen
      tempTableSecondsPerMillion: 60, // chosen
      exportErrorRetries: 20, // public: ExportErrorNumberOfRetries
      exportErrorWaitSeconds: 30, // public: ExportErrorWaitTimeInSeconds
      ioErrorRetries: 20, // public: IOErrorNumberOfRetries
      ioErrorWaitSeconds: 30, // public: IOErrorWaitTimeInSeconds
    },
    manager: { totalCountSeconds: 5 }, // chosen (the record: "can't take more than 5 mins")
    job: {
      overwrite: false,
      startAtRecord: 1, // public: StartExportAtRecord is 1-based in the UI
      pollSeconds: 0.5, // public: JobStopManager timer
      killAfterSeconds: DEFAULT_BUDGET_SECONDS, // requirement: killed at the budget
      drainStopTimeoutSeconds: null, // public: the export flow does not use DrainStopTimeoutSeconds (180 s in sync)
      jobDetailsWriteSeconds: 0.05, // chosen
      jobDetailsBytesPerSecond: 20_000_000, // chosen
      jobDetailsLimitBytes: 2 ** 30, // nvarchar(max)
      destinationFromStartTime: false,
      sharedFolderFiles: 0,
      statsStep: 1000, // public: ItemsTransferred grows in steps of 1000
      tempTableRetentionSeconds: 7 * 24 * 3600, // chosen: like the sync record's 7-day snapshot
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
      errorBurst: 12, // chosen: up to 6 minutes of 30 s retry waits
      stallFactor: 20, // chosen
      stallSeconds: 600, // chosen
      secondStopWithinSeconds: 120, // chosen
      secondStopDowntimeSeconds: 300, // chosen
    },
    events: [],
  };
}
