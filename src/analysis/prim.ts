/**
 * PRIM, the patient rule induction method (Friedman and Fisher 1999), as scenario discovery uses
 * it (Bryant and Lempert 2010; EMA Workbench, sdtoolkit): find boxes (a lower and upper bound per
 * input) in which the cases of interest are dense. No npm package implements it; this is the
 * small core: peeling, pasting, dropping restrictions that do not help, and covering.
 */

import { maxOf, minOf } from './stats.js';

export interface PrimOptions {
  /** Share of the box's points each peel removes (alpha). */
  peel: number;
  /** Share of the box's points each paste adds back. */
  paste: number;
  /** Peeling stops when a box holds this share of the points or fewer. */
  minMass: number;
  /** The box chosen on a peeling trajectory: the largest coverage among those at least this dense. */
  density: number;
  /** Boxes found one after the other, each on the points the earlier ones left (covering), while a box adds this share of the cases at least. */
  maxBoxes: number;
  minNewCoverage: number;
  /** A restriction is dropped when the box without it is less dense by less than this. */
  trim: number;
}

export const PRIM_DEFAULTS: PrimOptions = { peel: 0.05, paste: 0.05, minMass: 0.05, density: 0.8, maxBoxes: 3, minNewCoverage: 0.05, trim: 0.02 };

export interface PrimBox {
  /** Per input: the bounds (sample values, inclusive); null where the box does not restrict it. */
  lower: (number | null)[];
  upper: (number | null)[];
  /** Of all points: those in the box. */
  points: number;
  /** Of those, cases of interest. */
  cases: number;
  /** cases / points. */
  density: number;
  /** cases / all cases of interest. */
  coverage: number;
}

interface Bounds {
  lo: number[];
  hi: number[];
}

const inside = (x: readonly number[], b: Bounds) => x.every((v, d) => v >= b.lo[d] && v <= b.hi[d]);

function stats(x: readonly number[][], y: readonly boolean[], idx: readonly number[], b: Bounds): { points: number; cases: number } {
  let points = 0;
  let cases = 0;
  for (const i of idx) {
    if (!inside(x[i], b)) continue;
    points += 1;
    if (y[i]) cases += 1;
  }
  return { points, cases };
}

const density = (s: { points: number; cases: number }) => (s.points === 0 ? 0 : s.cases / s.points);

/** Candidate bounds: each side of each input moved in past the `share` of the box's points nearest it. */
function moves(x: readonly number[][], idx: readonly number[], b: Bounds, share: number): Bounds[] {
  const inBox = idx.filter((i) => inside(x[i], b));
  const k = Math.max(1, Math.floor(share * inBox.length));
  const out: Bounds[] = [];
  for (let d = 0; d < b.lo.length; d++) {
    const sorted = inBox.map((i) => x[i][d]).sort((p, q) => p - q);
    if (sorted.length <= k) continue;
    const lo = sorted[k];
    if (lo > sorted[0]) out.push({ lo: b.lo.map((v, e) => (e === d ? lo : v)), hi: b.hi });
    const hi = sorted[sorted.length - 1 - k];
    if (hi < sorted[sorted.length - 1]) out.push({ lo: b.lo, hi: b.hi.map((v, e) => (e === d ? hi : v)) });
  }
  return out;
}

/** Candidate pastes: each side of each input moved out to take in the nearest `share` of the box's size more points. */
function pastes(x: readonly number[][], idx: readonly number[], b: Bounds, share: number, count: number): Bounds[] {
  const k = Math.max(1, Math.floor(share * count));
  const out: Bounds[] = [];
  for (let d = 0; d < b.lo.length; d++) {
    // Points inside the box on every other input, outside on this one.
    const others = idx.filter((i) => x[i].every((v, e) => e === d || (v >= b.lo[e] && v <= b.hi[e])));
    const below = others.map((i) => x[i][d]).filter((v) => v < b.lo[d]).sort((p, q) => q - p);
    const above = others.map((i) => x[i][d]).filter((v) => v > b.hi[d]).sort((p, q) => p - q);
    // The slice, and the single nearest point (a slice may take a non-case with the cases before it).
    for (const n of new Set([k, 1])) {
      if (below.length > 0) out.push({ lo: b.lo.map((v, e) => (e === d ? below[Math.min(n, below.length) - 1] : v)), hi: b.hi });
      if (above.length > 0) out.push({ lo: b.lo, hi: b.hi.map((v, e) => (e === d ? above[Math.min(n, above.length) - 1] : v)) });
    }
  }
  return out;
}

type Found = { box: Bounds; points: number; cases: number };

