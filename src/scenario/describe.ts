import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { withGlossary } from '../oracle/glossary.js';
import { z } from 'zod';
import { writeFileAtomic } from '../io/atomic.js';
import { MAX_ALIAS_COPIES, MAX_FILE_BYTES, MAX_MAPPING_KEYS, MAX_NESTING } from '../io/yaml-file.js';
import { ASSUMPTIONS } from './assumptions.js';
import { DEFAULT_STOP_DOWNTIME_SECONDS, defaultScenario } from './defaults.js';
import { DURATION_ALLOWED, formatDuration } from './duration.js';
import { LIMITS } from './limits.js';
import { allowedTexts, EVENT_KINDS, scenarioFileSchema } from './schema.js';
import { resolvedValue } from './sweep.js';
import { FAULT_NAMES, type FaultName } from './types.js';

/**
 * docs/scenario-reference.md, rendered from the schema (every key and what it allows), the
 * defaults (defaults.ts), what each key means and where its default comes from (KEYS below) and
 * the bounds (limits.ts, the YAML reader's file limits): `npm run docs` writes it, and a test
 * checks that the committed file is what this renders.
 */

/**
 * Where a default comes from: `public`, read from the public code of RIP or IAPI (DOMAIN.md);
 * `requirement`, the Near Zero Downtime requirement; `chosen`, given by no public source, our
 * stated choice; `setting`, what the scenario describes or how it is run, not a figure of RIP or IAPI.
 */
interface Origin {
  kind: 'public' | 'requirement' | 'chosen' | 'setting' | 'assumption';
  note: string;
}

const publicFigure = (note: string): Origin => ({ kind: 'public', note });
const requirement = (note: string): Origin => ({ kind: 'requirement', note });
const chosen = (note: string): Origin => ({ kind: 'chosen', note });
const setting = (note: string): Origin => ({ kind: 'setting', note });

/**
 * Each key by YAML path (`stops[].at` for list items): what it means, and where its default comes
 * from (the origin column).
 */
