import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadDecision } from '../../src/analysis/decision-file.js';
import { decisionJsonText } from '../../src/analysis/decision-json.js';
import { analyseDecision } from '../../src/analysis/decision.js';

const DECISION_SCHEMA_FILE = 'schemas/decision.schema.json';
import { run, stop } from './fixtures.js';

describe('decision.json', () => {
  it('validates against the schema without the studies (assumptions and discovery null)', () => {
    const results = ['restart', 'keyset', 'index-shift'].flatMap((s) => [1, 2].map((seed) => run(s, { seed, misses: s === 'index-shift' ? 3 : 0, rerunSeconds: s === 'restart' ? 40 : 2, stops: [stop(10 + seed)] })));
    const json = JSON.parse(decisionJsonText(analyseDecision(results, loadDecision('scenarios/decision.yaml')), null, null));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(DECISION_SCHEMA_FILE, 'utf8')));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json).toMatchObject({ version: 1, assumptions: null, discovery: null, ranked: ['restart', 'keyset'] });
    expect(json.constraints.verdicts.find((v: { strategy: string }) => v.strategy === 'index-shift').ranked).toBe(false);
  });
});
