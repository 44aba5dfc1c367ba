import type { z } from 'zod';
import { defaultScenario } from './defaults.js';
import { LIMITS } from './limits.js';
import type { FaultName, Scenario } from './types.js';

/**
 * How large one job of a scenario can get, from its file form with the defaults. Each product
 * below sizes an allocation or a loop of the simulator, so each has a bound (limits.ts) checked
 * when the file is loaded, before anything is allocated.
 */

/** What checkScale reads of a scenario file (schema.ts's ScenarioFile has these and more). */
interface ScaleFields {
  source?: { documents?: number };
  /** Insert and enter events add `count` records. */
  events?: readonly { kind: string; count?: number }[];
  stops?: readonly unknown[];
  faults?: { force?: { secondStop?: boolean }; swarm?: { secondStop?: number } };
  exporter?: { batchSize?: number };
  files?: { pagesPerDoc?: number };
}

type Refinement = Pick<z.RefinementCtx, 'addIssue'>;

function refuse(ctx: Refinement, path: (string | number)[], problem: string, allowed: string): void {
  ctx.addIssue({ code: 'custom', path, message: allowed, params: { problem }, input: undefined });
}

/** Adds an issue for the first combined bound the file breaks (zod superRefine). */
export function checkScale(file: ScaleFields, ctx: Refinement): void {
  const defaults = defaultScenario();
  const documents = file.source?.documents ?? defaults.source.documents;
  const events = file.events ?? [];
  let records = documents;
  for (const [i, event] of events.entries()) {
    // Both add records to the source: new documents, and existing ones that start to match.
    if (event.kind !== 'insert' && event.kind !== 'enter') continue;
    records += event.count ?? 0;
    if (records > LIMITS.records) {
      return refuse(ctx, ['events', i, event.kind, 'count'], `the source would reach ${String(records)} records (source.documents ${String(documents)} plus the inserts and entries up to here)`, `source.documents plus the counts of all insert and enter events at most ${String(LIMITS.records)}`);
    }
  }
  const secondStop = file.faults?.force?.secondStop ?? (file.faults?.swarm?.secondStop ?? 0) > 0;
  const stops = file.stops?.length ?? 0;
  const runs = 1 + stops + (secondStop ? 1 : 0);
  const runsText = `${String(runs)} export runs (the first, one per stop${secondStop ? ', one for the secondStop fault' : ''})`;
  if (runs * records > LIMITS.rowsPerJob) {
    return refuse(ctx, ['stops'], `${runsText} of up to ${String(records)} records could write ${String(runs * records)} rows`, `export runs × records at most ${String(LIMITS.rowsPerJob)} rows in a job`);
  }
  const batchSize = file.exporter?.batchSize ?? defaults.exporter.batchSize;
  const batches = runs * Math.ceil(records / batchSize);
  if (batches > LIMITS.batchesPerJob) {
    return refuse(ctx, ['exporter', 'batchSize'], `${runsText} of up to ${String(records)} records in batches of ${String(batchSize)} could run ${String(batches)} batches`, `export runs × records / batchSize at most ${String(LIMITS.batchesPerJob)} batches in a job`);
  }
  const sourceEvents = events.filter((e) => e.kind !== 'errors').length;
  if (sourceEvents * records > LIMITS.eventScans) {
    return refuse(ctx, ['events'], `${String(sourceEvents)} insert, delete, exit, edit or move events on a source of up to ${String(records)} records`, `such events × records at most ${String(LIMITS.eventScans)} (each event scans the export order)`);
  }
  const pages = records * (file.files?.pagesPerDoc ?? defaults.files.pagesPerDoc);
  if (pages > LIMITS.imagePages) {
    return refuse(ctx, ['files', 'pagesPerDoc'], `up to ${String(records)} records would have ${String(pages)} image pages`, `records × pagesPerDoc at most ${String(LIMITS.imagePages)} image pages (Opticon lines)`);
  }
}

/**
 * One job of a resolved scenario, nominally: its whole source exported once at the mean rates
 * (every batch's fixed steps, the expected transient-error retries and their waits, the
 * TotalCount query and a temp-table build), paused for the downtime of every stop that comes
 * before it ends (and of a second stop, and slowed for a stalled share's window, when those
 * faults can happen). Strategies that export again take longer and ones that fail end sooner; the
 * bounds below that rest on it are about the scenario, checked before any run starts, and the
 * model checks the exact figures again as a job runs.
 */
export interface JobEstimate {
  /** Seconds one document takes at the mean file size, and the largest (a large native, when there are any). */
  documentSeconds: number;
  largestDocumentSeconds: number;
  /** Records of the source at load (documents, inserts and entries). */
  records: number;
  batches: number;
  /** Transient-error retries (each one an event of the job's history). */
  retries: number;
  /** Busy time of one export of the whole source. */
  exportSeconds: number;
  /** Simulated time of the job, pauses included. */
  seconds: number;
  /** Changes the churn rates make over that time, and the records churn inserts and entries add. */
  churnChanges: number;
  churnRecords: number;
  /** Events of the job's history: batches, retries, stops. */
  events: number;
}

/** Expected retries of one step, from the chance that an attempt fails, at most `limit`. */
function expectedRetries(probability: number, limit: number): number {
  return probability >= 1 ? limit : Math.min(limit, probability / (1 - probability));
}

