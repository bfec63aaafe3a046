// Exact k nearest neighbours among reference rows, with the distance products on the WASM backend and the
// candidate selection by tfjs's TopK, a chunk of query rows at a time.
import * as tf from "@tensorflow/tfjs";

/** The k nearest reference rows of every query row, nearest first. */
export interface Neighbours {
  /** Neighbour indices into the reference rows, `[nQueries, k]` row-major. */
  indices: Int32Array;
  /** Euclidean distances to them, `[nQueries, k]` row-major, computed in float64. */
  distances: Float64Array;
}

/** Largest `[rows, nReference]` distance block computed at once (8M floats = 32 MB). */
const BLOCK_ELEMENTS = 1 << 23;

/**
 * Exact Euclidean k-nearest neighbours of the rows of `queries` among the rows of `reference` (both
 * row-major with `d` columns; pass the same array for a self-search, where each row finds itself first at
 * distance 0). Candidates come from ‖q‖² − 2q·r + ‖r‖² in float32 on the backend; their distances are
 * recomputed in float64 and sorted, ties by index.
 */
export function exactNeighbours(
  queries: Float32Array,
  reference: Float32Array,
  d: number,
  k: number,
): Neighbours {
  const m = queries.length / d;
  const n = reference.length / d;
  const ref = tf.tensor2d(reference, [n, d]);
  const refNorms = tf.tidy(() => tf.sum(tf.square(ref), 1).reshape([1, n]));
  const indices = new Int32Array(m * k);
  const distances = new Float64Array(m * k);
  const chunk = Math.max(1, Math.min(m, Math.floor(BLOCK_ELEMENTS / n)));
  const candidates = new Array<{ c: number; dist: number }>(k);
  try {
    for (let start = 0; start < m; start += chunk) {
      const rows = Math.min(chunk, m - start);
      const top = tf.tidy(() => {
        const q = tf.tensor2d(queries.subarray(start * d, (start + rows) * d), [rows, d]);
        const qNorms = tf.sum(tf.square(q), 1).reshape([rows, 1]);
        const d2 = qNorms.sub(tf.matMul(q, ref, false, true).mul(2)).add(refNorms);
        return tf.topk(tf.neg(d2), k, true).indices;
      });
      const found = top.dataSync() as Int32Array;
      top.dispose();
      for (let r = 0; r < rows; r++) {
        const i = start + r;
        for (let j = 0; j < k; j++) {
          const c = found[r * k + j];
          let s = 0;
          for (let f = 0; f < d; f++) {
            const diff = queries[i * d + f] - reference[c * d + f];
            s += diff * diff;
          }
          candidates[j] = { c, dist: Math.sqrt(s) };
        }
        candidates.sort((a, b) => a.dist - b.dist || a.c - b.c);
        for (let j = 0; j < k; j++) {
          indices[i * k + j] = candidates[j].c;
          distances[i * k + j] = candidates[j].dist;
        }
      }
    }
  } finally {
    tf.dispose([ref, refNorms]);
  }
  return { indices, distances };
}
