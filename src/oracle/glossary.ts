/**
 * Every term the results and reports use, defined once: the README's glossary and the report's
 * "How to read these figures" are rendered from this list, and a test holds the README to it.
 */
export const GLOSSARY: readonly (readonly [term: string, definition: string])[] = [
  ['S0', 'The records the job\'s first export run froze in its temp table, from StartExportAtRecord on: the data set the job was started to deliver.'],
  ['duplicates', 'Extra rows in the final load file: rows of records written more than once.'],
  ['misses', 'Records of S0 still in the query at the end that are not in the final load file: silent data loss.'],
  ['missesGone', 'Records of S0 not in the final load file that were deleted or left the query by the end: not data loss.'],
  ['phantoms', 'Records in the final load file that are not in S0 (they entered the query after the freeze).'],
  ['stale', 'Records of S0 whose row in the final load file carries another version than the one frozen in S0 (edited after the freeze and exported after the edit): the file is newer than the snapshot for them.'],
  ['missedNewcomers', 'Records that entered the query after S0, are in it at the end, and are not in the load file (the design record\'s DOC1.1).'],
  ['reexportedDocs', 'Documents whose files were transferred more than once across all runs (rows later truncated or recreated included).'],
  ['extraExports', 'Every transfer of a document beyond its first.'],
  ['rerunSeconds', 'Agent seconds spent on work a stop-free run does not do: documents exported again (their transfer time plus their share of the batch steps), temp tables built again, and RIP\'s reads to resume (the load file, data-source queries). Never negative; null (no value) for a failed run, which a constraint rules out instead.'],
  ['busySeconds', 'Agent seconds spent on the job: TotalCount query, temp tables, batches, retry waits, stopping, resume-time reads.'],
  ['completionSeconds', 'Simulated time the job completed; null if it failed.'],
  ['stop latency', 'From the drain-stop request to the paused state persisted (JobDetails written), or to completion, a kill or a failure. A stop ended by a kill is over budget whatever its latency: a kill is not a drain-stop.'],
  ['killed / aborted', 'The platform killed the agent at the budget (killed), or RIP\'s DrainStopTimeoutSeconds aborted the worker thread (aborted): no RestoreState, no JobDetails.'],
  ['jobDetailsMaxBytes', 'The largest JobDetails JSON written to the queue row.'],
  ['tempTablesLeft', 'Temp tables still on the server when the job ended (kept and never resumed, or left by a kill).'],
  ['tempTableRetainedSeconds', 'Seconds temp tables were held on the server for a later resume.'],
  ['tempTableRowSeconds', 'Held seconds × rows of each kept temp table, summed: the size-weighted cost of kept snapshots.'],
  ['collateralDeletes', 'Files of other jobs in a shared destination folder that an overwrite deleted (assumption overwrite: folder).'],
  ['orphanFiles', 'Files (natives, image pages) in the job\'s destination folders that the final load file does not reference: of truncated or cancelled batches, or of an earlier run that an overwrite of only the files it rewrites left behind.'],
  ['fallbacks', 'Times RIP fell back to a restart because the kept temp table it resumes from was gone (assumption tempTableGone: restart).'],
  ['loadFileReadSeconds', 'Agent seconds RIP spent reading load files to resume (counting rows, reading the last row); part of rerunSeconds.'],
  ['statsRegressions', 'Times the ItemsTransferred that JobHistory shows went down.'],
  ['itemsTransferred', 'ItemsTransferred shown at the end; it can exceed the rows (additive statistics count re-exported and cut documents).'],
  ['DocumentsExported', 'IAPI\'s count of a run\'s documents: each once its files are transferred, plus the whole batch a cancel stopped in its download. RestoreState never takes it back, so after a stop it can exceed the rows kept.'],
  ['fingerprint', 'FNV-1a of the whole event history and every row written: the same scenario and seed give the same value.'],
];

const GLOSSARY_BLOCK = /<!-- glossary:start -->\n[\s\S]*?<!-- glossary:end -->/;

/** The glossary as the README's Markdown table. */
export function glossaryMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return ['| term | meaning |', '| --- | --- |', ...GLOSSARY.map(([term, meaning]) => `| \`${term}\` | ${cell(meaning)} |`)].join('\n');
}

/** A README with its glossary block (between the glossary markers) rendered afresh. */
export function withGlossary(readme: string): string {
  if (!GLOSSARY_BLOCK.test(readme)) throw new Error('README.md has no <!-- glossary:start --> ... <!-- glossary:end --> block');
  return readme.replace(GLOSSARY_BLOCK, `<!-- glossary:start -->\n${glossaryMarkdown()}\n<!-- glossary:end -->`);
}
