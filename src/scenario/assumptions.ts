/**
 * Behaviours of RIP and IAPI that the public facts (DOMAIN.md, the design record) leave open.
 * Each is a scenario switch under `assumptions:` with its alternatives, a default that follows the
 * public code where the code says anything, and where that reading comes from. The catalogue is
 * data: the scenario schema, docs/scenario-reference.md, `run --json` (each run's `assumptions`)
 * and the reports are all drawn from it, so an assumption cannot be used without being shown.
 */

export interface Assumptions {
  /** Does a cancel reach a file copy in progress (the token is passed into the file transfer)? */
  downloadCancellable: boolean;
  /** What Overwrite on deletes: the files it is about to rewrite, or the whole destination folder. */
  overwrite: 'per-file' | 'folder';
  /** What RIP does when the kept temp table it resumes from is gone (expired, dropped). */
  tempTableGone: 'restart' | 'fail';
  /** Resuming after a kill, RIP truncates the load files to the lengths it stored at the last pause. */
  trimAfterKill: boolean;
  /** JobHistory's ItemsTransferred: every return of ExportSearch adds its count, or a fresh run starts from 0. */
  statistics: 'additive' | 'reset';
  /** What today's job (status quo) does when the platform picks its row up after a kill. */
  afterKill: 'rerun' | 'fail';
}

export type AssumptionKey = keyof Assumptions;

export interface AssumptionSpec<K extends AssumptionKey = AssumptionKey> {
  key: K;
  /** Every value the key takes; the default first. */
  alternatives: readonly Assumptions[K][];
  default: Assumptions[K];
  /** What the switch decides, in one sentence. */
  question: string;
  /** What each alternative means. */
  meanings: Readonly<Record<string, string>>;
  /** Where the default comes from: a code file, a line of the record, or our estimate. */
  origin: string;
}

function spec<K extends AssumptionKey>(s: AssumptionSpec<K>): AssumptionSpec<K> {
  return s;
}

export const ASSUMPTIONS = [
  spec({
    key: 'downloadCancellable',
    alternatives: [true, false],
    default: true,
    question: 'Does a drain-stop reach a file copy that is in progress?',
    meanings: {
      true: 'yes: IAPI passes the cancellation token into the file transfer, and a cancelled download returns at once (before the batch writes its rows)',
      false: 'no: the cancel is seen only between the steps of a batch, so a long file copy holds the stop to its end',
    },
    origin: 'IAPI (WinEDDS) file download takes the cancellation token and catches the cancel (DOMAIN.md, "Batches")',
  }),
  spec({
    key: 'overwrite',
    alternatives: ['per-file', 'folder'],
    default: 'per-file',
    question: 'What does an export with Overwrite on delete in the destination folder?',
    meanings: {
      'per-file': "only the files it is about to rewrite and the load file: other jobs' files survive, and files of this job's earlier run that are not rewritten stay as orphans (orphanFiles)",
      folder: "the whole folder (the design record's reading): other jobs' files are deleted too (collateralDeletes)",
    },
    origin: 'IAPI ExportFileValidator.CanExport deletes each file before rewriting it; the record says Overwrite "cleans up whole folder" (DOMAIN.md, "Overwrite")',
  }),
  spec({
    key: 'tempTableGone',
    alternatives: ['restart', 'fail'],
    default: 'restart',
    question: 'What does RIP do when the kept temp table it resumes from no longer exists?',
    meanings: {
      restart: 'falls back to option 1: exports everything again into the same folder with Overwrite on (counted in fallbacks)',
      fail: 'the job fails with IAPI\'s error',
    },
    origin: 'our estimate: a RIP that builds 2.3/2.4 would catch the error and start over rather than fail the customer\'s job',
  }),
  spec({
    key: 'trimAfterKill',
    alternatives: [true, false],
    default: true,
    question: 'Resuming after a kill, does RIP cut the load files back to what the last pause left?',
    meanings: {
      true: 'yes: at each pause RIP stores the .dat/.opt lengths in JobDetails and truncates to them when resuming after a kill, so rows of the killed run are not written twice',
      false: "no: the killed run's rows stay in the load file and an appending resume from the earlier pause writes them again",
    },
    origin: 'our estimate: the record keeps the resume state in JobDetails; storing file lengths there is RIP work no IAPI change needs',
  }),
  spec({
    key: 'statistics',
    alternatives: ['additive', 'reset'],
    default: 'additive',
    question: "How does JobHistory's ItemsTransferred count a job that ran more than once?",
    meanings: {
      additive: 'every return of ExportSearch (a cancelled one too) adds its DocumentsExported to a running sum: it never goes down, and over-counts re-exported documents',
      reset: 'the record\'s reading: a run that does not append starts again from 0 ("statistics go down to 0")',
    },
    origin: "RIP's statistics mediator adds to the stored value (DOMAIN.md, \"Statistics in code\"); the record's option 1 says they go down to 0",
  }),
  spec({
    key: 'afterKill',
    alternatives: ['rerun', 'fail'],
    default: 'rerun',
    question: "What does today's job (status-quo) do when its queue row is picked up after the agent was killed?",
    meanings: {
      rerun: 'it runs again from scratch with its own settings (with Overwrite off it then fails on the load file the killed run left)',
      fail: 'the platform marks the job failed (PostExecute passed isBatchFinished=false) and it does not run again',
    },
    origin: 'not settled by the public code: PostExecute passes isBatchFinished=false after a kill; the queue row is kept (DOMAIN.md, "Today the export does not stop")',
  }),
] as const satisfies readonly AssumptionSpec[];

export const ASSUMPTION_KEYS = ASSUMPTIONS.map((a) => a.key) as AssumptionKey[];

export function defaultAssumptions(): Assumptions {
  return Object.fromEntries(ASSUMPTIONS.map((a) => [a.key, a.default])) as unknown as Assumptions;
}

export function assumptionSpec<K extends AssumptionKey>(key: K): AssumptionSpec<K> {
  return ASSUMPTIONS.find((a) => a.key === key) as unknown as AssumptionSpec<K>;
}

/** The keys whose value differs from the default, as `key: value` (for names and captions). */
export function nonDefaultAssumptions(a: Assumptions): string[] {
  return ASSUMPTIONS.filter((s) => a[s.key] !== s.default).map((s) => `${s.key}: ${String(a[s.key])}`);
}
