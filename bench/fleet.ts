/**
 * `npm run bench:fleet`: the large example fleet
 * (scenarios/fleet/large.yaml: 2,000 jobs a day on 20 agents over 30 days, every strategy on each
 * of its seeds, and its break-even sweep) on all cores, as `drainsim fleet` runs it, and the time
 * to write its report. Speed targets live here, never in timed tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fleetCommand } from '../src/commands/fleet.js';

const file = process.argv[2] ?? 'scenarios/fleet/large.yaml';
const jobs = availableParallelism();
const out = mkdtempSync(join(tmpdir(), 'drainsim-bench-fleet-'));
const lines: string[] = [];
try {
  const t0 = performance.now();
  const said = await fleetCommand([file, '--out', out, '--force', '--jobs', String(jobs)], (line) => lines.push(line));
  const seconds = (performance.now() - t0) / 1000;
  const simulations = /(\d+) single-job simulations run \((\d+) asked for/.exec(lines.join('\n'));
  console.log(`${lines[0]}`);
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  console.log(
    `fleet  ${file}: ${seconds.toFixed(1)} s on ${jobs} worker thread${jobs === 1 ? '' : 's'}, report included (target: the large example under 60 s on 2 cores); ` +
      `${cpu.toFixed(1)} s of CPU, peak RSS ${(usage.maxRSS / 1024).toFixed(0)} MiB; ${simulations?.[1]} single-job simulations run, ${simulations?.[2]} asked for; ${said}`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
