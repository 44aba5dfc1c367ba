import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bottomLine } from '../../src/analysis/bottom-line.js';
import { analyseDecision } from '../../src/analysis/decision.js';
import { loadDecision, parseDecision } from '../../src/analysis/decision-file.js';
import { bottomLineSections } from '../../src/report/bottom-line.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { writeSuiteOutputs } from '../../src/report/suite-outputs.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import runUnit from '../../src/suite/worker.js';
import { fewestBreaks } from '../analysis/fixtures.js';
import { scenario } from '../helpers.js';

/** The bottom-line block of a Markdown output: from its heading to the table of all strategies. */
function block(markdown: string): string {
  const start = markdown.search(/^#+ Bottom line$/m);
  return markdown.slice(markdown.indexOf('\n', start), markdown.indexOf('**All strategies**'));
}

describe('answer first (reports/example)', () => {
  const report = readFileSync('reports/example/report.md', 'utf8');
  const decision = readFileSync('reports/example/decision.md', 'utf8');

  for (const [name, text] of [['report.md', report], ['decision.md', decision]]) {
    it(`${name}: the first 25 lines name the recommended strategy, the runner-up and the budget outcome`, () => {
      const top = text.split('\n').slice(0, 25).join('\n');
      expect(top).toMatch(/^- \*\*Recommended: restart\*\* — rank 1 of the \d strategies that meet the constraints/m);
      expect(top).toMatch(/^- \*\*Runner-up: [a-z-]+\*\*, 0\.\d{4} behind/m);
      expect(top).toMatch(/^- \*\*Budget \(300 s\):\*\* restart: p99 stop latency \d+ s, within the 300 s budget/m);
      expect(top).toMatch(/^- \*\*What decides it\*\*.*\(estimates\)/m);
    });
  }

  it('report.md and decision.md open with the same block, rendered from one bottom line', () => {
    expect(block(report).length).toBeGreaterThan(500);
    expect(block(report)).toBe(block(decision));
  });

  it('the table of all strategies follows, one row per strategy of the runs, each column explained', () => {
    const table = report.slice(report.indexOf('| strategy | verdict |')).split('\n\n')[0].split('\n');
    const strategies = new Set(readFileSync('reports/example/results.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l).strategy as string));
    expect(table.slice(2).map((row) => row.split('|')[1].trim())).toEqual([...strategies]);
    const columns = table[0].split('|').slice(2, -1).map((c) => c.trim());
    const legend = report.slice(report.indexOf('| strategy | verdict |')).split('\n\n')[1];
    for (const column of columns) expect(legend).toContain(`- **${column}**: `);
  });
});

describe('a suite that allows no decision', () => {
  it('says so in the bottom line and links no decision.md', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drainsim-undecided-'));
    const sc = scenario({ name: 'todays', source: { documents: 2000 }, exporter: { docsPerSecond: 100 }, stops: [{ at: 5, downtime: 60 }], iapi: { append: false, keepTempTable: false, exportByArtifactIds: false } });
    const unit = runUnit({ scenario: sc, seed: 1, strategies: STRATEGIES.map((s) => s.id), timelines: true });
    const said = writeSuiteOutputs(dir, { scenarios: [{ file: 'todays.yaml', scenario: sc }], results: unit.results, timelines: unit.timelines }, loadDecision('scenarios/decision.yaml'));
    expect(said).toMatch(/^no decision\.md: every scenario turns off an IAPI capability/);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report.split('\n').slice(0, 8).join('\n')).toContain('**No decision:** every scenario turns off an IAPI capability some strategy needs');
    expect(report).not.toContain('(decision.md)');
    expect(existsSync(join(dir, 'decision.md'))).toBe(false);
  });
});

describe('the bottom line when no strategy meets every constraint', () => {
  it('says the recommended strategy breaks the fewest, and how many pairs', () => {
    const results = fewestBreaks();
    const a = analyseDecision(results, parseDecision({ criteria: { misses: { weight: 1, direction: 'min' } } }, 'd.yaml'));
    const bl = bottomLine(a, results);
    expect(bl.rankedBreak).toBe(1);
    const md = renderMarkdown(bottomLineSections(bl, 2));
    expect(md).toContain('- **Recommended: restart** — rank 1 of the 1 strategy that breaks the fewest constraints (1 scenario × constraint pair; none meets them all)');
    expect(md).toContain('- **Runner-up: none** — restart is the only strategy that breaks the fewest constraints.');
  });
});
