import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';

/** What a command writes into its --out folder: files by name, and the charts it owns in a subfolder. */
export interface OwnedOutputs {
  files: readonly string[];
  charts: { dir: string; owns: (name: string) => boolean };
  /** For messages: 'a suite folder', 'a fleet folder'. */
  folder: string;
  /** What to do with a folder that exists and is not empty, for the refusal's `allowed`. */
  whenNotEmpty: string;
}

/** A temporary file of writeFileAtomic that a kill left behind. */
const ATOMIC_LEFTOVER = /\.tmp-\d+$/;

/** Removes what the command writes in a folder (nothing else): its files, its charts, leftover temporary files. */
function removeOwned(dir: string, owned: OwnedOutputs): void {
  const ours = new Set(owned.files);
  for (const f of readdirSync(dir)) if (ours.has(f) || ATOMIC_LEFTOVER.test(f)) rmSync(join(dir, f), { force: true });
  const charts = join(dir, owned.charts.dir);
  if (existsSync(charts)) for (const f of readdirSync(charts)) if (owned.charts.owns(f) || ATOMIC_LEFTOVER.test(f)) rmSync(join(charts, f), { force: true });
}

/**
 * Claims `--out`: an existing folder that is not empty is never written over without --force, and
 * --force removes only what the command wrote there.
 */
export function claimOutFolder(out: string, force: boolean, owned: OwnedOutputs): void {
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new InputError({ path: `--out ${out}`, problem: 'is a file', allowed: `a new or empty folder, or ${owned.folder} with --force` });
    if (readdirSync(out).length > 0) {
      if (!force) throw new InputError({ path: `--out ${out}`, problem: 'the folder exists and is not empty', allowed: owned.whenNotEmpty });
      removeOwned(out, owned);
    }
  }
  mkdirSync(out, { recursive: true });
}
