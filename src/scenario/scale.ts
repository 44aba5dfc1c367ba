import type { z } from 'zod';
import { defaultScenario } from './defaults.js';
import { LIMITS } from './limits.js';
import type { ScenarioFile } from './schema.js';

/**
 * How large one job of a scenario can get, from its file form with the defaults. Each product
 * below sizes an allocation or a loop of the simulator, so each has a bound (limits.ts) checked
 * when the file is loaded, before anything is allocated.
 */

type Refinement = z.RefinementCtx<ScenarioFile>;

function refuse(ctx: Refinement, path: (string | number)[], problem: string, allowed: string): void {
  ctx.addIssue({ code: 'custom', path, message: allowed, params: { problem }, input: undefined });
}

/** Adds an issue for the first combined bound the file breaks (zod superRefine). */
export function checkScale(file: ScenarioFile, ctx: Refinement): void {
  const defaults = defaultScenario();
  const documents = file.source?.documents ?? defaults.source.documents;
  const events = file.events ?? [];
  let records = documents;
  for (const [i, event] of events.entries()) {
    // Both add records to the source: new documents, and existing ones that start to match.
    if (event.kind !== 'insert' && event.kind !== 'enter') continue;
    records += event.count;
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