export function estimateJob(sc: Scenario): JobEstimate {
  const { files, exporter: x } = sc;
  const meanBytes = (1 - files.largeShare) * files.meanBytes + files.largeShare * files.largeBytes;
  const documentSeconds = 1 / x.docsPerSecond + meanBytes / files.bytesPerSecond;
  const largestDocumentSeconds = 1 / x.docsPerSecond + Math.max(files.meanBytes, files.largeShare > 0 ? files.largeBytes : 0) / files.bytesPerSecond;
  const records = sc.source.documents + sc.events.reduce((n, e) => n + (e.kind === 'insert' || e.kind === 'enter' ? e.count : 0), 0);
  const batches = Math.ceil(records / x.batchSize);
  // With a certain failure the first step fails after its retries; otherwise each step of a batch (prepare, download) may retry.
  const p = sc.faults.transientErrorProbability;
  const perBatch = { prepare: expectedRetries(p, x.exportErrorRetries), download: expectedRetries(p, x.ioErrorRetries) };
  const scripted = sc.events.reduce((n, e) => n + (e.kind === 'errors' ? Math.min(e.count, Math.max(x.exportErrorRetries, x.ioErrorRetries)) : 0), 0);
  const retries = (p >= 1 ? perBatch.prepare : batches * (perBatch.prepare + perBatch.download)) + scripted;
  const retryWait = p >= 1 ? perBatch.prepare * x.exportErrorWaitSeconds : batches * (perBatch.prepare * x.exportErrorWaitSeconds + perBatch.download * x.ioErrorWaitSeconds);
  const exportSeconds =
    sc.manager.totalCountSeconds + x.tempTableBaseSeconds + (x.tempTableSecondsPerMillion * records) / 1e6 + records * documentSeconds + batches * (x.prepareSeconds + x.validateSeconds + x.saveStateSeconds) + retryWait + scripted * Math.max(x.exportErrorWaitSeconds, x.ioErrorWaitSeconds);
  let seconds = exportSeconds;
  for (const stop of [...sc.stops].sort((a, b) => a.at - b.at)) if (stop.at < seconds) seconds += stop.downtime;
  const mayHave = (fault: FaultName) => sc.faults.force[fault] ?? sc.faults.swarm[fault] > 0;
  if (sc.stops.length > 0 && mayHave('secondStop')) seconds += sc.faults.secondStopDowntimeSeconds;
  // A stalled share slows the export for its window at least.
  if (sc.stops.length > 0 && mayHave('stalledShare')) seconds += sc.faults.stallSeconds;
  const c = sc.churn;
  const perHour = c.insertsPerHour + c.deletesPerHour + c.entriesPerHour + c.exitsPerHour + c.sortKeyEditsPerHour + c.contentEditsPerHour;
  const churnChanges = (perHour * seconds) / 3600;
  const churnRecords = ((c.insertsPerHour + c.entriesPerHour) * seconds) / 3600;
  return { documentSeconds, largestDocumentSeconds, records, batches, retries, exportSeconds, seconds, churnChanges, churnRecords, events: batches + retries + sc.stops.length };
}

/** Writes a count or a time for messages: whole numbers as they are, others to 3 significant digits. */
const figure = (n: number) => (Number.isSafeInteger(n) ? String(n) : Number(n.toPrecision(3)).toString());

/**
 * Adds an issue for the first bound that the scenario's nominal job (estimateJob) breaks: a
 * document's time (rates so small that times would overflow), the export's time, the churn over
 * the job's time (pauses included), and the events of its history (batches and retries).
 */
export function checkGrowth(sc: Scenario, ctx: z.RefinementCtx<Scenario>): void {
  const e = estimateJob(sc);
  const refuseHere = (path: (string | number)[], problem: string, allowed: string) => ctx.addIssue({ code: 'custom', path, message: allowed, params: { problem }, input: undefined });
  const seconds = LIMITS.seconds;
  if (!(e.largestDocumentSeconds <= seconds)) {
    const path = 1 / sc.exporter.docsPerSecond > seconds ? ['exporter', 'docsPerSecond'] : ['files', 'bytesPerSecond'];
    return refuseHere(path, `a document would take ${figure(e.largestDocumentSeconds)} s to export (1/exporter.docsPerSecond plus its files' bytes over files.bytesPerSecond)`, `rates that export a document, its largest files included, in at most ${seconds} s`);
  }
  if (!(e.exportSeconds <= seconds)) {
    return refuseHere(['exporter', 'docsPerSecond'], `exporting the source once would take ${figure(e.exportSeconds)} s (${figure(e.records)} records at ${figure(e.documentSeconds)} s each, ${figure(e.batches)} batches, ${figure(e.retries)} expected retries)`, `a source exported once in at most ${seconds} s of simulated time`);
  }
  if (e.churnChanges > LIMITS.churnChanges) {
    return refuseHere(['churn'], `about ${figure(e.churnChanges)} churn changes over the job's ${figure(e.seconds)} s (one export of the source and the downtime of its stops)`, `churn rates × the job's simulated time (pauses included) at most ${LIMITS.churnChanges} changes in a job`);
  }
  if (e.records + e.churnRecords > LIMITS.records) {
    return refuseHere(['churn'], `the source would grow to about ${figure(e.records + e.churnRecords)} records over the job's ${figure(e.seconds)} s (churn inserts and entries)`, `at most ${LIMITS.records} records in the source: fewer churn inserts or entries per hour, or shorter pauses`);
  }
  if (e.events > LIMITS.jobEvents) {
    const path = sc.faults.transientErrorProbability >= 1 ? ['exporter', 'exportErrorRetries'] : ['faults', 'transientErrorProbability'];
    return refuseHere(path, `a job would record about ${figure(e.events)} events (${figure(e.batches)} batches, ${figure(e.retries)} expected transient-error retries, ${sc.stops.length} stops)`, `at most ${LIMITS.jobEvents} events in a job: a smaller chance of transient errors, fewer retries, or larger batches`);
  }
}
