import { ASSUMPTIONS, type Assumptions } from '../scenario/assumptions.js';
import type { Scenario } from '../scenario/types.js';
import { heading, paragraph, table, type Block } from './document.js';

/**
 * The assumptions the runs rest on: each behaviour the public facts leave open, the value the
 * runs used (and the scenarios that used another), the alternatives, and where the default comes
 * from. Every report shows it, so no figure rests on a reading of RIP or IAPI the reader cannot see.
 */
export function assumptionsBlocks(scenarios: readonly Scenario[]): Block[] {
  const rows = ASSUMPTIONS.map((a) => {
    const key = a.key as keyof Assumptions;
    const other = scenarios.filter((sc) => sc.assumptions[key] !== a.default);
    const used = other.length === 0 ? `${String(a.default)} (default) in every scenario` : `${String(a.default)} (default), except ${other.map((sc) => `${sc.name}: ${String(sc.assumptions[key])}`).join('; ')}`;
    const alternatives = a.alternatives.map((v) => `${String(v)}: ${a.meanings[String(v)]}`).join(' / ');
    return [a.key, a.question, used, alternatives, a.origin];
  });
  return [
    heading(3, 'Assumptions'),
    paragraph(
      'What the public code of RIP and IAPI and the design record leave open is an assumption with alternatives, set per scenario under ',
      { code: 'assumptions:' },
      ' (docs/scenario-reference.md). The figures of this report rest on these values; a scenario run with another value shows what that reading changes.',
    ),
    table(['assumption', 'question', 'value in these runs', 'alternatives', 'origin of the default'], rows),
  ];
}
