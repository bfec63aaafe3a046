// The row-wise argmax shared by the mixture's E-step and labels and by DEC's soft assignments.

/**
 * Index of the largest value of each row of the row-major `[n, k]` matrix `values` (the first on ties).
 *
 * @example
 * ```ts
 * import { argmaxRows } from "./_argmax_rows.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(Array.from(argmaxRows(new Float64Array([0.1, 0.7, 0.2, 0.5, 0.5, 0]), 2, 3)), [1, 0]);
 * ```
 *
 * @param values Row-major `[n, k]` values.
 * @param n Rows.
 * @param k Columns.
 * @returns `[n]` column indices.
 */
export function argmaxRows(values: Float32Array | Float64Array, n: number, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (values[i * k + c] > values[i * k + best]) best = c;
    labels[i] = best;
  }
  return labels;
}
