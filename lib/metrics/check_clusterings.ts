/**
 * Input validation shared by every clustering metric.
 *
 * @module
 */
import { checkLabelsType, checkLabelsValues } from "./_check_labels.ts";

/**
 * Checks that two labelings can be compared, like scikit-learn's `check_clusterings`, and returns the
 * number of samples.
 *
 * Both must be 1-D array-likes (plain arrays or typed arrays) of the same, non-zero length, holding
 * finite integer labels. Label values are arbitrary integers (negative, gappy, large): only equality
 * between labels matters.
 *
 * Unlike scikit-learn, which scores two empty labelings as a perfect match (1.0) and only warns on
 * continuous values, this workspace rejects empty input and non-integer labels: both are bugs upstream.
 *
 * @example
 * ```ts
 * import { checkClusterings } from "./check_clusterings.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * assertEquals(checkClusterings([0, 0, 1], new Int32Array([7, 7, -1])), 3);
 * assertThrows(() => checkClusterings([0, 1], [0]), TypeError, "must have the same length");
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @returns `nSamples`, the common length.
 * @throws {TypeError} If either labeling is not a 1-D array-like of numbers, or the lengths differ.
 * @throws {RangeError} If the labelings are empty, or a label is not a finite integer.
 */
export function checkClusterings(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const action = "score clusterings";
  const nTrue = checkLabelsType(labelsTrue, "labelsTrue", action);
  const nPred = checkLabelsType(labelsPred, "labelsPred", action);
  if (nTrue !== nPred) {
    throw new TypeError(
      `Cannot ${action}: labelsTrue and labelsPred must have the same length, current lengths are ` +
        `${nTrue} and ${nPred}`,
    );
  }
  if (nTrue === 0) {
    throw new RangeError(
      `Cannot ${action}: labelsTrue and labelsPred must hold at least 1 sample, current length is 0`,
    );
  }
  checkLabelsValues(labelsTrue, "labelsTrue", action);
  checkLabelsValues(labelsPred, "labelsPred", action);
  return nTrue;
}
