import type { Uncertainty } from './bootstrap.js';
import type { EstimatedInputs, InputFlip } from './estimated.js';
import { formatNumber, formatShare, listOf, table } from './format.js';
import type { Stability } from './stability.js';

/** What the first screen of decision.md says the choice rests on, and the Robustness section: plain data in, Markdown out. */
export interface RestsOn {
  /** The chosen (or tied) strategies; empty when none. */
  chosen: string[];
  uncertainty: Uncertainty;
  /** Weight draws (weighted sum). */
  weights: Stability;
  estimated: EstimatedInputs;
  /** Sentences of the studies run or not run (--assumptions, --discover), in that order. */
  studies: string[];
}

const flipText = (f: InputFlip) =>
  `${f.strategy}'s ${f.criterion} from ${formatNumber(f.given)} to ${formatNumber(Number(f.flipsAt!.toPrecision(4)))} (then ${listOf(f.newWinners)})`;

/** The smallest flip of each estimated criterion, in words. */
function smallestFlips(e: EstimatedInputs): string {
  const parts = e.criteria.map((c) => {
    const first = e.flips.find((f) => f.criterion === c && f.flipsAt !== null);
    return first ? flipText(first) : `no value of ${c} (within its allowed range) changes the winner`;
  });
  return parts.join('; ');
}

function estimatedBullet(e: EstimatedInputs): string {
  if (e.criteria.length === 0) return '**Estimated inputs**: none weighs (iapiChanges and effort have weight 0 or are not criteria): the choice rests on measured criteria only.';
  const zero = e.atZero === null ? 'no measured criterion has a weight' : `${listOf(e.atZero)} ${sameSet(e.atZero, e.atWeights) ? 'still ranks first (the same choice)' : `would rank first instead of ${listOf(e.atWeights)}`}`;
  return `**Estimated inputs** (${listOf(e.criteria)}: hand-entered, ${formatShare(e.weightShare)} of the weight): at weight 0, ${zero}. Smallest change that changes the winner: ${smallestFlips(e)}.`;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s) => b.includes(s));

/** "## What the choice rests on": seeds, weights, estimated inputs, assumptions and where strategies break, in the first screen. */
export function restsOnSection(r: RestsOn): string {
  const share = (list: readonly { strategy: string; share: number }[], s: string) => list.find((x) => x.strategy === s)?.share ?? 0;
  const who = r.chosen.length === 0 ? null : r.chosen.length === 1 ? r.chosen[0] : listOf(r.chosen);
  const seeds =
    who === null
      ? `**Seeds**: no choice to resample.`
      : `**Seeds**: ${who} rank${r.chosen.length === 1 ? 's' : ''} first in ${formatShare(r.chosen.reduce((n, s) => n + share(r.uncertainty.seedStability, s), 0))} of ${r.uncertainty.resamples} bootstrap resamples of the seeds (intervals in the decision matrix).`;
  const weights = who === null ? '' : `**Weights**: first in ${formatShare(r.chosen.reduce((n, s) => n + share(r.weights.shares, s), 0))} of ${r.weights.draws} random weight draws around the given weights.`;
  const bullets = [seeds, weights, estimatedBullet(r.estimated), ...r.studies].filter((b) => b !== '');
  return `## What the choice rests on\n\n${bullets.map((b) => `- ${b}`).join('\n')}`;
}

/** "## Robustness": every estimated input's smallest flip, then the sections of the studies run. */
export function robustnessSection(e: EstimatedInputs, studies: readonly string[]): string {
  const rows = e.flips.map((f) => [
    f.criterion,
    f.strategy,
    formatNumber(f.given),
    f.flipsAt === null ? 'none within its allowed range' : formatNumber(Number(f.flipsAt.toPrecision(4))),
    f.change === null ? '' : `${f.change > 0 ? '+' : ''}${formatNumber(Number(f.change.toPrecision(4)))}`,
    f.flipsAt === null ? '' : listOf(f.newWinners),
  ]);
  const flips =
    e.criteria.length === 0
      ? 'No estimated criterion has a weight.'
      : `For every ranked strategy and estimated criterion, the value at which another strategy ranks first by weighted sum (the other
inputs, the weights and the ranges as they are): how far an estimate has to be wrong to change the choice.

${table(['criterion', 'strategy', 'given', 'winner changes at', 'change', 'then first'], rows)}`;
  return [`## Robustness\n\n### Estimated inputs\n\n${flips}`, ...studies].join('\n\n');
}
