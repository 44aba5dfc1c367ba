import type { RecordChange } from '../../model/change-log.js';
import type { StopMetrics } from '../../oracle/result.js';
import { arrival, departure, keyAt, Positions, ROW_CUT, ROW_TRIMMED, ROW_UNWRITTEN, ROW_WIPED, type JobFacts, type RunView } from './job-facts.js';
import { listOf } from '../format.js';
import { count, doc, run, sec, some } from './text.js';

/** A record's own changes (beyond the one that defines its class) listed in its chain; the rest are counted. */
const MAX_CHANGES = 5;

/** The oracle's anomaly classes, in the order the explanation lists them. */
export const ANOMALY_CLASSES = ['duplicates', 'misses', 'missesGone', 'phantoms', 'stale', 'missedNewcomers'] as const;
export type AnomalyClass = (typeof ANOMALY_CLASSES)[number];

const ENDED: Record<RunView['end'], string> = {
  completed: 'completed',
  cancelled: 'stopped for the drain-stop',
  killed: 'was killed',
  aborted: 'was aborted by RIP',
  failed: 'failed',
};

/**
 * The minimal chain of events behind one record's anomaly, in plain words: which run wrote each
 * row and what became of it, what each run read (start number, list, temp table) and where that
 * came from, and which changes of the source moved the record relative to the resume point.
 */
export class RecordStories {
  private readonly positions: Positions;
  private readonly rowsByRecord = new Map<number, number[]>();
  /** What each run read, in words: the same for every record a chain names the run in. */
  private readonly readings = new Map<RunView, string>();

  constructor(private readonly f: JobFacts, records: Iterable<number>) {
    this.positions = new Positions(f.job.source.size);
    for (const r of records) this.rowsByRecord.set(r, []);
    const h = f.job.iapi.history;
    for (let i = 0; i < h.length; i++) this.rowsByRecord.get(h.record[i])?.push(i);
  }

  explain(r: number, cls: AnomalyClass): string[] {
    switch (cls) {
      case 'duplicates':
        return this.duplicate(r);
      case 'phantoms':
        return this.phantom(r);
      case 'stale':
        return this.stale(r);
      default:
        return this.absent(r, cls);
    }
  }

  // ---- per class -----------------------------------------------------------------------

  private duplicate(r: number): string[] {
    const rows = this.finalRowsOf(r);
    const why: string[] = [];
    for (let n = 1; n < rows.length; n++) why.push(this.writtenAgain(r, rows[n], rows[n - 1]));
    return [`${doc(r)}: ${rows.length} rows in the load file: ${listOf(rows.map((i) => this.rowText(i)))}.`, `Why: ${why.join(' ')}`];
  }

  private phantom(r: number): string[] {
    const i = this.finalRowsOf(r)[0];
    const k = this.f.runs[this.f.job.iapi.history.run[i]];
    const came = arrival(this.f, r);
    const { s0At } = this.f;
    const notS0 = came === null ? `it was not among the records run 1 froze at ${sec(s0At)}` : `it ${this.change(came)}, after S0 was frozen at ${sec(s0At)}`;
    return [`${doc(r)}: in the load file (${this.rowText(i)}) but not in S0.`, `Why: ${notS0}; ${this.read(k)}, and it stood at ${this.where(k, r)}, so ${run(k.index)} wrote it.`];
  }

  private stale(r: number): string[] {
    const rows = this.finalRowsOf(r);
    const i = rows[rows.length - 1];
    const h = this.f.job.iapi.history;
    const { s0At } = this.f;
    const k = this.f.job.s0.indexOf(r);
    const edits = this.f.log.of(r).filter((c) => c.kind === 'edit' && c.t > s0At && c.t <= this.f.times[i]);
    return [
      `${doc(r)}: exported as version ${h.version[i]} (${this.rowText(i)}); S0 froze version ${this.f.job.s0Versions[k]} at ${sec(s0At)}.`,
      `Why: it ${some(edits.map((c) => this.change(c)), 5)}, after the freeze and before ${run(h.run[i])} read it.`,
    ];
  }

