/**
 * Exact k nearest neighbours among reference rows: the products q·r of a chunk of query rows on the WASM
 * backend, the selection in JS over ‖r‖² − 2q·r (‖q‖² does not change a row's ranking), and the final
 * distances recomputed in float64. tfjs's own element-wise ops and TopK cost ~7 ns per candidate here,
 * several times the product itself; the scan below is ~1 ns.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/**
 * The k nearest reference rows of every query row, nearest first.
 *
 * @example
 * ```ts
 * import type { Neighbours } from "./exact_knn.ts";
 * import { assertEquals } from "../std.ts";
 * const found: Neighbours = { indices: new Int32Array([1, 0]), distances: new Float64Array([0.5, 2]) };
 * assertEquals(found.indices.length, found.distances.length);
 * ```
 */
export interface Neighbours {
  /** Neighbour indices into the reference rows, `[nQueries, k]` row-major. */
  indices: Int32Array;
  /** Euclidean distances to them, `[nQueries, k]` row-major, computed in float64. */
  distances: Float64Array;
}

/**
 * Largest `[rows, nReference]` product block computed at once (8M floats = 32 MB).
 *
 * @example
 * ```ts
 * import { BLOCK_ELEMENTS } from "./exact_knn.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(BLOCK_ELEMENTS * Float32Array.BYTES_PER_ELEMENT, 32 * 2 ** 20);
 * ```
 */
export const BLOCK_ELEMENTS = 1 << 23;

/**
 * Extra candidates kept per row so that float32 rounding cannot drop a true neighbour at the boundary.
 *
 * @example
 * ```ts
 * import { SLACK } from "./exact_knn.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(SLACK, 4);
 * ```
 */
export const SLACK = 4;

/**
 * Exact Euclidean k-nearest neighbours of the rows of `queries` among the rows of `reference` (both
 * row-major with `d` columns; pass the same array for a self-search, where each row finds itself at
 * distance 0, first unless it has exact duplicates of lower index). Candidates are ranked by ‖r‖² − 2q·r
 * of the mean-centred rows in float32; the best `k + 4` are re-measured in float64 and sorted, ties by
 * index.
 *
 * @example
 * ```ts
 * import { exactNeighbours } from "./exact_knn.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const rows = new Float32Array([0, 0, 1, 0, 5, 5, 0, 2]);
 * assertEquals(Array.from(exactNeighbours(rows, rows, 2, 2).indices), [0, 1, 1, 0, 2, 3, 3, 0]);
 * ```
 *
 * @param queries Query rows, row-major.
 * @param reference Reference rows, row-major.
 * @param d Columns of both.
 * @param k Neighbours per query row (at most the reference rows).
 * @param onProgress Called with the share of query rows done after every block.
 * @returns Indices and distances, nearest first.
 */
export function exactNeighbours(
  queries: Float32Array,
  reference: Float32Array,
  d: number,
  k: number,
  onProgress?: (done: number) => void,
): Neighbours {
  const m = queries.length / d;
  const n = reference.length / d;
  const kept = Math.min(n, k + SLACK);
  // Centred on the reference mean (distances do not change): all-positive codes far from the origin would
  // otherwise lose the neighbours' differences to float32 cancellation in ‖r‖² − 2q·r.
  const mean = new Float64Array(d);
  for (let j = 0; j < n; j++) for (let f = 0; f < d; f++) mean[f] += reference[j * d + f];
  for (let f = 0; f < d; f++) mean[f] /= n;
  const centre = (rows: Float32Array) => rows.map((v, i) => v - mean[i % d]);
  const centredQueries = centre(queries);
  const centredReference = queries === reference ? centredQueries : centre(reference);
  const refNorms = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let f = 0; f < d; f++) s += centredReference[j * d + f] ** 2;
    refNorms[j] = s;
  }
  const ref = tf.tensor2d(centredReference, [n, d]);
  const candidates = new Int32Array(m * kept);
  const chunk = Math.max(1, Math.min(m, Math.floor(BLOCK_ELEMENTS / n)));
  // The best `kept` candidates of the current row, sorted by score (ascending).
  const bestScore = new Float32Array(kept);
  const bestIndex = new Int32Array(kept);
  try {
    for (let start = 0; start < m; start += chunk) {
      const rows = Math.min(chunk, m - start);
      const product = tf.tidy(() => {
        const q = tf.tensor2d(centredQueries.subarray(start * d, (start + rows) * d), [rows, d]);
        return tf.matMul(q, ref, false, true);
      });
      const dots = product.dataSync() as Float32Array;
      product.dispose();
      for (let r = 0; r < rows; r++) {
        selectRow(dots, r * n, refNorms, bestScore, bestIndex);
        candidates.set(bestIndex, (start + r) * kept);
      }
      onProgress?.((start + rows) / m);
    }
  } finally {
    ref.dispose();
  }
  return rerankNeighbours(queries, reference, d, candidates, kept, k);
}

