/**
 * Linear dimensionality reduction: {@linkcode PCA} for 2-D views of encodings, and the Jacobi
 * eigensolver ({@linkcode jacobiEigen}) it shares with spectral embedding.
 *
 * @module
 */
export * from "./pca.ts";
export * from "./jacobi.ts";
