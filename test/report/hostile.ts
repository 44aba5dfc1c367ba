import { loadDecision } from '../../src/analysis/decision-file.js';
import { writeSuiteOutputs } from '../../src/report/suite-outputs.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import runUnit from '../../src/suite/worker.js';
import { scenario } from '../helpers.js';

/** A scenario name with HTML, a spreadsheet formula, Markdown marks and a table pipe. */
export const HOSTILE_NAME = `=HYPERLINK("http://x","y") <img src=x onerror="window.xss=1"> | *b* [click](javascript:alert(1))`;
export const HOSTILE_DESCRIPTION = 'First line\n# not a heading <script>alert(2)</script> | @SUM(A1)';
/** The name issue 13 asks about, and a description with a terminal escape sequence and a bell. */
export const ISSUE_NAME = '<img src=x onerror=alert(1)>|*_[x](y)';
export const CONTROL_DESCRIPTION = 'Red \u001b[31malert\u001b[0m and a bell \u0007 and NUL \u0000.';

/**
 * Writes everything a finished suite writes (decision.md, report.md, report.html, results.csv,
 * charts) for two small scenarios with those names (two seeds each) into `dir`.
 */
export function hostileReport(dir: string): void {
  const common = { runs: 2, source: { documents: 3000 }, exporter: { docsPerSecond: 100 }, stops: [{ at: 10, downtime: 60 }] };
  const scenarios = [
    { file: 'scenarios/<b>evil|name</b>.yaml', scenario: scenario({ ...common, name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION }) },
    { file: 'scenarios/issue-13.yaml', scenario: scenario({ ...common, name: ISSUE_NAME, description: CONTROL_DESCRIPTION }) },
  ];
  // What the suite's worker sends for each seed: every strategy's run, and the first seed's timelines.
  const units = scenarios.flatMap(({ scenario: sc }) => [1, 2].map((seed) => runUnit({ scenario: sc, seed, strategies: STRATEGIES.map((s) => s.id), timelines: seed === 1 })));
  writeSuiteOutputs(dir, { scenarios, results: units.flatMap((u) => u.results), timelines: units.flatMap((u) => u.timelines) }, loadDecision('scenarios/decision.yaml'));
}
