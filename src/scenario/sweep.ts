import { InputError, describeValue } from '../errors.js';
import { LIMITS } from './limits.js';

/** One swept parameter of a scenario variant: its YAML path and value. */
export interface SweepPoint {
  parameter: string;
  value: number | string | boolean;
}

type Raw = Record<string, unknown>;

/** `stops[0].downtime` → ['stops', 0, 'downtime']. */
export function parsePath(path: string): (string | number)[] | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path)) return null;
  return [...path.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
}

/**
 * Sets a value at a path of a parsed YAML document, creating mappings on the way; lists and their
 * items must exist. Only the document's own keys are followed and keys are defined, never
 * assigned, so `__proto__` or `constructor.prototype` cannot reach a prototype. Returns why the
 * path does not fit the document, or null when the value is set.
 */
export function setPath(doc: Raw, path: readonly (string | number)[], value: unknown): string | null {
  let node: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (node === null || typeof node !== 'object') return 'a path through a value that is not a mapping or a list';
    const isList = Array.isArray(node);
    if (isList !== (typeof key === 'number')) return isList ? 'a key of a list' : 'an item number of a mapping';
    const container = node as Record<string | number, unknown>;
    const exists = Object.hasOwn(container, key);
    if (isList && !exists) return 'a list item the file does not have';
    if (i === path.length - 1) {
      Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
      return null;
    }
    if (!exists) {
      if (typeof path[i + 1] === 'number') return 'a list item the file does not have';
      Object.defineProperty(container, key, { value: {}, writable: true, enumerable: true, configurable: true });
    }
    node = container[key];
  }
  return 'an empty path';
}

/** The value at a path of an object (a parsed document or a resolved scenario); undefined where there is none. */
export function getPath(doc: unknown, path: readonly (string | number)[]): unknown {
  let node = doc;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * The value at a YAML path of a resolved scenario: the field of the same name, or `<name>Seconds`
 * where the YAML gives a duration (`job.tempTableRetention` resolves to `job.tempTableRetentionSeconds`).
 */
export function resolvedValue(scenario: unknown, path: readonly (string | number)[]): unknown {
  return getPath(scenario, path) ?? getPath(scenario, [...path.slice(0, -1), `${String(path[path.length - 1])}Seconds`]);
}

/**
 * A scenario file with `sweep:` stands for the grid of its variants: each swept parameter (a YAML
 * path such as `churn.insertsPerHour` or `stops[0].downtime`) takes each of its values, and the
 * variant is named `name [path=value, ...]`. Gives the documents to validate, with their points, one
 * at a time: a variant is built only after the one before it was taken (and validated).
 */
export function* expandSweep(doc: unknown, file: string): Generator<{ doc: unknown; points: SweepPoint[] }> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !('sweep' in doc)) {
    yield { doc, points: [] };
    return;
  }
  const { sweep, ...rest } = doc as Raw;
  // Variants are named after the scenario: without a name there is nothing to name them after,
  // and validating the file without its sweep reports the name as the schema words it.
  if (typeof rest.name !== 'string' || rest.name === '') {
    yield { doc: rest, points: [] };
    return;
  }
  const allowed = `a list of 1 to ${LIMITS.sweepParameters} mappings { parameter: <YAML path like churn.insertsPerHour or stops[0].downtime>, values: [a list of values] }`;
  if (!Array.isArray(sweep) || sweep.length === 0 || sweep.length > LIMITS.sweepParameters) {
    throw new InputError({ file, path: 'sweep', problem: `got ${describeValue(sweep)}`, allowed });
  }
  const axes = sweep.map((axis, i) => {
    const a = axis as Raw;
    if (a === null || typeof a !== 'object' || Array.isArray(a) || Object.keys(a).some((k) => k !== 'parameter' && k !== 'values')) {
      throw new InputError({ file, path: `sweep[${i}]`, problem: `got ${describeValue(axis)}`, allowed });
    }
    const path = typeof a.parameter === 'string' ? parsePath(a.parameter) : null;
    if (path === null || path[0] === 'sweep' || path[0] === 'name') {
      throw new InputError({ file, path: `sweep[${i}].parameter`, problem: `got ${describeValue(a.parameter)}`, allowed: 'a YAML path of a scenario field, like churn.insertsPerHour or stops[0].downtime' });
    }
    const values = a.values;
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => !['number', 'string', 'boolean'].includes(typeof v))) {
      throw new InputError({ file, path: `sweep[${i}].values`, problem: `got ${describeValue(values)}`, allowed: 'a non-empty list of numbers, strings or booleans' });
    }
    return { parameter: a.parameter as string, path, values: values as SweepPoint['value'][] };
  });
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > LIMITS.sweepVariants) throw new InputError({ file, path: 'sweep', problem: `${total} variants`, allowed: `at most ${LIMITS.sweepVariants} variants` });
  // Every variant copies the file's stops and events.
  const items = [rest.stops, rest.events].reduce((n: number, list) => n + (Array.isArray(list) ? list.length : 0), 0);
  if (total * items > LIMITS.sweepItems) {
    throw new InputError({ file, path: 'sweep', problem: `${total} variants of ${items} stops and events hold ${total * items}`, allowed: `variants × (stops + events) at most ${LIMITS.sweepItems}` });
  }
  let grid: SweepPoint[][] = [[]];
  for (const axis of axes) grid = grid.flatMap((points) => axis.values.map((value) => [...points, { parameter: axis.parameter, value }]));
  for (const points of grid) {
    const variant = structuredClone(rest);
    points.forEach((p, i) => {
      const misfit = setPath(variant, axes[i].path, p.value);
      if (misfit !== null) {
        throw new InputError({ file, path: `sweep[${i}].parameter`, problem: `'${p.parameter}' names ${misfit}`, allowed: 'a path of mappings and of list items the file has' });
      }
    });
    variant.name = `${rest.name} [${points.map((p) => `${p.parameter}=${p.value}`).join(', ')}]`;
    yield { doc: variant, points };
  }
}
