/**
 * What the model benchmark measures (bench/model.ts, one process per size) and how `npm run bench`
 * and `npm run bench:compare` start it and print it.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The seven strategies the issue's targets are stated for (the other three run after them). */
export const ISSUE_SEVEN = ['status-quo', 'restart', 'index-shift', 'artifact-ids', 'temp-table', 'temp-table-ids', 'keyset'];

export interface ProcessFigures {
  /** Seconds since the measurement began (after start-up), the seed's setup included. */
  wallSeconds: number;
  userSeconds: number;
  sysSeconds: number;
  /** The process's peak resident set so far (the operating system's maxRSS). */
  peakRssBytes: number;
}

export interface StrategyFigures {
  id: string;
  seconds: number;
  /** Rows of the final load file plus every re-export: documents the job pushed through. */
  exported: number;
  exportRuns: number;
  failed: string | null;
  fingerprint: string;
}

export interface ModelBench {
  documents: number;
  /** Seconds from the process's start to the measurement's start (Node, tsx, the modules). */
  startupSeconds: number;
  /** Seconds to build the SeedRun (the arena's first job computes the seed's file times, in the first strategy's seconds). */
  setupSeconds: number;
  /** Figures after the issue's seven strategies, and after all of them. */
  seven: ProcessFigures;
  all: ProcessFigures;
  strategies: StrategyFigures[];
  /** Bytes the seed's arena held at the end (its typed arrays; null where the model has none). */
  arenaBytes: number | null;
  /** One-minute load average when the process ended. */
  load: number;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Run the model benchmark for `documents` in a process of its own. */
export function runModel(documents: number, onlySeven = false, inserts = true): ModelBench {
  const args = ['--import', 'tsx', join(ROOT, 'bench', 'model.ts'), '--documents', String(documents), ...(onlySeven ? ['--seven'] : []), ...(inserts ? [] : ['--no-inserts'])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench/model.ts --documents ${documents} exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ModelBench;
}

export const MIB = 2 ** 20;
export const mib = (bytes: number): string => `${(bytes / MIB).toFixed(0)} MiB`;
export const label = (documents: number): string => (documents % 1e6 === 0 ? `${documents / 1e6}M` : String(documents));

/** Source documents per second through a set of strategies (each strategy exports the whole source once). */
export function docsPerSecond(documents: number, strategies: number, seconds: number): number {
  return (documents * strategies) / seconds;
}
