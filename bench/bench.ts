/**
 * `npm run bench`: simulated documents per second and peak memory, for every strategy on a
 * 1M-document scenario with churn and three stops, then the 10M target (all seven strategies).
 * Speed targets live here, never in timed tests.
 */
import { performance } from 'node:perf_hooks';
import { SeedRun } from '../src/simulate.js';
import { STRATEGIES } from '../src/strategies/registry.js';
import { scenario } from '../test/helpers.js';

function benchScenario(documents: number) {
  return scenario({
    name: `bench-${documents}`,
    source: { documents, order: 'sort-key' },
    files: { meanBytes: 2_000_000, sigma: 1 },
    exporter: { docsPerSecond: 200 },
    stops: [
      { at: 0.2 * documents / 200, downtime: 900 },
      { at: 0.5 * documents / 200, downtime: 3600 },
      { at: 0.8 * documents / 200, downtime: 600 },
    ],
    churn: { insertsPerHour: 2000, deletesPerHour: 1000, entriesPerHour: 500, exitsPerHour: 500, sortKeyEditsPerHour: 500, contentEditsPerHour: 2000 },
  });
}

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 20);

function measure(documents: number, label: string): number {
  const sc = benchScenario(documents);
  const t0 = performance.now();
  const world = new SeedRun(sc, 1);
  const setup = performance.now() - t0;
  let total = 0;
  for (const s of STRATEGIES) {
    const t = performance.now();
    const r = world.run(s);
    const ms = performance.now() - t;
    sample();
    const docs = r.extraExports + r.rows; // documents the model pushed through (rows wiped included, roughly)
    total += ms;
    console.log(`${label}  ${s.id.padEnd(15)} ${(docs / (ms / 1000) / 1e6).toFixed(1).padStart(6)} M simulated docs/s  (${r.exportRuns} runs, ${r.failed ?? 'ok'})`);
  }
  const all = total + setup;
  console.log(`${label}  all seven strategies: ${((documents * STRATEGIES.length) / (all / 1000) / 1e6).toFixed(1)} M source docs/s; setup ${(setup / 1000).toFixed(2)} s, total ${(all / 1000).toFixed(2)} s; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
  return all;
}

measure(1_000_000, '1M ');
global.gc?.();
const ten = measure(10_000_000, '10M');
console.log(`10M documents through all seven strategies: ${(ten / 1000).toFixed(1)} s (target <= 30 s), peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (target <= 2048 MiB)`);
clearInterval(timer);