/**
 * Fills `bestScore`/`bestIndex` with the smallest ‖r‖² − 2q·r of one row of products, by insertion.
 *
 * @example
 * ```ts
 * import { selectRow } from "./exact_knn.ts";
 * import { assertEquals } from "../std.ts";
 * // Reference rows 0, 1, 2 with ‖r‖² = 1, 4, 0 and products q·r = 1, 1, 0: scores -1, 2, 0.
 * const bestScore = new Float32Array(2);
 * const bestIndex = new Int32Array(2);
 * selectRow(new Float32Array([1, 1, 0]), 0, new Float32Array([1, 4, 0]), bestScore, bestIndex);
 * assertEquals([Array.from(bestIndex), Array.from(bestScore)], [[0, 2], [-1, 0]]);
 * ```
 *
 * @param dots Products q·r, one row of `refNorms.length` from `offset`.
 * @param offset Where the row starts.
 * @param refNorms ‖r‖² of the reference rows.
 * @param bestScore Out: the best scores, ascending (its length is the number kept).
 * @param bestIndex Out: their reference rows.
 */
export function selectRow(
  dots: Float32Array,
  offset: number,
  refNorms: Float32Array,
  bestScore: Float32Array,
  bestIndex: Int32Array,
): void {
  const kept = bestScore.length;
  const n = refNorms.length;
  bestScore.fill(Infinity);
  bestIndex.fill(-1);
  let worst = Infinity;
  for (let j = 0; j < n; j++) {
    const score = refNorms[j] - 2 * dots[offset + j];
    if (score >= worst) continue;
    let p = kept - 1;
    while (p > 0 && bestScore[p - 1] > score) {
      bestScore[p] = bestScore[p - 1];
      bestIndex[p] = bestIndex[p - 1];
      p--;
    }
    bestScore[p] = score;
    bestIndex[p] = j;
    worst = bestScore[kept - 1];
  }
}

/**
 * Re-ranks candidate neighbours by their exact Euclidean distance in the full space: for every query row,
 * the `k` nearest of its `nCandidates` candidates (`[nQueries, nCandidates]` row-major indices into
 * `reference`), nearest first, ties by index.
 *
 * @example
 * ```ts
 * import { rerankNeighbours } from "./exact_knn.ts";
 * import { assertEquals } from "../std.ts";
 * const reference = new Float32Array([0, 3, 1, 2]);
 * const found = rerankNeighbours(new Float32Array([1.8]), reference, 1, new Int32Array([0, 1, 3]), 3, 2);
 * assertEquals([Array.from(found.indices), Array.from(found.distances, (v) => +v.toFixed(6))], [[3, 1], [0.2, 1.2]]);
 * ```
 *
 * @param queries Query rows, row-major.
 * @param reference Reference rows, row-major.
 * @param d Columns of both.
 * @param candidates Candidate indices per query row.
 * @param nCandidates Candidates per query row (at least `k`).
 * @param k Neighbours kept per query row.
 * @returns Indices and float64 distances, nearest first.
 */
export function rerankNeighbours(
  queries: Float32Array,
  reference: Float32Array,
  d: number,
  candidates: Int32Array,
  nCandidates: number,
  k: number,
): Neighbours {
  const m = queries.length / d;
  const indices = new Int32Array(m * k);
  const distances = new Float64Array(m * k);
  const scored = new Array<{ c: number; dist: number }>(nCandidates);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < nCandidates; j++) {
      const c = candidates[i * nCandidates + j];
      let s = 0;
      for (let f = 0; f < d; f++) {
        const diff = queries[i * d + f] - reference[c * d + f];
        s += diff * diff;
      }
      scored[j] = { c, dist: Math.sqrt(s) };
    }
    scored.sort((a, b) => a.dist - b.dist || a.c - b.c);
    for (let j = 0; j < k; j++) {
      indices[i * k + j] = scored[j].c;
      distances[i * k + j] = scored[j].dist;
    }
  }
  return { indices, distances };
}
