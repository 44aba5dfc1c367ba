import type { RunResult } from '../oracle/result.js';

/** One assumption as the runs used it: each value with the scenarios and the number of runs that used it. */
export interface AssumptionUse {
  key: string;
  values: { value: string; scenarios: string[]; runs: number }[];
}

/** A run's `assumptions` object (issue 11's RunResult field), or undefined when the run records none. */
function recorded(run: RunResult): Record<string, unknown> | undefined {
  const value = (run as { assumptions?: unknown }).assumptions;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The assumptions the runs rest on, read generically from each run's `assumptions` object: every
 * key any run records, with each value used (in order of first use) and where. Null when no run
 * records assumptions at all (results written before the model had them).
 */
export function assumptionsUsed(results: readonly RunResult[]): AssumptionUse[] | null {
  const byKey = new Map<string, Map<string, { scenarios: Set<string>; runs: number }>>();
  let any = false;
  for (const run of results) {
    const assumptions = recorded(run);
    if (assumptions === undefined) continue;
    any = true;
    for (const [key, value] of Object.entries(assumptions)) {
      const values = byKey.get(key) ?? new Map<string, { scenarios: Set<string>; runs: number }>();
      byKey.set(key, values);
      const use = values.get(text(value)) ?? { scenarios: new Set<string>(), runs: 0 };
      values.set(text(value), use);
      use.scenarios.add(run.scenario);
      use.runs += 1;
    }
  }
  if (!any) return null;
  return [...byKey].map(([key, values]) => ({ key, values: [...values].map(([value, use]) => ({ value, scenarios: [...use.scenarios], runs: use.runs })) }));
}
