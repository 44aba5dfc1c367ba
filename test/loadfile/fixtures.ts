import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAPI_LAYOUT, type LayoutParams } from '../../src/loadfile/layout.js';
import { jobDir, materializeJob } from '../../src/loadfile/materialize.js';
import type { Scenario } from '../../src/scenario/types.js';
import { SeedRun } from '../../src/simulate.js';
import type { Strategy } from '../../src/strategies/strategy.js';
import { scenario } from '../helpers.js';

/** Small subdirectories and volumes, so a few hundred documents already roll both over. */
export const SMALL_LAYOUT: LayoutParams = { ...IAPI_LAYOUT, subdirectoryMaxFiles: 40, volumeMaxSizeMB: 60 };

/**
 * A fresh folder for materialized jobs: in /dev/shm (memory) where there is one, since creating
 * thousands of small files on a busy disk is what would make these tests slow, else the OS temp dir.
 */
export function tempRoot(): string {
  let base = tmpdir();
  try {
    accessSync('/dev/shm', constants.W_OK);
    base = '/dev/shm';
  } catch {
    // no /dev/shm: the OS temp dir
  }
  return mkdtempSync(join(base, 'drainsim-loadfile-'));
}

const churn = { insertsPerHour: 3000, deletesPerHour: 1500, entriesPerHour: 800, exitsPerHour: 800, contentEditsPerHour: 3000 };
/** 600 documents in 12 batches of 50 (about 3.7 s each), files of about 1 MB. */
const base = { source: { documents: 600 }, files: { meanBytes: 1_000_000, pagesPerDoc: 1 }, exporter: { batchSize: 50 }, churn } as const;

/** Scenarios with churn and stops covering every behaviour the disk must show. */
export function loadFileScenarios(): Scenario[] {
  const kills = scenario({ ...base, name: 'kills', stops: [{ at: 15.3, downtime: 1200 }, { at: 34.1, downtime: 300 }] });
  kills.faults.force = { killBeforeJobDetails: true, secondStop: true };
  const jobDetailsKill = scenario({ ...base, name: 'jobdetails-kill', stops: [{ at: 22.2, downtime: 900 }] });
  jobDetailsKill.faults.force = { killDuringJobDetailsWrite: true, oldVersionAgent: true };
  const freshFolders = scenario({ ...base, name: 'fresh-folders', job: { destinationFromStartTime: true, sharedFolderFiles: 2 }, stops: [{ at: 18.4, downtime: 900 }, { at: 940.2, downtime: 900 }] });
  freshFolders.faults.force = { oldVersionAgent: true };
  return [
    // Two stops mid-download (truncations cut rows), churn and scripted changes during the pauses, two pages per document.
    scenario({
      ...base,
      name: 'churn-stops',
      files: { meanBytes: 1_000_000, pagesPerDoc: 2 },
      stops: [{ at: 17.8, downtime: 1800 }, { at: 1830, downtime: 600 }],
      events: [
        { at: 100, kind: 'insert', position: 0, count: 40 },
        { at: 100, kind: 'delete', position: 10, count: 15 },
        { at: 100, kind: 'edit', position: 300, count: 20 },
      ],
    }),
    // Sort-key order whose keys move: where a keyset cursor writes duplicates and misses.
    scenario({ ...base, name: 'sort-key', source: { documents: 600, order: 'sort-key' }, churn: { ...churn, sortKeyEditsPerHour: 5000 }, stops: [{ at: 17.8, downtime: 3600 }], events: [{ at: 200, kind: 'move', position: 500, count: 30, to: 0 }] }),
    // A destination shared with other jobs, Overwrite on: the record's reading wipes the folder, their files included;
    // the code's rewrites only its own files. Status quo is killed at the budget.
    scenario({ ...base, name: 'shared-overwrite', exporter: { batchSize: 50, docsPerSecond: 5 }, job: { overwrite: true, sharedFolderFiles: 4 }, stops: [{ at: 40.5, downtime: 900 }], assumptions: { overwrite: 'folder' } }),
    scenario({ ...base, name: 'shared-per-file', exporter: { batchSize: 50, docsPerSecond: 5 }, job: { overwrite: true, sharedFolderFiles: 4 }, stops: [{ at: 40.5, downtime: 900 }] }),
    // A fresh folder per fresh run (its name from the start time; the first resume is by an old agent), other jobs' files in each.
    freshFolders,
    kills,
    jobDetailsKill,
    // Today's IAPI: strategies needing a capability fail; what they left is still on disk.
    scenario({ ...base, name: 'todays-iapi', iapi: { append: false, keepTempTable: false, exportByArtifactIds: false }, stops: [{ at: 15.3, downtime: 600 }] }),
  ];
}

/** Simulate one (scenario, seed, strategy) job and write it under `root`. */
export function materialized(world: SeedRun, strategy: Strategy, root: string, layout = SMALL_LAYOUT) {
  const job = world.job(strategy);
  const id = { scenario: world.scenario.name, seed: world.seed, strategy: strategy.id };
  const dir = jobDir(root, id);
  const stats = materializeJob(dir, job, id, world.scenario.files.pagesPerDoc, layout);
  return { job, dir, stats };
}