export const KEYS: Readonly<Record<string, readonly [meaning: string, origin: Origin]>> = {
  name: ['Names the scenario in every output; a sweep names each variant `name [parameter=value, ...]`.', setting('required: names the scenario in every output')],
  description: ['What question the scenario answers (free text).', setting('what question the scenario answers')],
  seed: ['First seed: runs use seeds seed .. seed+runs-1. One seed reproduces a run byte for byte.', setting('runs use seeds seed .. seed+runs-1')],
  runs: ['Seeds to run.', setting('seeds to run')],
  'source.kind': ['The data source of the export.', setting('the data source RIP passes to IAPI: saved search, production or folder')],
  'source.documents': ['Documents in the query when the job starts.', chosen('a mid-size saved search')],
  'source.order': ['Export order: by artifact ID (new documents at the end), by a sort key that edits can change, or by Bates number (fixed once produced).', chosen('by artifact ID; a production exports in Bates order')],
  'files.meanBytes': ["Mean bytes of a document's files (natives, images, text), lognormal; 0 = time from docsPerSecond only.", chosen('0: time from docsPerSecond alone unless a scenario sets file sizes')],
  'files.sigma': ['Lognormal shape of the file sizes (sigma of the underlying normal).', chosen('a lognormal of moderate spread')],
  'files.bytesPerSecond': ['File-share transfer rate.', chosen('a 100 MB/s file share')],
  'files.largeShare': ['Share of documents that carry one very large native.', chosen('no very large natives unless a scenario sets them')],
  'files.largeBytes': ['Size of such a large native.', chosen('a 20 GB native')],
  'files.pagesPerDoc': ['Image pages per document (lines of the Opticon file).', chosen('one image page per document')],
  'iapi.append': ['IAPI can append to an existing load file (instead of failing or overwriting).', setting('capability of the record\'s option 2; today\'s IAPI does not have it (todays-iapi.yaml)')],
  'iapi.keepTempTable': ['IAPI keeps the frozen temp table on a stop and exposes its id; a resume exports it again from a skip (passed as the start number).', setting('capability of the record\'s options 2.3 and 2.4; today\'s IAPI does not have it')],
  'iapi.exportByArtifactIds': ['IAPI exports a given list of artifact IDs instead of the data source query.', setting('capability of the record\'s options 2.2 and 2.4; today\'s IAPI does not have it')],
  'iapi.reportDurablePosition': ["After a stop IAPI reports the position in the stopped run's table up to which its batches were saved (what RestoreState kept).", setting('capability of temp-table-exact; IAPI exposes no saved position today (DOMAIN.md)')],
  'iapi.reportRemainingIds': ["After a stop IAPI reports the artifact IDs of the stopped run not yet in the load file.", setting('capability of the record\'s option 2.2 ("RIP would need to get information about left records"); IAPI exposes no such list today')],
  'exporter.batchSize': ['Records per IAPI batch (prepare, download files, validate, save state).', publicFigure('IAPI ExportBatchSize')],
  'exporter.docsPerSecond': ['Per-document rate: a document costs 1/docsPerSecond + its bytes/bytesPerSecond seconds.', chosen('no public source gives export throughput')],
  'exporter.prepareSeconds': ["Seconds of a batch's prepare step (its fields are read then).", chosen('a batch\'s field query')],
  'exporter.validateSeconds': ["Seconds of a batch's validate step.", chosen('a batch\'s validation')],
  'exporter.saveStateSeconds': ["Seconds of a batch's save-state step (rows flushed, batch marked complete).", chosen('flushing a batch\'s rows')],
  'exporter.jitter': ['Relative jitter (lognormal sigma) of the fixed step times; 0 = exact.', chosen('exact step times')],
  'exporter.truncateSeconds': ["Seconds IAPI's RestoreState takes to truncate the load files on cancel.", chosen('IAPI RestoreState truncating the load files')],
  'exporter.tempTableBaseSeconds': ['Temp-table build (freeze) time: base + perMillion × documents / 1e6; not cancellable.', chosen('no public source gives the temp-table build time')],
  'exporter.tempTableSecondsPerMillion': ['Build seconds per million documents.', chosen('a minute per million documents')],
  'exporter.exportErrorRetries': ['Retries of a transient error in the prepare step.', publicFigure('IAPI ExportErrorNumberOfRetries')],
  'exporter.exportErrorWaitSeconds': ['Wait before each such retry (not cancellable: it holds a stop).', publicFigure('IAPI ExportErrorWaitTimeInSeconds')],
  'exporter.ioErrorRetries': ['Retries of a transient error in the download step.', publicFigure('IAPI IOErrorNumberOfRetries')],
  'exporter.ioErrorWaitSeconds': ['Wait before each such retry.', publicFigure('IAPI IOErrorWaitTimeInSeconds')],
  'manager.totalCountSeconds': ["ExportManager's TotalCount statistics query; drain-stop is not applied to it.", chosen('the record: the TotalCount query "can\'t take more than 5 mins"')],
  'job.overwrite': ['Overwrite files: clean the destination folder when the load file exists.', setting('the job\'s Overwrite files setting')],
  'job.startAtRecord': ['StartExportAtRecord from the UI, 1-based.', publicFigure('StartExportAtRecord, 1-based in the RIP UI')],
  'job.pollSeconds': ['JobStopManager poll period: a drain-stop request is seen at the next poll.', publicFigure('RIP JobStopManager timer')],
  'job.killAfter': ['The platform kills an agent that has not stopped this long after the request (a duration).', requirement('the platform kills an agent that has not stopped at the budget')],
  'job.drainStopTimeout': ["RIP's DrainStopTimeoutSeconds: this long after JobStopManager saw the stop, RIP aborts the worker thread of a job that has not paused (the stop ends then, `aborted`; for the files, the temp table and JobDetails it is a kill). A duration, or `off`.", publicFigure('RIP DrainStopTimeoutSeconds (180 s) aborts the worker thread in the sync flow; the export flow does not use it: off')],
  'job.jobDetailsWriteSeconds': ['Fixed time to write JobDetails and set the queue row to DrainStopped.', chosen('one queue-row update')],
  'job.jobDetailsBytesPerSecond': ['Rate at which JobDetails bytes are written (a large ID list costs stop time).', chosen('20 MB/s to the queue table')],
  'job.jobDetailsLimitBytes': ['Largest JobDetails the queue row accepts; a larger one fails the job.', publicFigure('the JobDetails column is nvarchar(max): 2^30 characters')],
  'job.destinationFromStartTime': ['The destination folder name depends on the start time (a fresh run writes to a new folder).', setting('whether the destination folder name depends on the job\'s start time')],
  'job.sharedFolderFiles': ['Files of other jobs in the destination folder (removed by an overwrite cleanup).', setting('other jobs\' files in the destination folder')],
  'job.statsStep': ['JobHistory ItemsTransferred is shown in steps of this many documents.', publicFigure('JobHistory ItemsTransferred grows in steps of 1000')],
  'job.tempTableRetention': ['How long a kept temp table survives before it is dropped (a duration).', chosen('like the 7-day data-source snapshot of RIP\'s sync flow')],
  'job.loadFileRowBytes': ['Bytes of one row of the .dat: what RIP reads per row when it counts the load file\'s rows to resume (temp-table-rows, temp-table-ids-rows), and once for the last row (keyset).', chosen('a row with a few KB of fields and extracted text')],
  'job.loadFileReadBytesPerSecond': ['Rate at which RIP reads the load file from the file share (charged to the resume and to rerunSeconds).', chosen('a 100 MB/s file share')],
  budget: ['The stop budget: a drain-stop must reach the paused state within it (a duration).', requirement('Near Zero Downtime: paused within 5 minutes')],
  stops: ['Drain-stop requests, each `{ at, downtime }` (below); requests that come while the job is not running change nothing.', setting('no drain-stop unless a scenario asks for one')],
  'stops[].at': ['Simulated time of the drain-stop request, from the job start (a duration).', setting('required: when the drain-stop request comes')],
  'stops[].downtime': ['Pause length: from paused (or killed) to picked up again (a duration).', chosen('an agent upgrade of about 10 minutes')],
  'churn.insertsPerHour': ['New documents added to the query (at the end for artifact-id and Bates order).', chosen('no changes to the source unless a scenario sets them')],
  'churn.deletesPerHour': ['Documents deleted.', chosen('no changes to the source unless a scenario sets them')],
  'churn.entriesPerHour': ['Existing documents that start to match the query (anywhere in the order).', chosen('no changes to the source unless a scenario sets them')],
  'churn.exitsPerHour': ['Documents that stop matching the query (they still exist).', chosen('no changes to the source unless a scenario sets them')],
  'churn.sortKeyEditsPerHour': ['Edits of the sort key (move a record in sort-key order; no effect on other orders).', chosen('no changes to the source unless a scenario sets them')],
  'churn.contentEditsPerHour': ['Content edits (a new version of the record).', chosen('no changes to the source unless a scenario sets them')],
  'faults.transientErrorProbability': ['Probability that a batch step attempt (prepare or download) hits a transient error.', chosen('no random transient errors unless a scenario sets them')],
  'faults.swarm': ['Probability that each named fault (below) is on in a run, drawn from the seed: `{ <fault>: <0 to 1>, ... }`.', setting('every named fault off unless a scenario gives it a probability')],
  'faults.force': ['Named faults forced on (true) or off (false) in every run: `{ <fault>: true|false, ... }`.', setting('no fault forced')],
  'faults.errorBurst': ['transientErrors fault: a burst has 1 to this many errors.', chosen('up to 6 minutes of 30 s retry waits')],
  'faults.stallFactor': ['stalledShare fault: how many times slower the file share runs.', chosen('a share twenty times slower')],
  'faults.stall': ['stalledShare fault: how long it stays slow (a duration).', chosen('a 10-minute stall')],
  'faults.secondStopWithin': ['secondStop fault: the request comes within this long of the first resume (a duration).', chosen('a second upgrade within 2 minutes of the first resume')],
  'faults.secondStopDowntime': ['secondStop fault: its pause length (a duration).', chosen('a 5-minute second upgrade')],
  events: ['Scripted changes of the live source and bursts of transient errors (see Events).', setting('scripted changes of the source and bursts of transient errors')],
  ...Object.fromEntries(ASSUMPTIONS.map((a) => [`assumptions.${a.key}`, [`${a.question} (see Assumptions)`, { kind: 'assumption', note: a.origin }]])),
};

