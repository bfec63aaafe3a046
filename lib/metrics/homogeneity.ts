/**
 * Homogeneity, completeness and V-measure.
 *
 * @module
 */
import { checkClusterings } from "./check_clusterings.ts";
import { buildContingency } from "./_contingency.ts";
import { entropyFromCounts, mutualInfoFromTable } from "./_information.ts";

/** Options of {@linkcode vMeasure} and {@linkcode homogeneityCompletenessVMeasure}. */
export interface VMeasureOptions {
  /**
   * Weight of homogeneity against completeness: above 1 weighs completeness more, below 1
   * homogeneity more.
   *
   * @default {1}
   */
  beta?: number;
}

/** The three scores of {@linkcode homogeneityCompletenessVMeasure}. */
export interface HomogeneityCompletenessVMeasure {
  /** `MI / H(true)`: 1 when every cluster holds a single class. */
  homogeneity: number;
  /** `MI / H(pred)`: 1 when every class lies in a single cluster. */
  completeness: number;
  /** Their weighted harmonic mean. */
  vMeasure: number;
}

/**
 * Computes homogeneity, completeness and V-measure at once, like scikit-learn 1.2.1's
 * `homogeneity_completeness_v_measure`.
 *
 * Edge cases as in scikit-learn: a labeling with a single cluster has zero entropy, and dividing by it
 * is replaced by 1.0 (so a single class is perfectly homogeneous, a single cluster perfectly complete);
 * when both scores are 0 the V-measure is 0.
 *
 * @example
 * ```ts
 * import { homogeneityCompletenessVMeasure } from "./homogeneity.ts";
 * import { assertAlmostEquals } from "../std.ts";
 * const s = homogeneityCompletenessVMeasure([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]);
 * assertAlmostEquals(s.homogeneity, 0.7103099178571525, 1e-12);
 * assertAlmostEquals(s.completeness, 0.7715561736794712, 1e-12);
 * assertAlmostEquals(s.vMeasure, 0.739667376800759, 1e-12);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @param options See {@linkcode VMeasureOptions}.
 * @returns The three scores, each in [0, 1].
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty, hold a label that is not a finite integer, or `beta` is not
 * a finite number >= 0.
 */
export function homogeneityCompletenessVMeasure(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
  { beta = 1 }: VMeasureOptions = {},
): HomogeneityCompletenessVMeasure {
  if (typeof beta !== "number" || !Number.isFinite(beta) || beta < 0) {
    throw new RangeError(
      `Cannot compute V-measure: beta must be a finite number >= 0, current value is ${beta}`,
    );
  }
  checkClusterings(labelsTrue, labelsPred);
  const c = buildContingency(labelsTrue, labelsPred);
  const entropyC = entropyFromCounts(c.classSizes);
  const entropyK = entropyFromCounts(c.clusterSizes);
  const mi = mutualInfoFromTable(c);
  // A single class (or cluster) has zero entropy: the ratio is replaced by 1.0.
  const homogeneity = entropyC !== 0 ? mi / entropyC : 1;
  const completeness = entropyK !== 0 ? mi / entropyK : 1;
  const vMeasure = homogeneity + completeness === 0
    ? 0
    : (1 + beta) * homogeneity * completeness / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

/**
 * Computes the homogeneity of a clustering given the classes, like scikit-learn's
 * `homogeneity_score`: 1 when every cluster holds members of a single class. Not symmetric.
 *
 * @example
 * ```ts
 * import { homogeneity } from "./homogeneity.ts";
 * import { assertAlmostEquals, assertEquals } from "../std.ts";
 * // Splitting a class into pure clusters keeps homogeneity (1 up to rounding, as in scikit-learn).
 * assertAlmostEquals(homogeneity([0, 0, 1, 1], [0, 1, 2, 3]), 1, 1e-15);
 * assertEquals(homogeneity([0, 0, 1, 1], [0, 0, 0, 0]), 0);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @returns The score in [0, 1].
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty or hold a label that is not a finite integer.
 */
export function homogeneity(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred).homogeneity;
}

/**
 * Computes the completeness of a clustering given the classes, like scikit-learn's
 * `completeness_score`: 1 when all members of each class are in a single cluster. Not symmetric.
 *
 * @example
 * ```ts
 * import { completeness } from "./homogeneity.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(completeness([0, 0, 1, 1], [0, 0, 0, 0]), 1);
 * assertEquals(completeness([0, 0, 1, 1], [0, 1, 0, 1]), 0);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @returns The score in [0, 1].
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty or hold a label that is not a finite integer.
 */
export function completeness(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred).completeness;
}

/**
 * Computes the V-measure, like scikit-learn's `v_measure_score`: the weighted harmonic mean
 * `(1 + β) h c / (β h + c)` of homogeneity `h` and completeness `c`. With `beta = 1` it equals
 * `nmi` with the arithmetic mean.
 *
 * @example
 * ```ts
 * import { vMeasure } from "./homogeneity.ts";
 * import { assertAlmostEquals, assertEquals } from "../std.ts";
 * assertEquals(vMeasure([0, 0, 1, 1], [1, 1, 0, 0]), 1);
 * assertAlmostEquals(vMeasure([0, 0, 1, 2], [0, 0, 1, 1]), 0.8, 1e-12);
 * ```
 *
 * @param labelsTrue The ground-truth classes, shape `[nSamples]`.
 * @param labelsPred The predicted clusters, shape `[nSamples]`.
 * @param options See {@linkcode VMeasureOptions}.
 * @returns The score in [0, 1].
 * @throws {TypeError} If the labelings are not 1-D array-likes of numbers of the same length.
 * @throws {RangeError} If they are empty, hold a label that is not a finite integer, or `beta` is not
 * a finite number >= 0.
 */
export function vMeasure(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
  options: VMeasureOptions = {},
): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred, options).vMeasure;
}
