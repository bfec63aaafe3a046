/**
 * Normalized mutual information.
 *
 * @module
 */
import { checkClusterings } from "./check_clusterings.ts";
import { buildContingency } from "./_contingency.ts";
import { entropyFromCounts, mutualInfoFromTable } from "./_information.ts";
import { type AverageMethod, checkAverageMethod, generalizedAverage } from "./_average.ts";

export type { AverageMethod } from "./_average.ts";

/** Options of {@linkcode nmi}. */
export interface NmiOptions {
  /**
   * How the two entropies are averaged in the denominator.
   *
   * @default {"arithmetic"}
   */
  averageMethod?: AverageMethod;
}

/**
 * Computes the normalized mutual information, like scikit-learn 1.2.1's
 * `normalized_mutual_info_score`: `NMI = MI / mean(H(true), H(pred))`, where the mean is chosen by
 * `averageMethod`. It is 1 for labelings that are identical up to renaming, and is not adjusted for
 * chance (see `ami`). With the arithmetic mean it equals `vMeasure`.
 *
 * Edge cases as in scikit-learn: when both labelings have a single cluster (no split at all) the
 * score is 1.0; otherwise, MI = 0 gives 0.0 whatever the normalization.
 *
 * @example
 * ```ts
 * import { nmi } from "./nmi.ts";
 * import { assertAlmostEquals, assertEquals } from "../std.ts";
 * assertEquals(nmi([0, 0, 1, 1], [1, 1, 0, 0]), 1);
 * assertEquals(nmi([0, 0, 0, 0], [0, 1, 2, 3]), 0);
 * assertAlmostEquals(nmi([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]), 0.7396673768007592, 1e-12);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @param options See {@linkcode NmiOptions}.
 * @returns The score in [0, 1].
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty, hold a label that is not a finite integer, or
 * `averageMethod` is unknown.
 */
export function nmi(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
  { averageMethod = "arithmetic" }: NmiOptions = {},
): number {
  checkAverageMethod(averageMethod, "compute NMI");
  checkClusterings(labelsTrue, labelsPred);
  const c = buildContingency(labelsTrue, labelsPred);
  // Special limit case: no clustering since the data is not split; both labelings have zero
  // entropy. This is a perfect match, hence 1.0.
  if (c.classes.length === 1 && c.clusters.length === 1) return 1;
  const mi = mutualInfoFromTable(c);
  // MI = 0 cannot be a perfect match here (handled above), so NMI = 0 whatever the normalization
  // (this also avoids 0 / 0 when one labeling has a single cluster).
  if (mi === 0) return 0;
  const normalizer = generalizedAverage(
    entropyFromCounts(c.classSizes),
    entropyFromCounts(c.clusterSizes),
    averageMethod,
  );
  return mi / normalizer;
}
