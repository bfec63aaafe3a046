/**
 * Trustworthiness of an embedding (Venna & Kaski 2001), as scikit-learn's `sklearn.manifold.trustworthiness`:
 * how far the embedded nearest neighbours of each row are from being its original nearest neighbours.
 *
 * @module
 */
import { checkOption } from "../validation/mod.ts";

/** Rows of a matrix, row-major. */
export interface RowMajor {
  /** The values, `rows × width`. */
  data: Float32Array;
  /** Values per row. */
  width: number;
}

/** Options of {@linkcode trustworthiness}. */
export interface TrustworthinessOptions {
  /**
   * k, the neighbourhood size; must be < n / 2.
   *
   * @default {5}
   */
  nNeighbors?: number;
}

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
 * const x = { data: new Float32Array([0, 0, 1, 0, 5, 0, 6, 0, 20, 0]), width: 2 };
 * // Dropping the second coordinate keeps every neighbourhood.
 * const embedding = { data: new Float32Array([0, 1, 5, 6, 20]), width: 1 };
 * assertEquals(trustworthiness(x, embedding, { nNeighbors: 1 }), 1);
 * ```
 *
 * @param x The original rows.
 * @param embedding The embedded rows, as many.
 * @param options The neighbourhood size.
 * @returns T(k) in [0, 1].
 * @throws {TypeError} When a width does not divide its values or the row counts differ.
 * @throws {RangeError} When `nNeighbors` is out of range.
 */
export function trustworthiness(
  x: RowMajor,
  embedding: RowMajor,
  { nNeighbors = 5 }: TrustworthinessOptions = {},
): number {
  const owner = "compute trustworthiness";
  for (const [name, m] of [["x", x], ["embedding", embedding]] as const) {
    if (!Number.isInteger(m.width) || m.width < 1 || m.data.length % m.width !== 0) {
      throw new TypeError(
        `Cannot ${owner}: ${name}.width must be an integer >= 1 that divides ${name}.data.length (${m.data.length}), current value is ${m.width}`,
      );
    }
  }
  const n = x.data.length / x.width;
  if (embedding.data.length / embedding.width !== n) {
    throw new TypeError(
      `Cannot ${owner}: embedding must have as many rows as x (${n}), current value is ${
        embedding.data.length / embedding.width
      }`,
    );
  }
  checkOption(owner, "nNeighbors", nNeighbors, { integer: true, min: 1, max: Math.ceil(n / 2) - 1 });
  const k = nNeighbors;
  const d = x.width;
  const dim = embedding.width;
  const rank = new Int32Array(n);
  const original = new Float64Array(n);
  const embedded = new Float64Array(n);
  const order = new Int32Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      original[j] = j === i ? Infinity : squaredDistance(x.data, d, i, j);
      embedded[j] = j === i ? Infinity : squaredDistance(embedding.data, dim, i, j);
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
