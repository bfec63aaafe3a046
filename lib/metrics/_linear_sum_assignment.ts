/**
 * The Hungarian algorithm (shortest augmenting paths with potentials, O(n² m)) for rectangular
 * matrices, like `scipy.optimize.linear_sum_assignment`.
 *
 * @module
 */

/** A minimum-cost matching: row `rows[k]` is assigned column `cols[k]`, with `rows` ascending. */
export interface Assignment {
  /** Assigned row indices, ascending, length `min(nRows, nCols)`. */
  rows: Int32Array;
  /** The column assigned to each row in `rows`. */
  cols: Int32Array;
}

/**
 * Finds the assignment of rows to columns (each used at most once, `min(nRows, nCols)` pairs) that
 * minimizes the total cost.
 *
 * @param cost Costs, row-major, shape `[nRows, nCols]`; finite.
 * @param nRows The number of rows.
 * @param nCols The number of columns.
 * @returns The optimal assignment.
 */
export function linearSumAssignment(cost: ArrayLike<number>, nRows: number, nCols: number): Assignment {
  // The algorithm needs n <= m: solve the transposed problem otherwise.
  const transposed = nRows > nCols;
  const n = transposed ? nCols : nRows;
  const m = transposed ? nRows : nCols;
  const at = transposed
    ? (i: number, j: number) => cost[j * nCols + i]
    : (i: number, j: number) => cost[i * nCols + j];
  // 1-based potentials u (rows), v (columns); p[j]: row matched to column j (0: none).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = at(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  // Column j is matched to row p[j]; report pairs in the caller's orientation, rows ascending.
  const pairs: [number, number][] = [];
  for (let j = 1; j <= m; j++) {
    if (p[j] !== 0) pairs.push(transposed ? [j - 1, p[j] - 1] : [p[j] - 1, j - 1]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  return {
    rows: Int32Array.from(pairs, (q) => q[0]),
    cols: Int32Array.from(pairs, (q) => q[1]),
  };
}
