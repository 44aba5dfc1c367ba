import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEYS as DEFAULT_ORIGINS, renderScenarioReference } from '../../src/scenario/describe.js';
import { LIMITS } from '../../src/scenario/limits.js';
import { FAULT_NAMES } from '../../src/scenario/types.js';

const reference = renderScenarioReference();

describe('docs/scenario-reference.md', () => {
  it('is what the schema, the defaults and the limits render (regenerate with npm run docs)', () => {
    expect(readFileSync('docs/scenario-reference.md', 'utf8')).toBe(reference);
  });

  it('has one row for each key with an origin, and no origin for a key it does not have', () => {
    const rows = [...reference.matchAll(/^\| `([^`]+)` \| .* \| (public|requirement|chosen|setting|assumption): [^|]+ \|$/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(DEFAULT_ORIGINS).sort());
    expect(reference).toMatch(/^\| `exporter\.batchSize` \| .* \| an integer from 1 to 1000000 \| `1000` \| public: IAPI ExportBatchSize \|$/m);
    expect(reference).toMatch(/^\| `budget` \| .* \| `300` \(5m\) \| requirement: /m);
    expect(reference).toMatch(/^\| `exporter\.docsPerSecond` \| .* \| `50` \| chosen: /m);
  });

  it('states every bound, event kind and named fault', () => {
    for (const [name, value] of Object.entries(LIMITS)) {
      const written = [String(value), value.toExponential().replace('e+', 'e')];
      expect(written.some((w) => reference.includes(w)), `${name} = ${value}`).toBe(true);
    }
    for (const kind of ['insert', 'delete', 'exit', 'edit', 'move', 'errors']) expect(reference).toContain(`| \`${kind}\` |`);
    for (const fault of FAULT_NAMES) expect(reference).toContain(`| \`${fault}\` |`);
  });
});
