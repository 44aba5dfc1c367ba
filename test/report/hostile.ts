import type { RunResult } from '../../src/oracle/result.js';
import { writeSuiteReport } from '../../src/report/suite-report.js';
import { SeedRun, toResult } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import type { WorkerTimeline } from '../../src/suite/worker.js';
import { scenario } from '../helpers.js';

/** A scenario name with HTML, a spreadsheet formula, Markdown marks and a table pipe. */
export const HOSTILE_NAME = `=HYPERLINK("http://x","y") <img src=x onerror="window.xss=1"> | *b* [click](javascript:alert(1))`;
export const HOSTILE_DESCRIPTION = 'First line\n# not a heading <script>alert(2)</script> | @SUM(A1)';

/** Writes the report of a small suite of that one scenario (two seeds) into `dir`. */
export function hostileReport(dir: string): void {
  const sc = scenario({ name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION, runs: 2, source: { documents: 3000 }, exporter: { docsPerSecond: 100 }, stops: [{ at: 10, downtime: 60 }] });
  const results: RunResult[] = [];
  const timelines: WorkerTimeline[] = [];
  for (const seed of [1, 2]) {
    const world = new SeedRun(sc, seed);
    for (const s of STRATEGIES) {
      const job = world.job(s);
      results.push(toResult(sc, seed, s, job, world.baselineBusySeconds()));
      if (seed === 1) timelines.push({ scenario: sc.name, seed, strategy: s.id, segments: job.timeline });
    }
  }
  writeSuiteReport(dir, { scenarios: [{ file: 'scenarios/<b>evil|name</b>.yaml', scenario: sc }], results, timelines });
}
