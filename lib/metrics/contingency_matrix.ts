/**
 * The contingency table of two labelings.
 *
 * @module
 */
import { checkClusterings } from "./check_clusterings.ts";
import { buildContingency } from "./_contingency.ts";

/**
 * A dense contingency table, as scikit-learn's `contingency_matrix` with its row and column labels.
 * `counts[i * clusters.length + j]` is the number of samples of class `classes[i]` put in cluster
 * `clusters[j]`.
 */
export interface ContingencyMatrix {
  /** The distinct labels of `labelsTrue`, ascending: the rows. */
  readonly classes: readonly number[];
  /** The distinct labels of `labelsPred`, ascending: the columns. */
  readonly clusters: readonly number[];
  /** The counts, row-major, shape `[nClasses, nClusters]`. */
  readonly counts: Int32Array;
  /** Row sums (samples per class), shape `[nClasses]`. */
  readonly classSizes: Int32Array;
  /** Column sums (samples per cluster), shape `[nClusters]`. */
  readonly clusterSizes: Int32Array;
  /** The total count. */
  readonly nSamples: number;
}

/**
 * Builds the contingency matrix describing the relationship between two labelings, like
 * scikit-learn's `contingency_matrix` (rows: sorted distinct true labels; columns: sorted distinct
 * predicted labels).
 *
 * @example
 * ```ts
 * import { contingencyMatrix } from "./contingency_matrix.ts";
 * import { assertEquals } from "../std.ts";
 * const c = contingencyMatrix([0, 0, 1, 1, 2, 2], [1, 0, 2, 1, 0, 2]);
 * assertEquals([...c.counts], [1, 1, 0, 0, 1, 1, 1, 0, 1]);
 * assertEquals(c.clusters, [0, 1, 2]);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @returns The table with its row and column labels and margins.
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty or hold a label that is not a finite integer.
 */
export function contingencyMatrix(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
): ContingencyMatrix {
  checkClusterings(labelsTrue, labelsPred);
  return buildContingency(labelsTrue, labelsPred);
}
