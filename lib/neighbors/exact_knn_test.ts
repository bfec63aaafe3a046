import { initTensorBackend } from "../backend/wasm.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertEquals } from "../std.ts";
import { exactNeighbours, rerankNeighbours, selectRow } from "./exact_knn.ts";

await initTensorBackend();

Deno.test("exactNeighbours() matches a brute-force search, self first", () => {
  const prng = randomSeeded(3);
  const d = 3;
  const ref = new Float32Array(40 * d).map(() => prng());
  const { indices, distances } = exactNeighbours(ref, ref, d, 4);
  for (let i = 0; i < 40; i++) {
    const all = Array.from({ length: 40 }, (_, j) => ({
      j,
      dist: Math.hypot(...Array.from({ length: d }, (_, f) => ref[i * d + f] - ref[j * d + f])),
    })).sort((a, b) => a.dist - b.dist || a.j - b.j);
    assertEquals(Array.from(indices.subarray(i * 4, i * 4 + 4)), all.slice(0, 4).map((e) => e.j));
    assertEquals(distances[i * 4], 0);
    for (let k = 0; k < 4; k++) assert(Math.abs(distances[i * 4 + k] - all[k].dist) < 1e-6);
  }
});

Deno.test("exactNeighbours() searches other reference rows and reports progress", () => {
  const reference = new Float32Array([0, 0, 10, 0, 0, 10]);
  const progress: number[] = [];
  const found = exactNeighbours(
    new Float32Array([9, 1, 1, 8]),
    reference,
    2,
    1,
    (done) => progress.push(done),
  );
  assertEquals(Array.from(found.indices), [1, 2]);
  assertEquals(Array.from(found.distances), [Math.sqrt(2), Math.sqrt(5)]);
  assertEquals(progress.at(-1), 1);
});

Deno.test("selectRow() keeps the smallest scores in ascending order", () => {
  const bestScore = new Float32Array(3);
  const bestIndex = new Int32Array(3);
  // Scores ‖r‖² − 2q·r from offset 2: 5, 1, -1, -2, 2.
  selectRow(
    new Float32Array([9, 0, 0, 1, 2, 1, 2]),
    2,
    new Float32Array([5, 3, 3, 0, 6]),
    bestScore,
    bestIndex,
  );
  assertEquals(Array.from(bestIndex), [3, 2, 1]);
  assertEquals(Array.from(bestScore), [-2, -1, 1]);
});

Deno.test("rerankNeighbours() orders candidates by exact distance, ties by index", () => {
  const reference = new Float32Array([2, 0, 4, 1]);
  const found = rerankNeighbours(
    new Float32Array([1, 3]),
    reference,
    1,
    new Int32Array([2, 0, 1, 3, 1, 2]),
    3,
    2,
  );
  // Query 1 is at distance 1 of rows 0 and 1 (a tie) and 3 of row 2; query 3 at 2, 3 and 1 of rows 3, 1, 2.
  assertEquals(Array.from(found.indices), [0, 1, 2, 3]);
  assertEquals(Array.from(found.distances), [1, 1, 1, 2]);
});
