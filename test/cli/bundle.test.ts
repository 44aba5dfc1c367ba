import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('the prebuilt bundle (dist/)', () => {
  it('holds the CLI and the worker, and no module-relative URL into the sources', () => {
    const info = JSON.parse(readFileSync('dist/build.json', 'utf8')) as { inputs: string[] };
    expect(info.inputs).toEqual(expect.arrayContaining(['src/cli.ts', 'src/suite/worker.ts', 'src/suite/run-suite.ts', 'package-lock.json']));
    const code = readdirSync('dist').filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(join('dist', f), 'utf8')).join('\n');
    expect(existsSync('dist/worker.mjs')).toBe(true);
    // The suite's worker threads load the bundled worker, and fonts and the default decision file are found from dist/.
    expect(code).toContain('new URL("./worker.mjs", import.meta.url)');
    expect(code).toContain('new URL("../fonts/DejaVuSans.ttf", import.meta.url)');
    expect(code).toContain('new URL("../scenarios/decision.yaml", import.meta.url)');
    expect(code).not.toMatch(/["']\.\/worker\.ts/);
  });

  describe('bin/drainsim.mjs in a copy of the package', () => {
    const root = mkdtempSync(join(tmpdir(), 'drainsim-bundle-'));
    for (const f of ['bin', 'scripts', 'src', 'package.json', 'package-lock.json']) cpSync(f, join(root, f), { recursive: true });
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    const run = () => spawnSync(process.execPath, [join(root, 'bin', 'drainsim.mjs'), '--version'], { encoding: 'utf8' });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('builds dist/ when there is none, then runs it', () => {
      const r = run();
      expect(r.stderr).toBe('drainsim: building dist/ (no prebuilt bundle in dist/)\n');
      expect(r.stdout).toBe(`${VERSION}\n`);
      expect(r.status).toBe(0);
      expect(existsSync(join(root, 'dist', 'cli.mjs'))).toBe(true);
    });

    it('starts a fresh bundle without building', () => {
      const r = run();
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`${VERSION}\n`);
    });

    it('builds again when a source file is newer than the bundle', () => {
      const now = new Date();
      utimesSync(join(root, 'src', 'errors.ts'), now, now);
      expect(run().stderr).toBe('drainsim: building dist/ (src/errors.ts changed since dist/ was built)\n');
      expect(run().stderr).toBe('');
    });
  });
});