/** Each event kind: its fields and what happens. */
const EVENTS: Readonly<Record<(typeof EVENT_KINDS)[number], readonly [fields: string, meaning: string]>> = {
  insert: ['`{ position, count }`', '`count` new documents enter the query at `position`.'],
  enter: ['`{ position, count }`', '`count` existing documents start to match the query, placed at `position` (traced as entries, not inserts).'],
  delete: ['`{ position, count }`', 'The records at positions `position` .. `position+count-1` are deleted.'],
  exit: ['`{ position, count }`', 'Those records stop matching the query (they still exist).'],
  edit: ['`{ position, count }`', 'Content edit of those records: a new version of each.'],
  move: ['`{ position, count, to }`', 'Sort-key edit: those records move to position `to` (counted without them). Only sort-key order has editable keys; in other orders nothing moves.'],
  errors: ['`{ count }`', 'The next `count` batch step attempts at or after `at` hit a transient IAPI error (and are retried with its waits).'],
};

const FAULT_MEANINGS: Readonly<Record<FaultName, string>> = {
  transientErrors: "A burst of transient IAPI errors (1 to `errorBurst`) starts up to a minute before each stop request; IAPI's retry waits hold the stop.",
  stalledShare: 'The file share runs `stallFactor` times slower for `stall`, from up to a minute before the first stop request.',
  killDuringJobDetailsWrite: 'The platform kills the agent while it writes JobDetails at the first pause (the update does not commit; the previous JobDetails stay).',
  killBeforeJobDetails: 'The kill lands when the first cancellation is seen: after the batch in flight wrote its rows, before RestoreState and JobDetails.',
  tempTableDropped: 'Database maintenance drops a kept temp table during the first pause.',
  oldVersionAgent: 'The first resume is done by an agent of the old version: it ignores JobDetails and drain-stop and runs the job as today.',
  secondStop: 'Another drain-stop request comes within `secondStopWithin` of the first resume, with a pause of `secondStopDowntime`.',
  stopDuringBuild: 'The first stop request is moved into the TotalCount query or the first temp-table build.',
};

