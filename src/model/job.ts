import type { StopMetrics } from '../oracle/result.js';
import { FAULT_NAMES, type FaultName, type Scenario, type StopRequest } from '../scenario/types.js';
import { FOLDER, missingCapabilities, startOver, type DetailValue, type JobDetails, type Strategy } from '../strategies/strategy.js';
import { LIMITS } from '../scenario/limits.js';
import { Arena } from './arena.js';
import { ChangeLog } from './change-log.js';
import { SourceChanges } from './changes.js';
import { CapabilityOff, pauseContext, resumeContext, TempTableGone } from './contexts.js';
import { drawFaults, type RunFaults } from './faults.js';
import { FaultPlan, Iapi, missingCapability, type ExportRequest, type ExportResult } from './exporter.js';
import { JobHistory } from './job-history.js';
import { guid, makeJobDetails } from './job-details.js';
import { stream, type Rng } from './random.js';
import { ARTIFACT_ID_BASE, DataSource, type SourceStart } from './source.js';
import { FrozenVersions, type TempTable } from './temp-table.js';
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
  s0Frozen: FrozenVersions;
  /** S0's versions as one array (a shared arena's job may keep only the edited ones in s0Frozen: built on each read). */
  readonly s0Versions: Int32Array;
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
  /** Times RIP fell back to option 1 because the kept temp table it resumes from was gone. */
  fallbacks: number;
  /** Agent seconds RIP spent reading load files to resume (counting rows, reading the last row). */
  loadFileReadSeconds: number;
  /** Agent seconds RIP spent querying the data source to resume. */
  resumeQuerySeconds: number;
  timeline: TimelineSegment[];
  /** Every change of the source, when simulated with `explain` (null otherwise). */
  changeLog: ChangeLog | null;
  /** The memory the outcome's arrays live in: a shared arena's next job reuses it. */
  arena: Arena;
}

export interface SimulateOptions {
  /** Keep what the explanations read: every source change and each row's write time. */
  explain?: boolean;
  /**
   * Run in this arena. A shared one (the suite's fast path) reuses its memory for every job: the
   * outcome is valid until the arena's next job, and its row history keeps each batch's last key
   * only. Default: a private arena, the outcome owns its memory.
   */
  arena?: Arena;
}

/** The job ends as failed; the message is the job's error. */
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
export function simulateJob(sc: Scenario, seed: number, strategy: Strategy, initial: DataSource | SourceStart, stopsOverride?: StopRequest[], options: SimulateOptions = {}): JobOutcome {
  return new Job(sc, seed, strategy, initial, stopsOverride, options).simulate();
}

/** One simulated job: the world it runs in, its state as it goes, and one method per step. */
class Job {
  private readonly source: DataSource;
  private readonly trace: Trace;
  private readonly faults: RunFaults;
  private readonly changes: SourceChanges;
  private readonly changeLog: ChangeLog | null;
  private readonly iapi: Iapi;
  private readonly idsRng: Rng;
  private readonly stopList: StopRequest[];
  private readonly stops: StopMetrics[];
  private readonly timeline: TimelineSegment[] = [];
  private readonly history: JobHistory;
  private readonly arena: Arena;

  private t = 0;
  /** Next stop request to handle. */
  private next = 0;
  /** The stop request the running export will meet (-1: none). */
  private currentStop = -1;
  private busy = 0;
  private completion: number | null = null;
  private failed: string | null = null;
  private runs = 0;
  private readonly written: JobDetails[] = [];
  private details: JobDetails | null = null;
  private afterKill = false;
  private capabilitiesChecked = false;
  /** What the strategy asked RIP to remember for the run in progress. */
  private memo: Record<string, DetailValue> = {};
  /** The request of the next run when RIP already decided it (a fallback). */
  private pending: ExportRequest | null = null;
  private s0: Int32Array = new Int32Array(0);
  private s0Frozen = NONE_FROZEN;
  private finalFolder: string;
  private fallbacks = 0;
  private loadFileReadSeconds = 0;
  private resumeQuerySeconds = 0;

