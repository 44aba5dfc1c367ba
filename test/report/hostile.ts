import { writeSuiteReport } from '../../src/report/suite-report.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import runUnit from '../../src/suite/worker.js';
import { scenario } from '../helpers.js';

/** A scenario name with HTML, a spreadsheet formula, Markdown marks and a table pipe. */
export const HOSTILE_NAME = `=HYPERLINK("http://x","y") <img src=x onerror="window.xss=1"> | *b* [click](javascript:alert(1))`;
export const HOSTILE_DESCRIPTION = 'First line\n# not a heading <script>alert(2)</script> | @SUM(A1)';

/** Writes the report of a small suite of that one scenario (two seeds) into `dir`. */
export function hostileReport(dir: string): void {
  const sc = scenario({ name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION, runs: 2, source: { documents: 3000 }, exporter: { docsPerSecond: 100 }, stops: [{ at: 10, downtime: 60 }] });
  // What the suite's worker sends for each seed: every strategy's run, and the first seed's timelines.
  const units = [1, 2].map((seed) => runUnit({ scenario: sc, seed, strategies: STRATEGIES.map((s) => s.id), timelines: seed === 1 }));
  writeSuiteReport(dir, { scenarios: [{ file: 'scenarios/<b>evil|name</b>.yaml', scenario: sc }], results: units.flatMap((u) => u.results), timelines: units.flatMap((u) => u.timelines) });
}
