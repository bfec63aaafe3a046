/**
 * The pipeline's stages, each declared once (see `lib/pipeline/graph.ts`): the autoencoders, the
 * clusterings of pixels and encodings, N2D's UMAP rows, the feature stack with SCAN, and DEC/IDEC.
 *
 * @module
 */
export * from "./autoencoder.ts";
export * from "./encoding_clusterings.ts";
export * from "./kmeans_raw.ts";
export * from "./self_training.ts";
export * from "./stack.ts";
export * from "./umap_gmm.ts";
export type { ClusteringOutput, ValidatedClusteringOutput } from "./_clustering.ts";
export * from "./beyond.ts";
export * from "./cluster_stages.ts";
