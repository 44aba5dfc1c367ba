// The headless Chromium the browser tests use: the one shipped through npm (@sparticuz/chromium,
// a devDependency, unpacked to the temp folder on first use), else Debian's (/usr/bin/chromium),
// or only DRAINSIM_CHROMIUM when it is set. Each is used only if it actually starts and renders a page here.
// Plain JavaScript: .ci/run runs it (`node test/report/find-chromium.mjs`, exit 1 when none starts)
// to know whether Debian's chromium must be installed.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function starts(executablePath) {
  let browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    const page = await browser.newPage();
    await page.goto('data:text/html,<p>ok</p>');
    return (await page.textContent('p')) === 'ok';
  } catch {
    return false;
  } finally {
    await browser?.close();
  }
}

async function candidates() {
  // Named: that one or none.
  if (process.env.DRAINSIM_CHROMIUM) return [{ path: process.env.DRAINSIM_CHROMIUM, from: 'DRAINSIM_CHROMIUM' }];
  const found = [];
  try {
    const { default: shipped } = await import('@sparticuz/chromium');
    found.push({ path: await shipped.executablePath(), from: 'npm package @sparticuz/chromium' });
  } catch {
    // not installed, or it cannot unpack here
  }
  if (existsSync('/usr/bin/chromium')) found.push({ path: '/usr/bin/chromium', from: "Debian's chromium" });
  return found;
}

/** The first Chromium that starts here, or null. */
export async function findChromium() {
  for (const c of await candidates()) if (await starts(c.path)) return c;
  return null;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const found = await findChromium();
  if (found === null) {
    process.stderr.write('no Chromium starts here\n');
    process.exit(1);
  }
  process.stdout.write(`${found.path} (${found.from})\n`);
}