  constructor(
    private readonly sc: Scenario,
    seed: number,
    private readonly strategy: Strategy,
    initial: DataSource | SourceStart,
    stopsOverride: StopRequest[] | undefined,
    options: SimulateOptions,
  ) {
    const arena = options.arena ?? new Arena(false);
    arena.prepare(sc);
    arena.lists.reset();
    this.arena = arena;
    this.source = initial instanceof DataSource ? DataSource.copy(initial, arena) : DataSource.start(initial, arena);
    this.trace = new Trace(LIMITS.jobEvents, arena);
    this.faults = drawFaults(sc, seed, stopsOverride ?? sc.stops);
    this.changes = new SourceChanges(this.source, sc.churn, this.faults.events, stream(seed, 'churn'));
    this.changeLog = options.explain === true ? ChangeLog.attach(this.source, this.changes) : null;
    this.iapi = new Iapi({
      params: sc.exporter,
      capabilities: sc.iapi,
      source: this.source,
      changes: this.changes,
      faults: new FaultPlan(sc.faults.transientErrorProbability, this.faults.events, stream(seed, 'faults')),
      timing: stream(seed, 'timing'),
      trace: this.trace,
      sharedFolderFiles: sc.job.sharedFolderFiles,
      tempTableRetentionSeconds: sc.job.tempTableRetentionSeconds,
      stall: this.faults.stall,
      downloadCancellable: sc.assumptions.downloadCancellable,
      overwrite: sc.assumptions.overwrite,
      rowTimes: options.explain === true,
      rowKeys: !arena.shared || options.explain === true,
      arena,
    });
    this.idsRng = stream(seed, 'ids');
    this.stopList = this.faults.stops;
    this.stops = this.stopList.map(newStop);
    this.history = new JobHistory(sc.job.statsStep, sc.assumptions.statistics);
    this.finalFolder = sc.name;
  }

  simulate(): JobOutcome {
    if (this.runManager()) {
      try {
        for (let run = 0; !this.exportRun(run); run++);
      } catch (e) {
        if (e instanceof CapabilityOff) this.fail(e.message);
        else if (e instanceof JobFailed) this.fail(e.message);
        else throw e;
      }
    }
    return this.outcome();
  }

  private has(f: FaultName): boolean {
    return this.faults.on.has(f);
  }

  private segment(from: number, to: number, phase: Phase): void {
    if (to > from) this.timeline.push({ from, to, phase });
  }

  // --- ExportManager ------------------------------------------------------------------------

  /**
   * ExportManager's TotalCount statistics query. Drain-stop is not applied to it: the agent waits
   * for it (or is killed), then the ExportWorker job is queued but not started on this agent.
   * Returns whether it creates an ExportWorker: not when the TotalCount is 0 (the job ends empty).
   */
  private runManager(): boolean {
    const { sc, trace, stopList, stops } = this;
    let doneAt = 0;
    for (;;) {
      trace.emit(this.t, 'manager-start', -1);
      const end = this.t + sc.manager.totalCountSeconds;
      const i = this.next < stopList.length && stopList[this.next].at < end ? this.next++ : -1;
      doneAt = end;
      if (i < 0) {
        this.segment(this.t, end, 'manager');
        this.busy += end - this.t;
        this.t = end;
        trace.emit(this.t, 'manager-done', -1);
        break;
      }
      const r = stopList[i].at;
      trace.emit(r, 'stop-requested', -1, i);
      const killAt = r + sc.job.killAfterSeconds;
      const stoppedAt = Math.min(end, killAt);
      this.segment(this.t, stoppedAt, 'manager');
      this.busy += stoppedAt - this.t;
      this.settle(i, end <= killAt ? 'paused' : 'killed', stoppedAt);
      stops[i].phaseAtSignal = 'manager';
      this.t = stoppedAt + stopList[i].downtime;
      this.segment(stoppedAt, this.t, end <= killAt ? 'paused' : 'down-after-kill');
      stops[i].resumedAt = this.t;
      this.skipNotRunning(this.t);
      trace.emit(this.t, 'resumed', -1, i);
      if (end <= killAt) break; // the manager finished; the worker starts on the next agent
    }
    // The TotalCount is the query's size when ExportManager ran it, at its end.
    this.changes.advanceTo(doneAt);
    if (this.source.liveCount() > 0) return true;
    // ExportManager creates no ExportWorker for a TotalCount of 0: the job ended with it, with no load file.
    this.completion = doneAt;
    trace.emit(this.t, 'completed', -1, 0, 0, 'TotalCount 0: no ExportWorker');
    return false;
  }

