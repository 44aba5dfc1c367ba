import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, openInChromium, type LoadedPage } from './chromium.js';
import { hostileReport, HOSTILE_NAME } from './hostile.js';

/** What the page shows, read in the browser. */
async function inspect(p: LoadedPage) {
  return p.page.evaluate(() => ({
    tables: document.querySelectorAll('table').length,
    headerCells: [...document.querySelectorAll('table thead th')].map((th) => th.textContent),
    images: [...document.images].map((img) => ({ alt: img.alt, ok: img.complete && img.naturalWidth > 0, fromData: img.src.startsWith('data:image/png;base64,') })),
    headings: [...document.querySelectorAll('h4')].map((h) => h.textContent),
    scripts: document.scripts.length,
    xss: (window as unknown as { xss?: number }).xss,
  }));
}

describeInChromium('report.html in a real headless Chromium', () => {
  let example: LoadedPage;
  let hostile: LoadedPage;
  const hostileDir = mkdtempSync(join(tmpdir(), 'drainsim-hostile-html-'));
  beforeAll(async () => {
    hostileReport(hostileDir);
    example = await openInChromium('reports/example/report.html');
    hostile = await openInChromium(join(hostileDir, 'report.html'));
  });
  afterAll(async () => {
    await example?.close();
    await hostile?.close();
  });

  it('loads with its tables and every chart decoded, and makes no network request', async () => {
    const seen = await inspect(example);
    expect(seen.tables).toBeGreaterThanOrEqual(1 + 3 * 1 + 1); // summary, a comparison per scenario, strategies
    expect(seen.headerCells).toContain('metric (mean / p95 / max over seeds)');
    // Every chart of the report (decision.md's charts are linked from decision.md, not embedded here).
    expect(seen.images.length).toBe(readdirSync('reports/example/charts').filter((f) => !f.startsWith('decision-')).length);
    for (const img of seen.images) expect(img, img.alt).toMatchObject({ ok: true, fromData: true });
    expect(example.network).toEqual([]);
  });

  it('shows markup from a scenario name as text and runs none of it', async () => {
    const seen = await inspect(hostile);
    expect(seen.headings).toContain(`1. ${HOSTILE_NAME}`);
    expect(seen.scripts).toBe(0);
    expect(seen.xss).toBeUndefined();
    expect(seen.images.length).toBe(readdirSync(join(hostileDir, 'charts')).filter((f) => !f.startsWith('decision-')).length);
    expect(seen.images.every((i) => i.ok)).toBe(true);
    expect(hostile.network).toEqual([]);
  });
});