const ORIGIN_LEGEND: Readonly<Record<Origin['kind'], string>> = {
  public: 'read from the public code of RIP or IAPI (DOMAIN.md); the note names the setting',
  requirement: 'the Near Zero Downtime requirement',
  chosen: 'no public source gives it: our stated choice, to be overridden per scenario',
  setting: 'what the scenario describes or how it is run, not a figure of RIP or IAPI',
  assumption: 'a behaviour the public facts leave open: each alternative is a switch, the default follows the public code where it says anything (see Assumptions)',
};

export interface KeyRow {
  path: string;
  allowed: string;
  required: boolean;
}

/** The schema under optional and the pipes of transforms and durations. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let optional = false;
  let s = schema;
  for (;;) {
    if (allowedTexts.get(s) !== undefined) return { schema: s, optional };
    if (s instanceof z.ZodOptional) {
      optional = true;
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return { schema: s, optional };
  }
}

/** Every key of the schema, mappings opened, list items as `list[]`; the fault maps and events stay whole. */
export function keyRows(schema: z.ZodType, prefix: string): KeyRow[] {
  const { schema: inner } = unwrap(schema);
  if (!(inner instanceof z.ZodObject)) return [];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const { schema: s, optional } = unwrap(child);
    const allowed = allowedTexts.get(s)?.allowed;
    if (path === 'events' || path === 'faults.swarm' || path === 'faults.force') {
      return [{ path, allowed: allowed ?? 'a mapping of named faults (below)', required: !optional }];
    }
    if (s instanceof z.ZodArray) return [{ path, allowed: allowed ?? '', required: !optional }, ...keyRows(s.element as z.ZodType, `${path}[]`)];
    if (s instanceof z.ZodObject) return keyRows(s, path);
    return [{ path, allowed: allowed ?? '', required: !optional }];
  });
}

