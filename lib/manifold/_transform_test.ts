import { assert, assertEquals } from "../std.ts";
import { placeRows } from "./_transform.ts";

const base = {
  k: 3,
  localConnectivity: 1,
  dim: 2,
  a: 1.58,
  b: 0.9,
  learningRate: 1,
  negativeSampleRate: 5,
  repulsionStrength: 1,
  seed: 0,
};

Deno.test("placeRows() starts a row at the membership-weighted mean of its neighbours", () => {
  const embedding = new Float32Array([1, 2, 1, 2, 1, 2, 5, 5]);
  const placed = placeRows({
    ...base,
    indices: new Int32Array([0, 1, 2]),
    distances: new Float64Array([0.1, 0.2, 0.3]),
    embedding,
    nEpochs: 0,
  });
  assert(Math.abs(placed[0] - 1) < 1e-6 && Math.abs(placed[1] - 2) < 1e-6);
});

Deno.test("placeRows() pulls a row towards its neighbours and leaves the fitted layout unchanged", () => {
  // Two groups far apart; the new row's neighbours are all in the first group.
  const embedding = new Float32Array([0, 0, 0.2, 0, 0, 0.2, 9, 9, 9.2, 9, 9, 9.2]);
  const before = embedding.slice();
  const run = (seed: number) =>
    placeRows({
      ...base,
      seed,
      indices: new Int32Array([0, 1, 2]),
      distances: new Float64Array([0.5, 0.6, 0.7]),
      embedding,
      nEpochs: 50,
    });
  const placed = run(1);
  assertEquals(embedding, before);
  assert(
    Math.hypot(placed[0], placed[1]) < 0.2 * Math.hypot(placed[0] - 9, placed[1] - 9),
    `placed at ${placed[0]}, ${placed[1]}`,
  );
  assertEquals(run(1), placed);
});
