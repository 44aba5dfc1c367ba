// The prebuilt bundle: dist/cli.mjs (the CLI) and dist/worker.mjs (the suite's worker threads),
// so that `drainsim` starts without transpiling TypeScript. Built by `npm ci` (the `prepare`
// script), by `npm run build`, and again by bin/drainsim.mjs whenever a source file is newer
// than the bundle. Plain JavaScript: it runs before anything is built.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
const INFO = 'build.json';
const ENTRIES = { cli: 'src/cli.ts', worker: 'src/suite/worker.ts', 'fleet-worker': 'src/fleet/worker.ts' };
/** Files besides the bundle's own inputs whose change calls for a new bundle. */
const ALSO = ['package.json', 'package-lock.json', 'scripts/build.mjs'];
/**
 * Native addons; piscina, which starts its threads from a file of its own package; tsx, which
 * loads a user's TypeScript strategy for `check` through hooks in files of its own package.
 */
const EXTERNAL = ['@napi-rs/canvas', 'piscina', 'tsx'];

const posix = (path) => path.split(sep).join('/');

/**
 * A module finds files by `new URL('<relative path>', import.meta.url)`: in the bundle
 * import.meta.url is dist/<chunk>.mjs, so each such path is re-pointed from the source file's
 * folder to dist/, and a path to an entry point's source (the worker) to its bundled .mjs.
 * Any other use of import.meta.url would silently point elsewhere in the bundle: refused.
 */
const moduleRelativeUrls = {
  name: 'module-relative-urls',
  setup(build) {
    const entryOf = new Map(Object.entries(ENTRIES).map(([name, src]) => [join(ROOT, src), `./${name}.mjs`]));
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const contents = text.replace(/new URL\((['"])([^'"]+)\1, import\.meta\.url\)/g, (_, quote, path) => {
        const target = resolve(dirname(args.path), path);
        const rebased = entryOf.get(target) ?? posix(relative(DIST, target));
        return `new URL(${JSON.stringify(rebased.startsWith('.') ? rebased : `./${rebased}`)}, import.meta.url)`;
      });
      if (contents.replace(/new URL\("[^"]+", import\.meta\.url\)/g, '').includes('import.meta.url')) {
        return { errors: [{ text: `${posix(relative(ROOT, args.path))}: import.meta.url other than in new URL('<relative path>', import.meta.url) cannot be bundled` }] };
      }
      return { contents, loader: 'ts' };
    });
  },
};

/** Builds dist/ whole into a temporary folder, then puts it in place (a concurrent start never sees half a bundle). */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const tmp = `${DIST}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: EXTERNAL,
    // CommonJS dependencies (seedrandom, cli-progress) call require.
    banner: { js: "import { createRequire as __drainsimRequire } from 'node:module'; const require = __drainsimRequire(import.meta.url);" },
    plugins: [moduleRelativeUrls],
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
  writeFileSync(join(tmp, INFO), `${JSON.stringify({ inputs: [...inputs, ...ALSO].sort() }, null, 2)}\n`);
  const old = `${DIST}.old-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  try {
    renameSync(tmp, DIST);
  } catch (e) {
    // Another process put its bundle in place first: keep that one.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(DIST)) throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

/** Why dist/ must be built again (missing, or a source newer than it), or null when it is fresh. */
export function staleBecause() {
  let info;
  let built;
  try {
    info = JSON.parse(readFileSync(join(DIST, INFO), 'utf8'));
    built = statSync(join(DIST, INFO)).mtimeMs;
  } catch {
    return 'no prebuilt bundle in dist/';
  }
  for (const file of info.inputs) {
    const mtime = statSync(join(ROOT, file), { throwIfNoEntry: false })?.mtimeMs;
    if (mtime === undefined || mtime > built) return `${file} changed since dist/ was built`;
  }
  return null;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build();
  process.stdout.write(`drainsim: built ${posix(relative(process.cwd(), DIST)) || '.'}/cli.mjs and worker.mjs\n`);
}
