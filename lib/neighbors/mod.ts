/**
 * Nearest neighbours: the exact Euclidean k nearest reference rows of every query row
 * ({@linkcode exactNeighbours}, distance products on the WASM backend, final distances in float64), and the
 * exact re-ranking of candidate neighbours ({@linkcode rerankNeighbours}) that approximate searches, such as
 * UMAP's k-means-partitioned one in `lib/manifold`, finish with.
 *
 * @example
 * ```ts
 * import { exactNeighbours } from "./mod.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const rows = new Float32Array([0, 0, 1, 0, 5, 5]);
 * const { indices, distances } = exactNeighbours(rows, rows, 2, 2);
 * assertEquals([Array.from(indices), Array.from(distances)], [[0, 1, 1, 0, 2, 1], [0, 1, 0, 1, 0, Math.sqrt(41)]]);
 * ```
 *
 * @module
 */
export * from "./exact_knn.ts";