  // --- One IAPI export run ------------------------------------------------------------------

  /** A fresh run of the job, as RIP starts it today: the query from StartExportAtRecord, the job's own Overwrite. */
  private fresh(at: number): ExportRequest {
    const job = this.sc.job;
    return {
      source: { kind: 'query', startAt: job.startAtRecord - 1 },
      folder: job.destinationFromStartTime ? `${this.sc.name}_${Math.floor(at)}` : this.sc.name,
      overwrite: job.overwrite,
      append: false,
      keepTempTableOnStop: this.strategy.keepTempTable,
    };
  }

  /** One ExportSearch call and what follows it; true when the job is over (completed). */
  private exportRun(run: number): boolean {
    const { sc, trace, stopList } = this;
    // An agent of the old version knows neither JobDetails nor drain-stop: it runs the job as today.
    const oldAgent = run === 1 && this.has('oldVersionAgent');
    const drainStop = this.strategy.drainStop && !oldAgent;
    const req = this.requestFor(run, oldAgent);
    if (req === null) return true;
    const tStart = this.t;
    this.finalFolder = req.folder;
    const i = this.next < stopList.length ? this.next : -1;
    this.currentStop = i;
    const r = i >= 0 ? stopList[i].at : Infinity;
    const job = sc.job;
    const detect = drainStop && i >= 0 ? tStart + Math.ceil((r - tStart) / job.pollSeconds - 1e-9) * job.pollSeconds : Infinity;
    const killAt = r + job.killAfterSeconds;
    // RIP's DrainStopTimeoutSeconds: the worker thread is aborted this long after the stop is seen.
    const abortAt = detect < Infinity && job.drainStopTimeoutSeconds !== null ? detect + job.drainStopTimeoutSeconds : Infinity;
    const deadline = Math.min(killAt, abortAt);
    const base = this.history.base(req.append, this.details?.itemsTransferred);
    this.history.show(base);
    trace.emit(tStart, 'run-start', run, requestSize(req), 0, `${req.source.kind} ${req.folder}${req.append ? ' append' : ''}${req.overwrite ? ' overwrite' : ''}`);
    if (i >= 0) trace.emit(r, 'stop-requested', run, i);
    if (detect < Infinity) trace.emit(detect, 'stop-detected', run, i);
    const res = this.iapi.run(req, run, tStart, detect, deadline, i === 0 && this.has('killBeforeJobDetails'));
    this.runs++;
    if (run === 0 && res.table !== null) this.freezeS0(res.table, req);
    this.recordRunTimeline(run, tStart, res, i, detect);
    this.history.progress(base, res.documentsExported);
    this.busy += res.at - tStart;
    this.t = res.at;
    /** Who ended a run cut off at `at`: RIP's thread abort, or the platform's kill. */
    const cutBy = (at: number): 'aborted' | 'killed' => (at === abortAt && abortAt < killAt ? 'aborted' : 'killed');

    switch (res.end) {
      case 'completed':
        this.history.returned(base, res.documentsExported);
        this.history.show(base + res.documentsExported);
        this.completion = this.t;
        if (i >= 0 && r <= this.t) this.settleAndSkip(i, 'completed', this.t);
        trace.emit(this.t, 'completed', run, this.iapi.folder(req.folder).rows);
        return true;
      case 'failed':
        if (res.tableGone && sc.assumptions.tempTableGone === 'restart') {
          this.pending = this.fallBack(res.error!);
          return false;
        }
        throw new JobFailed(res.error ?? 'export failed');
      case 'killed':
        this.settleAndSkip(i, cutBy(this.t), this.t);
        this.afterKill = true;
        this.t = this.resumeAfter(i, this.t, 'down-after-kill');
        return false;
      case 'cancelled':
        this.history.returned(base, res.documentsExported);
        return this.pause(res, req, i, base + res.documentsExported, deadline, cutBy);
    }
  }

