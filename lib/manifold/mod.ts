/**
 * Manifold learning: {@linkcode UMAP}, a seeded scikit-learn-shaped wrapper of `umap-js` with an exact
 * nearest-neighbour option on the WASM backend, a PCA initialisation and `transform` for unseen rows.
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
export * from "./umap.ts";
