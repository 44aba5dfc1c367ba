import { choiceText, type AssumptionSweep } from '../analysis/assumption-sweep.js';
import type { Choice } from '../analysis/decision.js';
import type { Discovery } from '../analysis/discovery.js';
import type { EstimatedInputs, InputFlip } from '../analysis/estimated.js';
import { formatNumber, formatShare, listOf } from '../analysis/format.js';
import type { Uncertainty } from '../analysis/seed-bootstrap.js';
import type { Stability } from '../analysis/stability.js';
import { heading, list, paragraph, table, type Block, type Inline, type Section } from './document.js';

/**
 * What decision.md says the choice rests on (its first screen after the bottom line) and its
 * Robustness section: the seeds, the weights, the estimated inputs, and the studies of
 * `decide --assumptions` and `--discover` (or how to run them). Plain data in, document out.
 */

const code = (text: string): Inline => ({ code: text });
const strong = (text: string): Inline => ({ strong: text });
const section = (id: string, blocks: Block[]): Section => ({ id, blocks });
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s) => b.includes(s));
const rounded = (x: number) => formatNumber(Number(x.toPrecision(4)));

/** What decide --assumptions and --discover found; null where not run. */
export interface DecisionStudies {
  assumptions: AssumptionSweep | null;
  discovery: Discovery | null;
}

export const NO_STUDIES: DecisionStudies = { assumptions: null, discovery: null };

export interface RestsOn {
  /** The chosen (or tied) strategies; empty when none. */
  chosen: string[];
  choice: Choice;
  uncertainty: Uncertainty;
  /** Weight draws (weighted sum). */
  weights: Stability;
  estimated: EstimatedInputs;
  decisionFile: string;
  /** Whether the decision file has a sensitivity section (the studies' base scenario). */
  canStudy: boolean;
  studies: DecisionStudies;
}

const flipText = (f: InputFlip) => `${f.strategy}'s ${f.criterion} from ${formatNumber(f.given)} to ${rounded(f.flipsAt!)} (then ${listOf(f.newWinners)})`;

/** The smallest flip of each estimated criterion, in words. */
function smallestFlips(e: EstimatedInputs): string {
  return e.criteria
    .map((c) => {
      const first = e.flips.find((f) => f.criterion === c && f.flipsAt !== null);
      return first ? flipText(first) : `no value of ${c} (within its allowed range) changes the winner`;
    })
    .join('; ');
}

function estimatedItem(e: EstimatedInputs): Inline[] {
  if (e.criteria.length === 0) return [strong('Estimated inputs'), ': none weighs (iapiChanges and effort have weight 0 or are not criteria): the choice rests on measured criteria only.'];
  const zero =
    e.atZero === null
      ? 'no measured criterion has a weight'
      : `${listOf(e.atZero)} ${sameSet(e.atZero, e.atWeights) ? 'still ranks first (the same choice)' : `would rank first instead of ${listOf(e.atWeights)}`}`;
  return [
    strong('Estimated inputs'),
    ` (${listOf(e.criteria)}: hand-entered, ${formatShare(e.weightShare)} of the weight): at weight 0, ${zero}. Smallest change that changes the winner: ${smallestFlips(e)}.`,
  ];
}

function notRun(r: RestsOn, flag: string, what: string): Inline[] {
  return r.canStudy
    ? ['not checked here: ', code(`drainsim decide <suite-dir> ${flag}`), ` ${what} (it states its number of runs first).`]
    : ['not checked: ', code(r.decisionFile), ' has no sensitivity section (the base scenario of the studies).'];
}

function assumptionItem(sweep: AssumptionSweep, suiteChoice: Choice): Inline[] {
  const base = sweep.rows.find((r) => r.isBase)!.choice;
  const note =
    choiceText(base) !== choiceText(suiteChoice)
      ? ` The suite's choice, ${choiceText(suiteChoice)}, differs from the base scenario's: the base is one point of the suite's range, varied here one assumption at a time.`
      : '';
  return [strong('Assumptions'), `: ${sweep.summary}${note} (decide --assumptions, ${sweep.runs} runs; see Robustness)`];
}

function discoveryItem(d: Discovery, chosen: readonly string[]): Inline[] {
  const breaking = new Set(d.regions.map((r) => r.strategy));
  const own = d.regions.filter((r) => chosen.includes(r.strategy)).flatMap((r) => r.boxes.map((b) => `${b.text} (${formatShare(b.density)} of such points)`));
  const chosenText =
    chosen.length === 0
      ? ''
      : own.length > 0
        ? ` ${listOf(chosen)}: ${own.join('; ')}.`
        : ` ${listOf(chosen)} ${d.regions.some((r) => chosen.includes(r.strategy)) ? 'breaks a constraint at scattered points only (no dense region)' : 'breaks no constraint at any point'}.`;
  return [
    strong('Where strategies break'),
    ` (decide --discover, ${d.samples} points, ${d.runs} runs): ${breaking.size} of ${d.strategies.length} strategies break a constraint somewhere in the sensitivity ranges.${chosenText}`,
  ];
}