  private absent(r: number, cls: AnomalyClass): string[] {
    const f = this.f;
    const gone = departure(f, r);
    const came = arrival(f, r);
    const head =
      cls === 'misses' ? 'in S0, still in the query at the end, never in the load file'
        : cls === 'missesGone' ? `in S0, ${gone === null ? 'gone from the query' : this.change(gone, false)}, never in the load file`
          : `${came === null ? 'came into the query' : this.change(came, false)}, after S0 was frozen at ${sec(f.s0At)}; in the query at the end; never exported`;
    const steps: { t: number; text: string }[] = [];
    const own = f.log.of(r).filter((c) => c.kind !== 'edit' && c !== came && c !== gone);
    for (const c of own.slice(0, MAX_CHANGES)) steps.push({ t: c.t, text: `it ${this.change(c)}` });
    if (own.length > MAX_CHANGES) steps.push({ t: own[MAX_CHANGES].t, text: `it changed ${count(own.length - MAX_CHANGES, 'more time')} after that` });
    let after: RunView | null = null;
    let goneSaid = false; // once a run has said the record was gone, later runs add nothing
    for (const k of f.runs) {
      const frozenAt = k.table?.builtAt ?? k.startedAt;
      if (came !== null && came.t > frozenAt) {
        after = k;
        continue;
      }
      if (goneSaid && gone !== null && gone.t <= frozenAt) continue;
      const did = this.runDid(k, r);
      goneSaid ||= did.gone;
      steps.push({ t: frozenAt, text: did.text });
    }
    steps.sort((a, b) => a.t - b.t);
    if (steps.length === 0 && after !== null) {
      const table = after.tableReused ? `the temp table ${run(after.index)} resumed (temp table ${after.table!.id})` : `${run(after.index)}'s table`;
      steps.push({ t: after.startedAt, text: `it came after ${table} was frozen at ${sec(after.table?.builtAt ?? after.startedAt)}, and no run came after that` });
    }
    const last = f.runs[f.runs.length - 1];
    if (f.failure !== null && !(last?.end === 'failed' && last.error === f.failure.message)) steps.push({ t: f.failure.at, text: `the job failed at ${sec(f.failure.at)}: ${sentence(f.failure.message)}` });
    return [`${doc(r)}: ${head}.`, `Why: ${steps.map((s) => s.text).join('; ')}.`];
  }

  // ---- what a run did with the record --------------------------------------------------

  /** What run k did with record r, which has no row in the load file (`gone`: it says the record was deleted or left). */
  private runDid(k: RunView, r: number): { text: string; gone: boolean } {
    const said = (text: string, gone = false) => ({ text, gone });
    const i = this.rowsByRecord.get(r)?.find((x) => this.f.job.iapi.history.run[x] === k.index);
    if (i !== undefined && this.f.fates.kind[i] === ROW_UNWRITTEN) return said(`${run(k.index)} downloaded its files at ${sec(this.f.times[i])}, ${this.lost(i)}`);
    if (i !== undefined) return said(`${run(k.index)} wrote it at ${sec(this.f.times[i])}, ${this.lost(i)}`);
    if (k.table === null) return said(`${run(k.index)} ${ENDED[k.end]} at ${sec(k.endedAt)} ${k.source === 'temp-table' ? 'as it went to resume the kept temp table' : 'before it had a temp table'}${k.error ? `: ${sentence(k.error)}` : ''}`);
    const pos = this.positions.of(k.table)[r];
    if (pos < 0) {
      const gone = departure(this.f, r);
      const what = `it was not in ${run(k.index)}'s ${k.source === 'ids' ? 'ID list' : 'table'} (frozen at ${sec(k.table.builtAt)})`;
      if (gone !== null && gone.t <= k.table.builtAt) return said(`${what}: it ${this.change(gone)}`, true);
      return said(`${what}: ${this.whyNotIn(k, r)}`);
    }
    if (pos < k.start) return said(`${this.read(k)}; ${this.shifted(k, r)}before that start, and ${run(k.index)} skipped it`);
    const reached = this.reached(k);
    if (pos < reached) {
      const del = this.f.log.of(r).find((c) => c.kind === 'delete' && c.t <= k.endedAt);
      if (del !== undefined) return said(`${run(k.index)} reached it at position ${pos}, but it had been deleted at ${sec(del.t)} and IAPI writes no row for a deleted document`, true);
    }
    return said(`${run(k.index)} ${ENDED[k.end]} at ${sec(k.endedAt)} before reaching it (position ${pos} of its table; it got to position ${reached})`);
  }

