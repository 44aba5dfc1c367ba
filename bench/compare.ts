/**
 * `npm run bench:compare`: the model benchmark of this commit against a saved baseline, as ratios
 * (this / baseline: below 1 is faster or smaller), so that a regression shows as a ratio measured
 * on the same machine. Runs bench/model.ts `--runs` times per size and compares medians.
 *
 *   npm run bench:compare -- [--sizes 1000000] [--runs 3] [--baseline bench/baseline.json] [--save]
 *
 * `--save` writes the medians as the baseline instead (with the commit, the machine and its load).
 * A ratio of wall times is only as steady as the machine: compare at a similar load average.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { label, mib, runModel, type ModelBench, type ProcessFigures } from './figures.js';

interface Summary {
  documents: number;
  runs: number;
  startupSeconds: number;
  seven: ProcessFigures;
  all: ProcessFigures;
  /** Median seconds per strategy. */
  strategies: Record<string, number>;
  load: number;
}

interface Baseline {
  commit: string;
  date: string;
  cores: number;
  note: string;
  sizes: Record<string, Summary>;
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    baseline: { type: 'string', default: 'bench/baseline.json' },
    save: { type: 'boolean', default: false },
    note: { type: 'string', default: '' },
  },
});

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function figures(bs: ModelBench[], pick: (b: ModelBench) => ProcessFigures): ProcessFigures {
  return {
    wallSeconds: median(bs.map((b) => pick(b).wallSeconds)),
    userSeconds: median(bs.map((b) => pick(b).userSeconds)),
    sysSeconds: median(bs.map((b) => pick(b).sysSeconds)),
    peakRssBytes: median(bs.map((b) => pick(b).peakRssBytes)),
  };
}

function summarize(documents: number, runs: number): Summary {
  const bs: ModelBench[] = [];
  for (let i = 0; i < runs; i++) bs.push(runModel(documents));
  const strategies: Record<string, number> = {};
  for (const s of bs[0].strategies) strategies[s.id] = median(bs.map((b) => b.strategies.find((x) => x.id === s.id)!.seconds));
  return {
    documents,
    runs,
    startupSeconds: median(bs.map((b) => b.startupSeconds)),
    seven: figures(bs, (b) => b.seven),
    all: figures(bs, (b) => b.all),
    strategies,
    load: median(bs.map((b) => b.load)),
  };
}

const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const current = sizes.map((d) => summarize(d, runs));

if (values.save) {
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const old: Baseline | null = existsSync(values.baseline) ? (JSON.parse(readFileSync(values.baseline, 'utf8')) as Baseline) : null;
  const out: Baseline = { commit, date: new Date().toISOString(), cores: availableParallelism(), note: values.note || (old?.note ?? ''), sizes: { ...(old?.commit === commit ? old.sizes : {}) } };
  for (const s of current) out.sizes[String(s.documents)] = s;
  writeFileSync(values.baseline, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`saved ${sizes.map(label).join(', ')} as the baseline of ${commit.slice(0, 10)} in ${values.baseline} (median of ${runs} runs, load average ${loadavg()[0].toFixed(1)})`);
} else {
  const base = JSON.parse(readFileSync(values.baseline, 'utf8')) as Baseline;
  console.log(`this commit against the baseline of ${base.commit.slice(0, 10)} (${base.date.slice(0, 10)}${base.note ? `, ${base.note}` : ''}): this / baseline, medians of ${runs} runs; below 1 is faster or smaller`);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  for (const s of current) {
    const b = base.sizes[String(s.documents)];
    if (b === undefined) {
      console.log(`${label(s.documents)}: no baseline for this size (saved: ${Object.keys(base.sizes).map(Number).map(label).join(', ')})`);
      continue;
    }
    console.log(`${label(s.documents)} documents (load average now ${s.load.toFixed(1)}, at the baseline ${b.load.toFixed(1)}):`);
    for (const [what, now, then] of [['the seven', s.seven, b.seven], ['all', s.all, b.all]] as const) {
      console.log(
        `  ${what.padEnd(10)} wall ${ratio(now.wallSeconds, then.wallSeconds)} (${now.wallSeconds.toFixed(2)} s vs ${then.wallSeconds.toFixed(2)} s), user ${ratio(now.userSeconds, then.userSeconds)}, sys ${ratio(now.sysSeconds, then.sysSeconds)}, peak RSS ${ratio(now.peakRssBytes, then.peakRssBytes)} (${mib(now.peakRssBytes)} vs ${mib(then.peakRssBytes)})`,
      );
    }
    console.log(`  start-up   ${ratio(s.startupSeconds, b.startupSeconds)} (${s.startupSeconds.toFixed(2)} s vs ${b.startupSeconds.toFixed(2)} s)`);
    for (const [id, secs] of Object.entries(s.strategies)) {
      const then = b.strategies[id];
      console.log(`  ${id.padEnd(20)} ${then === undefined ? 'no baseline' : `${ratio(secs, then)} (${secs.toFixed(3)} s vs ${then.toFixed(3)} s)`}`);
    }
  }
}
