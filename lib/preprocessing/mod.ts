/**
 * Feature preprocessing for clustering: {@linkcode StandardScaler}, {@linkcode Normalizer} and feature
 * pipelines (scaling, then PCA).
 *
 * @module
 */
export * from "./block_stack.ts";
export * from "./features.ts";
export * from "./normalizer.ts";
export * from "./standard_scaler.ts";
