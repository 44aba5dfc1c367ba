import type { StopMetrics } from '../oracle/result.js';
import { FAULT_NAMES, type FaultName, type Scenario, type StopRequest } from '../scenario/types.js';
import { missingCapabilities, type JobDetails, type PauseContext, type ResumeContext, type Strategy } from '../strategies/strategy.js';
import { ChangeLog } from './change-log.js';
import { SourceChanges } from './changes.js';
import { drawFaults } from './faults.js';
import { FaultPlan, Iapi, missingCapability, type ExportRequest, type ExportResult } from './exporter.js';
import { guid, makeJobDetails } from './job-details.js';
import { stream } from './random.js';
import { ARTIFACT_ID_BASE, type DataSource } from './source.js';
import type { TempTable } from './temp-table.js';
import { Trace, type TraceEvent } from './trace.js';

export type Phase = 'manager' | 'temp-table' | 'rebuilding' | 'resuming' | 'running' | 'stopping' | 'paused' | 'down-after-kill';

export interface TimelineSegment {
  from: number;
  to: number;
  phase: Phase;
}

/** Everything a simulated job leaves behind, for the oracle, the reports and the explanations. */
export interface JobOutcome {
  /** Named faults this run had (swarm testing). */
  faults: FaultName[];
  source: DataSource;
  iapi: Iapi;
  trace: Trace;
  /** S0: the records frozen at the original start, and their versions then. */
  s0: Int32Array;
  s0Versions: Int32Array;
  /** The destination folder of the last run: the load file the job delivers. */
  finalFolder: string;
  stops: StopMetrics[];
  busySeconds: number;
  completionSeconds: number | null;
  endAt: number;
  failed: string | null;
  exportRuns: number;
  jobDetailsMaxBytes: number;
  /** Every JobDetails written, in order. */
  jobDetails: JobDetails[];
  itemsTransferred: number;
  statsRegressions: number;
  timeline: TimelineSegment[];
  /** Every change of the source, when simulated with `explain` (null otherwise). */
  changeLog: ChangeLog | null;
}

export interface SimulateOptions {
  /** Keep what the explanations read: every source change and each row's write time. */
  explain?: boolean;
}

/** JobHistory statistics: ItemsTransferred shown in steps, set to the final count at completion. */
class JobHistory {
  shown = 0;
  regressions = 0;
  constructor(private readonly step: number) {}
  show(value: number): void {
    if (value < this.shown) this.regressions++;
    this.shown = value;
  }
  progress(base: number, documents: number): void {
    this.show(base + Math.floor(documents / this.step) * this.step);
  }
}

class JobFailed extends Error {}

/**
 * The RIP job around the IAPI export: ExportManager's TotalCount query, then ExportWorker runs
 * until the export completes or fails. A drain-stop request is seen at JobStopManager's next
 * 0.5 s poll; a strategy that supports drain-stop cancels IAPI, persists JobDetails and leaves
 * the queue row DrainStopped (picked up again first after the downtime). The platform kills
 * the agent if the job has not stopped `killAfterSeconds` after the request; with RIP's
 * DrainStopTimeoutSeconds set, RIP itself aborts the worker thread that long after the stop is seen
 * (like a kill for the files and JobDetails, but the stop ends then).
 */
