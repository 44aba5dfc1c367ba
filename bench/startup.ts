/**
 * `npm run bench` (third part): start-up of the CLI as users start it (bin/drainsim.mjs, the
 * prebuilt bundle): `drainsim --help` and `drainsim run` of a tiny scenario, against Node starting
 * an empty script and against the sources run through tsx. Median wall time of several starts,
 * each a whole process. Speed targets live here, never in timed tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from '../scripts/build.mjs';

const RUNS = 15;
const dir = mkdtempSync(join(tmpdir(), 'drainsim-startup-'));
const tiny = join(dir, 'tiny.yaml');
writeFileSync(tiny, 'name: tiny\nsource: { documents: 1000 }\nstops: [ { at: 5, downtime: 60 } ]\n');

/** Median wall seconds of a command started RUNS times (after one start not counted). */
function median(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}`);
    if (i > 0) times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

try {
  await build();
  const node = median(['-e', '0']);
  const help = median(['bin/drainsim.mjs', '--help']);
  const run = median(['bin/drainsim.mjs', 'run', tiny]);
  const sourcesHelp = median(['node_modules/tsx/dist/cli.mjs', 'src/cli.ts', '--help']);
  const line = (what: string, s: number, note = '') => console.log(`startup ${what.padEnd(40)} ${s.toFixed(3)} s (${(s / node).toFixed(1)}x node alone)${note}`);
  console.log(`startup (median of ${RUNS} starts, wall time of the whole process)`);
  line('node -e 0', node);
  line('drainsim --help', help, ' (target: at most 0.3 s)');
  line('drainsim run <1000 documents, 1 stop>', run);
  line('--help from the sources through tsx', sourcesHelp, ` (the bundle starts ${(sourcesHelp / help).toFixed(1)}x faster)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
