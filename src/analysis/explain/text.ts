/** Wording helpers for the explanations: deterministic, short, plain. */
import { ARTIFACT_ID_BASE } from '../../model/source.js';
import { listOf } from '../format.js';

/** A simulated time or duration in seconds, to the hundredth: 2.15 s, 62.2 s, 3600 s. */
export function sec(t: number): string {
  const x = Math.round(t * 100) / 100;
  return `${Object.is(x, -0) ? 0 : x} s`;
}

/** A record by its artifact ID. */
export function doc(record: number): string {
  return `DOC ${ARTIFACT_ID_BASE + record}`;
}

/** "1 record", "2 records". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The first `max` items, then "and N more". */
export function some(items: readonly string[], max: number): string {
  if (items.length <= max) return listOf(items);
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Run numbers as people count them (the model counts from 0). */
export function run(index: number): string {
  return `run ${index + 1}`;
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}