  /** Why a record still in the source was not in run k's ID list. */
  private whyNotIn(k: RunView, r: number): string {
    const frozenAt = k.table!.builtAt;
    const list = this.listOrigin(k);
    if (list !== null && list.table !== null) {
      const p = this.positions.of(list.table)[r];
      const came = arrival(this.f, r);
      const why = p >= 0 ? `it stood at position ${p} of that table, before the list's start`
        : came !== null && came.t > list.table.builtAt ? `it came at ${sec(came.t)}, after that table was frozen at ${sec(list.table.builtAt)}`
          : 'it was not in that table';
      return `${this.read(k)}, and ${why}`;
    }
    if (k.source === 'ids') {
      return `${this.read(k)}, and its key was then ${fmtKey(keyAt(this.f, r, frozenAt))}, not after it`;
    }
    return 'it was not in the query then';
  }

  /** Why run k wrote record r again although its earlier row `before` was in the file. */
  private writtenAgain(r: number, again: number, before: number): string {
    const f = this.f;
    const h = f.job.iapi.history;
    const k = f.runs[h.run[again]];
    const parts: string[] = [];
    const keyset = k.source === 'ids' && this.listOrigin(k) === null;
    if (keyset) {
      const frozenAt = k.table!.builtAt;
      const moves = f.log.of(r).filter((c) => c.kind === 'move' && c.t > f.times[before] && c.t <= frozenAt);
      const moved = moves.length > 0 ? `, but after that row was written it ${some(moves.map((c) => this.change(c)), 3)}` : '';
      parts.push(`${this.read(k)}; its earlier row held key ${fmtKey(h.keyOf(before))}${moved}, so at ${run(k.index)}'s query (${sec(frozenAt)}) its key ${fmtKey(keyAt(f, r, frozenAt))} was after the cursor and ${run(k.index)} wrote it again`);
    } else if (k.source === 'ids') parts.push(`${this.read(k)}; it was in that list (position ${this.positions.of(k.table!)[r]}), and ${run(k.index)} wrote it again`);
    else parts.push(`${this.read(k)}; ${this.shifted(k, r)}at or after that start, and ${run(k.index)} wrote it again`);
    const a = f.runs[h.run[before]];
    const from = k.resumedFrom?.run ?? -1;
    // A kill matters where the resume point comes from JobDetails (a keyset resume reads the file itself).
    if (!keyset && a.cutOff !== null && a.index > from && a.index < k.index) {
      parts.push(`Its earlier row was written by ${run(a.index)}, which ${ENDED[a.cutOff.kind]} at ${sec(a.cutOff.at)}: no RestoreState ran, so the row stayed, and JobDetails ${k.resumedFrom === null ? 'had never been written' : `still held the state of the pause at ${sec(k.resumedFrom.at)}`}`);
    }
    return `${parts.join('. ')}.`;
  }

  // ---- what a run read -----------------------------------------------------------------

  /** "run 2 started at StartAtDocumentNumber 2 (...)": what run k read and where RIP got it from. */
  private read(k: RunView): string {
    return `${run(k.index)} ${this.reading(k)}`;
  }

  /** What run k read and where RIP got it from, without the subject (worked out once per run). */
  reading(k: RunView): string {
    let text = this.readings.get(k);
    if (text === undefined) this.readings.set(k, (text = this.readingOf(k)));
    return text;
  }

  private readingOf(k: RunView): string {
    const from = k.resumedFrom;
    const by = from === null ? '' : ` written at ${sec(from.at)} when ${run(from.run)} paused`;
    if (k.source === 'query' && !k.append) return `read the data source query afresh from StartAtDocumentNumber ${k.arg}${k.cleanedAt !== null ? ` (Overwrite on: its cleanup at ${sec(k.cleanedAt)} wiped the load file)` : ''}`;
    if (k.source === 'query') {
      if (from === null || from.details.params.StartAtDocumentNumber !== k.arg) return `started at StartAtDocumentNumber ${k.arg}`;
      const j = this.f.runs[from.run];
      return `started at StartAtDocumentNumber ${k.arg} (in JobDetails${by}: ${run(j.index)}'s start ${j.source === 'query' ? j.arg : 0} + its DocumentsExported ${j.documentsExported ?? 0}${this.countedNotKept(j)})`;
    }
    if (k.source === 'temp-table') return `resumed temp table ${k.table?.id ?? from?.details.params.TempTableId} after its first ${k.arg} positions (${this.skipOrigin(from, by)})`;
    const list = this.listOrigin(k);
    if (list !== null) return `exported the ${count(k.arg, 'artifact ID')} ${list.text}`;
    const cursor = this.cursor(k);
    if (cursor === null) return 'exported the whole live query by ID (its load file was empty)';
    return `exported by ID the live query after key ${fmtKey(cursor.key)}, the key in the load file's last row (${doc(cursor.record)}, ${this.rowText(cursor.row, false)})`;
  }