const durationText = (seconds: number) => `\`${seconds}\` (${formatDuration(seconds)})`;

/** Defaults that are not a value of the default scenario, or not at the key's path. */
const SPECIAL_DEFAULTS: Readonly<Record<string, string>> = {
  'job.killAfter': 'the budget',
  'job.drainStopTimeout': '`off`',
  'source.order': '`artifact-id` (`bates` for a production)',
  'stops[].downtime': durationText(DEFAULT_STOP_DOWNTIME_SECONDS),
  'faults.swarm': 'every fault 0',
  'faults.force': 'none',
  events: 'none',
  stops: 'none',
};

/** The default of a YAML path: the default scenario's value there (under `<name>Seconds` for durations). */
function defaultText(path: string, allowed: string): string {
  if (SPECIAL_DEFAULTS[path] !== undefined) return SPECIAL_DEFAULTS[path];
  const value = resolvedValue(defaultScenario(), path.split('.'));
  if (value === undefined) throw new Error(`no default for ${path}`);
  if (allowed === DURATION_ALLOWED) return durationText(value as number);
  return value === '' ? 'empty' : `\`${String(value)}\``;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function keySections(): string {
  const rows = keyRows(scenarioFileSchema, '');
  const groups = new Map<string, KeyRow[]>();
  for (const row of rows) {
    // `source.documents` goes under `source`, `stops[].at` under `stops[]`, `budget` under the top level.
    const group = /^[^.[]+(\[\])?(?=\.)/.exec(row.path)?.[0] ?? '';
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  return [...groups]
    .map(([group, members]) => {
      const title = group === '' ? 'Top level' : `\`${group}\``;
      const body = table(
        ['key', 'meaning', 'allowed', 'default', 'origin'],
        members.map((r) => {
          const key = KEYS[r.path];
          if (key === undefined) throw new Error(`no meaning and origin for ${r.path} in KEYS`);
          const [meaning, origin] = key;
          const allowed = r.allowed === DURATION_ALLOWED ? 'a duration from 0 to 10 years (see Durations)' : r.allowed;
          return [`\`${r.path}\``, meaning, allowed, r.required ? 'required' : defaultText(r.path, r.allowed), `${origin.kind}: ${origin.note}`];
        }),
      );
      return `### ${title}\n\n${body}`;
    })
    .join('\n\n');
}

function assumptionsSection(): string {
  return `## Assumptions

What the public code of RIP and IAPI (DOMAIN.md) and the design record leave open is not decided
silently in the model: each such behaviour is a key under \`assumptions:\`, with every alternative
the facts allow. The default follows the public code where it says anything. Every run records the
values it used (\`assumptions\` in \`run --json\` and results.jsonl), and every report lists them.

\`\`\`yaml
assumptions:
  overwrite: folder          # the design record's reading: Overwrite wipes the destination folder
  downloadCancellable: false # the cancel waits for a file copy to end
\`\`\`

${table(
  ['key', 'question', 'alternatives', 'default', 'origin of the default'],
  ASSUMPTIONS.map((a) => [
    `\`${a.key}\``,
    a.question,
    a.alternatives.map((v) => `\`${String(v)}\`: ${a.meanings[String(v)]}`).join('; '),
    `\`${String(a.default)}\``,
    a.origin,
  ]),
)}`;
}

function eventsSection(): string {
  return `## Events

