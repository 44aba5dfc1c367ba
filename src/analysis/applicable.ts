import type { RunResult } from '../oracle/result.js';
import type { Capability, Scenario } from '../scenario/types.js';
import { STRATEGIES } from '../strategies/registry.js';
import { missingCapabilities } from '../strategies/strategy.js';

/** A scenario the decision leaves out, and the strategies that cannot run in it. */
export interface LeftOut {
  scenario: string;
  strategies: { strategy: string; missing: Capability[] }[];
}

/**
 * The runs a decision compares. A scenario that turns off an IAPI capability some strategy needs
 * (such as today's IAPI) makes that strategy fail by construction: it answers another question
 * (what works without changing IAPI, which the iapiChanges criterion already weighs), and kept in
 * it would rule every cooperating strategy out. Such scenarios are left out, and said so.
 */
export function decidableRuns(results: readonly RunResult[], scenarios: readonly Scenario[]): { results: RunResult[]; leftOut: LeftOut[] } {
  const used = new Set(results.map((r) => r.strategy));
  const strategies = STRATEGIES.filter((s) => used.has(s.id));
  const leftOut: LeftOut[] = [];
  for (const sc of scenarios) {
    const blocked = strategies.flatMap((s) => {
      const missing = missingCapabilities(s, sc.iapi);
      return missing.length > 0 ? [{ strategy: s.id, missing }] : [];
    });
    if (blocked.length > 0 && results.some((r) => r.scenario === sc.name)) leftOut.push({ scenario: sc.name, strategies: blocked });
  }
  const out = new Set(leftOut.map((l) => l.scenario));
  return { results: results.filter((r) => !out.has(r.scenario)), leftOut };
}
