import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A tiny tmpfs, for tests of a full disk: `mount -t tmpfs` works only as root (as on this project's
 * CI machine); elsewhere it is null and the tests that need it say they were skipped, while the
 * same cases run through the atomic writer's injected write calls (test/io/atomic.test.ts).
 */
export function mountTinyTmpfs(bytes: number): { dir: string; unmount: () => void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'drainsim-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount: () => {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether this machine lets tests mount a tmpfs (checked once). */
export const CAN_MOUNT_TMPFS = (() => {
  const t = mountTinyTmpfs(4096);
  t?.unmount();
  return t !== null;
})();
