import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainSeed, MAX_EXAMPLES } from '../../../src/analysis/explain/explain.js';
import { loadScenarioFile } from '../../../src/scenario/load.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { SeedRun } from '../../../src/simulate.js';
import { STRATEGIES, strategyById } from '../../../src/strategies/registry.js';
import { scenario } from '../../helpers.js';

const explain = (sc: Scenario, id: string, seed = sc.seed) => explainSeed(sc, seed, strategyById(id));

/** The lines of one anomaly class's section: from its heading to the next blank line. */
function section(text: string, heading: string): string {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith(`${heading}:`));
  expect(from, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const to = lines.findIndex((l, i) => i > from && l === '');
  return lines.slice(from, to < 0 ? undefined : to).join('\n');
}

/** The record explained in a section, one per "  DOC ..." line. */
const examples = (s: string) => s.split('\n').filter((l) => l.startsWith('  DOC '));

/** The design record's example (one document a batch, 1 s each, saved 0.1 s later) without its insert. */
const example = loadScenarioFile('scenarios/design-record-example.yaml');
const tiny = (over: Partial<Scenario> = {}): Scenario => ({ ...example, name: 'tiny', events: [], ...over });

describe('the design record\'s worked example (scenarios/design-record-example.yaml)', () => {
  const sc = example;
  const text = explain(sc, 'index-shift');

  it('says DOC2 was written twice because DOC1.1 was inserted ahead of it during the pause', () => {
    const dup = section(text, 'Duplicates');
    expect(dup).toContain('1 extra row (1 record written more than once)');
    // DOC2 is artifact 1000001 (records are numbered from 0), DOC1.1 the fifth record, 1000004.
    expect(dup).toContain('DOC 1000001: 2 rows in the load file: row 2 by run 1 at 2.1 s (batch saved at 2.2 s) and row 3 by run 2 at 63.2 s');
    expect(dup).toContain('run 2 started at StartAtDocumentNumber 2 (in JobDetails written at 2.2 s when run 1 paused: run 1\'s start 0 + its DocumentsExported 2)');
    expect(dup).toContain('it had stood at position 1 of run 1\'s table (frozen at 0 s); 1 record came ahead of it: DOC 1000004 was inserted at 10 s at position 1 while paused (2.2–62.2 s)');
    expect(dup).toContain('so at run 2\'s freeze (62.2 s) it stood at position 2, at or after that start, and run 2 wrote it again.');
  });

  it('says DOC1.1 was never exported because it stood before the shifted start', () => {
    const missed = section(text, 'Missed newcomers');
    expect(examples(missed)).toEqual(['  DOC 1000004: inserted at 10 s at position 1 while paused (2.2–62.2 s), after S0 was frozen at 0 s; in the query at the end; never exported.']);
    expect(missed).toContain('run 2 started at StartAtDocumentNumber 2');
    expect(missed).toContain('at run 2\'s freeze (62.2 s) it stood at position 1, before that start, and run 2 skipped it.');
  });

  it('has a header with the stop, each run with what it read, and the JobDetails', () => {
    expect(text).toContain('Explanation: scenario design-record-example, seed 1, strategy index-shift (design record 2.1: Shift the start index)');
    expect(text).toContain('stop 1: requested at 2.15 s during a batch; seen at 2.15 s; paused at 2.2 s (0.05 s after the request, within the 300 s budget); picked up again at 62.2 s after 60 s down.');
    expect(text).toContain('run 1 at 0 s: read the data source query from StartAtDocumentNumber 0, into folder design-record-example, a new load file; temp table 0 froze 4 records at 0 s; wrote 2 rows');
    expect(text).toContain('paused: JobDetails {"DestinationFolder":"design-record-example","StartAtDocumentNumber":2}');
    expect(text).toContain('run 2 at 62.2 s: started at StartAtDocumentNumber 2');
    expect(text).toContain('appending to the load file in folder design-record-example (2 rows); temp table 1 froze 5 records at 62.2 s');
    expect(text).toContain('Anomalies (the oracle\'s counts): duplicates 1, misses 0, missesGone 0, phantoms 0, stale 0, missedNewcomers 1.');
  });

  it('the frozen temp table (2.3) exports S0 exactly; DOC1.1 came after its freeze', () => {
    const missed = section(explain(sc, 'temp-table'), 'Missed newcomers');
    expect(missed).toContain('Why: it came after the temp table run 2 resumed (temp table 0) was frozen at 0 s, and no run came after that.');
  });

  it('is the sample the README shows', () => {
    const readme = readFileSync('README.md', 'utf8');
    const sample = /The design record's example with index shift \(2\.1\):\n\n```\n([\s\S]*?)\n```/.exec(readme);
    expect(sample?.[1]).toBe(text);
  });

  it('lists the classes without anomalies briefly', () => {
    for (const heading of ['Misses', 'Misses gone', 'Phantoms', 'Stale']) expect(text).toContain(`\n${heading}: none.\n`);
  });
});

