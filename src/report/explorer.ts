import { createHash } from 'node:crypto';
import type { DecisionAnalysis } from '../analysis/decision.js';
import { CRITERION_TEXT, formatNumber } from '../analysis/format.js';
import { selectStrategies } from '../analysis/matrix.js';
import { TIE_TOLERANCE } from '../analysis/rank.js';
import { escapeHtml } from './escape.js';

/**
 * The weights explorer of report.html: a slider per criterion weight recomputes the weighted sum
 * and TOPSIS ranking of the strategies that meet the constraints, in the page, from the decision
 * matrix embedded as JSON. The script is the one inline script of the page, allowed by its hash in
 * the Content-Security-Policy; the page loads nothing. With scripts off the sliders stay hidden
 * and the table shows the ranking at the decision file's weights.
 */
export interface ExplorerData {
  decisionFile: string;
  /** Each criterion with the range it is normalised on (analysis/ranges.ts): goodness 1 at the best end, 0 at the worst. */
  criteria: { name: string; label: string; weight: number; direction: 'min' | 'max'; scale: 'linear' | 'log'; range: [number, number]; estimate: boolean }[];
  /** The ranked strategies (those that meet the constraints, or all for reference when none does) and their matrix rows. */
  strategies: string[];
  values: number[][];
  tolerance: number;
}

export function explorerData(a: DecisionAnalysis): ExplorerData {
  const ranked = selectStrategies(a.matrix, a.ranked);
  return {
    decisionFile: a.decision.file,
    criteria: a.matrix.criteria.map((c) => {
      const spec = a.decision.criteria[c]!;
      const { low, high } = a.ranges.find((r) => r.criterion === c)!;
      return { name: c, label: CRITERION_TEXT[c].label, weight: spec.weight, direction: spec.direction, scale: spec.scale, range: [low, high], estimate: c === 'iapiChanges' || c === 'effort' };
    }),
    strategies: ranked.strategies,
    values: ranked.values,
    tolerance: TIE_TOLERANCE,
  };
}

/**
 * The same arithmetic as analysis/rank.ts on declared ranges (goodness, weightedSumTerms, topsisScores, rankScores), in plain
 * browser JavaScript, operation for operation so the page gives the scores `drainsim decide`
 * gives with the same weights (a Chromium test compares them).
 */