Each item of \`events\` is \`at\` (a duration, required: simulated time from the job start) plus
exactly one kind. Positions are 0-based in the live source's current export order (the records in
the query, ${LIMITS.position} at most); \`count\` is an integer from 0 to ${LIMITS.count}. Events
apply in time order; events at the same time keep their file order. Ranges past the end are clipped.

\`\`\`yaml
events:
  - { at: 400, insert: { position: 0, count: 5000 } }
  - { at: 7m, move: { position: 3, count: 2, to: 0 } }
  - { at: 299, errors: { count: 6 } }
\`\`\`

${table(['kind', 'fields', 'what happens'], EVENT_KINDS.map((k) => [`\`${k}\``, ...EVENTS[k]]))}`;
}

function faultsSection(): string {
  return `## Faults (swarm testing)

Eight named faults can be switched on per run: \`faults.swarm\` gives each a probability, drawn from
the seed's own stream (so every strategy of a seed meets the same faults, and forcing one fault
never shifts another's draws); \`faults.force\` forces one on or off in every run. Each run lists
the faults it had in \`faults\`.

\`\`\`yaml
faults:
  swarm: { transientErrors: 0.3, stalledShare: 0.2 }
  force: { oldVersionAgent: true }
\`\`\`

${table(['fault', 'what happens'], FAULT_NAMES.map((f) => [`\`${f}\``, FAULT_MEANINGS[f]]))}`;
}

function durationsSection(): string {
  return `## Durations

\`budget\`, \`job.killAfter\`, \`job.drainStopTimeout\` (or \`off\`), \`job.tempTableRetention\`, \`stops[].at\`, \`stops[].downtime\`,
\`events[].at\` and the fault times \`stall\`, \`secondStopWithin\`, \`secondStopDowntime\` take ${DURATION_ALLOWED}.
Each unit at most once, largest first (\`30m1h\` and \`5m5m\` are refused as likely typos); \`250ms\` and
\`1.5h\` convert exactly. Keys ending in \`Seconds\` take plain seconds, from 0 to ${LIMITS.seconds}.`;
}

function sweepsSection(): string {
  return `## Sweeps

A file with \`sweep:\` stands for the grid of its variants: a list of 1 to ${LIMITS.sweepParameters} mappings
\`{ parameter, values }\`. \`parameter\` is the YAML path of a scenario key, like
\`churn.insertsPerHour\` or \`stops[0].downtime\` (quote paths with \`[ ]\` in YAML); the lists on the path
must exist in the file, and \`name\` and \`sweep\` cannot be swept. \`values\` is a non-empty list of
numbers, strings or booleans, each checked like the key itself. Each variant is named
\`name [parameter=value, ...]\`; reports draw sweep charts from them.

\`\`\`yaml
sweep:
  - { parameter: churn.insertsPerHour, values: [0, 500, 2000] }
  - { parameter: "stops[0].downtime", values: [5m, 1h] }
\`\`\`

A sweep has at most ${LIMITS.sweepVariants} variants, ${LIMITS.sweepRuns} runs of all variants together, and
${LIMITS.sweepItems} stops and events of all variants together (each variant copies the file's).
Variants are built and checked one at a time.`;
}

