import { initTensorBackend } from "../backend/wasm.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertEquals } from "../std.ts";
import { exactNeighbours } from "./_exact_knn.ts";

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
