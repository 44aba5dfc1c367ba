import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LoadedPage {
  page: Page;
  /** Every request the page made that was not for the page file itself or a data: URL. */
  network: string[];
  /** Console errors, such as a script the Content-Security-Policy refused. */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Scripts on (default) or off. */
  javaScript?: boolean;
  viewport?: { width: number; height: number };
}

/** Opens a local HTML file in a real headless Chromium with a fresh profile; fails clearly when Chromium is missing. */
export async function openInChromium(file: string, options: OpenOptions = {}): Promise<LoadedPage> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does it) to check report.html in a real browser`);
  const profile = mkdtempSync(join(tmpdir(), 'drainsim-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: options.viewport ?? { width: 1280, height: 900 },
      javaScriptEnabled: options.javaScript ?? true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const url = pathToFileURL(file).href;
    const network: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (r.url() !== url && !r.url().startsWith('data:')) network.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url, { waitUntil: 'load' });
    const opened = context;
    return {
      page,
      network,
      errors,
      close: async () => {
        await opened.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
