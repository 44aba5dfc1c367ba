import type { RunResult } from '../oracle/result.js';
import { countedCut } from './counted-cut.js';
import { statusQuoStop } from './export-time.js';
import { indexShiftLaw } from './index-shift-law.js';
import { finalRows, plural, referenceAt, runStarts, simulateSubject, someIds, type Subject } from './subject.js';

/**
 * The named properties of a simulated job. Each is a function of the job (its scenario, seed,
 * strategy, outcome and result) returning a violation a person can read, or null when it holds.
 */
export interface Property {
  id: string;
  /** What holds, in one sentence. */
  statement: string;
  /** Offered by `check --property` for any strategy (the others are laws of one registry strategy). */
  selectable: boolean;
  violation(s: Subject): string | null;
}

/** Simulated seconds to the millisecond, for messages. */
function seconds(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/** Texts of the problems found, joined; null when there are none. */
function problems(list: (string | null | false)[]): string | null {
  const found = list.filter((p): p is string => typeof p === 'string');
  return found.length === 0 ? null : found.join('; ');
}

function duplicatesText(s: Subject): string | null {
  if (s.result.duplicates === 0) return null;
  const twice = [...finalRows(s.job)].filter(([, n]) => n > 1).map(([r]) => r);
  return `${plural(s.result.duplicates, 'duplicate row')} (written more than once: ${someIds(twice)})`;
}

function missesText(s: Subject): string | null {
  if (s.result.misses === 0) return null;
  const rows = finalRows(s.job);
  const missed = Array.from(s.job.s0).filter((r) => !rows.has(r) && s.job.source.isLive(r));
  return `${plural(s.result.misses, 'miss', 'misses')} (in S0 and still in the query at the end, not in the load file: ${someIds(missed)})`;
}

/**
 * A stop killed or aborted after an earlier drain-stop paused the export: nothing was saved at
 * the kill, so the resume starts from JobDetails older than the load file (the killed run's rows
 * stay on disk), the case where even the exact strategies write rows twice.
 */
export function killedAfterPause(result: RunResult): boolean {
  let paused = false;
  for (const stop of result.stops) {
    if (stop.outcome === 'paused' && stop.phaseAtSignal !== 'manager') paused = true;
    else if ((stop.outcome === 'killed' || stop.outcome === 'aborted') && paused) return true;
  }
  return false;
}

/** Duplicates always; misses only when the job completed (a failed job leaves a partial file). */
const exactS0 = (s: Subject) => problems([duplicatesText(s), s.result.failed === null && missesText(s)]);

const ORACLE_COUNTS = ['rows', 'uniqueRows', 'duplicates', 's0', 'exportedFromS0', 'misses', 'missesGone', 'phantoms'] as const;

const PROPERTIES: readonly Property[] = [
  {
    id: 'oracle-sums',
    statement: "The oracle's counts add up (rows = unique + duplicates, S0 = exported from S0 + misses + missesGone) and equal a recount of the load file against the reference source.",
    selectable: false,
    violation: (s) => {
      const { job, result: r, scenario: sc } = s;
      const rows = finalRows(job);
      const freezeAt = runStarts(job)[0];
      const s0 = freezeAt === undefined ? [] : referenceAt(sc, freezeAt).live.slice(sc.job.startAtRecord - 1);
      const inS0 = new Set(s0);
      const end = referenceAt(sc, job.endAt);
      const total = [...rows.values()].reduce((a, b) => a + b, 0);
      const recount: Record<(typeof ORACLE_COUNTS)[number], number> = {
        rows: total,
        uniqueRows: rows.size,
        duplicates: total - rows.size,
        s0: s0.length,
        exportedFromS0: s0.filter((x) => rows.has(x)).length,
        misses: s0.filter((x) => !rows.has(x) && end.isLive(x)).length,
        missesGone: s0.filter((x) => !rows.has(x) && !end.isLive(x)).length,
        phantoms: [...rows.keys()].filter((x) => !inS0.has(x)).length,
      };
      return problems([
        r.rows !== r.uniqueRows + r.duplicates && `rows ${r.rows} != unique ${r.uniqueRows} + duplicates ${r.duplicates}`,
        r.s0 !== r.exportedFromS0 + r.misses + r.missesGone && `S0 ${r.s0} != exported from S0 ${r.exportedFromS0} + misses ${r.misses} + missesGone ${r.missesGone}`,
        ...ORACLE_COUNTS.map((k) => r[k] !== recount[k] && `${k} ${r[k]}, but the load file and the reference source give ${recount[k]}`),
      ]);
    },
  },
  {
    id: 'determinism',
    statement: 'The same scenario and seed give the same result, field for field, fingerprint included.',
    selectable: false,
    violation: (s) => {
      const again = simulateSubject(s.scenario, s.strategy).result;
      const differing = (Object.keys(s.result) as (keyof RunResult)[]).filter((k) => JSON.stringify(s.result[k]) !== JSON.stringify(again[k]));
      if (differing.length === 0) return null;
      return `seed ${s.scenario.seed} run twice differs in ${differing.map((k) => `${k} (${JSON.stringify(s.result[k])}, then ${JSON.stringify(again[k])})`).join(', ')}`;
    },
  },
  {
    id: 'exact-s0',
    statement: 'No record is written twice, and when the job completes every record of S0 still in the query is in the load file.',
    selectable: true,
    violation: exactS0,
  },
  {
    id: 'exact-s0-paused',
    statement: 'exact-s0 in every job where no stop was killed or aborted after an earlier pause (a kill saves no JobDetails, so the resume starts from the pause before).',
    selectable: true,
    violation: (s) => (killedAfterPause(s.result) ? null : exactS0(s)),
  },
  {
    id: 'no-duplicates',
    statement: 'No record is written twice to the final load file.',
    selectable: true,
    violation: duplicatesText,
  },
  {
    id: 'no-misses',
    statement: 'When the job completes, every record of S0 still in the query is in the load file.',
    selectable: true,
    violation: (s) => (s.result.failed === null ? missesText(s) : null),
  },
  {
    id: 'resume-exact',
    statement: 'No record is written twice, and when the job completes the load file holds exactly the records in the query when its last run started (less those deleted since).',
    selectable: true,
    violation: (s) => {
      if (s.result.failed !== null) return duplicatesText(s);
      const starts = runStarts(s.job);
      const resumeAt = starts[starts.length - 1];
      const query = referenceAt(s.scenario, resumeAt).live;
      const inQuery = new Set(query);
      const end = referenceAt(s.scenario, s.job.endAt);
      const rows = finalRows(s.job);
      const absent = query.filter((r) => !rows.has(r) && !end.deleted.has(r));
      const extra = [...rows.keys()].filter((r) => !inQuery.has(r));
      return problems([
        duplicatesText(s),
        absent.length > 0 && `${absent.length} records in the query when the last run started at ${seconds(resumeAt)} s are not in the load file: ${someIds(absent)}`,
        extra.length > 0 && `${extra.length} rows of records not in the query when the last run started at ${seconds(resumeAt)} s: ${someIds(extra)}`,
      ]);
    },
  },
  {
    id: 'within-budget',
    statement: 'Every drain-stop request that meets a running job ends within the stop budget, without a kill.',
    selectable: true,
    violation: (s) =>
      problems(
        s.result.stops.map((st, i) =>
          st.outcome !== 'not-running' && !st.withinBudget && `stop ${i + 1} (requested at ${st.signalAt} s) ended ${st.outcome} after ${st.latencySeconds} s, budget ${s.scenario.budget} s`,
        ),
      ),
  },
  {
    id: 'status-quo-budget',
    statement: "The status quo's first stop is within budget exactly when the rest of the export (computed from the scenario's times) fits in the budget and before the kill.",
    selectable: false,
    violation: (s) => {
      const expected = statusQuoStop(s.scenario);
      const stop = s.result.stops[0];
      if (expected === null || stop === undefined) return null;
      const limit = Math.min(s.scenario.budget, s.scenario.job.killAfterSeconds);
      // On the boundary itself either answer is right (float sums in another order).
      if (Math.abs(expected.remaining - limit) < 1e-6) return null;
      const fits = expected.remaining <= limit;
      if (stop.withinBudget === fits) return null;
      return `the stop at ${expected.signalAt} s waits ${expected.remaining.toFixed(3)} s for the export to end (limit ${limit} s), so it should be ${fits ? 'within' : 'over'} budget, but it ended ${stop.outcome} after ${stop.latencySeconds} s, ${stop.withinBudget ? 'within' : 'over'} budget`;
    },
  },
  {
    id: 'index-shift-law',
    statement: "Index shift's duplicates and misses after one pause follow from the inserts and deletes ahead of the resume point and DocumentsExported minus the rows kept (src/check/index-shift-law.ts).",
    selectable: false,
    violation: (s) => {
      const law = indexShiftLaw(s.scenario, s.job);
      const r = s.result;
      const failedOnStart = r.failed !== null && r.failed.startsWith('The chosen start item number');
      // The law speaks of a resumed run that completes or halts on its start number, not of other failures.
      if (law === null || (r.failed !== null && !failedOnStart)) return null;
      const { min, max } = law.duplicates;
      const { shift, moved, startError } = law;
      const found = problems([
        failedOnStart !== startError && `the law says the start number ${startError ? 'exceeds' : 'fits'} the live query, but the job ${r.failed === null ? 'completed' : `failed: ${r.failed}`}`,
        (r.duplicates < min || r.duplicates > max) && `${r.duplicates} duplicates, the law gives ${min === max ? min : `${min} to ${max}`}`,
        r.misses !== law.misses && `${r.misses} misses, the law gives ${law.misses}`,
        !moved && shift !== law.newcomersAhead - law.goneAhead - (law.documentsExported - law.rowsKept) && `shift != ${law.newcomersAhead} newcomers - ${law.goneAhead} gone - (E - K) ahead of the resume point`,
        !moved && !startError && shift >= 0 && (r.misses > 0 || r.duplicates > shift) && `starting early must give no misses and at most ${shift} duplicates, got ${r.misses} and ${r.duplicates}`,
        !moved && !startError && shift <= 0 && (r.duplicates > 0 || r.misses > -shift) && `starting late must give no duplicates and at most ${-shift} misses, got ${r.duplicates} and ${r.misses}`,
      ]);
      return found === null ? null : `resumed at ${seconds(law.resumeAt)} s with E = ${law.documentsExported}, K = ${law.rowsKept}, shift ${shift}: ${found}`;
    },
  },
  {
    id: 'skip-documents-exported-law',
    statement:
      'On a source that does not change, a resume that skips DocumentsExported (2.3 and 2.4 as written) writes no duplicate, and each pause skips exactly the documents IAPI counted but RestoreState did not keep: the misses are their sum (when the skip reaches the end of the table, 2.3\'s resume halts on its start number).',
    selectable: false,
    violation: (s) => {
      const { cut, kept, pauses } = countedCut(s.job);
      const r = s.result;
      if (r.failed !== null) {
        // The law speaks of a job that completes or halts on its start number, not of other failures.
        if (!r.failed.startsWith('The chosen start item number')) return null;
        return kept + cut >= r.s0 ? null : `the resume halted on its start number (${r.failed}) with only ${kept} rows kept and ${cut} counted but cut of ${r.s0}`;
      }
      return problems([
        duplicatesText(s),
        r.misses !== cut && `${r.misses} misses, but the ${plural(pauses, 'pause')} skipped ${cut} documents counted and cut (DocumentsExported - rows kept)`,
      ]);
    },
  },
  {
    id: 'keyset-cursor',
    statement: 'A keyset resume writes no duplicate and misses no record that stayed in the query unless a sort-key edit moved records before the last resume.',
    selectable: false,
    violation: (s) => {
      const broken = exactS0(s);
      if (broken === null) return null;
      const starts = runStarts(s.job);
      const lastResume = starts[starts.length - 1];
      const moves = referenceAt(s.scenario, lastResume).eventsUpTo(lastResume).filter((e) => e.kind === 'move');
      return moves.length > 0 ? null : `${broken}, with no sort-key edit before the last resume at ${seconds(lastResume)} s`;
    },
  },
];

export const SELECTABLE_PROPERTIES = PROPERTIES.filter((p) => p.selectable).map((p) => p.id);
/** The property `check` holds a strategy to unless told. */
export const DEFAULT_PROPERTY = 'exact-s0';

export function propertyById(id: string): Property | undefined {
  return PROPERTIES.find((p) => p.id === id);
}
