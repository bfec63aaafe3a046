/**
 * Trustworthiness of an embedding (Venna & Kaski 2001), as scikit-learn's `sklearn.manifold.trustworthiness`:
 * how far the embedded nearest neighbours of each row are from being its original nearest neighbours.
 *
 * @module
 */
import { checkOption } from "../cluster/_validation.ts";

/**
 * T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uᵢ} max(0, r(i, j) − k), where Uᵢ are the k nearest rows
 * of row i in the embedding and r(i, j) is the rank of j among i's neighbours in the original space
 * (1 = nearest). 1 means every embedded neighbourhood is an original one. Euclidean distances on both
 * sides; O(n²·(d + log n)) time and O(n) memory per row, so meant for a few thousand rows.
 *
 * @example
 * ```ts
 * import { trustworthiness } from "./trustworthiness.ts";
 * import { assertEquals } from "../std.ts";
 * const x = new Float32Array([0, 0, 1, 0, 5, 0, 6, 0, 20, 0]);
 * // Dropping the second coordinate keeps every neighbourhood.
 * assertEquals(trustworthiness(x, 2, new Float32Array([0, 1, 5, 6, 20]), 1, 1), 1);
 * ```
 *
 * @param x The original rows, row-major with `d` columns.
 * @param d Original dimension.
 * @param embedding The embedded rows, row-major with `dim` columns.
 * @param dim Embedding dimension.
 * @param nNeighbors k; must be < n / 2.
 * @returns T(k) in [0, 1].
 * @throws {RangeError} When the row counts differ or `nNeighbors` is out of range.
 */
export function trustworthiness(
  x: Float32Array,
  d: number,
  embedding: Float32Array,
  dim: number,
  nNeighbors: number,
): number {
  const n = x.length / d;
  if (!Number.isInteger(n) || embedding.length / dim !== n) {
    throw new RangeError(
      `Cannot compute trustworthiness: x and embedding must hold the same number of rows, current values are ${
        x.length / d
      } and ${embedding.length / dim}`,
    );
  }
  checkOption("compute trustworthiness", "nNeighbors", nNeighbors, {
    integer: true,
    min: 1,
    max: Math.ceil(n / 2) - 1,
  });
  const k = nNeighbors;
  const rank = new Int32Array(n);
  const original = new Float64Array(n);
  const embedded = new Float64Array(n);
  const order = new Int32Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      original[j] = j === i ? Infinity : squaredDistance(x, d, i, j);
      embedded[j] = j === i ? Infinity : squaredDistance(embedding, dim, i, j);
      order[j] = j;
    }
    order.sort((p, q) => original[p] - original[q] || p - q);
    for (let r = 0; r < n; r++) rank[order[r]] = r + 1;
    for (let j = 0; j < n; j++) order[j] = j;
    order.sort((p, q) => embedded[p] - embedded[q] || p - q);
    for (let r = 0; r < k; r++) penalty += Math.max(0, rank[order[r]] - k);
  }
  return 1 - penalty * (2 / (n * k * (2 * n - 3 * k - 1)));
}

function squaredDistance(x: Float32Array, d: number, i: number, j: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) s += (x[i * d + f] - x[j * d + f]) ** 2;
  return s;
}
