/**
 * Clustering estimators with scikit-learn's shape: {@linkcode KMeans}, {@linkcode GaussianMixture} and
 * deep embedded clustering ({@linkcode DEC}, IDEC) on a pretrained encoder.
 *
 * @module
 */
export * from "./kmeans.ts";
export * from "./gmm.ts";
export * from "./dec.ts";
