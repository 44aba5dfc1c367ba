import type { JobOutcome } from '../../model/job.js';
import { ARTIFACT_ID_BASE, type DataSource } from '../../model/source.js';
import { classify, recordView, type Classification, type RecordView } from '../../oracle/classify.js';
import type { Scenario } from '../../scenario/types.js';
import { SeedRun } from '../../simulate.js';
import type { Strategy } from '../../strategies/strategy.js';
import { jobFacts, type JobFacts, type RunView } from './job-facts.js';
import { ANOMALY_CLASSES, downWindow, RecordStories, sentence, type AnomalyClass } from './record-story.js';
import { capitalize, count, run, sec } from './text.js';

/** Records explained per anomaly class (the first ones by export order). */
export const MAX_EXAMPLES = 10;

/** Simulate one seed of a scenario with tracing on and explain every anomaly of the strategy's job. */
export function explainSeed(sc: Scenario, seed: number, strategy: Strategy): string {
  const world = new SeedRun(sc, seed);
  return explainJob(sc, seed, strategy, world.job(strategy, { explain: true }), world.initial);
}

/**
 * The explanation text of a traced job: a header (the stops, each export run and what it read),
 * then per anomaly class its count and, for up to MAX_EXAMPLES records, the chain of events that
 * caused it. `initial` is the source at the job's start (for the records' first keys).
 */
export function explainJob(sc: Scenario, seed: number, strategy: Strategy, job: JobOutcome, initial: DataSource): string {
  const f = jobFacts(job, (r) => (r < initial.size ? initial.key[r] : Number.NaN));
  const v = recordView(job);
  const c = classify(job, v);
  const members = classMembers(job, f, v, c);
  const stories = new RecordStories(f, ANOMALY_CLASSES.flatMap((k) => members[k].slice(0, MAX_EXAMPLES)));
  const lines = [
    `Explanation: scenario ${sc.name}, seed ${seed}, strategy ${strategy.id} (${strategy.option === 'beyond the record' ? 'beyond the design record' : `design record ${strategy.option}`}: ${strategy.title}); fingerprint ${job.trace.fingerprint}.`,
    'Times are simulated seconds from the job\'s start; positions are 0-based in the export order, as in the scenario\'s events; records are named DOC <artifact ID>; runs are IAPI export runs.',
    '',
    `Faults: ${job.faults.length === 0 ? 'none' : job.faults.join(', ')}.`,
    'Stops:',
    ...(job.stops.length === 0 ? ['  none'] : job.stops.map((s, i) => `  stop ${i + 1}: ${stopText(s, sc.budget, strategy)}`)),
    'Export runs:',
    ...f.runs.map((k) => `  ${runText(f, stories, k)}`),
    `Load file: ${count(f.finalRows.length, 'row')} in folder ${job.finalFolder}; S0: ${count(job.s0.length, 'record')} frozen by run 1 at ${sec(f.s0At)}.`,
  ];
  if (f.failure !== null) lines.push(`The job failed at ${sec(f.failure.at)}: ${sentence(f.failure.message)}.${failureCause(f)}`);
  lines.push('', `Anomalies (the oracle's counts): ${ANOMALY_CLASSES.map((k) => `${k} ${c[k]}`).join(', ')}.`);
  for (const k of ANOMALY_CLASSES) {
    lines.push('', classHeading(k, c, members[k].length));
    const shown = members[k].slice(0, MAX_EXAMPLES);
    if (shown.length < members[k].length) lines.push(`  The first ${shown.length} by export order (${members[k].length - shown.length} more not shown):`);
    for (const r of shown) {
      const [head, ...rest] = stories.explain(r, k);
      lines.push(`  ${head}`, ...rest.map((l) => `    ${l}`));
    }
  }
  return lines.join('\n');
}

function classHeading(k: AnomalyClass, c: Classification, records: number): string {
  const n = c[k];
  if (n === 0) return `${TITLES[k]}: none.`;
  if (k === 'duplicates') return `${TITLES[k]}: ${count(n, 'extra row')} (${count(records, 'record')} written more than once).`;
  return `${TITLES[k]}: ${count(n, 'record')} (${DEFINITIONS[k]}).`;
}

const TITLES: Record<AnomalyClass, string> = {
  duplicates: 'Duplicates',
  misses: 'Misses',
  missesGone: 'Misses gone',
  phantoms: 'Phantoms',
  stale: 'Stale',
  missedNewcomers: 'Missed newcomers',
};

const DEFINITIONS: Record<Exclude<AnomalyClass, 'duplicates'>, string> = {
  misses: 'in S0, still in the query at the end, never in the load file',
  missesGone: 'in S0, deleted or out of the query at the end, never in the load file',
  phantoms: 'in the load file, not in S0',
  stale: 'exported in another version than the one S0 froze',
  missedNewcomers: 'entered the query after S0, in it at the end, never exported',
};

