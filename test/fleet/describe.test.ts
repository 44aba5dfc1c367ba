import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLEET_KEYS, renderFleetReference } from '../../src/fleet/describe.js';
import { FIGURES } from '../../src/fleet/figures.js';
import { FLEET_LIMITS } from '../../src/fleet/schema.js';

const reference = renderFleetReference();

describe('docs/fleet-reference.md', () => {
  it('is what the fleet schema, its defaults and bounds render (regenerate with npm run docs:fleet)', () => {
    expect(readFileSync('docs/fleet-reference.md', 'utf8')).toBe(reference);
  });

  it('has one row per key, every figure of the report and every bound', () => {
    const rows = [...reference.matchAll(/^\| `([^`]+)` \| /gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(FLEET_KEYS).filter((k) => k !== 'workload.churn').sort());
    for (const f of Object.values(FIGURES)) expect(reference).toContain(`| ${f.label} | ${f.unit} |`);
    for (const [name, value] of Object.entries(FLEET_LIMITS)) if (!['sizeStepsPerOctave', 'churnStep', 'offsetSteps', 'jobSeeds', 'horizon'].includes(name)) expect(reference, name).toContain(`| ${value} |`);
  });
});
