/**
 * `npm run bench` (first part): the model's speed and memory. The bench scenario (sort-key order,
 * churn, three stops) at 1M and 10M documents, each size in a process of its own, through the
 * issue's seven strategies and then the other three: per strategy seconds and simulated documents
 * per second; per size wall, user and system seconds and peak RSS after the seven and after all;
 * the process's start-up; and the bytes of peak memory each document adds (the slope from the
 * smallest size to the largest). Speed targets live here, never in timed tests.
 *
 *   npm run bench:model -- [--sizes 1000000,10000000] [--seven] [--no-inserts]
 *
 * (`npm run bench` runs it with the defaults: npm would hand arguments to its last part.)
 * --seven: only the issue's seven. --no-inserts: churn without inserts and entries (for 50M
 * documents, which is LIMITS.records: the source may not grow). The 50M figure of the README:
 * `npm run bench:model -- --sizes 50000000 --seven --no-inserts`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { docsPerSecond, ISSUE_SEVEN, label, mib, runModel, type ModelBench, type ProcessFigures } from './figures.js';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '1000000,10000000' }, seven: { type: 'boolean', default: false }, 'no-inserts': { type: 'boolean', default: false } },
});
const sizes = values.sizes.split(',').map(Number);
console.log(
  `model bench: ${sizes.map(label).join(' and ')} documents, sort-key order, churn${values['no-inserts'] ? ' (no inserts or entries)' : ''}, three stops, seed 1; ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)}`,
);

function line(what: string, documents: number, strategies: number, f: ProcessFigures): void {
  const sys = (100 * f.sysSeconds) / f.wallSeconds;
  console.log(
    `  ${what.padEnd(22)} wall ${f.wallSeconds.toFixed(2)} s, user ${f.userSeconds.toFixed(2)} s, sys ${f.sysSeconds.toFixed(2)} s (${sys.toFixed(0)} % of wall), peak RSS ${mib(f.peakRssBytes)} (${(f.peakRssBytes / documents).toFixed(0)} bytes/document); ${(docsPerSecond(documents, strategies, f.wallSeconds) / 1e6).toFixed(2)} M source docs/s`,
  );
}

const runs: ModelBench[] = [];
for (const documents of sizes) {
  const b = runModel(documents, values.seven, !values['no-inserts']);
  runs.push(b);
  console.log(`${label(documents)} documents: start-up ${b.startupSeconds.toFixed(2)} s (Node, tsx, modules), setup ${b.setupSeconds.toFixed(2)} s (SeedRun); load average ${b.load.toFixed(1)}`);
  // The arena computes the seed's file times in the first job and faults its pages in then.
  console.log(`  (${b.strategies[0].id}'s seconds include the seed's file times and the arena's first use, which every later strategy reuses)`);
  for (const s of b.strategies) {
    const rate = (n: number) => `${(n / s.seconds / 1e6).toFixed(2).padStart(6)} M`;
    console.log(`  ${s.id.padEnd(20)} ${s.seconds.toFixed(3).padStart(7)} s  ${rate(documents)} source docs/s  ${rate(s.exported)} exported docs/s  (${s.exportRuns} runs, ${s.failed === null ? 'ok' : 'failed'})`);
  }
  if (b.arenaBytes !== null) console.log(`  arena (the jobs' typed arrays, reused by every strategy): ${mib(b.arenaBytes)}, ${(b.arenaBytes / documents).toFixed(1)} bytes/document`);
  line(`the issue's seven`, documents, ISSUE_SEVEN.length, b.seven);
  if (!values.seven) line(`all ${b.strategies.length}`, documents, b.strategies.length, b.all);
}
if (runs.length > 1) {
  const [a, z] = [runs[0], runs[runs.length - 1]];
  const slope = (pick: (b: ModelBench) => ProcessFigures) => (pick(z).peakRssBytes - pick(a).peakRssBytes) / (z.documents - a.documents);
  console.log(
    `memory: peak RSS grows ${slope((b) => b.seven).toFixed(1)} bytes per document from ${label(a.documents)} to ${label(z.documents)} (the seven)${values.seven ? '' : `, ${slope((b) => b.all).toFixed(1)} (all ${z.strategies.length})`}`,
  );
}
