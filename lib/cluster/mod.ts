/**
 * Clustering estimators with scikit-learn's shape: {@linkcode KMeans}, {@linkcode GaussianMixture}, deep
 * embedded clustering ({@linkcode DEC}, IDEC) on a pretrained encoder, and {@linkcode SpectralClustering}
 * (with {@linkcode spectralEmbedding}) of a sparse affinity graph such as UMAP's fuzzy simplicial set.
 *
 * @module
 */
export * from "./kmeans.ts";
export * from "./gmm.ts";
export * from "./dec.ts";
export * from "./spectral.ts";
export * from "./scan.ts";
