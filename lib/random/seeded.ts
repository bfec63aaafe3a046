/**
 * A seeded pseudo-random number generator with the `Math.random` contract.
 *
 * @module
 */

/** A function returning uniformly distributed numbers in [0, 1), like `Math.random`. */
export type Prng = () => number;

/**
 * Creates a reproducible {@linkcode Prng} from a 32-bit integer seed (mulberry32: fast, 2^32 period,
 * good enough for shuffling and k-means++ sampling; not for cryptography).
 *
 * @example
 * ```ts
 * import { randomSeeded } from "./seeded.ts";
 * import { assertEquals } from "../std.ts";
 * const a = randomSeeded(42);
 * const b = randomSeeded(42);
 * assertEquals([a(), a()], [b(), b()]);
 * ```
 *
 * @param seed Any integer; the same seed gives the same sequence.
 * @returns The generator.
 */
export function randomSeeded(seed: number): Prng {
  if (!Number.isInteger(seed)) {
    throw new TypeError(
      `Cannot create a seeded generator: seed must be an integer, current value is ${seed}`,
    );
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Returns a seeded random permutation of `0 … n-1` (Fisher–Yates).
 *
 * @example
 * ```ts
 * import { permutation, randomSeeded } from "./seeded.ts";
 * import { assertEquals } from "../std.ts";
 * const p = permutation(5, randomSeeded(1));
 * assertEquals([...p].sort(), [0, 1, 2, 3, 4]);
 * ```
 *
 * @param n The length.
 * @param prng The generator.
 * @returns The permutation as an `Int32Array`.
 */
export function permutation(n: number, prng: Prng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(prng() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * Derives an independent 32-bit seed for a named sub-task from a base seed, so each stage of a run
 * gets its own stream yet the whole run depends on one seed.
 *
 * @example
 * ```ts
 * import { deriveSeed } from "./seeded.ts";
 * import { assert } from "../std.ts";
 * assert(deriveSeed(0, "kmeans") !== deriveSeed(0, "split"));
 * ```
 *
 * @param seed The base seed.
 * @param label The sub-task's name.
 * @returns A seed in [0, 2^31).
 */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h & 0x7fffffff;
}