/** "What the choice rests on": seeds, weights, estimated inputs, assumptions and where strategies break. */
export function restsOnSection(r: RestsOn): Section {
  const shareOf = (list: readonly { strategy: string; share: number }[]) => r.chosen.reduce((n, s) => n + (list.find((x) => x.strategy === s)?.share ?? 0), 0);
  const who = r.chosen.length === 0 ? null : listOf(r.chosen);
  const items: Inline[][] = [];
  if (who === null) items.push([strong('Seeds'), ': no choice to resample.']);
  else {
    const s = r.chosen.length === 1 ? 's' : '';
    items.push([strong('Seeds'), `: ${who} rank${s} first in ${formatShare(shareOf(r.uncertainty.seedStability))} of ${formatNumber(r.uncertainty.resamples)} bootstrap resamples of the seeds (intervals in the decision matrix).`]);
    items.push([strong('Weights'), `: first in ${formatShare(shareOf(r.weights.shares))} of ${formatNumber(r.weights.draws)} random weight draws around the given weights.`]);
  }
  items.push(estimatedItem(r.estimated));
  const { assumptions, discovery } = r.studies;
  items.push(assumptions ? assumptionItem(assumptions, r.choice) : [strong('Assumptions'), ': ', ...notRun(r, '--assumptions', 're-runs the base scenario under every alternative of every assumption')]);
  items.push(discovery ? discoveryItem(discovery, r.chosen) : [strong('Where strategies break'), ': ', ...notRun(r, '--discover', 'samples the sensitivity ranges and finds where each strategy breaks a constraint')]);
  return section('rests-on', [heading(2, 'What the choice rests on'), list(items)]);
}

function estimatedBlocks(e: EstimatedInputs): Block[] {
  if (e.criteria.length === 0) return [heading(3, 'Estimated inputs'), paragraph('No estimated criterion has a weight.')];
  const rows = e.flips.map((f) => [
    f.criterion,
    f.strategy,
    formatNumber(f.given),
    f.flipsAt === null ? 'none within its allowed range' : rounded(f.flipsAt),
    f.change === null ? '' : `${f.change > 0 ? '+' : ''}${rounded(f.change)}`,
    f.flipsAt === null ? '' : listOf(f.newWinners),
  ]);
  return [
    heading(3, 'Estimated inputs'),
    paragraph(
      'For every ranked strategy and estimated criterion, the value at which another strategy ranks first by weighted sum (the other inputs, the weights and the ranges as they are): how far an estimate has to be wrong to change the choice.',
    ),
    table(['criterion', 'strategy', 'given', 'winner changes at', 'change', 'then first'], rows),
  ];
}

function assumptionBlocks(sweep: AssumptionSweep): Block[] {
  const rows = sweep.rows.map((r) => [
    [code(r.key)],
    r.isBase ? `${r.alternative} (base)` : r.alternative,
    choiceText(r.choice),
    r.margin === null ? '' : r.margin.toFixed(4),
    r.ruledOut.length === 0 ? 'none' : r.ruledOut.map((x) => x.strategy).join(', '),
  ]);
  const why = sweep.dependsOn.map((r): Inline[] => [code(r.key), ` ${r.alternative}: ${r.ruledOut.map((x) => `${x.strategy} (${x.why})`).join('; ') || 'none ruled out'}`]);
  return [
    heading(3, 'Choice under each assumption'),
    paragraph(
      'The base scenario ',
      code(sweep.baseFile),
      ` (${sweep.baseScenario}) simulated for every strategy on ${sweep.seeds.length} seed(s) under its own assumptions, then under each other alternative of every assumption and with each IAPI capability some strategy needs switched off (the strategies needing it fail there by construction), one at a time: ${sweep.runs} runs, each alternative decided as the suite is (constraints, then weighted sum on the ranges). Margin: weighted-sum score of rank 1 minus rank 2.`,
    ),
    paragraph(sweep.summary),
    table(['assumption', 'alternative', 'choice', 'margin', 'ruled out'], rows),
    ...(why.length > 0 ? [paragraph('Ruled out where the choice changes, and why:'), list(why)] : []),
  ];
}

function discoveryBlocks(d: Discovery): Block[] {
  const rows = d.regions.flatMap((r) =>
    r.boxes.length === 0
      ? [[r.strategy, r.constraint, String(r.failing), 'no region at least as dense as the threshold (failures scattered)', '', '']]
      : r.boxes.map((b) => [r.strategy, r.constraint, String(r.failing), b.text, formatShare(b.coverage), `${formatShare(b.density)} (${b.failing} of ${b.points})`]),
  );
  const quiet = d.strategies.filter((s) => !d.regions.some((r) => r.strategy === s));
  const ranges = d.parameters.map((p) => `${p.name} ${formatNumber(p.low)} to ${formatNumber(p.high)}`).join(', ');
  return [
    heading(3, 'Where each strategy breaks (scenario discovery)'),
    paragraph(
      `${d.samples} points of a Latin-hypercube sample (seed ${d.seed}) over ${ranges}, the base scenario `,
      code(d.baseFile),
      ` with each point's values, simulated for every strategy on seeds ${d.seeds.join(', ')} (${d.runs} runs). A strategy breaks a constraint at a point when its runs there do (as in Constraints). ` +
        `PRIM boxes (peeling 5%, pasting, restrictions that do not help dropped, up to 3 boxes) of the points where it breaks it, each at least ${formatShare(d.density)} dense: coverage = the share of its failing points the box holds; density = the share of the box's points that fail. Bounds are sample values, inclusive.`,
    ),
    ...(quiet.length > 0 ? [paragraph(`Break no constraint at any point: ${listOf(quiet)}.`)] : []),
    rows.length > 0 ? table(['strategy', 'constraint', 'failing points', 'region', 'coverage', 'density'], rows) : paragraph('No strategy breaks a constraint at any point.'),
  ];
}

/** "Robustness": every estimated input's smallest flip, then the studies run. */
export function robustnessSection(e: EstimatedInputs, studies: DecisionStudies): Section {
  return section('robustness', [
    heading(2, 'Robustness'),
    ...estimatedBlocks(e),
    ...(studies.assumptions ? assumptionBlocks(studies.assumptions) : []),
    ...(studies.discovery ? discoveryBlocks(studies.discovery) : []),
  ]);
}