/**
 * The records of each class, first by export order: records in the file by their first row,
 * missed S0 records by their S0 position, newcomers by artifact ID. Checked against the oracle.
 */
function classMembers(job: JobOutcome, f: JobFacts, v: RecordView, c: Classification): Record<AnomalyClass, number[]> {
  const out: Record<AnomalyClass, number[]> = { duplicates: [], misses: [], missesGone: [], phantoms: [], stale: [], missedNewcomers: [] };
  const seen = new Uint8Array(job.source.size);
  const h = job.iapi.history;
  for (const i of f.finalRows) {
    const r = h.record[i];
    if (seen[r] === 1) continue;
    seen[r] = 1;
    if (v.rowsOf[r] > 1) out.duplicates.push(r);
    if (v.inS0[r] === 0) out.phantoms.push(r);
    else if (v.lastVersion[r] !== v.s0Version[r]) out.stale.push(r);
  }
  const live = (r: number) => job.source.inQuery[r] === 1 && job.source.deleted[r] === 0;
  for (const r of job.s0) if (v.rowsOf[r] === 0) (live(r) ? out.misses : out.missesGone).push(r);
  for (let r = 0; r < job.source.size; r++) if (v.inS0[r] === 0 && v.rowsOf[r] === 0 && live(r)) out.missedNewcomers.push(r);
  const extra = out.duplicates.reduce((n, r) => n + v.rowsOf[r] - 1, 0);
  for (const k of ANOMALY_CLASSES) {
    const n = k === 'duplicates' ? extra : out[k].length;
    if (n !== c[k]) throw new Error(`explain: ${n} ${k} found, the oracle counts ${c[k]}`);
  }
  return out;
}

const PHASES: Record<string, string> = {
  manager: 'during the TotalCount query',
  'temp-table': 'during the first temp-table build',
  rebuilding: 'while a resumed run built its temp table',
  resuming: 'while a resumed run attached its temp table',
  batch: 'during a batch',
  'retry-wait': 'during a retry wait',
  paused: 'while paused',
  'down-after-kill': 'while the agent was down after a kill',
  ended: 'after the job ended',
};

function stopText(s: JobOutcome['stops'][number], budget: number, strategy: Strategy): string {
  const seen = s.detectedAt !== null ? `; seen at ${sec(s.detectedAt)}` : strategy.drainStop || s.outcome === 'not-running' ? '' : '; ignored (today\'s export does not support drain-stop)';
  const at = s.latencySeconds === null ? 0 : s.signalAt + s.latencySeconds;
  const late = s.latencySeconds === null ? '' : `${sec(s.latencySeconds)} after the request, ${s.withinBudget ? 'within' : 'over'} the ${sec(budget)} budget`;
  const ended = {
    paused: `paused at ${sec(at)} (${late})`,
    killed: `the agent was killed at ${sec(at)} (${sec(s.latencySeconds ?? 0)} after the request; a kill is not a drain-stop, so it counts as over budget)`,
    aborted: `RIP aborted the worker thread at ${sec(at)} (${late})`,
    completed: `the job completed at ${sec(at)} before it could pause (${late})`,
    failed: `the job failed at ${sec(at)} while stopping`,
    'not-running': 'the job was not running, so it changed nothing',
  }[s.outcome];
  const down = downWindow(s);
  const back = s.resumedAt === null || down === null ? '' : `; picked up again at ${sec(s.resumedAt)} after ${sec(down.to - down.from)} down`;
  return `requested at ${sec(s.signalAt)} ${PHASES[s.phaseAtSignal] ?? `(${s.phaseAtSignal})`}${seen}; ${ended}${back}.`;
}

