import { initTensorBackend } from "../backend/wasm.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertEquals, assertThrows } from "../std.ts";
import { exactNeighbours } from "../neighbors/mod.ts";
import { buildPartition, partitionedNeighbours } from "./_partitioned_knn.ts";

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
  const partition = buildPartition(rows, d, 0)!;
  assertEquals(partition.members.length, 77);
  assertEquals(partition.members.reduce((sum, cell) => sum + cell.length, 0), 6000);
  const exact = exactNeighbours(rows, rows, d, k);
  const found = partitionedNeighbours(rows, rows, d, k, { nProbe: 8, partition });
  const share = recall(found.indices, exact.indices, k);
  assert(share > 0.99, `recall ${share}`);
  // Probing one cell of 77 misses neighbours across cell borders: the probes matter.
  const narrow = recall(
    partitionedNeighbours(rows, rows, d, k, { nProbe: 1, partition }).indices,
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
  // The same seed builds the same cells, hence the same neighbours.
  assertEquals(
    partitionedNeighbours(rows, rows, d, k, { nProbe: 8, partition: buildPartition(rows, d, 0) }),
    found,
  );
});

Deno.test("partitionedNeighbours() searches new rows, is exact without a partition, and checks the partition", () => {
  const d = 5;
  const reference = clustered(5000, d, 2);
  const queries = clustered(500, d, 3).map((v, i) => v + 0.05 * Math.sin(i));
  const partition = buildPartition(reference, d, 4);
  const exact = exactNeighbours(queries, reference, d, 15);
  const found = partitionedNeighbours(queries, reference, d, 15, { nProbe: 8, partition });
  assert(recall(found.indices, exact.indices, 15) > 0.99);
  const small = reference.subarray(0, 3000 * d);
  assertEquals(buildPartition(small, d, 4), undefined);
  assertEquals(
    partitionedNeighbours(queries, small, d, 15, { nProbe: 2 }),
    exactNeighbours(queries, small, d, 15),
  );
  assertThrows(
    () => partitionedNeighbours(queries, small, d, 15, { nProbe: 2, partition }),
    RangeError,
    "the partition is of 5000 × 5 rows, the reference 3000 × 5",
  );
});

Deno.test("partitionedNeighbours() returns distinct neighbours when k + 4 exceeds the reference rows", () => {
  const d = 2;
  const reference = clustered(4100, d, 5);
  const queries = reference.subarray(0, 3 * d).map((v) => v + 0.01);
  const k = 4098;
  const found = partitionedNeighbours(queries, reference, d, k, {
    nProbe: 2,
    partition: buildPartition(reference, d, 0),
  });
  for (let q = 0; q < 3; q++) {
    assertEquals(new Set(found.indices.subarray(q * k, (q + 1) * k)).size, k);
  }
  assertEquals(found.indices, exactNeighbours(queries, reference, d, k).indices);
});
