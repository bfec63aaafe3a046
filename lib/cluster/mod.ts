/**
 * Clustering estimators with scikit-learn's shape: {@linkcode KMeans}, {@linkcode GaussianMixture}, deep
 * embedded clustering ({@linkcode DEC}, IDEC) on a pretrained encoder, and SCAN's clustering step
 * ({@linkcode ScanClustering}) on neighbouring rows.
 *
 * @module
 */
export * from "./kmeans.ts";
export * from "./gmm.ts";
export * from "./dec.ts";
export * from "./scan.ts";