/** One export run: what it read, into which file, what it wrote, how it ended. */
function runText(f: JobFacts, stories: RecordStories, k: RunView): string {
  const file = k.append
    ? `appending to the load file in folder ${k.folder} (${count(k.rowsAtStart, 'row')})`
    : k.cleanedAt !== null
      ? `into folder ${k.folder} with Overwrite on: at ${sec(k.cleanedAt)} it recreated its load file (${count(k.rowsAtStart, 'row')})${k.cleanedFiles > 0 ? ` and wiped the folder with ${count(k.cleanedFiles, 'file')} of other jobs` : ''}`
      : `into folder ${k.folder}${k.lastRowAtStart >= 0 ? '' : ', a new load file'}`;
  const before = [
    k.trimmed === null ? '' : `RIP trimmed the load file back to ${count(k.trimmed.rows, 'row')} (the lengths stored at the last pause) at ${sec(k.trimmed.at)}`,
    k.fallback === null ? '' : `the resume failed: ${sentence(k.fallback)}; RIP fell back to exporting everything again`,
  ].filter((x) => x !== '');
  const read = k.append ? stories.reading(k) : `read the data source query from StartAtDocumentNumber ${k.arg}`;
  const agent = k.index === 1 && f.job.faults.includes('oldVersionAgent') ? ' (by an agent of the old version, which knows neither JobDetails nor drain-stop)' : '';
  const parts = [`${run(k.index)} at ${sec(k.startedAt)}${agent}: ${before.length > 0 ? `${before.join('; ')}; then it ` : ''}${read}, ${file}`];
  if (k.table !== null) {
    parts.push(k.tableReused ? `reused temp table ${k.table.id} (${count(k.table.rowCount, 'record')}, frozen at ${sec(k.table.builtAt)})` : `temp table ${k.table.id} froze ${count(k.table.rowCount, 'record')} at ${sec(k.table.builtAt)}`);
  }
  if (k.retries > 0) parts.push(`${count(k.retries, 'transient error')} retried (${sec(k.retrySeconds)} of waits)`);
  const rows = k.rowsTo - k.rowsFrom;
  const unwritten = k.filesTo - k.rowsTo;
  if (k.table !== null) {
    // IAPI returns DocumentsExported when it completes (every row written) or stops (RestoreState left it).
    const exported = k.documentsExported ?? (k.end === 'completed' ? rows : null);
    const counted = exported === null ? '' : ` (DocumentsExported ${exported})`;
    parts.push(`wrote ${count(rows, 'row')} from position ${k.start}${counted}${unwritten > 0 ? `, and the files of ${count(unwritten, 'document')} of a batch that wrote no rows` : ''}`);
  }
  if (k.end === 'completed') parts.push(`completed at ${sec(k.endedAt)}`);
  else if (k.end === 'cancelled') parts.push(`the cancel for stop ${k.stop + 1} was seen at ${sec(k.cancelSeenAt ?? k.endedAt)} and RestoreState cut the load file back to ${count(k.keptRows!, 'row')} at ${sec(k.truncatedAt!)}`);
  else if (k.end === 'failed') parts.push(`failed at ${sec(k.endedAt)}: ${sentence(k.error ?? '')}`);
  else {
    const unsaved = k.rowsTo - k.rowsFrom - (k.saves.length > 0 ? k.saves[k.saves.length - 1].rows - k.rowsAtStart : 0);
    parts.push(`${k.end === 'killed' ? 'the agent was killed' : 'RIP aborted the worker thread'} at ${sec(k.endedAt)}: no RestoreState, ${count(Math.max(0, unsaved), 'row')} of the unsaved batch stayed`);
  }
  if (k.end === 'cancelled' && k.cutOff !== null) parts.push(`the agent was ${k.cutOff.kind} at ${sec(k.cutOff.at)} while writing JobDetails: the update did not commit`);
  if (k.paused !== null) parts.push(`paused: JobDetails ${detailsText(k.paused.details)} written at ${sec(k.paused.at)}`);
  return `${parts.join('; ')}.`;
}

function detailsText(d: NonNullable<RunView['paused']>['details']): string {
  const first = Array.from(d.ids?.subarray(0, 3) ?? [], (r) => String(ARTIFACT_ID_BASE + r));
  const ids = d.ids === undefined ? '' : ` with ArtifactIds, a list of ${count(d.ids.length, 'ID')}${first.length > 0 ? ` (${first.join(', ')}${d.ids.length > 3 ? ', ...' : ''})` : ''}`;
  return `${JSON.stringify(d.params)}${ids} (${count(d.bytes, 'byte')})`;
}

/** Why the job failed, where the message alone does not say it. */
function failureCause(f: JobFacts): string {
  const msg = f.failure!.message;
  const gone = /^Temp table (\d+) no longer exists/.exec(msg);
  if (gone !== null) {
    const table = f.job.iapi.tables[Number(gone[1])];
    const owner = f.runs.find((k) => k.table === table && k.truncatedAt !== null);
    const kept = owner === undefined ? '' : ` kept when ${run(owner.index)} stopped at ${sec(owner.truncatedAt!)},`;
    return ` Temp table ${table.id} was${kept} gone at ${sec(table.goneAt)} (${table.goneBecause}), before the job came back at ${sec(f.failure!.at)}.`;
  }
  if (msg.startsWith('Overwrite not selected')) {
    const k = f.runs[f.runs.length - 1];
    return ` ${capitalize(run(k.index))} started afresh into folder ${k.folder}, where the load file of the run before (${count(k.rowsAtStart, 'row')}) still was, and the job's Overwrite setting is off.`;
  }
  return '';
}

