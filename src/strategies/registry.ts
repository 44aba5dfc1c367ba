import { InputError } from '../errors.js';
import { artifactIds } from './artifact-ids.js';
import { indexShift } from './index-shift.js';
import { keyset } from './keyset.js';
import { restart } from './restart.js';
import { statusQuo } from './status-quo.js';
import type { Strategy } from './strategy.js';
import { tempTableExact } from './temp-table-exact.js';
import { tempTableIdsRows } from './temp-table-ids-rows.js';
import { tempTableIds } from './temp-table-ids.js';
import { tempTableRows } from './temp-table-rows.js';
import { tempTable } from './temp-table.js';

/** Every strategy, in the design record's order. Adding one: its file plus one line here and one in STRATEGY_IDS. */
export const STRATEGIES: readonly Strategy[] = [
  statusQuo,
  restart,
  indexShift,
  artifactIds,
  tempTable,
  tempTableRows,
  tempTableExact,
  tempTableIds,
  tempTableIdsRows,
  keyset,
];

/** Their ids as literal types, for the schemas of files that name strategies (decision files). */
export const STRATEGY_IDS = [
  'status-quo',
  'restart',
  'index-shift',
  'artifact-ids',
  'temp-table',
  'temp-table-rows',
  'temp-table-exact',
  'temp-table-ids',
  'temp-table-ids-rows',
  'keyset',
] as const;

if (STRATEGIES.map((s) => s.id).join() !== STRATEGY_IDS.join()) throw new Error('registry: STRATEGY_IDS must list the ids of STRATEGIES, in order');

export function strategyById(id: string): Strategy {
  const s = STRATEGIES.find((x) => x.id === id);
  if (s === undefined) {
    throw new InputError({ problem: `unknown strategy '${id}'`, path: '--strategy', allowed: STRATEGIES.map((x) => x.id).join(', ') });
  }
  return s;
}

/** Parse a comma-separated strategy list (not given: all). An empty list is refused, not read as all. */
export function strategiesFromList(list: string | undefined): Strategy[] {
  if (list === undefined) return [...STRATEGIES];
  if (list.trim() === '') throw new InputError({ problem: 'an empty list', path: '--strategy', allowed: `strategy ids separated by commas: ${STRATEGIES.map((x) => x.id).join(', ')}` });
  return list.split(',').map((s) => strategyById(s.trim()));
}
