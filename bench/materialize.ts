/**
 * `npm run bench:materialize`: a 1M-document job written to disk as real load files, then read
 * back by `verify`'s reader: documents per second, files per second, peak memory (the process's
 * maximum resident set size). The target: a few hundred MB however large the job, since rows are
 * streamed (the model's row history is the only thing that grows with it).
 *
 *   npm run bench:materialize -- [--documents N] [--strategy id] [--dir D]
 *
 * Writes into a temporary folder under --dir (default: the OS temp dir) and removes it after.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { jobDir, materializeJob } from '../src/loadfile/materialize.js';
import { referenceOf } from '../src/loadfile/reference.js';
import { verifyJob } from '../src/loadfile/review/verify.js';
import { SeedRun } from '../src/simulate.js';
import { strategyById } from '../src/strategies/registry.js';
import { scenario } from '../test/helpers.js';

const { values } = parseArgs({ options: { documents: { type: 'string', default: '1000000' }, strategy: { type: 'string', default: 'temp-table' }, dir: { type: 'string', default: tmpdir() } } });
const documents = Number(values.documents);
const sc = scenario({
  name: `materialize-${documents}`,
  source: { documents, order: 'sort-key' },
  files: { meanBytes: 2_000_000, sigma: 1, pagesPerDoc: 1 },
  exporter: { docsPerSecond: 200 },
  // One document takes 1/200 s + 2 MB at 100 MB/s = 0.025 s: stops at 20%, 50% and 80% of the export, mid-batch.
  stops: [
    { at: 0.2 * documents * 0.025 + 10.3, downtime: 900 },
    { at: 0.5 * documents * 0.025 + 900 + 10.3, downtime: 3600 },
    { at: 0.8 * documents * 0.025 + 4500 + 10.3, downtime: 600 },
  ],
  churn: { insertsPerHour: 2000, deletesPerHour: 1000, entriesPerHour: 500, exitsPerHour: 500, sortKeyEditsPerHour: 500, contentEditsPerHour: 2000 },
});
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const peak = () => process.resourceUsage().maxRSS * 1024;

const t0 = performance.now();
const job = new SeedRun(sc, 1).job(strategyById(values.strategy));
const simulated = performance.now();
console.log(`simulated ${documents} documents, ${values.strategy}: ${((simulated - t0) / 1000).toFixed(2)} s, ${job.exportRuns} export runs, stops ${job.stops.map((x) => x.outcome).join(', ')}; RSS ${mib(process.memoryUsage().rss)}`);

const root = mkdtempSync(join(values.dir, 'drainsim-bench-'));
try {
  const id = { scenario: sc.name, seed: 1, strategy: values.strategy };
  const dir = jobDir(root, id);
  const stats = materializeJob(dir, job, id, sc.files.pagesPerDoc);
  const written = performance.now();
  const s = (written - simulated) / 1000;
  const datBytes = statSync(join(dir, sc.name, `${sc.name}_export.dat`)).size;
  console.log(`materialized in ${root}: ${stats.rowsWritten} rows (${(stats.rowsWritten / s).toFixed(0)} documents/s), ${stats.filesWritten} files (${(stats.filesWritten / s).toFixed(0)} files/s), ${s.toFixed(1)} s; .dat ${mib(datBytes)}; peak RSS ${mib(peak())}`);
  const v = verifyJob(dir, referenceOf(sc, job));
  const read = (performance.now() - written) / 1000;
  console.log(`verified: ${v.counts.rows} rows, ${v.problems.length} problems, ${v.folders[0].orphans} orphan files, ${read.toFixed(1)} s (${(v.counts.rows / read).toFixed(0)} rows/s); peak RSS ${mib(peak())}`);
} finally {
  const t = performance.now();
  rmSync(root, { recursive: true, force: true });
  console.log(`removed the bench folder in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
