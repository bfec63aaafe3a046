import { linearSumAssignment } from "./_linear_sum_assignment.ts";
import { randomSeeded } from "../random/mod.ts";
import { assertEquals } from "../std.ts";

function total(cost: ArrayLike<number>, nCols: number, rows: Int32Array, cols: Int32Array): number {
  let s = 0;
  for (let k = 0; k < rows.length; k++) s += cost[rows[k] * nCols + cols[k]];
  return s;
}

/** Exhaustive minimum over injective maps from the smaller side (tiny sizes only). */
function bruteForce(cost: ArrayLike<number>, nRows: number, nCols: number): number {
  const transposed = nRows > nCols;
  const n = Math.min(nRows, nCols);
  const m = Math.max(nRows, nCols);
  const at = (i: number, j: number) => transposed ? cost[j * nCols + i] : cost[i * nCols + j];
  let best = Infinity;
  const used = new Array(m).fill(false);
  const go = (i: number, acc: number) => {
    if (i === n) {
      best = Math.min(best, acc);
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, acc + at(i, j));
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

Deno.test("linearSumAssignment() solves scipy's documented example", () => {
  // scipy: linear_sum_assignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]) -> rows [0 1 2], cols [1 0 2], cost 5
  const { rows, cols } = linearSumAssignment([4, 1, 3, 2, 0, 5, 3, 2, 2], 3, 3);
  assertEquals([...rows], [0, 1, 2]);
  assertEquals([...cols], [1, 0, 2]);
});

Deno.test("linearSumAssignment() is optimal on random square and rectangular matrices", () => {
  const prng = randomSeeded(11);
  for (const [nRows, nCols] of [[4, 4], [3, 6], [6, 3], [1, 5], [5, 1], [6, 6]]) {
    for (let trial = 0; trial < 5; trial++) {
      const cost = Float64Array.from({ length: nRows * nCols }, () => Math.floor(prng() * 20) - 10);
      const { rows, cols } = linearSumAssignment(cost, nRows, nCols);
      assertEquals(rows.length, Math.min(nRows, nCols));
      assertEquals(new Set(cols).size, cols.length);
      assertEquals([...rows], [...rows].sort((a, b) => a - b));
      assertEquals(total(cost, nCols, rows, cols), bruteForce(cost, nRows, nCols));
    }
  }
});