  /** The request of run `run`: the fresh first run, a decided fallback, or the strategy's resume; null: nothing left to export. */
  private requestFor(run: number, oldAgent: boolean): ExportRequest | null {
    const keep = this.strategy.keepTempTable;
    this.memo = {};
    if (run === 0 || oldAgent) return this.fresh(this.t);
    this.freeLists();
    if (this.pending !== null) {
      const req = this.pending;
      this.pending = null;
      return req;
    }
    if (this.afterKill) this.recoverAfterKill();
    const req = this.resume();
    if (req.source.kind === 'ids' && req.source.ids.length === 0) {
      // RIP built the list itself and it is empty: nothing is left to export, the job completes.
      this.completion = this.t;
      this.trace.emit(this.t, 'completed', run, this.iapi.folder(req.folder).rows, 0, 'nothing left to export');
      this.finalFolder = req.folder;
      return null;
    }
    return { ...req, keepTempTableOnStop: keep };
  }

  /**
   * Before a resume, in a shared arena: give back the memory of the lists nothing can read again,
   * temp tables that are gone (but the first, which holds S0) and ID lists the JobDetails do not hold.
   */
  private freeLists(): void {
    if (!this.arena.shared) return;
    const live: (Int32Array | null | undefined)[] = [this.details?.ids];
    for (const tb of this.iapi.tables) {
      if (tb.id === 0) live.push(tb.records, tb.versions?.list);
      else if (tb.existsAt(this.t)) live.push(tb.records);
    }
    this.arena.lists.keepOnly(live);
  }

  // --- Pause ----------------------------------------------------------------------------------

  /**
   * Cancelled by the drain-stop: RIP persists the strategy's JobDetails (with the load file's
   * lengths, assumption trimAfterKill), then the row is DrainStopped until the downtime ends.
   */
  private pause(res: ExportResult, req: ExportRequest, i: number, items: number, deadline: number, cutBy: (at: number) => 'aborted' | 'killed'): boolean {
    const { sc, stopList } = this;
    const paused = this.pauseDetails(res, req, items);
    const writeEnd = this.t + sc.job.jobDetailsWriteSeconds + paused.bytes / sc.job.jobDetailsBytesPerSecond;
    const killedAt = i === 0 && this.has('killDuringJobDetailsWrite') ? (this.t + writeEnd) / 2 : deadline;
    this.busy += Math.min(writeEnd, killedAt) - this.t;
    if (writeEnd > killedAt) {
      // Killed while writing JobDetails: the update does not commit, the previous JobDetails stay.
      this.segment(this.t, killedAt, 'stopping');
      this.t = killedAt;
      this.settleAndSkip(i, cutBy(this.t), this.t);
      this.afterKill = true;
      this.t = this.resumeAfter(i, this.t, 'down-after-kill');
      return false;
    }
    this.segment(this.t, writeEnd, 'stopping');
    this.t = writeEnd;
    this.details = paused;
    this.written.push(paused);
    this.afterKill = false;
    this.settleAndSkip(i, 'paused', this.t);
    if (i === 0 && this.has('tempTableDropped')) {
      const at = this.t + this.faults.dropShare * stopList[i].downtime;
      for (const tb of this.iapi.tables) if (tb.keptAt !== null && tb.existsAt(at)) tb.drop(at, 'dropped by database maintenance during the pause');
    }
    this.t = this.resumeAfter(i, this.t, 'paused');
    return false;
  }

