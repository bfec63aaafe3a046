/**
 * Mutual information between two labelings.
 *
 * @module
 */
import { checkClusterings } from "./check_clusterings.ts";
import { buildContingency } from "./_contingency.ts";
import { mutualInfoFromTable } from "./_information.ts";

/**
 * Computes the mutual information between two labelings in nats, like scikit-learn's
 * `mutual_info_score`: `MI = Σ_ij (n_ij / n) log(n n_ij / (a_i b_j))`.
 *
 * Edge cases as in scikit-learn: a labeling with a single cluster gives exactly 0, terms smaller than
 * machine epsilon are flushed to 0, and the sum is clipped at 0.
 *
 * @example
 * ```ts
 * import { mutualInfo } from "./mutual_info.ts";
 * import { assertAlmostEquals } from "../std.ts";
 * assertAlmostEquals(mutualInfo([0, 1, 1, 0, 1, 0], [0, 1, 0, 0, 1, 1]), 0.0566330122651324, 1e-15);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @returns MI >= 0, symmetric in its arguments.
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty or hold a label that is not a finite integer.
 */
export function mutualInfo(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  checkClusterings(labelsTrue, labelsPred);
  return mutualInfoFromTable(buildContingency(labelsTrue, labelsPred));
}
