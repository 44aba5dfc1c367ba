import type { TestProject } from 'vitest/node';
import { build } from '../scripts/build.mjs';
import { findChromium } from './report/find-chromium.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium the browser tests use ('' when none starts here). */
    chromium: string;
  }
}

/**
 * Once before the tests: the bundle the CLI tests run (bin/drainsim.mjs), built from the sources as
 * they are now; and the headless Chromium of the browser tests, unpacked once here. Without one
 * the browser tests are skipped with a notice, except under CI=true, where they must run.
 */
export default async function setup(project: TestProject): Promise<void> {
  await build();
  const browser = await findChromium();
  if (browser === null && process.env.CI === 'true') {
    throw new Error('no Chromium starts here, and under CI=true the browser tests must run: .ci/run installs Debian\'s chromium when the one from npm (@sparticuz/chromium) does not start');
  }
  project.provide('chromium', browser?.path ?? '');
}
