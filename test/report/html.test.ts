import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, openInChromium, type LoadedPage } from './chromium.js';
import { hostileReport, HOSTILE_NAME, ISSUE_NAME } from './hostile.js';

/** What the page shows, read in the browser. */
async function inspect(p: LoadedPage) {
  return p.page.evaluate(() => ({
    tables: document.querySelectorAll('table').length,
    headerCells: [...document.querySelectorAll('table thead th')].map((th) => th.textContent),
    headings: [...document.querySelectorAll('h4')].map((h) => h.textContent),
    scripts: [...document.scripts].map((s) => s.type || 'classic'),
    xss: (window as unknown as { xss?: number }).xss,
    /** Wider than the window: a table must scroll in its own box, never widen the page. */
    pageScrollsSideways: document.documentElement.scrollWidth > window.innerWidth + 1,
  }));
}

/** Every image, loaded: lazy images are asked to load now, then each is decoded. */
async function allImages(p: LoadedPage) {
  return p.page.evaluate(async () => {
    const images = [...document.images];
    for (const img of images) img.loading = 'eager';
    await Promise.all(images.map((img) => img.decode().catch(() => undefined)));
    return images.map((img) => ({ alt: img.alt, ok: img.complete && img.naturalWidth > 0, fromData: img.src.startsWith('data:image/png;base64,') }));
  });
}

/** The text of the first screen: elements whose top is within the window. */
async function firstScreen(p: LoadedPage): Promise<string> {
  return p.page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3, p, li')]
      .filter((e) => e.getBoundingClientRect().top < window.innerHeight && e.getBoundingClientRect().bottom > 0)
      .map((e) => e.textContent)
      .join('\n'),
  );
}

const charts = (dir: string) => readdirSync(join(dir, 'charts')).length;

describeInChromium('report.html in a real headless Chromium', () => {
  let example: LoadedPage;
  let phone: LoadedPage;
  let scriptsOff: LoadedPage;
  let hostile: LoadedPage;
  const hostileDir = mkdtempSync(join(tmpdir(), 'drainsim-hostile-html-'));
  beforeAll(async () => {
    hostileReport(hostileDir);
    example = await openInChromium('reports/example/report.html');
    phone = await openInChromium('reports/example/report.html', { viewport: { width: 390, height: 844 } });
    scriptsOff = await openInChromium('reports/example/report.html', { javaScript: false });
    hostile = await openInChromium(join(hostileDir, 'report.html'));
  }, 120_000);
  afterAll(async () => {
    for (const p of [example, phone, scriptsOff, hostile]) await p?.close();
  });

  it('opens with the bottom line: the recommended strategy, the runner-up and the budget outcome on the first screen', async () => {
    for (const p of [example, phone]) {
      const text = await firstScreen(p);
      expect(text).toMatch(/Recommended: restart —/);
      expect(text).toMatch(/Runner-up: [a-z-]+, [0-9.]+ behind/);
      expect(text).toMatch(/Budget \(300 s\): restart: p99 stop latency \d+ s, within the 300 s budget/);
    }
  });

  it('loads with its tables and every chart (the decision’s included) decoded, lazily, and makes no network request and no error', async () => {
    const seen = await inspect(example);
    expect(seen.tables).toBeGreaterThanOrEqual(1 + 3 * 1 + 1); // summary, a comparison per scenario, strategies
    expect(seen.headerCells).toContain('metric (mean / p95 / max over seeds)');
    expect(seen.headerCells).toContain('TOPSIS closeness');
    // Charts far down the page are not decoded until they come near the window.
    const before = await example.page.evaluate(() => [...document.images].map((i) => i.complete));
    expect(before.at(-1)).toBe(false);
    const images = await allImages(example);
    expect(images.length).toBe(charts('reports/example'));
    for (const img of images) expect(img, img.alt).toMatchObject({ ok: true, fromData: true });
    expect(example.network).toEqual([]);
    expect(example.errors).toEqual([]);
  });

  it('has a contents list linking every section and scenario, each link to a heading of the page', async () => {
    const links = await example.page.evaluate(() =>
      [...document.querySelectorAll('nav.contents a')].map((a) => ({ text: a.textContent, target: document.getElementById(a.getAttribute('href')!.slice(1))?.textContent ?? null })),
    );
    for (const l of links) expect(l.target, l.text ?? '').toBe(l.text);
    const texts = links.map((l) => l.text);
    for (const section of ['Decision analysis', 'Ranking', 'Explore the weights', 'Assumptions', 'Summary', 'Scenarios', '1. design-record-example', 'Sweeps', 'How to read these figures']) {
      expect(texts).toContain(section);
    }
  });

  it('on a phone, wide tables scroll in their own box instead of widening the page', async () => {
    expect((await inspect(phone)).pageScrollsSideways).toBe(false);
    const scrollers = await phone.page.evaluate(() => [...document.querySelectorAll('.table-scroll')].filter((d) => d.scrollWidth > d.clientWidth).length);
    expect(scrollers).toBeGreaterThan(0);
  });

  it('reads the same with scripts off: bottom line, ranking at the file’s weights, sliders hidden', async () => {
    expect(await firstScreen(scriptsOff)).toMatch(/Recommended: restart —/);
    const explorer = await scriptsOff.page.evaluate(() => ({
      controlsHidden: (document.querySelector('#weights-explorer .weights-controls') as HTMLElement).hidden,
      rows: [...document.querySelectorAll('#weights-explorer tbody tr')].map((tr) => tr.textContent),
    }));
    expect(explorer.controlsHidden).toBe(true);
    expect(explorer.rows[0]).toMatch(/^restart1/);
    expect(scriptsOff.errors).toEqual([]);
  });

  it('shows markup from a scenario name as text and runs none of it', async () => {
    const seen = await inspect(hostile);
    expect(seen.headings).toContain(`1. ${HOSTILE_NAME}`);
    expect(seen.headings).toContain(`2. ${ISSUE_NAME}`);
    expect(seen.scripts).toEqual(['application/json', 'classic']);
    expect(seen.xss).toBeUndefined();
    const images = await allImages(hostile);
    expect(images.length).toBe(charts(hostileDir));
    expect(images.every((i) => i.ok)).toBe(true);
    expect(hostile.network).toEqual([]);
    expect(hostile.errors).toEqual([]);
  });
});
