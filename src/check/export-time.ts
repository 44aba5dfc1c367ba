import { FaultPlan } from '../model/exporter.js';
import { drawFaults, type RunFaults } from '../model/faults.js';
import { tempTableBuildEnd } from '../model/temp-table.js';
import type { Scenario } from '../scenario/types.js';
import { initialSource } from '../simulate.js';
import { ReferenceSource } from './reference-source.js';

/**
 * When the status quo's first drain-stop request ends, and how long after the request: the
 * status quo ignores the request, so the stop lasts as long as the rest of the export (or of the
 * TotalCount query, for a request during it). Computed from the scenario alone, not from the
 * simulator's timeline: TotalCount time, the temp-table build, then per batch the prepare step,
 * the documents' own times (those deleted by the end of the prepare step have no row; the
 * stalledShare window slows the share), validate and save state, with IAPI's 30 s retry waits
 * for each failed step attempt. Needs a scenario without jitter and without random transient
 * errors. Null without stop requests.
 */
export function statusQuoStop(sc: Scenario): { signalAt: number; remaining: number } | null {
  if (sc.exporter.jitter !== 0 || sc.faults.transientErrorProbability !== 0) throw new Error('statusQuoStop needs exact step times (jitter 0, no random errors)');
  const faults = drawFaults(sc, sc.seed, sc.stops);
  const stop = faults.stops[0];
  if (stop === undefined) return null;
  const manager = sc.manager.totalCountSeconds;
  const end = stop.at < manager ? manager : exportEnd(sc, faults);
  return { signalAt: stop.at, remaining: Math.max(0, end - stop.at) };
}

/** When the first export run ends (completed, or failed after exhausting its retries) if nothing stops it. */
function exportEnd(sc: Scenario, faults: RunFaults): number {
  const p = sc.exporter;
  const source = new ReferenceSource(sc.source.documents, sc.source.order, sc.events);
  let t = sc.manager.totalCountSeconds;
  const table = source.at(t).live.slice();
  const seconds = initialSource({ ...sc, source: { ...sc.source, documents: source.size } }, sc.seed).seconds;
  // The scripted error bursts only: a burst makes the next `count` step attempts fail (no random errors here).
  const errors = new FaultPlan(0, faults.events, () => 1);
  const stall = faults.stall;
  /** IAPI's retries of a step; false when they run out (the export fails at t). */
  const retried = (retries: number, wait: number): boolean => {
    for (let attempt = 0; errors.fails(t); attempt++) {
      if (attempt >= retries) return false;
      t += wait;
    }
    return true;
  };
  t += tempTableBuildEnd(p, 0, table.length);
  for (let from = 0; from < table.length; from += p.batchSize) {
    if (!retried(p.exportErrorRetries, p.exportErrorWaitSeconds)) return t;
    t += p.prepareSeconds;
    source.at(t);
    if (!retried(p.ioErrorRetries, p.ioErrorWaitSeconds)) return t;
    for (const r of table.slice(from, from + p.batchSize)) {
      if (source.deleted.has(r)) continue;
      t += t >= stall.from && t < stall.to ? seconds[r] * stall.factor : seconds[r];
    }
    t += p.validateSeconds;
    t += p.saveStateSeconds;
  }
  return t;
}
