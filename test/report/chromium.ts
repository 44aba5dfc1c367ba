import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, inject } from 'vitest';
import { CHROMIUM_ARGS } from './find-chromium.mjs';

/**
 * The headless Chromium the global setup found (find-chromium.mjs: the one shipped through npm,
 * else Debian's), or null when none starts here: the browser tests are then skipped with a notice
 * (never under CI=true, where the setup fails instead).
 */
export const CHROMIUM: string | null = inject('chromium') || null;

/** The browser tests' describe: skipped, saying so, when no Chromium starts here. */
export function describeInChromium(name: string, tests: () => void): void {
  if (CHROMIUM === null) {
    console.warn(`NOTICE: '${name}' skipped: no Chromium starts on this machine (neither @sparticuz/chromium from npm nor Debian's chromium); under CI=true these tests must run`);
  }
  describe.skipIf(CHROMIUM === null)(name, tests);
}

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

/** Opens a local HTML file in a real headless Chromium with a fresh profile. */
export async function openInChromium(file: string, options: OpenOptions = {}): Promise<LoadedPage> {
  if (CHROMIUM === null) throw new Error('no Chromium starts on this machine: use describeInChromium, which skips the tests then');
  const profile = mkdtempSync(join(tmpdir(), 'drainsim-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
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
