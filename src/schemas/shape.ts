import type { z } from 'zod';

/** The fields of T, each with a schema of its type: `{ ... } satisfies Shape<T>` keeps a schema's keys equal to T's. */
export type Shape<T> = { [K in keyof T]-?: z.ZodType<T[K]> };
