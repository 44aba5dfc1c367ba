import { writeFileAtomic } from '../io/atomic.js';
import { decisionJsonSchema } from './decision-json.js';

/** `npm run schemas`: writes schemas/decision.schema.json from the zod schema of decision.json (a test keeps it fresh). */
export const DECISION_SCHEMA_FILE = 'schemas/decision.schema.json';

export function decisionSchemaText(): string {
  return `${JSON.stringify(decisionJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileAtomic(DECISION_SCHEMA_FILE, decisionSchemaText());
  process.stdout.write(`${DECISION_SCHEMA_FILE}\n`);
}
