/**
 * Manifold learning: {@linkcode UMAP} (umap-learn's algorithm, seeded, with exact, PCA-projected or
 * k-means-partitioned nearest neighbours on the WASM backend, a native layout loop and `transform` for
 * unseen rows) and the {@linkcode trustworthiness} of an embedding.
 *
 * @example
 * ```ts
 * import { UMAP } from "./mod.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const x = new Float32Array(30 * 4).map((_, i) => Math.sin(i));
 * const umap = new UMAP({ nNeighbors: 5, nEpochs: 20 }).fit(x, 4);
 * assertEquals(umap.transform(x.subarray(0, 8), 4).length, 2 * 2);
 * ```
 *
 * @module
 */
export * from "./trustworthiness.ts";
export * from "./umap.ts";
