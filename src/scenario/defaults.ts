import { FAULT_NAMES, type FaultName, type Scenario } from './types.js';

/**
 * Defaults of every scenario parameter. Where each comes from is data (DEFAULT_ORIGINS below), so
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
    iapi: { append: true, keepTempTable: true, exportByArtifactIds: true },
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
  };
}

/**
 * Where a default comes from: `public`, read from the public code of RIP or IAPI (DOMAIN.md);
 * `requirement`, the Near Zero Downtime requirement; `chosen`, given by no public source, our
 * stated choice; `setting`, what the scenario describes or how it is run, not a figure of RIP or IAPI.
 */
export interface Origin {
  kind: 'public' | 'requirement' | 'chosen' | 'setting';
  note: string;
}

const publicFigure = (note: string): Origin => ({ kind: 'public', note });
const requirement = (note: string): Origin => ({ kind: 'requirement', note });
const chosen = (note: string): Origin => ({ kind: 'chosen', note });
const setting = (note: string): Origin => ({ kind: 'setting', note });

/** The origin of each key's default, by YAML path (`stops[].at` for list items). */
export const DEFAULT_ORIGINS: Readonly<Record<string, Origin>> = {
  name: setting('required: names the scenario in every output'),
  description: setting('what question the scenario answers'),
  seed: setting('runs use seeds seed .. seed+runs-1'),
  runs: setting('seeds to run'),
  'source.kind': setting('the data source RIP passes to IAPI: saved search, production or folder'),
  'source.documents': chosen('a mid-size saved search'),
  'source.order': chosen('by artifact ID; a production exports in Bates order'),
  'files.meanBytes': chosen('0: time from docsPerSecond alone unless a scenario sets file sizes'),
  'files.sigma': chosen('a lognormal of moderate spread'),
  'files.bytesPerSecond': chosen('a 100 MB/s file share'),
  'files.largeShare': chosen('no very large natives unless a scenario sets them'),
  'files.largeBytes': chosen('a 20 GB native'),
  'files.pagesPerDoc': chosen('one image page per document'),
  'iapi.append': setting('capability of the record\'s option 2; today\'s IAPI does not have it (todays-iapi.yaml)'),
  'iapi.keepTempTable': setting('capability of the record\'s options 2.3 and 2.4; today\'s IAPI does not have it'),
  'iapi.exportByArtifactIds': setting('capability of the record\'s options 2.2 and 2.4; today\'s IAPI does not have it'),
  'exporter.batchSize': publicFigure('IAPI ExportBatchSize'),
  'exporter.docsPerSecond': chosen('no public source gives export throughput'),
  'exporter.prepareSeconds': chosen('a batch\'s field query'),
  'exporter.validateSeconds': chosen('a batch\'s validation'),
  'exporter.saveStateSeconds': chosen('flushing a batch\'s rows'),
  'exporter.jitter': chosen('exact step times'),
  'exporter.truncateSeconds': chosen('IAPI RestoreState truncating the load files'),
  'exporter.tempTableBaseSeconds': chosen('no public source gives the temp-table build time'),
  'exporter.tempTableSecondsPerMillion': chosen('a minute per million documents'),
  'exporter.exportErrorRetries': publicFigure('IAPI ExportErrorNumberOfRetries'),
  'exporter.exportErrorWaitSeconds': publicFigure('IAPI ExportErrorWaitTimeInSeconds'),
  'exporter.ioErrorRetries': publicFigure('IAPI IOErrorNumberOfRetries'),
  'exporter.ioErrorWaitSeconds': publicFigure('IAPI IOErrorWaitTimeInSeconds'),
  'manager.totalCountSeconds': chosen('the record: the TotalCount query "can\'t take more than 5 mins"'),
  'job.overwrite': setting('the job\'s Overwrite files setting'),
  'job.startAtRecord': publicFigure('StartExportAtRecord, 1-based in the RIP UI'),
  'job.pollSeconds': publicFigure('RIP JobStopManager timer'),
  'job.killAfter': requirement('the platform kills an agent that has not stopped at the budget'),
  'job.drainStopTimeout': publicFigure('RIP DrainStopTimeoutSeconds (180 s) aborts the worker thread in the sync flow; the export flow does not use it: off'),
  'job.jobDetailsWriteSeconds': chosen('one queue-row update'),
  'job.jobDetailsBytesPerSecond': chosen('20 MB/s to the queue table'),
  'job.jobDetailsLimitBytes': publicFigure('the JobDetails column is nvarchar(max): 2^30 characters'),
  'job.destinationFromStartTime': setting('whether the destination folder name depends on the job\'s start time'),
  'job.sharedFolderFiles': setting('other jobs\' files in the destination folder'),
  'job.statsStep': publicFigure('JobHistory ItemsTransferred grows in steps of 1000'),
  'job.tempTableRetention': chosen('like the 7-day data-source snapshot of RIP\'s sync flow'),
  budget: requirement('Near Zero Downtime: paused within 5 minutes'),
  stops: setting('no drain-stop unless a scenario asks for one'),
  'stops[].at': setting('required: when the drain-stop request comes'),
  'stops[].downtime': chosen('an agent upgrade of about 10 minutes'),
  'churn.insertsPerHour': chosen('no changes to the source unless a scenario sets them'),
  'churn.deletesPerHour': chosen('no changes to the source unless a scenario sets them'),
  'churn.entriesPerHour': chosen('no changes to the source unless a scenario sets them'),
  'churn.exitsPerHour': chosen('no changes to the source unless a scenario sets them'),
  'churn.sortKeyEditsPerHour': chosen('no changes to the source unless a scenario sets them'),
  'churn.contentEditsPerHour': chosen('no changes to the source unless a scenario sets them'),
  'faults.transientErrorProbability': chosen('no random transient errors unless a scenario sets them'),
  'faults.swarm': setting('every named fault off unless a scenario gives it a probability'),
  'faults.force': setting('no fault forced'),
  'faults.errorBurst': chosen('up to 6 minutes of 30 s retry waits'),
  'faults.stallFactor': chosen('a share twenty times slower'),
  'faults.stall': chosen('a 10-minute stall'),
  'faults.secondStopWithin': chosen('a second upgrade within 2 minutes of the first resume'),
  'faults.secondStopDowntime': chosen('a 5-minute second upgrade'),
  events: setting('scripted changes of the source and bursts of transient errors'),
};
