import { initTensorBackend } from "../backend/wasm.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertEquals } from "../std.ts";
import { exactNeighbours } from "./_exact_knn.ts";
import { partitionedNeighbours } from "./_partitioned_knn.ts";

await initTensorBackend();

/** `n` rows in `d` dimensions around 12 random centres (spread 0.3 around centres in [0, 4)). */
function clustered(n: number, d: number, seed: number): Float32Array {
  const prng = randomSeeded(seed);
  const centres = Array.from({ length: 12 * d }, () => 4 * prng());
  const gauss = () => Math.sqrt(-2 * Math.log(1 - prng())) * Math.cos(2 * Math.PI * prng());
  return new Float32Array(n * d).map((_, i) =>
    centres[(Math.floor(i / d) % 12) * d + (i % d)] + 0.3 * gauss()
  );
}

function recall(found: Int32Array, truth: Int32Array, k: number): number {
  let hits = 0;
  for (let i = 0; i < found.length / k; i++) {
    const expected = new Set(truth.subarray(i * k, (i + 1) * k));
    for (let j = 0; j < k; j++) hits += expected.has(found[i * k + j]) ? 1 : 0;
  }
  return hits / found.length;
}

Deno.test("partitionedNeighbours() finds nearly all exact neighbours, self first, with true distances", () => {
  const d = 6;
  const k = 10;
  const rows = clustered(6000, d, 1);
  const exact = exactNeighbours(rows, rows, d, k);
  const found = partitionedNeighbours(rows, rows, d, k, { nProbe: 8, seed: 0 });
  const share = recall(found.indices, exact.indices, k);
  assert(share > 0.99, `recall ${share}`);
  // Probing one cell of 77 misses neighbours across cell borders: the probes matter.
  const narrow = recall(
    partitionedNeighbours(rows, rows, d, k, { nProbe: 1, seed: 0 }).indices,
    exact.indices,
    k,
  );
  assert(narrow < share, `recall with one probe ${narrow}`);
  for (let i = 0; i < 6000; i++) {
    assertEquals(found.indices[i * k], i);
    for (let j = 0; j < k; j++) {
      const other = found.indices[i * k + j];
      const dist = Math.hypot(...Array.from({ length: d }, (_, f) => rows[i * d + f] - rows[other * d + f]));
      assert(Math.abs(found.distances[i * k + j] - dist) < 1e-5);
      if (j > 0) assert(found.distances[i * k + j] >= found.distances[i * k + j - 1]);
    }
  }
  assertEquals(partitionedNeighbours(rows, rows, d, k, { nProbe: 8, seed: 0 }), found);
});

Deno.test("partitionedNeighbours() searches new rows, and is exact below 4,096 reference rows", () => {
  const d = 5;
  const reference = clustered(5000, d, 2);
  const queries = clustered(500, d, 3).map((v, i) => v + 0.05 * Math.sin(i));
  const exact = exactNeighbours(queries, reference, d, 15);
  const found = partitionedNeighbours(queries, reference, d, 15, { nProbe: 8, seed: 4 });
  assert(recall(found.indices, exact.indices, 15) > 0.99);
  const small = reference.subarray(0, 3000 * d);
  assertEquals(
    partitionedNeighbours(queries, small, d, 15, { nProbe: 2, seed: 4 }),
    exactNeighbours(queries, small, d, 15),
  );
});
