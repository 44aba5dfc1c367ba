import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { decisionSchema } from '../analysis/decision-file.js';
import { decisionJson } from '../analysis/decision-json.js';
import { writeFileAtomic } from '../io/atomic.js';
import { KEYS } from '../scenario/describe.js';
import { DURATION_ALLOWED, DURATION_PATTERN, MAX_DURATION_SECONDS } from '../scenario/duration.js';
import { LIMITS } from '../scenario/limits.js';
import { allowedTexts, scenarioFileSchema } from '../scenario/schema.js';
import { runResultSchema } from './run-result.js';
import { suiteManifestSchema } from './suite-manifest.js';

/**
 * The JSON Schemas of drainsim's files (schemas/*.schema.json), generated from the zod schemas
 * the files are read or written with: `npm run schemas` writes them, and a test checks that the
 * committed ones are what this renders. Editors use them: each scenario file starts with
 * `# yaml-language-server: $schema=<path to schemas/scenario.schema.json>`.
 * Adding a file's schema is one line in JSON_SCHEMAS.
 */

/** A sweep as sweep.ts reads it (at most LIMITS.sweepParameters swept parameters). */
const sweepSchema = z
  .array(
    z.strictObject({
      parameter: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/).describe('A YAML path of a scenario field, like churn.insertsPerHour or stops[0].downtime.'),
      values: z.array(z.union([z.number(), z.string(), z.boolean()])).min(1),
    }),
  )
  .min(1)
  .max(LIMITS.sweepParameters)
  .describe('The file stands for the grid of its variants: each swept parameter takes each of its values; a variant is named `name [parameter=value, ...]`.');

export interface JsonSchemaFile {
  /** Its file name under schemas/. */
  file: string;
  title: string;
  description: string;
  schema: z.ZodType;
  /** `input`: a file users write (defaults optional); `output`: a file drainsim writes. */
  io: 'input' | 'output';
}

export const JSON_SCHEMAS: readonly JsonSchemaFile[] = [
  { file: 'scenario.schema.json', title: 'drainsim scenario file', description: 'A scenario (YAML), or a sweep of scenarios: docs/scenario-reference.md.', schema: scenarioFileSchema.extend({ sweep: sweepSchema.optional() }), io: 'input' },
  { file: 'decision-file.schema.json', title: 'drainsim decision file', description: "The criteria, weights, inputs, constraints and sensitivity study of 'drainsim decide' (YAML): README, The decision file.", schema: decisionSchema, io: 'input' },
  { file: 'suite.schema.json', title: 'drainsim suite.json', description: 'What identifies a suite in its folder: the resolved scenarios and their files, the strategies and the shard.', schema: suiteManifestSchema, io: 'output' },
  { file: 'run-result.schema.json', title: 'drainsim run', description: "One run: a line of a suite's results.jsonl, and an object of the runs of 'drainsim run --json'.", schema: runResultSchema, io: 'output' },
  { file: 'decision.schema.json', title: 'drainsim decision.json', description: "The decision of 'drainsim decide' (and of every suite and merge) in machine-readable form: winner, ranks, scores, the matrix with intervals, constraints, stability, the assumption table and the discovered regions.", schema: decisionJson, io: 'output' },
];

type Json = { [key: string]: unknown };

/**
 * Hover texts of a scenario file's keys: what each means (describe.ts) before what it allows;
 * durations get their pattern.
 */
function describeScenarioLeaf(ctx: { zodSchema: unknown; jsonSchema: Json }): void {
  const allowed = allowedTexts.get(ctx.zodSchema as z.ZodType)?.allowed;
  if (allowed === undefined) return;
  if (allowed === DURATION_ALLOWED) {
    for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
    ctx.jsonSchema.anyOf = [
      { type: 'number', minimum: 0, maximum: MAX_DURATION_SECONDS },
      { type: 'string', pattern: DURATION_PATTERN.source },
    ];
  }
  ctx.jsonSchema.description = `Allowed: ${allowed}.`;
}

function addMeanings(node: Json, path: string): void {
  const properties = node.properties as Record<string, Json> | undefined;
  for (const [key, child] of Object.entries(properties ?? {})) {
    const childPath = path === '' ? key : `${path}.${key}`;
    const meaning = KEYS[childPath]?.[0];
    if (meaning !== undefined) child.description = child.description === undefined ? meaning : `${meaning} ${child.description as string}`;
    addMeanings(child, childPath);
    if (child.items !== undefined) addMeanings(child.items as Json, `${childPath}[]`);
  }
}

/** The JSON Schema of one file, as written under schemas/. */
export function renderJsonSchema(s: JsonSchemaFile): string {
  const scenario = s.file === 'scenario.schema.json';
  const json = z.toJSONSchema(s.schema, { io: s.io, target: 'draft-2020-12', unrepresentable: 'any', override: scenario ? describeScenarioLeaf : undefined }) as Json;
  if (scenario) {
    addMeanings(json, '');
    // An event is `at` and exactly one kind (zod checks that in a refinement, which JSON Schema has no words for).
    Object.assign(((json.properties as Record<string, Json>).events as Json).items as Json, { minProperties: 2, maxProperties: 2 });
  }
  const { $schema, ...rest } = json;
  return `${JSON.stringify({ $schema, title: s.title, description: s.description, ...rest }, null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? 'schemas';
  for (const s of JSON_SCHEMAS) writeFileAtomic(join(dir, s.file), renderJsonSchema(s));
  process.stdout.write(`schemas: ${JSON_SCHEMAS.map((s) => s.file).join(', ')} written to ${dir}/\n`);
}
