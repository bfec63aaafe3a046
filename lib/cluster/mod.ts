/**
 * Clustering estimators with scikit-learn's shape: {@linkcode KMeans} and (see gmm.ts) `GaussianMixture`.
 *
 * @module
 */
export * from "./kmeans.ts";