describe('causes', () => {
  // 10,000 documents, batches of 1000: the stop at 100.2 s is seen at 100.5 s, in batch 4's download.
  const cut = explain(scenario({ name: 'cut', source: { documents: 10_000 }, stops: [{ at: 100.2, downtime: 60 }] }), 'index-shift');

  it('index shift misses the records of a batch IAPI counted whose download the cancel stopped', () => {
    const misses = section(cut, 'Misses');
    expect(misses).toContain('Misses: 1000 records');
    expect(misses).toContain('DOC 1004000: in S0, still in the query at the end, never in the load file.');
    expect(misses).toContain('run 1 downloaded its files at 100.42 s, but the cancel stopped its batch\'s download at 100.5 s before the batch wrote its rows');
    expect(misses).toContain("run 2 started at StartAtDocumentNumber 5000 (in JobDetails written at 101.55 s when run 1 paused: run 1's start 0 + its DocumentsExported 5000, which counted the 1000 documents of the batch whose download the cancel stopped at 100.5 s, before it wrote its rows)");
    expect(misses).toContain('it stood at position 4000 both in run 1\'s table (frozen at 5 s) and in run 2\'s (frozen at 161.55 s), before that start, and run 2 skipped it');
  });

  it('... and of a batch whose rows RestoreState cut, when the cancel cannot reach the download', () => {
    const whole = explain(scenario({ name: 'cut', source: { documents: 10_000 }, stops: [{ at: 100.2, downtime: 60 }], assumptions: { downloadCancellable: false } }), 'index-shift');
    const misses = section(whole, 'Misses');
    expect(misses).toContain('but RestoreState cut it at 121.4 s when run 1 stopped (the load file back to 4000 rows, the last saved batch)');
    expect(misses).toContain("run 1's start 0 + its DocumentsExported 5000, which counted 1000 documents whose rows RestoreState cut at 121.4 s)");
  });

  it('caps the examples at 10 per class, the first by export order', () => {
    const misses = section(cut, 'Misses');
    expect(MAX_EXAMPLES).toBe(10);
    expect(misses).toContain('The first 10 by export order (990 more not shown):');
    expect(examples(misses).map((l) => l.slice(2, 13))).toEqual(Array.from({ length: 10 }, (_, i) => `DOC ${1004000 + i}`));
  });

  it('keyset: a key moved behind the cursor is missed, one moved past it is written twice', () => {
    // Six documents; the stop lands after DOC3's batch. While paused, the first record moves to the end
    // and the fifth (not yet exported) to the front.
    const sc = tiny({
      source: { ...example.source, documents: 6 },
      stops: [{ at: 3.25, downtime: 60 }],
      events: [{ at: 10, kind: 'move', position: 0, count: 1, to: 5 }, { at: 11, kind: 'move', position: 4, count: 1, to: 0 }],
    });
    const text = explain(sc, 'keyset');
    const dup = section(text, 'Duplicates');
    expect(dup).toContain('run 2 exported by ID the live query after key 2, the key in the load file\'s last row (DOC 1000002, row 3 by run 1 at 3.2 s)');
    expect(dup).toContain('DOC 1000000: 2 rows in the load file: row 1 by run 1 at 1 s');
    expect(dup).toContain('its earlier row held key 0, but after that row was written it had its sort key edited at 10 s (to key 5.5; scripted move of 1 from position 0 to 5) while paused (3.3–63.3 s), so at run 2\'s query (63.3 s) its key 5.5 was after the cursor and run 2 wrote it again.');
    const misses = section(text, 'Misses');
    expect(misses).toContain('DOC 1000005: in S0, still in the query at the end, never in the load file.');
    expect(misses).toContain('it had its sort key edited at 11 s (to key 0.5; scripted move of 1 from position 4 to 0)');
    expect(misses).toContain('it was not in run 2\'s ID list (frozen at 63.3 s): run 2 exported by ID the live query after key 2');
    expect(misses).toContain('and its key was then 0.5, not after it.');
  });

  it('restart: the overwrite recreated the load file without the row of a record deleted before the rerun froze its table', () => {
    const sc = tiny({ job: { ...example.job, sharedFolderFiles: 3 }, events: [{ at: 10, kind: 'delete', position: 0, count: 1 }] });
    const text = explain(sc, 'restart');
    expect(text).toContain('run 2 at 62.2 s: read the data source query from StartAtDocumentNumber 0, into folder tiny with Overwrite on: at 62.2 s it recreated its load file (2 rows);');
    const gone = section(text, 'Misses gone');
    expect(gone).toContain('DOC 1000000: in S0, deleted at 10 s at position 0 while paused (2.2–62.2 s), never in the load file.');
    expect(gone).toContain('Why: run 1 wrote it at 1 s, but run 2\'s overwrite recreated the load file at 62.2 s; it was not in run 2\'s table (frozen at 62.2 s): it was deleted at 10 s');
    // The record's reading of Overwrite wipes the folder, other jobs' files included.
    const wiped = explain({ ...sc, assumptions: { ...sc.assumptions, overwrite: 'folder' } }, 'restart');
    expect(wiped).toContain('into folder tiny with Overwrite on: at 62.2 s it recreated its load file (2 rows) and wiped the folder with 3 files of other jobs');
  });

  it('a kept temp table that expired during the pause: RIP fell back to a restart, or (tempTableGone: fail) the job failed, and why', () => {
    const sc = loadScenarioFile('scenarios/temp-table-expiry.yaml');
    expect(explain(sc, 'temp-table-exact')).toContain('run 3 at 7501.05 s: the resume failed: Temp table 0 no longer exists (expired after the 3600 s retention); RIP fell back to exporting everything again; then it read the data source query from StartAtDocumentNumber 0');
    const failing = { ...sc, assumptions: { ...sc.assumptions, tempTableGone: 'fail' as const } };
    for (const id of ['temp-table-exact', 'temp-table-ids']) {
      const text = explain(failing, id);
      expect(text).toMatch(/The job failed at 7501\.05 s: Temp table 0 no longer exists \(expired after the 3600 s retention\)\. Temp table 0 was kept when run 1 stopped at 301 s, gone at 3901 s \(expired after the 3600 s retention\), before the job came back at 7501\.05 s\./);
      const misses = section(text, 'Misses');
      expect(examples(misses)).toHaveLength(10);
      expect(misses).toMatch(/Temp table 0 no longer exists/);
    }
  });

  it('a kill leaves the rows of the run in the file: RIP trims them back to the last pause (trimAfterKill)', () => {
    // The second request meets a burst of transient errors: IAPI's retry waits hold the stop past the kill at 300 s.
    const sc = scenario({ name: 'kill', source: { documents: 20_000 }, stops: [{ at: 99.5, downtime: 600 }, { at: 1000, downtime: 600 }], events: [{ at: 990, kind: 'errors', count: 15 }] });
    const text = explain(sc, 'temp-table-exact');
    expect(text).toContain('run 3 at 1900 s: RIP trimmed the load file back to 4000 rows (the lengths stored at the last pause) at 1900 s; then it resumed temp table 0 after its first 4000 positions');
    expect(section(text, 'Duplicates')).toBe('Duplicates: none.');
  });

  it('without the trim (trimAfterKill: false), JobDetails keep the older pause: the resume writes the killed run\'s rows again', () => {
    const sc = scenario({ name: 'kill', source: { documents: 20_000 }, stops: [{ at: 99.5, downtime: 600 }, { at: 1000, downtime: 600 }], events: [{ at: 990, kind: 'errors', count: 15 }], assumptions: { trimAfterKill: false } });
    const text = explain(sc, 'temp-table-exact');
    expect(text).toContain('stop 2: requested at 1000 s during a retry wait; seen at 1000.05 s; the agent was killed at 1300 s (300 s after the request; a kill is not a drain-stop, so it counts as over budget)');
    const dup = section(text, 'Duplicates');
    expect(dup).toContain('DOC 1004000: 2 rows in the load file: row 4001 by run 2 at 704.07 s');
    expect(dup).toContain('run 3 resumed temp table 0 after its first 4000 positions (TempTableSkip in JobDetails written at 102.05 s when run 1 paused); in temp table 0 (frozen at 5 s) it stood at position 4000, at or after that start, and run 3 wrote it again.');
    expect(dup).toContain('Its earlier row was written by run 2, which was killed at 1300 s: no RestoreState ran, so the row stayed, and JobDetails still held the state of the pause at 102.05 s.');
  });

  it('the same for an ID list kept in JobDetails (2.2): the kill left rows of IDs still on the list', () => {
    const sc = scenario({ name: 'kill', source: { documents: 20_000 }, stops: [{ at: 99.5, downtime: 600 }, { at: 1000, downtime: 600 }], events: [{ at: 960, kind: 'errors', count: 15 }], assumptions: { trimAfterKill: false } });
    const dup = section(explain(sc, 'artifact-ids'), 'Duplicates');
    expect(dup).toContain('run 3 exported the 16000 artifact IDs kept in JobDetails written at 102.06 s when run 1 paused (run 1\'s temp table from position 4000, after its saved batches); it was in that list (position 0), and run 3 wrote it again. Its earlier row was written by run 2, which was killed at 1300 s');
  });

  it('today\'s export after a kill: the rerun fails on the load file left behind', () => {
    const text = explain(loadScenarioFile('scenarios/large-natives.yaml'), 'status-quo');
    expect(text).toContain('ignored (today\'s export does not support drain-stop); the agent was killed at 2100 s');
    expect(text).toContain('Run 2 started afresh into folder large-natives, where the load file of the run before (6000 rows) still was, and the job\'s Overwrite setting is off.');
    // The batch the kill cut in its downloads left files, no rows.
    expect(text).toContain('but the agent was killed at 2100 s before the batch wrote its rows');
  });
});

