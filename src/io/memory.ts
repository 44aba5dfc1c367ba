import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { InputError } from '../errors.js';
import { mib, type MemoryEstimate } from '../scenario/memory.js';

/** The memory this process may use: what it holds and what is free to it (a cgroup's limit counts), and its JavaScript heap's limit. */
export interface MemoryAvailable {
  bytes: number;
  heapBytes: number;
  /** Where the bound comes from, in words. */
  source: string;
}

export function memoryAvailable(): MemoryAvailable {
  const limit = process.constrainedMemory();
  const cgroup = limit > 0 && limit < totalmem();
  return {
    // Node reads the cgroup's limit (v1 and v2) into both; what this process holds already is available to it.
    bytes: process.availableMemory() + process.memoryUsage().rss,
    heapBytes: getHeapStatistics().heap_size_limit,
    source: cgroup ? `within the cgroup's limit of ${mib(limit)}` : 'free memory',
  };
}

/**
 * Refuses a run that would not fit (one line, exit 2) unless `force` (--force-memory): killed by
 * the kernel's out-of-memory killer, a process dies without a word; past its heap limit, V8 aborts
 * with a stack trace.
 */
export function checkMemory(need: MemoryEstimate, force: boolean, file: string | undefined, available: MemoryAvailable = memoryAvailable()): void {
  if (force) return;
  const fix = 'a smaller scenario, fewer runs, strategies or --jobs, or --force-memory to try anyway';
  if (need.bytes > available.bytes) {
    throw new InputError({ file, path: 'memory', problem: `the run needs about ${mib(need.bytes)} (${need.basis})`, allowed: `at most the ${mib(available.bytes)} available to drainsim (${available.source}): ${fix}` });
  }
  if (need.heapBytes > available.heapBytes) {
    throw new InputError({ file, path: 'memory', problem: `the run needs about ${mib(need.heapBytes)} of JavaScript heap (${need.basis})`, allowed: `at most the heap limit of ${mib(available.heapBytes)} (raise it with NODE_OPTIONS=--max-old-space-size=MiB): ${fix}` });
  }
}
