/**
 * One measured process of `npm run bench` and `npm run bench:compare`: the bench scenario of N
 * documents (sort-key order, churn, three stops) through the issue's seven strategies, then the
 * other three, one seed. Prints one JSON object (see `ModelBench`) on stdout. Each size runs in a
 * process of its own so that its peak memory is its own.
 *
 *   node --import tsx bench/model.ts --documents N [--seven] [--no-inserts]
 *
 * --seven: only the issue's seven. --no-inserts: churn without inserts and entries (the source
 * keeps its documents: at 50M it is at LIMITS.records and may not grow).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SeedRun } from '../src/simulate.js';
import { STRATEGIES } from '../src/strategies/registry.js';
import { scenario } from '../test/helpers.js';
import { ISSUE_SEVEN, type ModelBench, type ProcessFigures, type StrategyFigures } from './figures.js';

function benchScenario(documents: number, inserts: boolean) {
  return scenario({
    name: `bench-${documents}`,
    source: { documents, order: 'sort-key' },
    files: { meanBytes: 2_000_000, sigma: 1 },
    exporter: { docsPerSecond: 200 },
    stops: [
      { at: (0.2 * documents) / 200, downtime: 900 },
      { at: (0.5 * documents) / 200, downtime: 3600 },
      { at: (0.8 * documents) / 200, downtime: 600 },
    ],
    churn: { insertsPerHour: inserts ? 2000 : 0, deletesPerHour: 1000, entriesPerHour: inserts ? 500 : 0, exitsPerHour: 500, sortKeyEditsPerHour: 500, contentEditsPerHour: 2000 },
  });
}

function measure(documents: number, onlySeven: boolean, inserts: boolean): ModelBench {
  const startupSeconds = performance.now() / 1000;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const figures = (): ProcessFigures => {
    const cpu = process.cpuUsage(cpu0);
    return {
      wallSeconds: (performance.now() - t0) / 1000,
      userSeconds: cpu.user / 1e6,
      sysSeconds: cpu.system / 1e6,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  };
  const sc = benchScenario(documents, inserts);
  const world = new SeedRun(sc, 1);
  const setupSeconds = (performance.now() - t0) / 1000;
  const order = [...STRATEGIES.filter((s) => ISSUE_SEVEN.includes(s.id)), ...STRATEGIES.filter((s) => !ISSUE_SEVEN.includes(s.id))];
  const strategies: StrategyFigures[] = [];
  let seven: ProcessFigures | null = null;
  for (const s of onlySeven ? order.slice(0, ISSUE_SEVEN.length) : order) {
    const t = performance.now();
    const r = world.run(s);
    strategies.push({ id: s.id, seconds: (performance.now() - t) / 1000, exported: r.rows + r.extraExports, exportRuns: r.exportRuns, failed: r.failed, fingerprint: r.fingerprint });
    if (strategies.length === ISSUE_SEVEN.length) seven = figures();
  }
  return { documents, startupSeconds, setupSeconds, seven: seven!, all: figures(), strategies, arenaBytes: world.arena.bytes, load: loadavg()[0] };
}

const { values } = parseArgs({ options: { documents: { type: 'string', default: '1000000' }, seven: { type: 'boolean', default: false }, 'no-inserts': { type: 'boolean', default: false } } });
process.stdout.write(`${JSON.stringify(measure(Number(values.documents), values.seven, !values['no-inserts']))}\n`);
