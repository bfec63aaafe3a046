/**
 * Deterministic choices of which samples a figure shows: the first samples of each group, and an evenly
 * spaced subsample.
 *
 * @module
 */

/**
 * The first `perGroup` indices of each group, in index order.
 *
 * @example
 * ```ts
 * import { firstIndicesPerGroup } from "./sample_indices.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(firstIndicesPerGroup([2, 0, 2, 2, 0], [0, 2, 1], 2), [[1, 4], [0, 2], []]);
 * ```
 *
 * @param labels The group of every sample, shape `[nSamples]`.
 * @param groups The groups wanted, in output order.
 * @param perGroup How many indices per group at most, an integer >= 1.
 * @returns One array of indices per group (shorter when the group has fewer samples).
 * @throws {RangeError} When `perGroup` is not an integer >= 1.
 */
export function firstIndicesPerGroup(
  labels: ArrayLike<number>,
  groups: readonly number[],
  perGroup: number,
): number[][] {
  if (!Number.isInteger(perGroup) || perGroup < 1) {
    throw new RangeError(
      `Cannot select samples: perGroup must be an integer >= 1, current value is ${perGroup}`,
    );
  }
  const slot = new Map(groups.map((g, i) => [g, i]));
  const out = groups.map((): number[] => []);
  let missing = groups.length;
  for (let i = 0; i < labels.length && missing > 0; i++) {
    const k = slot.get(labels[i]);
    if (k === undefined || out[k].length >= perGroup) continue;
    out[k].push(i);
    if (out[k].length === perGroup) missing--;
  }
  return out;
}

/**
 * At most `k` indices of `0 … n - 1`, evenly spaced (`floor(i * n / k)`), ascending; all of them when
 * `n <= k`.
 *
 * @example
 * ```ts
 * import { evenlySpacedIndices } from "./sample_indices.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(evenlySpacedIndices(10, 4), [0, 2, 5, 7]);
 * assertEquals(evenlySpacedIndices(3, 5), [0, 1, 2]);
 * ```
 *
 * @param n The number of samples.
 * @param k The most indices wanted, an integer >= 1.
 * @returns The indices.
 * @throws {RangeError} When `k` is not an integer >= 1.
 */
export function evenlySpacedIndices(n: number, k: number): number[] {
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`Cannot subsample: k must be an integer >= 1, current value is ${k}`);
  }
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: k }, (_, i) => Math.floor((i * n) / k));
}
