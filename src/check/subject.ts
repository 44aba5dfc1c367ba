import type { JobOutcome } from '../model/job.js';
import { ARTIFACT_ID_BASE } from '../model/source.js';
import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import { SeedRun, toResult } from '../simulate.js';
import type { Strategy } from '../strategies/strategy.js';
import { ReferenceSource } from './reference-source.js';

/** One simulated job that the properties judge: the scenario's own seed, one strategy. */
export interface Subject {
  scenario: Scenario;
  strategy: Strategy;
  job: JobOutcome;
  result: RunResult;
}

export function simulateSubject(scenario: Scenario, strategy: Strategy): Subject {
  const world = new SeedRun(scenario, scenario.seed);
  const job = world.job(strategy);
  return { scenario, strategy, job, result: toResult(scenario, scenario.seed, strategy, job) };
}

/** Rows of each record in the final load file, read from its segments of the row history. */
export function finalRows(job: JobOutcome): Map<number, number> {
  const rows = new Map<number, number>();
  const h = job.iapi.history;
  for (const seg of job.iapi.folders.get(job.finalFolder)?.segments ?? []) {
    for (let i = seg.from; i < seg.to; i++) rows.set(h.record[i], (rows.get(h.record[i]) ?? 0) + 1);
  }
  return rows;
}

/** Start times of the job's IAPI export runs, from its trace. */
export function runStarts(job: JobOutcome): number[] {
  return job.trace.events.filter((e) => e.kind === 'run-start').map((e) => e.t);
}

/** The scenario's data source by the plain-list reference model, at time t. */
export function referenceAt(sc: Scenario, t: number): ReferenceSource {
  return new ReferenceSource(sc.source.documents, sc.source.order, sc.events).at(t);
}

/** Up to five artifact IDs, for a person: `1000003, 1000007, ... (12 in all)`. */
export function someIds(records: readonly number[]): string {
  const shown = records.slice(0, 5).map((r) => String(ARTIFACT_ID_BASE + r));
  return `${shown.join(', ')}${records.length > 5 ? `, ... (${records.length} in all)` : ''}`;
}

/** `1 stop`, `3 stops`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a counterexample is made of: `2 documents, 1 stop and 1 scripted event`. */
export function scenarioSize(sc: Scenario): string {
  return `${plural(sc.source.documents, 'document')}, ${plural(sc.stops.length, 'stop')} and ${plural(sc.events.length, 'scripted event')}`;
}