  private pauseDetails(res: ExportResult, req: ExportRequest, items: number): JobDetails {
    const { sc, strategy } = this;
    if (!this.capabilitiesChecked) {
      this.capabilitiesChecked = true;
      const [missing] = missingCapabilities(strategy, sc.iapi);
      if (missing !== undefined) throw new JobFailed(missingCapability(missing, `strategy '${strategy.id}'`));
    }
    const ctx = pauseContext(strategy, sc.iapi, { at: this.t, result: res, request: req, previous: this.details, memo: this.memo });
    const rows = this.iapi.folder(req.folder).rows;
    const d = makeJobDetails(strategy.pause(ctx), guid(this.idsRng), items, rows, ARTIFACT_ID_BASE);
    if (d.bytes > sc.job.jobDetailsLimitBytes) {
      throw new JobFailed(`JobDetails of ${d.bytes} bytes exceed the queue row's limit of ${sc.job.jobDetailsLimitBytes} bytes.`);
    }
    return d;
  }

  // --- Resume ---------------------------------------------------------------------------------

  /**
   * The queue row is picked up again: the strategy decides the request from what it may read
   * (contexts.ts). RIP's own reads are charged before the export starts. A kept temp table that is
   * gone is the assumption `tempTableGone`.
   */
  private resume(): ExportRequest {
    const { sc, strategy } = this;
    let readSeconds = 0;
    let req: ExportRequest;
    try {
      req = strategy.resume(
        resumeContext(strategy, {
          at: this.t,
          details: this.details,
          afterKill: this.afterKill,
          job: sc.job,
          manager: sc.manager,
          iapi: this.iapi,
          capabilities: sc.iapi,
          source: this.source,
          changes: this.changes,
          fresh: () => this.fresh(this.t),
          remember: (memo) => {
            this.memo = { ...memo };
          },
          charge: (kind, seconds) => {
            readSeconds += seconds;
            if (kind === 'loadFile') this.loadFileReadSeconds += seconds;
            else this.resumeQuerySeconds += seconds;
          },
        }),
      );
    } catch (e) {
      if (!(e instanceof TempTableGone)) throw e;
      if (sc.assumptions.tempTableGone === 'fail') throw new JobFailed(e.message);
      req = this.fallBack(e.message);
    }
    if (readSeconds > 0) {
      this.segment(this.t, this.t + readSeconds, 'resuming');
      this.busy += readSeconds;
      this.t += readSeconds;
    }
    return req;
  }

  /**
   * The kept temp table is gone (expired, dropped): RIP falls back to option 1 in the same folder,
   * exporting everything again with Overwrite on (assumption tempTableGone: restart).
   */
  private fallBack(reason: string): ExportRequest {
    this.fallbacks++;
    this.memo = {};
    this.trace.emit(this.t, 'fallback', -1, this.fallbacks, 0, reason);
    return { ...startOver({ fresh: () => this.fresh(this.t), details: this.details }), keepTempTableOnStop: this.strategy.keepTempTable };
  }