  /** The ID list of an ids run that came from JobDetails or a kept temp table (null: a keyset query). */
  private listOrigin(k: RunView): { table: RunView['table']; text: string } | null {
    const from = k.resumedFrom;
    if (k.source !== 'ids' || from === null) return null;
    const by = `written at ${sec(from.at)} when ${run(from.run)} paused`;
    if (from.details.ids !== undefined) {
      const j = this.f.runs[from.run];
      const d = j.saves.length > 0 ? j.saves[j.saves.length - 1].position : j.start;
      return { table: j.table, text: `kept in JobDetails ${by} (${run(from.run)}'s temp table from position ${d}, after its saved batches)` };
    }
    const id = from.details.params.TempTableId;
    if (typeof id !== 'number') return null;
    const table = this.f.job.iapi.tables[id];
    // RIP read the table's IDs from the skip to its end.
    const skip = table.rowCount - k.arg;
    return { table, text: `RIP read from temp table ${id} from position ${skip} (${this.skipOrigin(from, by)})` };
  }

  /** Where a temp-table resume's skip came from: JobDetails as written, or the rows RIP counted in the load file. */
  private skipOrigin(from: RunView['resumedFrom'], by: string): string {
    if (from === null) return 'no JobDetails';
    const p = from.details.params;
    if (typeof p.TempTableSkip !== 'number') return `the skip where the paused run began (JobDetails${by}) plus the rows RIP counted in the load file since`;
    const j = this.f.runs[from.run];
    // Said only where it matters: the skip is DocumentsExported past the run's start, and that counted documents the run did not keep.
    const notKept = this.countedNotKept(j);
    const counted = notKept !== '' && p.TempTableSkip === j.start + j.documentsExported! ? `: ${run(j.index)}'s start ${j.start} + its DocumentsExported ${j.documentsExported}${notKept}` : '';
    return `TempTableSkip in JobDetails${by}${counted}`;
  }

  /** ", which counted N documents it did not keep (...)": DocumentsExported of a stopped run beyond the rows it kept. */
  private countedNotKept(j: RunView): string {
    if (j.documentsExported === null || j.keptRows === null) return '';
    const notKept = j.documentsExported - (j.keptRows - j.rowsAtStart);
    if (notKept <= 0) return '';
    const cut = this.cutRows(j);
    const truncated = `whose ${cut === 1 ? 'row' : 'rows'} RestoreState cut at ${sec(j.truncatedAt!)}`;
    const stopped = `of the batch whose download the cancel stopped at ${sec(j.cancelSeenAt!)}, before it wrote its rows`;
    if (cut === notKept) return `, which counted ${count(notKept, 'document')} ${truncated}`;
    if (cut === 0) return `, which counted the ${count(notKept, 'document')} ${stopped}`;
    return `, which counted ${count(notKept, 'document')} it did not keep (${cut} ${truncated}; ${notKept - cut} ${stopped})`;
  }

  /** Keyset: the load file's last row when run k started (null: the file was empty). */
  private cursor(k: RunView): { row: number; record: number; key: number } | null {
    const row = k.lastRowAtStart;
    if (row < 0) return null;
    const h = this.f.job.iapi.history;
    return { row, record: h.record[row], key: h.keyOf(row) };
  }

  // ---- positions and shifts ------------------------------------------------------------

  private where(k: RunView, r: number): string {
    return `position ${this.positions.of(k.table!)[r]} of ${run(k.index)}'s ${k.source === 'ids' ? 'list' : 'table'} (frozen at ${sec(k.table!.builtAt)})`;
  }

