/**
 * Clustering accuracy: the best one-to-one matching of clusters to classes (Hungarian algorithm).
 *
 * @module
 */
import { checkClusterings } from "./check_clusterings.ts";
import { buildContingency } from "./_contingency.ts";
import { linearSumAssignment } from "./_linear_sum_assignment.ts";

/** The result of {@linkcode matchClusters}. */
export interface ClusterMatch {
  /**
   * Cluster label -> class label for the matched clusters. When there are more clusters than classes,
   * the unmatched clusters are absent (all their samples count as errors).
   */
  mapping: Map<number, number>;
  /** Samples whose cluster is matched to their own class. */
  nCorrect: number;
  /** `nCorrect / nSamples`, in [0, 1]. */
  accuracy: number;
}

/**
 * Matches clusters to classes one to one so that the most samples agree (maximum-weight matching on
 * the contingency table, `scipy.optimize.linear_sum_assignment` on `-counts`), and returns the
 * matching with its accuracy. Works for any numbers of clusters and classes: `min(nClusters,
 * nClasses)` pairs are formed.
 *
 * @example
 * ```ts
 * import { matchClusters } from "./accuracy.ts";
 * import { assertEquals } from "../std.ts";
 * const m = matchClusters([0, 0, 1, 1, 2, 2], [5, 5, 9, 9, 9, 7]);
 * assertEquals(m.mapping, new Map([[5, 0], [7, 2], [9, 1]]));
 * assertEquals(m.nCorrect, 5);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @returns The matching, the number of correctly matched samples and the accuracy.
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty or hold a label that is not a finite integer.
 */
export function matchClusters(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): ClusterMatch {
  checkClusterings(labelsTrue, labelsPred);
  const c = buildContingency(labelsTrue, labelsPred);
  const nRows = c.classes.length;
  const nCols = c.clusters.length;
  const cost = new Float64Array(c.counts.length);
  for (let k = 0; k < cost.length; k++) cost[k] = -c.counts[k];
  const { rows, cols } = linearSumAssignment(cost, nRows, nCols);
  const pairs: [number, number][] = [];
  let nCorrect = 0;
  for (let k = 0; k < rows.length; k++) {
    nCorrect += c.counts[rows[k] * nCols + cols[k]];
    pairs.push([c.clusters[cols[k]], c.classes[rows[k]]]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  return { mapping: new Map(pairs), nCorrect, accuracy: nCorrect / c.nSamples };
}

/**
 * Computes the clustering accuracy: the fraction of samples whose cluster is matched to their class
 * by the best one-to-one matching (see {@linkcode matchClusters}). Invariant to renaming the clusters;
 * 1 for labelings identical up to renaming.
 *
 * @example
 * ```ts
 * import { accuracy } from "./accuracy.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(accuracy([0, 0, 1, 1], [1, 1, 0, 0]), 1);
 * assertEquals(accuracy([0, 0, 0, 0], [0, 1, 2, 3]), 0.25);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @returns The accuracy in (0, 1].
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty or hold a label that is not a finite integer.
 */
export function accuracy(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  return matchClusters(labelsTrue, labelsPred).accuracy;
}
