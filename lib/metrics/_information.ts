/**
 * Mutual information and entropy from counts, ported operation by operation from scikit-learn 1.2.1
 * (`mutual_info_score` with a contingency matrix, and `entropy`).
 *
 * @module
 */
import type { ContingencyMatrix } from "./contingency_matrix.ts";
import { numpySum } from "./_pairwise_sum.ts";

/** `np.finfo(np.float64).eps`. */
export const EPS = 2.220446049250313e-16;

/**
 * Mutual information (nats) of a contingency table, as `mutual_info_score(None, None, contingency=c)`.
 *
 * @param c The table.
 * @returns MI >= 0.
 */
export function mutualInfoFromTable(c: ContingencyMatrix): number {
  const nRows = c.classes.length;
  const nCols = c.clusters.length;
  // Since MI <= min(H(U), H(V)), a labeling with a single cluster (zero entropy) gives MI = 0.
  if (nRows === 1 || nCols === 1) return 0;
  const total = c.nSamples;
  const logTotal = Math.log(total);
  // `log(pi.sum()) + log(pj.sum())`: both sums equal nSamples.
  const terms: number[] = [];
  // scipy's `sp.find` (via COO `sum_duplicates`, `np.lexsort((row, col))`) lists the non-zero entries
  // column by column; keep that order so the final sum rounds the same way.
  for (let j = 0; j < nCols; j++) {
    const pj = c.clusterSizes[j];
    for (let i = 0; i < nRows; i++) {
      const nij = c.counts[i * nCols + j];
      if (nij === 0) continue;
      const contingencyNm = nij / total;
      // pi * pj < 2^53 for any realistic nSamples, so the int64 product is exact in a double.
      const logOuter = -Math.log(c.classSizes[i] * pj) + logTotal + logTotal;
      let mi = contingencyNm * (Math.log(nij) - logTotal) + contingencyNm * logOuter;
      // Terms that are zero up to rounding are flushed to 0 (`np.where(np.abs(mi) < eps, 0.0, mi)`).
      if (Math.abs(mi) < EPS) mi = 0;
      terms.push(mi);
    }
  }
  // Rounding can make the sum slightly negative: clip at 0 (`np.clip(mi.sum(), 0.0, None)`).
  return Math.max(numpySum(terms), 0);
}

/**
 * Entropy (nats) of a labeling from its per-label counts, as scikit-learn's `entropy(labels)` (whose
 * counts come from `np.unique`, in ascending label order).
 *
 * @param counts The positive counts of the distinct labels, ascending label order.
 * @returns The entropy, 0 for a single label.
 */
export function entropyFromCounts(counts: ArrayLike<number>): number {
  // A single cluster has zero entropy.
  if (counts.length === 1) return 0;
  const total = numpySum(Float64Array.from(counts));
  const logTotal = Math.log(total);
  const terms = new Float64Array(counts.length);
  for (let k = 0; k < counts.length; k++) {
    // log(a / b) is computed as log(a) - log(b), as scikit-learn does, for precision.
    terms[k] = (counts[k] / total) * (Math.log(counts[k]) - logTotal);
  }
  return -numpySum(terms);
}
