/**
 * Linear dimensionality reduction: {@linkcode PCA}, and the symmetric eigendecomposition
 * ({@linkcode symmetricEigen}) it shares with the patch features' ZCA whitening.
 *
 * @module
 */
export * from "./pca.ts";
export * from "./symmetric_eigen.ts";
export * from "./project_2d.ts";
