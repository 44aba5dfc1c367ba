import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GLOSSARY, withGlossary } from '../../src/oracle/glossary.js';
import { run } from '../analysis/fixtures.js';

describe('the glossary', () => {
  it('is the one in the README (regenerate with npm run docs)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(withGlossary(readme)).toBe(readme);
  });

  it('defines every figure a run reports', () => {
    const terms = new Set(GLOSSARY.map(([term]) => term));
    // Identities, the counts the oracle's sums are checked on, and lists described in the README's Metrics.
    const structural = ['scenario', 'seed', 'strategy', 'rows', 'uniqueRows', 's0', 'exportedFromS0', 'exportRuns', 'stops', 'failed', 'faults', 'assumptions'];
    for (const field of Object.keys(run('restart'))) if (!structural.includes(field)) expect(terms.has(field), field).toBe(true);
  });
});