  /**
   * Picked up after a kill. Today's job (no drain-stop) meets the assumption `afterKill`. A job
   * that paused before trims its load files back to the lengths stored at that pause (assumption
   * trimAfterKill), so the killed run's rows are not written twice by a resume from that pause.
   */
  private recoverAfterKill(): void {
    const { sc, strategy, details } = this;
    if (!strategy.drainStop && sc.assumptions.afterKill === 'fail') {
      throw new JobFailed('The agent was killed during the export; the job was marked failed and is not run again (assumption afterKill: fail).');
    }
    if (details === null || !sc.assumptions.trimAfterKill) return;
    const name = details.params[FOLDER];
    const folder = typeof name === 'string' ? this.iapi.folders.get(name) : undefined;
    if (folder === undefined || !folder.loadFileExists || folder.rows <= details.loadFileRows) return;
    folder.truncate(this.t, details.loadFileRows);
    this.trace.emit(this.t, 'trimmed', -1, details.loadFileRows);
  }

  // --- Stops ----------------------------------------------------------------------------------

  /** Close a stop: the request `i` ended in `outcome` at time `at`. */
  private settle(i: number, outcome: StopMetrics['outcome'], at: number): void {
    const s = this.stops[i];
    s.outcome = outcome;
    s.latencySeconds = at - s.signalAt;
    s.hardKilled = outcome === 'killed';
    s.withinBudget = !s.hardKilled && s.latencySeconds <= this.sc.budget;
    // A failure is traced where it happens; every other ending of a stop is traced here.
    if (outcome !== 'failed' && outcome !== 'not-running') this.trace.emit(at, outcome, -1, i);
  }

  private settleAndSkip(i: number, outcome: StopMetrics['outcome'], at: number): void {
    this.settle(i, outcome, at);
    this.next = i + 1;
  }

  /** Requests that came while the job was not running (before `until`) change nothing. */
  private skipNotRunning(until: number): void {
    while (this.next < this.stopList.length && this.stopList[this.next].at < until) this.next++;
  }

  /** The job is down for the stop's downtime, then picked up again (DrainStopped rows first). */
  private resumeAfter(i: number, at: number, phase: Phase): number {
    const { stopList, stops } = this;
    const until = at + stopList[i].downtime;
    this.segment(at, until, phase);
    stops[i].resumedAt = until;
    this.skipNotRunning(until);
    this.trace.emit(until, 'resumed', -1, i);
    if (i === 0 && this.has('secondStop')) {
      // Another drain-stop soon after the first resume (a second agent upgraded in the same window).
      const second = { at: until + this.faults.secondStopAfter, downtime: this.sc.faults.secondStopDowntimeSeconds };
      let k = this.next;
      while (k < stopList.length && stopList[k].at <= second.at) k++;
      stopList.splice(k, 0, second);
      stops.splice(k, 0, newStop(second));
    }
    return until;
  }

  // --- The end --------------------------------------------------------------------------------

  private fail(message: string): void {
    this.failed = message;
    this.trace.emit(this.t, 'failed', -1, 0, 0, message);
    const i = this.currentStop;
    if (i >= 0 && this.stops[i].signalAt <= this.t && this.stops[i].latencySeconds === null) this.settleAndSkip(i, 'failed', this.t);
  }

  /** S0: the first run's frozen records from its start number, with their versions at the freeze. */
  private freezeS0(table: TempTable, req: ExportRequest): void {
    const start = req.source.kind === 'query' ? Math.min(req.source.startAt, table.rowCount) : 0;
    // Views of the first table, which the job keeps to its end.
    this.s0 = table.records.subarray(start);
    this.s0Frozen = table.versions!.from(start);
  }

  private recordRunTimeline(run: number, tStart: number, res: ExportResult, stop: number, detectedAt: number): void {
    const built = this.tableEvent(run);
    const tableEnd = built === undefined ? res.at : Math.min(built.t, res.at);
    this.segment(tStart, tableEnd, run === 0 ? 'temp-table' : built?.kind === 'table-reused' ? 'resuming' : 'rebuilding');
    const stopFrom = Math.max(tableEnd, Math.min(detectedAt, res.at));
    this.segment(tableEnd, stopFrom, 'running');
    this.segment(stopFrom, res.at, res.end === 'cancelled' || res.end === 'killed' ? 'stopping' : 'running');
    if (stop >= 0 && detectedAt <= res.at) this.stops[stop].detectedAt = detectedAt;
  }

