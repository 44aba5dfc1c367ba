import { z } from 'zod';
import { InputError, describeValue, formatPath } from '../errors.js';
import { LIMITS } from './limits.js';
import { issueToInputError, scenarioSchema } from './schema.js';
import { plainText } from './text.js';
import type { Scenario } from './types.js';

/**
 * A resolved scenario read back from a file drainsim wrote (a suite's suite.json), validated with
 * the same schema as a scenario file: it is turned back into its YAML form, parsed (every bound and
 * the nominal-job checks of a scenario file), and must resolve to itself. So a tampered suite.json
 * (`runs: 1e9`, an unknown key, a negative rate) gets the message a scenario file would, instead of
 * exhausting memory or crashing an analysis.
 */

type Raw = Record<string, unknown>;

const isMapping = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The YAML form of a resolved scenario: durations under their YAML names, events keyed by kind. */
function toFileForm(sc: Raw): Raw {
  const { family: _family, sweep: _sweep, job, faults, events, ...rest } = sc;
  const form: Raw = { ...rest };
  if (isMapping(job)) {
    const { killAfterSeconds, drainStopTimeoutSeconds, tempTableRetentionSeconds, ...others } = job;
    form.job = { ...others, killAfter: killAfterSeconds, drainStopTimeout: drainStopTimeoutSeconds, tempTableRetention: tempTableRetentionSeconds };
  } else if (job !== undefined) form.job = job;
  if (isMapping(faults)) {
    const { stallSeconds, secondStopWithinSeconds, secondStopDowntimeSeconds, ...others } = faults;
    form.faults = { ...others, stall: stallSeconds, secondStopWithin: secondStopWithinSeconds, secondStopDowntime: secondStopDowntimeSeconds };
  } else if (faults !== undefined) form.faults = faults;
  if (Array.isArray(events)) {
    form.events = events.map((e: unknown) => {
      if (!isMapping(e) || typeof e.kind !== 'string') return e;
      const { at, kind, ...fields } = e;
      return Object.defineProperty({ at }, kind, { value: fields, enumerable: true });
    });
  } else if (events !== undefined) form.events = events;
  return form;
}

const sweepSchema = z
  .array(z.strictObject({ parameter: plainText(200, 1), value: z.union([z.number(), plainText(200), z.boolean()]) }))
  .max(LIMITS.sweepParameters);

/** The first top-level field (or the whole) where two values' JSON differs. */
function firstDifference(a: Raw, b: Raw): string {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return key;
  return 'the order of its fields';
}

/**
 * A resolved scenario read from `file` at the field path `at` (like `scenarios[2].scenario`), or
 * one InputError naming them.
 */
export function parseResolvedScenario(raw: unknown, file: string, at: (string | number)[]): Scenario {
  const where = (path: PropertyKey[]) => formatPath([...at, ...path]);
  if (!isMapping(raw)) throw new InputError({ file, path: where([]), problem: `got ${describeValue(raw)}`, allowed: 'a resolved scenario (a mapping)' });
  const parsed = scenarioSchema.safeParse(toFileForm(raw), { reportInput: true });
  if (!parsed.success) {
    const e = issueToInputError(parsed.error.issues[0], file);
    const inner = e.path ?? '';
    throw new InputError({ file, path: `${where([])}${inner === '' || inner.startsWith('[') ? '' : '.'}${inner}`, problem: e.problem, allowed: e.allowed });
  }
  const family = plainText(LIMITS.nameChars, 1).safeParse(raw.family);
  if (!family.success) throw new InputError({ file, path: where(['family']), problem: `got ${describeValue(raw.family)}`, allowed: 'the name of the scenario file' });
  const sweep = sweepSchema.safeParse(raw.sweep);
  if (!sweep.success) throw new InputError({ file, path: where(['sweep']), problem: `got ${describeValue(raw.sweep)}`, allowed: `a list of at most ${LIMITS.sweepParameters} swept parameters and values` });
  const scenario = parsed.data;
  scenario.family = family.data;
  scenario.sweep = sweep.data;
  if (JSON.stringify(scenario) !== JSON.stringify(raw)) {
    const key = firstDifference(scenario as unknown as Raw, raw);
    throw new InputError({ file, path: where([key]), problem: 'differs from what the scenario resolves to', allowed: 'a scenario as drainsim resolved and wrote it' });
  }
  return scenario;
}