/** Pasting, then dropping restrictions: a peeled box made as large as it can be without getting less dense. */
function finish(x: readonly number[][], y: readonly boolean[], idx: readonly number[], full: Bounds, peeled: Found, o: PrimOptions): Found {
  let chosen = peeled;
  // Paste: take back slices as long as the box gets no less dense.
  for (;;) {
    let best: Found | null = null;
    for (const candidate of pastes(x, idx, chosen.box, o.paste, chosen.points)) {
      const s = stats(x, y, idx, candidate);
      if (density(s) + 1e-12 < density(chosen) || s.cases <= chosen.cases) continue;
      if (best === null || density(s) > density(best) + 1e-12 || (Math.abs(density(s) - density(best)) <= 1e-12 && s.cases > best.cases)) best = { box: candidate, ...s };
    }
    if (best === null) break;
    chosen = best;
  }
  // Drop each restriction that adds less than `trim` to the density (and without which the box
  // stays dense enough): it does not describe the region, it only fits the sample.
  for (let d = 0; d < full.lo.length; d++) {
    const wider = { lo: chosen.box.lo.map((v, e) => (e === d ? full.lo[d] : v)), hi: chosen.box.hi.map((v, e) => (e === d ? full.hi[d] : v)) };
    const s = stats(x, y, idx, wider);
    if (density(s) + o.trim >= density(chosen) && density(s) >= o.density) chosen = { box: wider, ...s };
  }
  return chosen;
}

function oneBox(x: readonly number[][], y: readonly boolean[], idx: readonly number[], full: Bounds, o: PrimOptions): Bounds | null {
  const totalCases = idx.filter((i) => y[i]).length;
  let box: Bounds = { lo: [...full.lo], hi: [...full.hi] };
  let current = stats(x, y, idx, box);
  const trajectory = [{ box, ...current }];
  // Peel: each step removes the slice whose removal leaves the densest box.
  while (current.points > Math.max(1, o.minMass * idx.length)) {
    let best: { box: Bounds; points: number; cases: number } | null = null;
    for (const candidate of moves(x, idx, box, o.peel)) {
      const s = stats(x, y, idx, candidate);
      if (s.points === 0) continue;
      if (best === null || density(s) > density(best) + 1e-12 || (Math.abs(density(s) - density(best)) <= 1e-12 && s.points > best.points)) best = { box: candidate, ...s };
    }
    if (best === null) break;
    box = best.box;
    current = best;
    trajectory.push(best);
  }
  const dense = trajectory.filter((t) => density(t) >= o.density && t.cases > 0);
  if (dense.length === 0) return null;
  // Each dense box pasted and trimmed; the one with the most coverage × density (then the densest).
  const finished = dense.map((t) => finish(x, y, idx, full, t, o));
  const score = (t: { points: number; cases: number }) => (t.cases / totalCases) * density(t);
  const chosen = finished.reduce((a, b) => (score(b) > score(a) + 1e-12 || (Math.abs(score(b) - score(a)) <= 1e-12 && density(b) > density(a) + 1e-12) ? b : a));
  return totalCases === 0 ? null : chosen.box;
}

/**
 * PRIM boxes of the points `x` (one row per point, one column per input) where `y` holds.
 * Each box is found on the points the earlier boxes left; bounds and counts are then stated on
 * all points.
 */
export function primBoxes(x: readonly number[][], y: readonly boolean[], options: Partial<PrimOptions> = {}): PrimBox[] {
  const o = { ...PRIM_DEFAULTS, ...options };
  if (x.length !== y.length) throw new Error(`prim: ${x.length} points and ${y.length} outcomes`);
  if (x.length === 0) return [];
  const k = x[0].length;
  const full: Bounds = { lo: Array.from({ length: k }, (_, d) => minOf(x.map((r) => r[d]))), hi: Array.from({ length: k }, (_, d) => maxOf(x.map((r) => r[d]))) };
  const all = x.map((_, i) => i);
  const totalCases = y.filter(Boolean).length;
  const boxes: PrimBox[] = [];
  let left = all;
  while (boxes.length < o.maxBoxes && left.some((i) => y[i])) {
    const found = oneBox(x, y, left, full, o);
    if (found === null) break;
    // A later box must find cases the earlier ones left, not redraw them.
    if (boxes.length > 0 && stats(x, y, left, found).cases < Math.max(2, o.minNewCoverage * totalCases)) break;
    const s = stats(x, y, all, found);
    boxes.push({
      lower: found.lo.map((v, d) => (v > full.lo[d] ? v : null)),
      upper: found.hi.map((v, d) => (v < full.hi[d] ? v : null)),
      points: s.points,
      cases: s.cases,
      density: density(s),
      coverage: totalCases === 0 ? 0 : s.cases / totalCases,
    });
    const next = left.filter((i) => !inside(x[i], found));
    if (next.length === left.length) break;
    left = next;
  }
  return boxes;
}