  /**
   * How record r moved relative to the start between the table of the run whose JobDetails run
   * k resumed from and run k's own: the records that came ahead of it and those that went.
   */
  private shifted(k: RunView, r: number): string {
    const pk = this.positions.of(k.table!)[r];
    const now = k.tableReused ? `in temp table ${k.table!.id} (frozen at ${sec(k.table!.builtAt)}) it stood at position ${pk}, ` : `at ${run(k.index)}'s ${k.source === 'ids' ? 'list' : 'freeze'} (${sec(k.table!.builtAt)}) it stood at position ${pk}, `;
    const j = k.source === 'query' && k.resumedFrom !== null ? this.f.runs[k.resumedFrom.run] : null;
    if (j === null || j.table === null || j.table === k.table) return now;
    const posJ = this.positions.of(j.table);
    const posK = this.positions.of(k.table!);
    const pj = posJ[r];
    if (pj < 0) return now;
    const [tj, tk] = [j.table.builtAt, k.table!.builtAt];
    const came = this.ahead(k.table!.records, pk, posJ, pj, tj, tk, ['insert', 'enter']);
    const went = this.ahead(j.table.records, pj, posK, pk, tj, tk, ['delete', 'exit']);
    const own = this.f.log.of(r).filter((c) => c.kind === 'move' && c.t > tj && c.t <= tk);
    if (came === null && went === null && own.length === 0) {
      return `it stood at position ${pk} both in ${run(j.index)}'s table (frozen at ${sec(tj)}) and in ${run(k.index)}'s (frozen at ${sec(tk)}), `;
    }
    const parts = [`it had stood at position ${pj} of ${run(j.index)}'s table (frozen at ${sec(tj)})`];
    if (own.length > 0) parts.push(`its own sort key was edited in between (${some(own.map((c) => `at ${sec(c.t)}${this.when(c.t)}`), 3)})`);
    if (came !== null) parts.push(`${came.count} came ahead of it${came.kinds}: ${came.examples}`);
    if (went !== null) parts.push(`${went.count} ahead of it went${went.kinds}: ${went.examples}`);
    return `${parts.join('; ')}; so ${now}`;
  }

  /**
   * The records ahead of position `upTo` of `records` that were not ahead of the record in the
   * other table (`posOther`, where it stood at `pOther`), with the change between the two freezes
   * that explains each: `missing` kinds when it is not in the other table at all, else a move.
   */
  private ahead(records: Int32Array, upTo: number, posOther: Int32Array, pOther: number, after: number, until: number, missing: readonly string[]): { count: string; kinds: string; examples: string } | null {
    const byKind = new Map<string, number>();
    const examples: string[] = [];
    let n = 0;
    for (let p = 0; p < upTo; p++) {
      const x = records[p];
      if (posOther[x] >= 0 && posOther[x] < pOther) continue;
      const wanted = posOther[x] < 0 ? missing : ['move'];
      const c = this.f.log.of(x).find((ch) => ch.t > after && ch.t <= until && wanted.includes(ch.kind)) ?? null;
      byKind.set(c === null ? 'other' : c.kind, (byKind.get(c === null ? 'other' : c.kind) ?? 0) + 1);
      if (examples.length < 3) examples.push(c === null ? doc(x) : `${doc(x)} ${this.change(c)}`);
      n++;
    }
    if (n === 0) return null;
    const kinds = [...byKind.entries()].map(([k, m]) => `${m} ${k === 'other' ? 'for another reason' : PARTICIPLES[k as RecordChange['kind']]}`);
    return { count: count(n, 'record'), kinds: kinds.length > 1 || n > 3 ? ` (${kinds.join(', ')})` : '', examples: `${examples.join(', ')}${n > examples.length ? ', ...' : ''}` };
  }

  /** Table position up to which run k got (its rows and the deleted records it passed). */
  private reached(k: RunView): number {
    if (k.end === 'completed') return k.table!.rowCount;
    const h = this.f.job.iapi.history;
    const saved = k.saves.length > 0 ? k.saves[k.saves.length - 1].position : k.start;
    if (k.filesTo === k.rowsFrom) return saved;
    return Math.max(saved, this.positions.of(k.table!)[h.record[k.filesTo - 1]] + 1);
  }

  // ---- rows ----------------------------------------------------------------------------

  private finalRowsOf(r: number): number[] {
    return (this.rowsByRecord.get(r) ?? []).filter((i) => this.f.fates.finalRow[i] > 0);
  }

  /** "row 2 by run 1 at 2.1 s (batch saved at 2.2 s)"; without the batch note when `withBatch` is false. */
  rowText(i: number, withBatch = true): string {
    const f = this.f;
    const k = f.runs[f.job.iapi.history.run[i]];
    const t = f.times[i];
    const n = f.fates.finalRow[i];
    const save = k.saves.find((s) => s.t >= t);
    const note = save !== undefined ? `batch saved at ${sec(save.t)}` : k.cutOff !== null ? `batch in flight when the agent was ${k.cutOff.kind} at ${sec(k.cutOff.at)}` : 'batch not saved';
    return `${n > 0 ? `row ${n}` : 'a row'} by ${run(k.index)} at ${sec(t)}${withBatch ? ` (${note})` : ''}`;
  }

