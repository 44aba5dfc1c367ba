import seedrandom from 'seedrandom';

/** A uniform draw in [0, 1). */
export type Rng = () => number;

/** The independent random streams of a run: switching one process on never shifts another's draws. */
export type StreamName = 'source' | 'churn' | 'timing' | 'faults' | 'ids' | 'swarm';

/** One named stream of a seed (seedrandom's Alea: fast and reproducible across platforms). */
export function stream(seed: number, name: StreamName): Rng {
  return seedrandom.alea(`drainsim:${seed}:${name}`);
}

/**
 * A counter-based draw for per-record attributes (file sizes): record i gets the same value
 * whatever order records are created or visited in, and in every strategy's run.
 */
export function hashUniform(key: number, i: number): number {
  let h = (Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ key) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return (h + 0.5) / 4294967296;
}

/** Standard normal from two uniforms (Box-Muller). */
export function normal(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Exponential waiting time with the given rate (events per second). */
export function exponential(rng: Rng, ratePerSecond: number): number {
  return -Math.log(1 - rng()) / ratePerSecond;
}

/** A 32-bit integer key derived from a seed, for hashUniform. */
export function seedKey(seed: number, name: StreamName): number {
  return Math.floor(stream(seed, name)() * 4294967296) >>> 0;
}
