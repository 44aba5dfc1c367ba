import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decideCommand } from '../../src/commands/decide.js';
import { describeInChromium, openInChromium, type LoadedPage } from './chromium.js';

const root = mkdtempSync(join(tmpdir(), 'drainsim-explorer-'));

/**
 * Where the screenshot of the page's decision section goes: the README's copy in reports/example
 * when DRAINSIM_SCREENSHOT=1 (a test run leaves the tree as it found it otherwise).
 */
const SCREENSHOT = process.env.DRAINSIM_SCREENSHOT === '1' ? 'reports/example/screenshots/decision.png' : join(root, 'decision.png');

/** The ranking table of a decision.md: strategy, weighted-sum rank, score, TOPSIS rank, closeness per row. */
function rankingOf(markdown: string): string[][] {
  const section = markdown.slice(markdown.indexOf('\n## Ranking\n'));
  const table = section.slice(section.indexOf('| strategy | weighted-sum rank |'));
  return table
    .split('\n\n')[0]
    .split('\n')
    .slice(2)
    .map((row) => row.split('|').slice(1, -1).map((c) => c.trim()));
}

/** `drainsim decide` on a copy of the example suite with these weights (the rest of scenarios/decision.yaml as it is). */
async function decideWith(name: string, weights: Record<string, number>): Promise<string[][]> {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const f of ['results.jsonl', 'suite.json', 'timelines.jsonl']) copyFileSync(join('reports/example', f), join(dir, f));
  const decision = parse(readFileSync('scenarios/decision.yaml', 'utf8')) as { criteria: Record<string, { weight: number }>; sensitivity?: { base: string } };
  for (const [criterion, weight] of Object.entries(weights)) decision.criteria[criterion].weight = weight;
  delete decision.sensitivity; // its base file is named relative to scenarios/
  const file = join(dir, 'decision.yaml');
  writeFileSync(file, stringify(decision));
  await decideCommand([dir, '--decision', file], () => {});
  return rankingOf(readFileSync(join(dir, 'decision.md'), 'utf8'));
}

/** The page's ranking after setting the sliders to these weights (the others left at the file's). */
async function pageRanking(p: LoadedPage, weights: Record<string, number>): Promise<string[][]> {
  return p.page.evaluate((w) => {
    (document.getElementById('weights-reset') as HTMLButtonElement).click();
    for (const [criterion, weight] of Object.entries(w)) {
      const input = document.getElementById(`weight-${criterion}`) as HTMLInputElement;
      input.value = String(weight);
      input.dispatchEvent(new Event('input'));
    }
    return [...document.querySelectorAll('#weights-explorer tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent!.trim()));
  }, weights);
}

/** Three weight settings: the file's, correctness and rerun time only, and the estimates doubled. */
const SETTINGS: [string, Record<string, number>][] = [
  ['file', {}],
  ['measured', { iapiChanges: 0, effort: 0, rerunSeconds: 8 }],
  ['invasive', { iapiChanges: 12, effort: 8, tempTableRetainedSeconds: 0 }],
];

describeInChromium('the weights explorer of report.html', () => {
  let page: LoadedPage;
  beforeAll(async () => {
    page = await openInChromium('reports/example/report.html');
  }, 60_000);
  afterAll(async () => page?.close());

  it('ranks as `drainsim decide` does with the same weights, for three settings', async () => {
    const rankings = [];
    for (const [name, weights] of SETTINGS) {
      const expected = await decideWith(name, weights);
      expect(expected.length).toBeGreaterThan(1);
      expect(await pageRanking(page, weights), name).toEqual(expected);
      rankings.push(expected);
    }
    // The settings really move the ranking, so equal tables are not a coincidence of one order.
    expect(new Set(rankings.map((r) => r.map((row) => row[0]).join())).size).toBeGreaterThan(1);
    expect(page.errors).toEqual([]);
    expect(page.network).toEqual([]);
  });

  it('says so when no weight is left', async () => {
    const all = Object.fromEntries(['duplicates', 'misses', 'p99StopLatency', 'rerunSeconds', 'jobDetailsBytes', 'tempTableRetainedSeconds', 'collateralDeletes', 'statsRegressions', 'iapiChanges', 'effort'].map((c) => [c, 0]));
    expect(await pageRanking(page, all)).toEqual([]);
    expect(await page.page.textContent('#weights-note')).toBe('No criterion has a weight above 0: nothing to rank.');
  });

  it('takes a screenshot of the decision section (bottom line and the table of all strategies)', async () => {
    await page.page.evaluate(() => (document.getElementById('weights-reset') as HTMLButtonElement).click());
    const box = await page.page.evaluate(() => {
      const top = document.getElementById('bottom-line')!.getBoundingClientRect();
      const table = document.querySelector('.table-scroll[aria-label^="table: strategy, verdict"]')!.getBoundingClientRect();
      return { x: 0, y: top.top + window.scrollY - 8, width: window.innerWidth, height: table.bottom - top.top + 16 };
    });
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    const png = await page.page.screenshot({ clip: box, fullPage: true });
    writeFileSync(SCREENSHOT, png);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
