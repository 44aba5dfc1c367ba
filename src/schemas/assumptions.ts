import { z } from 'zod';
import { ASSUMPTIONS, type Assumptions } from '../scenario/assumptions.js';

/** Every assumption's value, one of its alternatives (the catalogue: src/scenario/assumptions.ts). */
export const assumptionsSchema = z.strictObject(
  Object.fromEntries(ASSUMPTIONS.map((a) => [a.key, z.union(a.alternatives.map((v) => z.literal(v)) as [z.ZodLiteral, ...z.ZodLiteral[]])])),
) as unknown as z.ZodType<Assumptions>;