describe('the text', () => {
  it('says "none" for every class when there is no anomaly', () => {
    const text = explain(tiny(), 'temp-table');
    expect(text).toContain('Anomalies (the oracle\'s counts): duplicates 0, misses 0, missesGone 0, phantoms 0, stale 0, missedNewcomers 0.');
    for (const heading of ['Duplicates', 'Misses', 'Misses gone', 'Phantoms', 'Stale', 'Missed newcomers']) expect(section(text, heading)).toBe(`${heading}: none.`);
    expect(text).not.toMatch(/DOC \d/);
  });

  it('is the same byte for byte when explained again', () => {
    // Churn of several kinds, four stop requests, 500k documents: every kind of chain.
    const sc = loadScenarioFile('scenarios/several-stops.yaml');
    for (const s of STRATEGIES.filter((x) => ['index-shift', 'keyset', 'restart'].includes(x.id))) expect(explainSeed(sc, 2, s)).toBe(explainSeed(sc, 2, s));
  });

  it('names the fingerprint of the run it explains (the one `run --json` reports)', () => {
    const sc = loadScenarioFile('scenarios/sort-key-edits.yaml');
    const s = strategyById('keyset');
    expect(explainSeed(sc, 3, s)).toContain(`fingerprint ${new SeedRun(sc, 3).run(s).fingerprint}.`);
  });
});