export function simulateJob(sc: Scenario, seed: number, strategy: Strategy, initial: DataSource, stopsOverride?: StopRequest[], options: SimulateOptions = {}): JobOutcome {
  const source = initial.clone();
  const trace = new Trace();
  const faults = drawFaults(sc, seed, stopsOverride ?? sc.stops);
  const changes = new SourceChanges(source, sc.churn, faults.events, stream(seed, 'churn'));
  const changeLog = options.explain === true ? ChangeLog.attach(source, changes) : null;
  const iapi = new Iapi({
    params: sc.exporter,
    capabilities: sc.iapi,
    source,
    changes,
    faults: new FaultPlan(sc.faults.transientErrorProbability, faults.events, stream(seed, 'faults')),
    timing: stream(seed, 'timing'),
    trace,
    sharedFolderFiles: sc.job.sharedFolderFiles,
    tempTableRetentionSeconds: sc.job.tempTableRetentionSeconds,
    stall: faults.stall,
    rowTimes: options.explain === true,
  });
  const idsRng = stream(seed, 'ids');
  const job = sc.job;
  const stopList = faults.stops;
  const newStop = (s: StopRequest): StopMetrics => ({
    signalAt: s.at,
    latencySeconds: null,
    withinBudget: true,
    hardKilled: false,
    outcome: 'not-running',
    detectedAt: null,
    resumedAt: null,
    phaseAtSignal: 'not running',
  });
  const stops: StopMetrics[] = stopList.map(newStop);
  const has = (f: FaultName) => faults.on.has(f);
  const timeline: TimelineSegment[] = [];
  const segment = (from: number, to: number, phase: Phase): void => {
    if (to > from) timeline.push({ from, to, phase });
  };
  const history = new JobHistory(job.statsStep);
  const out = {
    busy: 0,
    completion: null as number | null,
    failed: null as string | null,
    runs: 0,
    jobDetails: [] as JobDetails[],
    s0: new Int32Array(0),
    s0Versions: new Int32Array(0),
    finalFolder: sc.name,
  };
  let next = 0; // next stop request to handle
  let t = 0;

  /** Close a stop: the request `i` ended in `outcome` at time `at`. */
  const settle = (i: number, outcome: StopMetrics['outcome'], at: number): void => {
    const s = stops[i];
    s.outcome = outcome;
    s.latencySeconds = at - s.signalAt;
    s.hardKilled = outcome === 'killed';
    s.withinBudget = !s.hardKilled && s.latencySeconds <= sc.budget;
    // A failure is traced where it happens; every other ending of a stop is traced here.
    if (outcome !== 'failed' && outcome !== 'not-running') trace.emit(at, outcome, -1, i);
  };
  /** Requests that came while the job was not running (before `until`) change nothing. */
  const skipNotRunning = (until: number): void => {
    while (next < stopList.length && stopList[next].at < until) next++;
  };

  // ExportManager: TotalCount statistics query. Drain-stop is not applied to it: the agent waits
  // for it (or is killed), then the ExportWorker job is queued but not started on this agent.
  for (;;) {
    trace.emit(t, 'manager-start', -1);
    const end = t + sc.manager.totalCountSeconds;
    const i = next < stopList.length && stopList[next].at < end ? next++ : -1;
    if (i < 0) {
      segment(t, end, 'manager');
      out.busy += end - t;
      t = end;
      trace.emit(t, 'manager-done', -1);
      break;
    }
    const r = stopList[i].at;
    trace.emit(r, 'stop-requested', -1, i);
    const killAt = r + job.killAfterSeconds;
    const stoppedAt = Math.min(end, killAt);
    segment(t, stoppedAt, 'manager');
    out.busy += stoppedAt - t;
    settle(i, end <= killAt ? 'paused' : 'killed', stoppedAt);
    stops[i].phaseAtSignal = 'manager';
    t = stoppedAt + stopList[i].downtime;
    segment(stoppedAt, t, end <= killAt ? 'paused' : 'down-after-kill');
    stops[i].resumedAt = t;
    skipNotRunning(t);
    trace.emit(t, 'resumed', -1, i);
    if (end <= killAt) break; // the manager finished; the worker starts on the next agent
  }

  let details: JobDetails | null = null;
  let afterKill = false;
  let capabilitiesChecked = false;
  let currentStop = -1; // the stop request the running export will meet
  const freshFolder = (at: number): string => (job.destinationFromStartTime ? `${sc.name}_${Math.floor(at)}` : sc.name);
  const fresh = (at: number): ExportRequest => ({
    source: { kind: 'query', startAt: job.startAtRecord - 1 },
    folder: freshFolder(at),
    overwrite: job.overwrite,
    append: false,
    keepTempTableOnStop: strategy.keepTempTable,
  });

  try {
    for (let run = 0; ; run++) {
      const tStart = t;
      currentStop = -1;
      // An agent of the old version knows neither JobDetails nor drain-stop: it runs the job as today.
      const oldAgent = run === 1 && has('oldVersionAgent');
      const drainStop = strategy.drainStop && !oldAgent;
      const req = run === 0 || oldAgent ? fresh(tStart) : { ...strategy.resume(resumeContext(tStart)), keepTempTableOnStop: strategy.keepTempTable };
      out.finalFolder = req.folder;
      const i = next < stopList.length ? next : -1;
      currentStop = i;
      const r = i >= 0 ? stopList[i].at : Infinity;
      const detect = drainStop && i >= 0 ? tStart + Math.ceil((r - tStart) / job.pollSeconds - 1e-9) * job.pollSeconds : Infinity;
      const killAt = r + job.killAfterSeconds;
      // RIP's DrainStopTimeoutSeconds: the worker thread is aborted this long after the stop is seen.
      const abortAt = detect < Infinity && job.drainStopTimeoutSeconds !== null ? detect + job.drainStopTimeoutSeconds : Infinity;
      const deadline = Math.min(killAt, abortAt);
      /** Who ended a run cut off at `at`: RIP's thread abort, or the platform's kill. */
      const cutBy = (at: number): 'aborted' | 'killed' => (at === abortAt && abortAt < killAt ? 'aborted' : 'killed');
      const base = req.append ? (details?.itemsTransferred ?? 0) : 0;
      history.show(base);
      trace.emit(tStart, 'run-start', run, req.source.kind === 'query' ? req.source.startAt : req.source.kind === 'temp-table' ? req.source.skip : req.source.ids.length, 0, `${req.source.kind} ${req.folder}${req.append ? ' append' : ''}${req.overwrite ? ' overwrite' : ''}`);
      if (i >= 0) trace.emit(r, 'stop-requested', run, i);
      if (detect < Infinity) trace.emit(detect, 'stop-detected', run, i);
      const res = iapi.run(req, run, tStart, detect, deadline, i === 0 && has('killBeforeJobDetails'));
      out.runs++;
      if (run === 0 && res.table !== null) freezeS0(res.table, req);
      recordRunTimeline(run, tStart, res, i, detect);
      history.progress(base, res.documentsExported);
      out.busy += res.at - tStart;
      t = res.at;

      if (res.end === 'completed') {
        history.show(base + res.documentsExported);
        out.completion = t;
        if (i >= 0 && r <= t) settleAndSkip(i, 'completed', t);
        trace.emit(t, 'completed', run, iapi.folder(req.folder).rows);
        break;
      }
      if (res.end === 'failed') throw new JobFailed(res.error ?? 'export failed');
      if (res.end === 'killed') {
        settleAndSkip(i, cutBy(t), t);
        afterKill = true;
        t = resumeAfter(i, t, 'down-after-kill');
        continue;
      }
      // Cancelled by the drain-stop: RIP persists the strategy's JobDetails, then the row is DrainStopped.
      const pausedDetails = pauseDetails(res, req, t, base + res.documentsExported);
      const writeEnd = t + job.jobDetailsWriteSeconds + pausedDetails.bytes / job.jobDetailsBytesPerSecond;
      const killedAt = i === 0 && has('killDuringJobDetailsWrite') ? (t + writeEnd) / 2 : deadline;
      out.busy += Math.min(writeEnd, killedAt) - t;
      if (writeEnd > killedAt) {
        // Killed while writing JobDetails: the update does not commit, the previous JobDetails stay.
        segment(t, killedAt, 'stopping');
        t = killedAt;
        settleAndSkip(i, cutBy(t), t);
        afterKill = true;
        t = resumeAfter(i, t, 'down-after-kill');
        continue;
      }
      segment(t, writeEnd, 'stopping');
      t = writeEnd;
      details = pausedDetails;
      out.jobDetails.push(details);
      afterKill = false;
      settleAndSkip(i, 'paused', t);
      if (i === 0 && has('tempTableDropped')) {
        const at = t + faults.dropShare * stopList[i].downtime;
        for (const tb of iapi.tables) if (tb.keptAt !== null && tb.existsAt(at)) tb.drop(at, 'dropped by database maintenance during the pause');
      }
      t = resumeAfter(i, t, 'paused');
    }
  } catch (e) {
    if (!(e instanceof JobFailed)) throw e;
    out.failed = e.message;
    trace.emit(t, 'failed', -1, 0, 0, e.message);
    if (currentStop >= 0 && stops[currentStop].signalAt <= t && stops[currentStop].latencySeconds === null) settleAndSkip(currentStop, 'failed', t);
  }

  // Retry waits picked out once: scanning every event of the history for each stop request cost
  // stops × batches (thousands of stops on a job of millions of batches never ended).
  const retryWaits = trace.events.filter((e) => e.kind === 'retry');
  for (const s of stops) if (s.phaseAtSignal === 'not running') s.phaseAtSignal = phaseAt(s.signalAt, retryWaits);
  const endAt = t;
  // The oracle judges the final file against the live source when the job ends, not at the last batch's prepare.
  changes.advanceTo(endAt);
  for (const tb of iapi.tables) tb.settleRetention();
  // The fingerprint covers every row written, not only the events.
  const h = iapi.history;
  trace.mixInts(h.record, h.length);
  trace.mixInts(h.version, h.length);
  trace.mixInts(h.run, h.length);

  return {
    faults: FAULT_NAMES.filter(has),
    source,
    iapi,
    trace,
    s0: out.s0,
    s0Versions: out.s0Versions,
    finalFolder: out.finalFolder,
    stops,
    busySeconds: out.busy,
    completionSeconds: out.completion,
    endAt,
    failed: out.failed,
    exportRuns: out.runs,
    jobDetailsMaxBytes: out.jobDetails.reduce((m, d) => Math.max(m, d.bytes), 0),
    jobDetails: out.jobDetails,
    itemsTransferred: history.shown,
    statsRegressions: history.regressions,
    timeline,
    changeLog,
  };

  function settleAndSkip(i: number, outcome: StopMetrics['outcome'], at: number): void {
    settle(i, outcome, at);
    next = i + 1;
  }

  /** The job is down for the stop's downtime, then picked up again (DrainStopped rows first). */
  function resumeAfter(i: number, at: number, phase: Phase): number {
    const until = at + stopList[i].downtime;
    segment(at, until, phase);
    stops[i].resumedAt = until;
    skipNotRunning(until);
    trace.emit(until, 'resumed', -1, i);
    if (i === 0 && has('secondStop')) {
      // Another drain-stop soon after the first resume (a second agent upgraded in the same window).
      const second = { at: until + faults.secondStopAfter, downtime: sc.faults.secondStopDowntimeSeconds };
      let k = next;
      while (k < stopList.length && stopList[k].at <= second.at) k++;
      stopList.splice(k, 0, second);
      stops.splice(k, 0, newStop(second));
    }
    return until;
  }

  /** S0: the first run's frozen records from its start number, with their versions at the freeze. */
  function freezeS0(table: TempTable, req: ExportRequest): void {
    const start = req.source.kind === 'query' ? Math.min(req.source.startAt, table.rowCount) : 0;
    out.s0 = table.records.slice(start);
    out.s0Versions = table.versions!.slice(start);
  }

  function pauseDetails(res: ExportResult, req: ExportRequest, at: number, items: number): JobDetails {
    if (!capabilitiesChecked) {
      capabilitiesChecked = true;
      const [missing] = missingCapabilities(strategy, sc.iapi);
      if (missing !== undefined) throw new JobFailed(missingCapability(missing, `strategy '${strategy.id}'`));
    }
    const table = res.table!;
    const ctx: PauseContext = {
      at,
      documentsExported: res.documentsExported,
      request: req,
      previous: details,
      keptTempTable: () => {
        if (!sc.iapi.keepTempTable) throw new JobFailed(missingCapability('keepTempTable', `strategy '${strategy.id}'`));
        return { id: table.id, durablePosition: res.durablePosition, rowCount: table.rowCount };
      },
      remainingIds: () => {
        if (!sc.iapi.exportByArtifactIds) throw new JobFailed(missingCapability('exportByArtifactIds', `strategy '${strategy.id}'`));
        return table.records.slice(res.durablePosition);
      },
    };
    const d = makeJobDetails(strategy.pause(ctx), guid(idsRng), items, ARTIFACT_ID_BASE);
    if (d.bytes > job.jobDetailsLimitBytes) {
      throw new JobFailed(`JobDetails of ${d.bytes} bytes exceed the queue row's limit of ${job.jobDetailsLimitBytes} bytes.`);
    }
    return d;
  }

  function resumeContext(at: number): ResumeContext {
    return {
      at,
      details,
      afterKill,
      job,
      fresh: () => fresh(at),
      lastRowKey: (folder) => {
        const f = iapi.folders.get(folder);
        const last = f === undefined ? -1 : f.lastRow();
        return last < 0 ? null : iapi.history.key[last];
      },
      queryAfterKey: (key) => {
        changes.advanceTo(at);
        return key === null ? source.snapshot() : source.liveAfterKey(key);
      },
      readTempTable: (id, from) => {
        if (!sc.iapi.keepTempTable) throw new JobFailed(missingCapability('keepTempTable', `strategy '${strategy.id}'`));
        const table = iapi.table(id);
        if (table === undefined || !table.existsAt(at)) throw new JobFailed(`Temp table ${id} no longer exists (${table?.goneBecause ?? 'unknown id'}).`);
        return table.records.slice(from);
      },
    };
  }

  function recordRunTimeline(run: number, tStart: number, res: ExportResult, stop: number, detectedAt: number): void {
    const built = trace.events.findLast((e) => e.run === run && (e.kind === 'table-built' || e.kind === 'table-reused'));
    const tableEnd = built === undefined ? res.at : Math.min(built.t, res.at);
    segment(tStart, tableEnd, run === 0 ? 'temp-table' : built?.kind === 'table-reused' ? 'resuming' : 'rebuilding');
    const stopFrom = Math.max(tableEnd, Math.min(detectedAt, res.at));
    segment(tableEnd, stopFrom, 'running');
    segment(stopFrom, res.at, res.end === 'cancelled' || res.end === 'killed' ? 'stopping' : 'running');
    if (stop >= 0 && detectedAt <= res.at) stops[stop].detectedAt = detectedAt;
  }

  function phaseAt(at: number, retryWaits: readonly TraceEvent[]): string {
    const retry = retryWaits.find((e) => e.t <= at && at < e.t + e.b);
    if (retry !== undefined) return 'retry-wait';
    const seg = timeline.find((s) => s.from <= at && at < s.to);
    if (seg === undefined) return 'ended';
    // A request that lands as the poll sees it is still met by a running batch.
    return seg.phase === 'running' || seg.phase === 'stopping' ? 'batch' : seg.phase;
  }
}
