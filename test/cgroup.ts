import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A memory cgroup for tests of drainsim under a memory limit. Creating one needs root and a
 * writable cgroup file system (v1 or v2), as on this project's CI machine; elsewhere it is null and
 * those tests say they were skipped, while the estimate and the refusal are tested in process
 * with an injected limit (test/cli/memory.test.ts).
 */
export interface MemoryCgroup {
  /** Runs the CLI inside the cgroup. */
  cli(...args: string[]): SpawnSyncReturns<string>;
  /** The most memory the cgroup's processes used, in bytes. */
  peak(): number;
  remove(): void;
}

let made = 0;

export function memoryCgroup(limitBytes: number): MemoryCgroup | null {
  const v1 = '/sys/fs/cgroup/memory';
  const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers') && readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8').includes('memory');
  const base = existsSync(join(v1, 'memory.limit_in_bytes')) ? v1 : v2 ? '/sys/fs/cgroup' : null;
  if (base === null) return null;
  const dir = join(base, `drainsim-test-${process.pid}-${made++}`);
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, base === v1 ? 'memory.limit_in_bytes' : 'memory.max'), String(limitBytes));
  } catch {
    try {
      rmdirSync(dir);
    } catch {
      // not made
    }
    return null;
  }
  return {
    cli: (...args) =>
      spawnSync('sh', ['-c', `echo $$ > ${dir}/cgroup.procs && exec "$@"`, 'sh', process.execPath, 'node_modules/tsx/dist/cli.mjs', 'src/cli.ts', ...args], { encoding: 'utf8', timeout: 300_000 }),
    peak: () => Number(readFileSync(join(dir, base === v1 ? 'memory.max_usage_in_bytes' : 'memory.peak'), 'utf8')),
    remove: () => rmdirSync(dir),
  };
}

/** Whether this machine lets tests make a memory cgroup (checked once). */
export const CAN_MAKE_CGROUP = (() => {
  const cg = memoryCgroup(1 << 30);
  cg?.remove();
  return cg !== null;
})();
