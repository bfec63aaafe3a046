/**
 * Linear dimensionality reduction: {@linkcode PCA} for 2-D views of encodings.
 *
 * @module
 */
export * from "./pca.ts";