export const EXPLORER_SCRIPT = `
(function () {
  'use strict';
  var root = document.getElementById('weights-explorer');
  if (!root) return;
  var data = JSON.parse(document.getElementById('weights-data').textContent);
  var C = data.criteria, S = data.strategies, TOL = data.tolerance;
  function signedLog(x) { return Math.sign(x) * Math.log1p(Math.abs(x)); }
  function scaled() { return data.values.map(function (row) { return row.map(function (x, j) { return C[j].scale === 'log' ? signedLog(x) : x; }); }); }
  function allEqual(r) { return r.max - r.min <= TOL * Math.max(1, Math.abs(r.min), Math.abs(r.max)); }
  function bounds(c) {
    var lo = c.scale === 'log' ? signedLog(c.range[0]) : c.range[0], hi = c.scale === 'log' ? signedLog(c.range[1]) : c.range[1];
    return c.direction === 'max' ? { best: hi, worst: lo } : { best: lo, worst: hi };
  }
  function goodness() {
    var b = C.map(bounds);
    return scaled().map(function (row) {
      return row.map(function (x, j) {
        return allEqual({ min: Math.min(b[j].best, b[j].worst), max: Math.max(b[j].best, b[j].worst) }) ? 0 : (x - b[j].worst) / (b[j].best - b[j].worst);
      });
    });
  }
  function normalised(weights) {
    var total = weights.reduce(function (a, b) { return a + b; }, 0);
    return weights.map(function (w) { return w / total; });
  }
  function weightedSum(weights) {
    var w = normalised(weights);
    return goodness().map(function (row) {
      return row.map(function (g, j) { return w[j] * g; }).reduce(function (score, term) { return score + term; }, 0);
    });
  }
  function topsis(weights) {
    var w = normalised(weights), anti = w.map(function () { return 0; });
    function distance(row, to) { return Math.sqrt(row.reduce(function (sum, v, k) { return sum + (v - to[k]) ** 2; }, 0)); }
    return goodness().map(function (row) {
      var weighted = row.map(function (g, j) { return w[j] * g; });
      var toBest = distance(weighted, w), toWorst = distance(weighted, anti);
      return toBest + toWorst === 0 ? 0.5 : toWorst / (toBest + toWorst);
    });
  }
  function ranks(scores) {
    var order = S.map(function (_, i) { return i; }).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    var entries = [], groupTop = Infinity, groupRank = 0;
    order.forEach(function (i, position) {
      if (groupTop - scores[i] > TOL) { groupTop = scores[i]; groupRank = position + 1; }
      entries.push({ strategy: S[i], score: scores[i], rank: groupRank });
    });
    entries.forEach(function (e) { e.tie = entries.filter(function (x) { return x.rank === e.rank; }).length > 1; });
    return entries;
  }
  function cell(tag, text) { var c = document.createElement(tag); c.textContent = text; if (tag === 'th') c.setAttribute('scope', 'row'); return c; }
  var inputs = C.map(function (c) { return document.getElementById('weight-' + c.name); });
  var shown = C.map(function (c) { return document.getElementById('weight-' + c.name + '-value'); });
  var body = root.querySelector('tbody'), note = document.getElementById('weights-note');
  function update() {
    var weights = inputs.map(function (input) { return Number(input.value); });
    var total = weights.reduce(function (a, b) { return a + b; }, 0);
    weights.forEach(function (w, j) { shown[j].textContent = String(w) + ' (' + (total > 0 ? (100 * w / total).toFixed(1) : '0.0') + '%)'; });
    while (body.firstChild) body.removeChild(body.firstChild);
    if (!(total > 0)) { note.textContent = 'No criterion has a weight above 0: nothing to rank.'; return; }
    var ws = ranks(weightedSum(weights)), tp = ranks(topsis(weights));
    var rankText = function (e) { return e.tie ? e.rank + ' (tie)' : String(e.rank); };
    ws.forEach(function (e) {
      var t = tp.filter(function (x) { return x.strategy === e.strategy; })[0];
      var tr = document.createElement('tr');
      [cell('th', e.strategy), cell('td', rankText(e)), cell('td', e.score.toFixed(4)), cell('td', rankText(t)), cell('td', t.score.toFixed(4))].forEach(function (c) { tr.appendChild(c); });
      body.appendChild(tr);
    });
    var first = ws.filter(function (e) { return e.rank === 1; }).map(function (e) { return e.strategy; });
    note.textContent = 'With these weights the weighted sum ranks ' + first.join(' and ') + ' first.';
  }
  inputs.forEach(function (input) { input.addEventListener('input', update); });
  document.getElementById('weights-reset').addEventListener('click', function () {
    inputs.forEach(function (input, j) { input.value = String(C[j].weight); });
    update();
  });
  root.querySelector('.weights-controls').hidden = false;
  update();
})();
`;

/** The Content-Security-Policy source for the script: its SHA-256, as the browser computes it over the script's text. */
export const EXPLORER_SCRIPT_HASH = `'sha256-${createHash('sha256').update(EXPLORER_SCRIPT, 'utf8').digest('base64')}'`;

/** JSON inside a script element: nothing in it can close the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Slider upper end: twice the largest weight, at least 20, a whole number. */
const sliderMax = (data: ExplorerData) => Math.max(20, Math.ceil(2 * Math.max(...data.criteria.map((c) => c.weight))));

/**
 * The explorer's HTML around `rankingTable` (the ranking at the file's weights, already rendered):
 * the sliders, hidden until the script runs, the data and the script.
 */
export function explorerHtml(data: ExplorerData, rankingTable: string): string {
  const max = sliderMax(data);
  const sliders = data.criteria
    .map((c) => {
      const id = `weight-${c.name}`;
      return `<div class="weight"><label for="${id}">${escapeHtml(c.label)}${c.estimate ? ' (estimate)' : ''}</label> <input type="range" id="${id}" min="0" max="${max}" step="0.1" value="${c.weight}"> <output id="${id}-value" for="${id}">${escapeHtml(formatNumber(c.weight))}</output></div>`;
    })
    .join('\n');
  return [
    `<div id="weights-explorer">`,
    `<p>The ranking below is at the weights of <code>${escapeHtml(data.decisionFile)}</code>. With scripts on, each criterion's weight has a slider (0 to ${max}); moving one recomputes both rankings of the ${data.strategies.length} ranked strategies here in the page, with the same arithmetic as <code>drainsim decide</code>. The constraints do not depend on the weights, so the ranked strategies stay the same.</p>`,
    `<form class="weights-controls" hidden>`,
    sliders,
    `<p><button type="button" id="weights-reset">Reset to the decision file's weights</button></p>`,
    `</form>`,
    `<p id="weights-note" aria-live="polite"></p>`,
    rankingTable,
    `<script type="application/json" id="weights-data">${scriptJson(data)}</script>`,
    `<script>${EXPLORER_SCRIPT}</script>`,
    `</div>`,
  ].join('\n');
}
