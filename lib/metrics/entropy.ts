/**
 * Entropy of a labeling.
 *
 * @module
 */
import { checkLabelsType, checkLabelsValues } from "./_check_labels.ts";
import { encodeLabels } from "./_contingency.ts";
import { entropyFromCounts } from "./_information.ts";

/**
 * Computes the entropy of a labeling in nats, like scikit-learn's `entropy`:
 * `H = -Σ_k (n_k / n) log(n_k / n)` over the distinct labels.
 *
 * A single label gives 0. Unlike scikit-learn (which returns 1.0 for no labels), empty input is rejected.
 *
 * @example
 * ```ts
 * import { entropy } from "./entropy.ts";
 * import { assertAlmostEquals, assertEquals } from "../std.ts";
 * assertAlmostEquals(entropy([0, 0, 1, 1]), Math.log(2), 1e-15);
 * assertEquals(entropy([5, 5, 5]), 0);
 * ```
 *
 * @param labels Integer labels, shape `[nSamples]`.
 * @returns The entropy, >= 0.
 * @throws {TypeError} If `labels` is not a 1-D array-like of numbers.
 * @throws {RangeError} If it is empty or holds a label that is not a finite integer.
 */
export function entropy(labels: ArrayLike<number>): number {
  const action = "compute entropy";
  const n = checkLabelsType(labels, "labels", action);
  if (n === 0) {
    throw new RangeError(`Cannot ${action}: labels must hold at least 1 sample, current length is 0`);
  }
  checkLabelsValues(labels, "labels", action);
  return entropyFromCounts(encodeLabels(labels).counts);
}
