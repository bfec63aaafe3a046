/**
 * Adjusted mutual information.
 *
 * @module
 */
import { checkClusterings } from "./check_clusterings.ts";
import { buildContingency } from "./_contingency.ts";
import { entropyFromCounts, EPS, mutualInfoFromTable } from "./_information.ts";
import { expectedMutualInfo } from "./_expected_mutual_info.ts";
import { type AverageMethod, checkAverageMethod, generalizedAverage } from "./_average.ts";

export type { AverageMethod } from "./_average.ts";

/** Options of {@linkcode ami}. */
export interface AmiOptions {
  /**
   * How the two entropies are averaged in the denominator.
   *
   * @default {"arithmetic"}
   */
  averageMethod?: AverageMethod;
}

/**
 * Computes the adjusted mutual information, like scikit-learn 1.2.1's `adjusted_mutual_info_score`:
 * `AMI = (MI - E[MI]) / (mean(H(true), H(pred)) - E[MI])`, where `E[MI]` is the exact expected mutual
 * information of random labelings with the same cluster sizes (hypergeometric model) and the mean is
 * chosen by `averageMethod`. It is 1 for labelings identical up to renaming, about 0 for independent
 * ones, and can be negative.
 *
 * Edge cases as in scikit-learn: when both labelings have a single cluster the score is 1.0; the
 * denominator is clamped away from 0 to `±eps` (`eps = 2^-52`), keeping its sign, as rounding can make
 * `E[MI]` exceed the normalizer.
 *
 * Cost: the `E[MI]` sum only visits the hypergeometric terms that do not underflow to 0 (the result is
 * bit-identical to the full sum): a few milliseconds for 70,000 samples in 10 × 10 clusters.
 *
 * @example
 * ```ts
 * import { ami } from "./ami.ts";
 * import { assertAlmostEquals, assertEquals } from "../std.ts";
 * assertEquals(ami([0, 0, 1, 1], [1, 1, 0, 0]), 1);
 * assertEquals(ami([0, 0, 0, 0], [0, 1, 2, 3]), 0);
 * assertAlmostEquals(ami([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]), 0.5023607027202738, 1e-12);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @param options See {@linkcode AmiOptions}.
 * @returns The score, at most 1.
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty, hold a label that is not a finite integer, or
 * `averageMethod` is unknown.
 */
export function ami(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
  { averageMethod = "arithmetic" }: AmiOptions = {},
): number {
  checkAverageMethod(averageMethod, "compute AMI");
  checkClusterings(labelsTrue, labelsPred);
  const c = buildContingency(labelsTrue, labelsPred);
  // Special limit case: no clustering since the data is not split; both labelings have zero
  // entropy. This is a perfect match, hence 1.0.
  if (c.classes.length === 1 && c.clusters.length === 1) return 1;
  const mi = mutualInfoFromTable(c);
  const emi = expectedMutualInfo(c);
  const normalizer = generalizedAverage(
    entropyFromCounts(c.classSizes),
    entropyFromCounts(c.clusterSizes),
    averageMethod,
  );
  let denominator = normalizer - emi;
  // Avoid 0 / 0 when the expectation equals the maximum (a perfect match of a trivial split). The
  // normalizer should always be >= emi, but rounding can make emi slightly larger: clamp away from 0
  // while preserving the sign. (scikit-learn 1.2.1 does not clamp the numerator, so neither do we.)
  if (denominator < 0) denominator = Math.min(denominator, -EPS);
  else denominator = Math.max(denominator, EPS);
  return (mi - emi) / denominator;
}
