/**
 * A Latin hypercube sample (McKay, Beckman and Conover 1979): `n` points in the unit cube of `k`
 * dimensions, each dimension cut into n equal strata with exactly one point in each, at a random
 * place within it, the strata paired across dimensions by random permutations. Spreads a small
 * sample over every parameter's whole range, unlike a grid (which repeats values) or plain random
 * points (which clump). Deterministic for a given `rng`. No npm package does this well-kept and
 * seeded; it is a few lines.
 */
export function latinHypercube(n: number, k: number, rng: () => number): number[][] {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1) throw new Error(`latin hypercube: n and k must be integers >= 1, got ${n} and ${k}`);
  const columns = Array.from({ length: k }, () => {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    return strata.map((s) => (s + rng()) / n);
  });
  return Array.from({ length: n }, (_, i) => columns.map((column) => column[i]));
}