  /** What removed a row that is not in the delivered load file. */
  private lost(i: number): string {
    const { fates, runs } = this.f;
    if (fates.kind[i] === ROW_CUT) {
      const k = runs[fates.by[i]];
      return `but RestoreState cut it at ${sec(fates.at[i])} when ${run(k.index)} stopped (the load file back to ${count(k.keptRows!, 'row')}, the last saved batch)`;
    }
    if (fates.kind[i] === ROW_WIPED) return `but ${run(fates.by[i])}'s overwrite recreated the load file at ${sec(fates.at[i])}`;
    if (fates.kind[i] === ROW_TRIMMED) return `but RIP trimmed the load file back to the rows of the last pause at ${sec(fates.at[i])}, resuming after a kill`;
    if (fates.kind[i] === ROW_UNWRITTEN) {
      const k = runs[fates.by[i]];
      const how = k.cutOff !== null ? `the agent was ${k.cutOff.kind} at ${sec(k.cutOff.at)}` : `the cancel stopped its batch's download at ${sec(fates.at[i])}`;
      return `but ${how} before the batch wrote its rows`;
    }
    return `into folder ${runs[this.f.job.iapi.history.run[i]].folder}, which is not the folder the job delivered (${this.f.job.finalFolder})`;
  }

  private cutRows(j: RunView): number {
    let n = 0;
    for (let i = j.rowsFrom; i < j.rowsTo; i++) if (this.f.fates.kind[i] === ROW_CUT && this.f.fates.by[i] === j.index) n++;
    return n;
  }

  // ---- changes -------------------------------------------------------------------------

  /**
   * "was inserted at 10 s at position 1 while paused (2.2–62.2 s)" after a subject, or with
   * `verb` false the bare participle for a headline ("inserted at 10 s ...").
   */
  change(c: RecordChange, verb = true): string {
    const e = c.scripted;
    const detail = c.kind === 'edit' ? `version ${c.detail}` : c.kind === 'move' ? `to key ${fmtKey(c.detail)}` : '';
    const scripted = e === null || e.kind === 'errors' ? '' : e.kind === 'move' ? `scripted move of ${e.count} from position ${e.position} to ${e.to}` : e.count === 1 ? '' : `one of ${e.count} at positions ${e.position}–${e.position + e.count - 1}`;
    const at = e !== null && e.kind !== 'errors' && e.kind !== 'move' && e.count === 1 ? ` at position ${e.position}` : '';
    const notes = [detail, scripted].filter((x) => x !== '');
    const what = (verb ? VERBS : PARTICIPLES)[c.kind];
    return `${what} at ${sec(c.t)}${at}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}${this.when(c.t)}`;
  }

  /** " while paused (2.2–62.2 s)", " during run 2", or "". */
  private when(t: number): string {
    for (const s of this.f.job.stops) {
      const down = downWindow(s);
      if (down !== null && t >= down.from && t < down.to) return ` while ${s.outcome === 'paused' ? 'paused' : 'the agent was down'} (${sec(down.from).slice(0, -2)}–${sec(down.to)})`;
    }
    const k = this.f.runs.find((x) => t >= x.startedAt && t <= x.endedAt);
    return k === undefined ? '' : ` during ${run(k.index)}`;
  }
}

/** From paused (or killed) to picked up again; null when the stop did not pause the job. */
export function downWindow(s: StopMetrics): { from: number; to: number } | null {
  if (s.latencySeconds === null || s.resumedAt === null || s.outcome === 'completed' || s.outcome === 'failed') return null;
  return { from: s.signalAt + s.latencySeconds, to: s.resumedAt };
}

/** An error message as the end of a sentence (without its own final period). */
export function sentence(message: string): string {
  return message.replace(/\.$/, '');
}

function fmtKey(key: number): string {
  return String(Math.round(key * 1000) / 1000);
}

const VERBS: Record<RecordChange['kind'], string> = { insert: 'was inserted', enter: 'entered the query', delete: 'was deleted', exit: 'left the query', edit: 'was edited', move: 'had its sort key edited' };
const PARTICIPLES: Record<RecordChange['kind'], string> = { insert: 'inserted', enter: 'entered the query', delete: 'deleted', exit: 'left the query', edit: 'edited', move: 'moved by a sort-key edit' };