function limitsSection(): string {
  const L = LIMITS;
  return `## Limits

Every bound is checked before anything is allocated from it, and a file beyond one is refused with
one line naming the file, the field path and what is allowed. The bound of each key is in its
\`allowed\` column above; these bound the file, and what one job can reach.

${table(
  ['limit', 'value', 'what'],
  [
    ['file size', `${MAX_FILE_BYTES} bytes (1 MiB)`, 'Checked before the file is read. UTF-8 text only: no NUL or other control characters, no invalid UTF-8.'],
    ['nesting', `${MAX_NESTING} collections`, 'Checked while parsing (composing deeper nesting would exhaust the stack).'],
    ['aliases', `${MAX_ALIAS_COPIES - 1} aliases, ${MAX_ALIAS_COPIES} copies of a node`, 'Aliases (`*name`) in a file, and the copies they make (alias bombs).'],
    ['keys of a mapping', `${MAX_MAPPING_KEYS}`, 'Checked before duplicate keys are (pairwise, so quadratic).'],
    ['records', `${L.records}`, '`source.documents` plus the counts of all insert and enter events; as a job runs, churn inserts and entries count too.'],
    ['rows of a job', `${L.rowsPerJob}`, 'Export runs (the first, one per stop request, one for the secondStop fault when it can happen) × records.'],
    ['batches of a job', `${L.batchesPerJob}`, 'Export runs × records / `exporter.batchSize`.'],
    ['event scans', `${L.eventScans}`, 'Insert, delete, exit, edit and move events × records: each scans the export order.'],
    ['image pages', `${L.imagePages}`, 'Records × `files.pagesPerDoc` (lines of the Opticon file).'],
    ['sweep', `${L.sweepParameters} parameters, ${L.sweepVariants} variants`, `Together at most ${L.sweepRuns} runs and ${L.sweepItems} stops and events.`],
    ['time of a document and of an export', `${L.seconds} s`, '1/`exporter.docsPerSecond` plus a document\'s bytes (mean, and a large native) over `files.bytesPerSecond`; the whole source exported once at the mean rate.'],
    ['churn changes of a job', `${L.churnChanges}`, 'Churn rates × the simulated time (pauses included): checked at load for the nominal job (one export of the source at the mean rates, paused for each stop that comes before it ends) and again as a job runs. Churn inserts and entries count toward the records bound the same way.'],
    ['events of a job', `${L.jobEvents}`, 'Batches, transient-error retries, stops (the history of one job): checked at load for the nominal job with its expected retries, and again as a job runs.'],
    ['runs of a suite', `${L.suiteRuns}`, 'Scenario × seed × strategy, checked before a suite starts and when its suite.json is read.'],
  ],
)}

A 1 MiB file holds about 30,000 events; the ${L.events} events a scenario may have are reached only
by scenarios built in code.`;
}

export function renderScenarioReference(): string {
  return `# Scenario file reference

<!-- Generated by \`npm run docs\` (src/scenario/describe.ts) from the schema, the defaults and the
limits. Do not edit: a test checks that this file is what they render. -->

A scenario file is one YAML 1.2 document of UTF-8 text. Only \`name\` is required; every other key
has the default shown. Unknown keys are refused, and every bad value ends the command with exit code
2 and one line naming the file, the field path and what is allowed, e.g.

\`\`\`
drainsim: error: scenarios/x.yaml: exporter.batchSize: got -5; allowed: an integer from 1 to 1000000
\`\`\`

Every figure that DOMAIN.md reads from the public code of RIP and IAPI is a default here, and every
figure no public source gives is a key with a stated default. The origin column says which:
${Object.entries(ORIGIN_LEGEND)
  .map(([kind, text]) => `**${kind}**, ${text}`)
  .join('; ')}.

## Keys

${keySections()}

${assumptionsSection()}

${eventsSection()}

${faultsSection()}

${durationsSection()}

${sweepsSection()}

${limitsSection()}
`;
}

// `npm run docs`: write the reference to the given path, and the README's glossary.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2] ?? 'docs/scenario-reference.md';
  writeFileAtomic(out, renderScenarioReference());
  writeFileAtomic('README.md', withGlossary(readFileSync('README.md', 'utf8')));
  process.stdout.write(`wrote ${out} and the glossary of README.md\n`);
}
