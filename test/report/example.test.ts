import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';

/** The example suite of `npm run example` (package.json), with its --out swapped for a fresh folder. */
function exampleArgs(out: string): string[] {
  const script = JSON.parse(readFileSync('package.json', 'utf8')).scripts.example as string;
  const args = script.replace(/^(exec )?node bin\/drainsim\.mjs /, '').split(' ');
  const at = args.indexOf('--out');
  expect(args[at + 1]).toBe('reports/example');
  args[at + 1] = out;
  return args;
}

/** The files of a suite folder; screenshots/ holds what the Chromium test shoots of report.html, not what the suite writes. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.name !== 'screenshots')
    .flatMap((d) => (d.isDirectory() ? readdirSync(join(dir, d.name)).map((f) => `${d.name}/${f}`) : [d.name]))
    .sort();
}

describe('reports/example', () => {
  it('is what `npm run example` writes today, byte for byte (run it and commit when this fails)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'drainsim-example-')), 'example');
    const r = cli(...exampleArgs(out));
    expect(r.code, r.stderr).toBe(0);
    expect(files(out)).toEqual(files('reports/example'));
    for (const f of files(out)) expect(readFileSync(join(out, f)).equals(readFileSync(join('reports/example', f))), `${f} differs from reports/example/${f}`).toBe(true);
    // Nothing of the machine or the moment: the temporary folder's name appears nowhere.
    for (const f of files(out)) expect(readFileSync(join(out, f), 'latin1').includes(out), f).toBe(false);
  });
});
