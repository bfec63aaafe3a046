/**
 * Clustering estimators with scikit-learn's shape: {@linkcode KMeans} and {@linkcode GaussianMixture}.
 *
 * @module
 */
export * from "./kmeans.ts";
export * from "./gmm.ts";
