/**
 * External clustering metrics: scores comparing predicted clusters with ground-truth classes, matching
 * scikit-learn 1.2.1 (`sklearn.metrics.cluster`) to floating-point rounding, edge cases included.
 *
 * - {@linkcode ami} (adjusted mutual information, exact expected-MI term), {@linkcode nmi},
 *   {@linkcode mutualInfo}, {@linkcode entropy}
 * - {@linkcode ari} (adjusted Rand index)
 * - {@linkcode homogeneity}, {@linkcode completeness}, {@linkcode vMeasure},
 *   {@linkcode homogeneityCompletenessVMeasure}
 * - {@linkcode accuracy} and {@linkcode matchClusters} (best one-to-one cluster -> class matching,
 *   Hungarian algorithm)
 * - {@linkcode contingencyMatrix}, {@linkcode checkClusterings}
 *
 * Every score takes `(labelsTrue, labelsPred, options?)`: two 1-D array-likes (plain or typed arrays)
 * of the same non-zero length holding integer labels. Label values are arbitrary (`-1`, `7`, `100`…):
 * only which samples share a label matters. Bad input throws a `TypeError` (not an array, lengths
 * differ) or a `RangeError` (empty, a label that is not a finite integer, a bad option).
 *
 * @example
 * ```ts
 * import { accuracy, ami, ari, nmi } from "./mod.ts";
 * import { assertAlmostEquals, assertEquals } from "../std.ts";
 * const classes = [0, 0, 0, 1, 1, 1, 2, 2, 2];
 * const clusters = [7, 7, 7, -1, -1, 3, 3, 3, 3];
 * assertEquals(accuracy(classes, clusters), 8 / 9);
 * assertAlmostEquals(ari(classes, clusters), 0.6428571428571429, 1e-12);
 * assertAlmostEquals(nmi(classes, clusters), 0.786013103263073, 1e-12);
 * assertAlmostEquals(ami(classes, clusters), 0.6917422851154034, 1e-12);
 * ```
 *
 * @module
 */
export * from "./accuracy.ts";
export * from "./ami.ts";
export * from "./ari.ts";
export * from "./check_clusterings.ts";
export * from "./contingency_matrix.ts";
export * from "./entropy.ts";
export * from "./homogeneity.ts";
export * from "./mutual_info.ts";
export * from "./nmi.ts";
