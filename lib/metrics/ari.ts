/**
 * Adjusted Rand index.
 *
 * @module
 */
import { checkClusterings } from "./check_clusterings.ts";
import { buildContingency } from "./_contingency.ts";

/**
 * Computes the adjusted Rand index, like scikit-learn 1.2.1's `adjusted_rand_score`: the Rand index
 * (fraction of sample pairs on which the labelings agree) adjusted for chance, from the pair confusion
 * matrix `(tn, fp; fn, tp)`:
 * `ARI = 2 (tp tn - fn fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn))`.
 *
 * It is 1 for labelings identical up to renaming, about 0 for independent ones, and at least -0.5.
 * Pair counts reach `n²` and their products `n⁴`, so they are computed in `BigInt` (as scikit-learn
 * uses Python integers) and only the final ratio is rounded: exact for any `nSamples`.
 *
 * Edge case as in scikit-learn: no false pairs at all (`fn = fp = 0`, e.g. both labelings a single
 * cluster, or one sample per cluster in both) gives 1.0.
 *
 * @example
 * ```ts
 * import { ari } from "./ari.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(ari([0, 0, 1, 1], [1, 1, 0, 0]), 1);
 * assertEquals(ari([0, 0, 1, 1], [0, 1, 0, 1]), -0.5);
 * assertEquals(ari([0, 0, 0, 0], [0, 1, 2, 3]), 0);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @returns The score in [-0.5, 1].
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty or hold a label that is not a finite integer.
 */
export function ari(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  checkClusterings(labelsTrue, labelsPred);
  const c = buildContingency(labelsTrue, labelsPred);
  const nCols = c.clusters.length;
  const n = BigInt(c.nSamples);
  // Pair confusion matrix (scikit-learn's `pair_confusion_matrix`).
  let sumSquares = 0n;
  let rowDot = 0n; // Σ_ij n_ij b_j
  let colDot = 0n; // Σ_ij n_ij a_i
  for (let i = 0; i < c.classes.length; i++) {
    const ai = BigInt(c.classSizes[i]);
    for (let j = 0; j < nCols; j++) {
      const nij = c.counts[i * nCols + j];
      if (nij === 0) continue;
      const v = BigInt(nij);
      sumSquares += v * v;
      rowDot += v * BigInt(c.clusterSizes[j]);
      colDot += v * ai;
    }
  }
  const tp = sumSquares - n;
  const fp = rowDot - sumSquares;
  const fn = colDot - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  // Special cases: full agreement (or a trivial split where no pair disagrees).
  if (fn === 0n && fp === 0n) return 1;
  // Python's `2.0 * int / int`: each integer is rounded to the nearest double, as Number(bigint) does.
  return (2 * Number(tp * tn - fn * fp)) / Number((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}