  /** The run's temp table event (built or reused), if it got that far. */
  private tableEvent(run: number): TraceEvent | undefined {
    const { trace } = this;
    for (let i = trace.length - 1; i >= 0; i--) {
      const kind = trace.kindAt(i);
      if (trace.runAt(i) === run && (kind === 'table-built' || kind === 'table-reused')) return trace.at(i);
    }
    return undefined;
  }

  private phaseAt(at: number, retryWaits: readonly TraceEvent[]): string {
    const retry = retryWaits.find((e) => e.t <= at && at < e.t + e.b);
    if (retry !== undefined) return 'retry-wait';
    const seg = this.timeline.find((s) => s.from <= at && at < s.to);
    if (seg === undefined) return 'ended';
    // A request that lands as the poll sees it is still met by a running batch.
    return seg.phase === 'running' || seg.phase === 'stopping' ? 'batch' : seg.phase;
  }

  private outcome(): JobOutcome {
    const { trace, stops, iapi } = this;
    // Retry waits picked out once: scanning every event of the history for each stop request cost
    // stops × batches (thousands of stops on a job of millions of batches never ended).
    const retryWaits: TraceEvent[] = [];
    for (let i = 0; i < trace.length; i++) if (trace.kindAt(i) === 'retry') retryWaits.push(trace.at(i));
    for (const s of stops) if (s.phaseAtSignal === 'not running') s.phaseAtSignal = this.phaseAt(s.signalAt, retryWaits);
    const endAt = this.t;
    // The oracle judges the final file against the live source when the job ends, not at the last batch's prepare.
    this.changes.advanceTo(endAt);
    for (const tb of iapi.tables) tb.settleRetention();
    // The fingerprint covers every row written, not only the events.
    const h = iapi.history;
    trace.mixInts(h.record, h.length);
    trace.mixInts(h.version, h.length);
    for (let k = 0; k < h.runs; k++) trace.mixRepeated(h.runAt(k) & 0xffff, h.runEnd(k) - h.runStart(k));
    return {
      faults: FAULT_NAMES.filter((f) => this.has(f)),
      source: this.source,
      iapi,
      trace,
      s0: this.s0,
      s0Frozen: this.s0Frozen,
      get s0Versions() {
        return this.s0Frozen.toArray();
      },
      finalFolder: this.finalFolder,
      stops,
      busySeconds: this.busy,
      completionSeconds: this.completion,
      endAt,
      failed: this.failed,
      exportRuns: this.runs,
      jobDetailsMaxBytes: this.written.reduce((m, d) => Math.max(m, d.bytes), 0),
      jobDetails: this.written,
      itemsTransferred: this.history.shown,
      statsRegressions: this.history.regressions,
      fallbacks: this.fallbacks,
      loadFileReadSeconds: this.loadFileReadSeconds,
      resumeQuerySeconds: this.resumeQuerySeconds,
      timeline: this.timeline,
      changeLog: this.changeLog,
      arena: this.arena,
    };
  }
}

/** S0 before the first table is frozen (a job whose manager ended it). */
const NONE_FROZEN = FrozenVersions.freeze(new Int32Array(0), new Int32Array(0), new Arena(false).lists, false);

function newStop(s: StopRequest): StopMetrics {
  return {
    signalAt: s.at,
    latencySeconds: null,
    withinBudget: true,
    hardKilled: false,
    outcome: 'not-running',
    detectedAt: null,
    resumedAt: null,
    phaseAtSignal: 'not running',
  };
}

/** What the trace shows of a request's size: its start number, its skip, or its count of IDs. */
function requestSize(req: ExportRequest): number {
  const src = req.source;
  return src.kind === 'query' ? src.startAt : src.kind === 'temp-table' ? src.skip : src.ids.length;
}
