import { randomSeeded } from "../random/mod.ts";
import { assert } from "../std.ts";
import { placeRows, smoothKnnSigmas } from "./_transform.ts";

Deno.test("smoothKnnSigmas() makes the memberships of neighbours 2..k sum to log2(k)", () => {
  const distances = new Float64Array([0, 1, 2, 3, 0.5, 0.6, 0.9, 1.4]);
  const sigmas = smoothKnnSigmas(distances, 2, 4);
  for (let i = 0; i < 2; i++) {
    let sum = 0;
    for (let j = 1; j < 4; j++) sum += Math.exp(-distances[i * 4 + j] / sigmas[i]);
    assert(Math.abs(sum - 2) < 1e-4, `row ${i}: ${sum}`);
  }
});

Deno.test("placeRows() leaves a row whose neighbours coincide at their common embedding", () => {
  const embedding = new Float32Array([1, 2, 1, 2, 1, 2, 5, 5]);
  const placed = placeRows({
    indices: new Int32Array([0, 1, 2]),
    distances: new Float64Array([0.1, 0.2, 0.3]),
    k: 3,
    embedding,
    dim: 2,
    a: 1.58,
    b: 0.9,
    nEpochs: 0,
    learningRate: 1,
    negativeSampleRate: 5,
    repulsionStrength: 1,
    prng: randomSeeded(0),
  });
  assert(Math.abs(placed[0] - 1) < 1e-6 && Math.abs(placed[1] - 2) < 1e-6);
});
