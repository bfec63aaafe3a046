/**
 * Eigen-decomposition of small symmetric matrices by the cyclic Jacobi method, shared by
 * {@linkcode PCA} (its Rayleigh–Ritz step) and spectral embedding.
 *
 * @module
 */

/** Eigenvalues and eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  /** `[n]` eigenvalues, in the order the rotations leave them (unsorted). */
  values: Float64Array;
  /** Row-major `[n, n]`; column `i` is the unit eigenvector of `values[i]`. */
  vectors: Float64Array;
}

/**
 * Cyclic Jacobi eigenvalue algorithm (Golub & Van Loan's symmetric Schur rotations) for a small symmetric
 * matrix: sweeps until the off-diagonal sum of squares is below 1e-30 (at most 100 sweeps). Exact to
 * rounding, and cheap for the sizes it is used at (n ≤ a few hundred).
 *
 * @example
 * ```ts
 * import { jacobiEigen } from "./jacobi.ts";
 * import { assertAlmostEquals } from "../std.ts";
 * const { values } = jacobiEigen(Float64Array.from([2, 1, 1, 2]), 2);
 * const sorted = Array.from(values).sort((a, b) => a - b);
 * assertAlmostEquals(sorted[0], 1, 1e-12);
 * assertAlmostEquals(sorted[1], 3, 1e-12);
 * ```
 *
 * @param input Row-major `[n, n]` symmetric matrix (not modified).
 * @param n Its order.
 * @returns The eigenvalues (unsorted) and eigenvectors as columns.
 */
export function jacobiEigen(input: Float64Array, n: number): SymmetricEigen {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    if (off < 1e-30) break;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const aij = a[i * n + j];
        if (Math.abs(aij) < 1e-300) continue;
        // The rotation angle that zeroes a[i][j].
        const theta = (a[j * n + j] - a[i * n + i]) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const aki = a[k * n + i];
          const akj = a[k * n + j];
          a[k * n + i] = c * aki - s * akj;
          a[k * n + j] = s * aki + c * akj;
        }
        for (let k = 0; k < n; k++) {
          const aik = a[i * n + k];
          const ajk = a[j * n + k];
          a[i * n + k] = c * aik - s * ajk;
          a[j * n + k] = s * aik + c * ajk;
        }
        for (let k = 0; k < n; k++) {
          const vki = v[k * n + i];
          const vkj = v[k * n + j];
          v[k * n + i] = c * vki - s * vkj;
          v[k * n + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}
