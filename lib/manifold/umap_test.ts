import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { KMeans } from "../cluster/mod.ts";
import { ari } from "../metrics/mod.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertEquals, assertThrows } from "../std.ts";
import { UMAP } from "./umap.ts";

await initTensorBackend();

/** `perBlob` points of each of `centres.length` Gaussian blobs (unit variance) in `d` dimensions. */
function blobs(perBlob: number, d: number, separation: number, seed: number) {
  const prng = randomSeeded(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - prng())) * Math.cos(2 * Math.PI * prng());
  const nBlobs = 3;
  const x = new Float32Array(nBlobs * perBlob * d);
  const labels = new Int32Array(nBlobs * perBlob);
  for (let i = 0; i < nBlobs * perBlob; i++) {
    const blob = i % nBlobs;
    labels[i] = blob;
    for (let f = 0; f < d; f++) x[i * d + f] = normal() + (f === blob ? separation : 0);
  }
  return { x, labels };
}

function clusterEmbedding(embedding: Float32Array, dim: number): Int32Array {
  const e = tf.tensor2d(embedding, [embedding.length / dim, dim]);
  try {
    return new KMeans({ nClusters: 3, nInit: 3, seed: 0 }).fit(e).labels;
  } finally {
    e.dispose();
  }
}

Deno.test("UMAP keeps three well-separated 10-d Gaussian blobs apart in 2-d", () => {
  const { x, labels } = blobs(60, 10, 12, 1);
  for (const neighbourSearch of ["projected", "exact", "partitioned"] as const) {
    const umap = new UMAP({ nNeighbors: 10, nEpochs: 100, neighbourSearch, searchComponents: 4, seed: 0 })
      .fit(x, 10);
    assert(ari(labels, clusterEmbedding(umap.embedding, 2)) > 0.95, neighbourSearch);
  }
});

Deno.test("UMAP's partitioned search finds the exact neighbours of 5,100 rows and serves transform", () => {
  // Above the 4,096 rows where the search uses k-means cells.
  const { x } = blobs(1700, 6, 4, 4);
  const options = { nNeighbors: 10, nEpochs: 5, seed: 3 };
  const fitted = x.subarray(0, 5000 * 6);
  const exact = new UMAP({ ...options, neighbourSearch: "exact" }).fit(fitted, 6);
  const partitioned = new UMAP({ ...options, neighbourSearch: "partitioned" }).fit(fitted, 6);
  const truth = exact.knnIndices;
  const found = partitioned.knnIndices;
  let hits = 0;
  for (let i = 0; i < 5000; i++) {
    const expected = new Set(truth.subarray(i * 10, i * 10 + 10));
    for (let j = 0; j < 10; j++) hits += expected.has(found[i * 10 + j]) ? 1 : 0;
  }
  assert(hits / found.length > 0.99, `recall ${hits / found.length}`);
  // transform reuses the fitted cells: the same rows twice give the same placement.
  const unseen = x.subarray(5000 * 6);
  const placed = partitioned.transform(unseen, 6);
  assertEquals(partitioned.transform(unseen, 6), placed);
  assert(placed.every(Number.isFinite));
});

Deno.test("UMAP.fit() gives the same embedding for the same seed and another for another seed", () => {
  const { x } = blobs(30, 5, 6, 2);
  const options = { nNeighbors: 8, nEpochs: 40, nComponents: 3 };
  const a = new UMAP({ ...options, seed: 7 }).fit(x, 5).embedding;
  const b = new UMAP({ ...options, seed: 7 }).fit(x, 5).embedding;
  const c = new UMAP({ ...options, seed: 8 }).fit(x, 5).embedding;
  assertEquals(a, b);
  assert(a.some((v, i) => v !== c[i]));
  const random = new UMAP({ ...options, seed: 7, init: "random" }).fit(x, 5).embedding;
  assertEquals(random, new UMAP({ ...options, seed: 7, init: "random" }).fit(x, 5).embedding);
});

Deno.test("UMAP.fit() accepts a tensor like the same Float32Array", () => {
  const { x } = blobs(20, 4, 6, 3);
  const t = tf.tensor2d(x, [60, 4]);
  const fromTensor = new UMAP({ nNeighbors: 5, nEpochs: 20 }).fit(t).embedding;
  t.dispose();
  assertEquals(fromTensor, new UMAP({ nNeighbors: 5, nEpochs: 20 }).fit(x, 4).embedding);
});

Deno.test("UMAP.transform() places the fitted rows near their fitted embedding and is reproducible", () => {
  const { x, labels } = blobs(50, 10, 12, 4);
  const umap = new UMAP({ nNeighbors: 10, nEpochs: 120, seed: 0 }).fit(x, 10);
  const fitted = umap.embedding.slice();
  const placed = umap.transform(x, 10);
  assertEquals(umap.embedding, fitted);
  assertEquals(umap.transform(x, 10), placed);
  // Mean distance to its own fitted point vs mean distance between fitted points.
  let own = 0;
  let between = 0;
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    own += Math.hypot(placed[2 * i] - fitted[2 * i], placed[2 * i + 1] - fitted[2 * i + 1]);
    between += Math.hypot(fitted[2 * i] - fitted[2 * j], fitted[2 * i + 1] - fitted[2 * j + 1]);
  }
  assert(own < 0.1 * between, `own ${own / n} vs between ${between / n}`);
  // New points from the same blobs land in their blob's cluster.
  const fresh = blobs(20, 10, 12, 5);
  const all = new Float32Array([...fitted, ...umap.transform(fresh.x, 10)]);
  const clusters = clusterEmbedding(all, 2);
  assert(ari(new Int32Array([...labels, ...fresh.labels]), clusters) > 0.95);
});

Deno.test("UMAP leaks no tensors", () => {
  const { x } = blobs(20, 4, 6, 6);
  const before = tf.memory().numTensors;
  const umap = new UMAP({ nNeighbors: 5, nEpochs: 10, neighbourSearch: "exact" }).fit(x, 4);
  umap.transform(x.subarray(0, 40), 4);
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("UMAP reports epochs and timings after fit", () => {
  const { x } = blobs(20, 4, 6, 7);
  const epochs: number[] = [];
  const umap = new UMAP({ nNeighbors: 5, nEpochs: 12, onEpochEnd: (e) => epochs.push(e) }).fit(x, 4);
  assertEquals(umap.nEpochsRun, 12);
  assertEquals(epochs, Array.from({ length: 12 }, (_, i) => i + 1));
  assertEquals([umap.nSamples, umap.nFeatures], [60, 4]);
  assert(umap.timings.optimize >= 0 && umap.timings.neighbours >= 0 && umap.timings.graph >= 0);
});

Deno.test("UMAP rejects bad options, data and use before fit", () => {
  const x = new Float32Array(20 * 2).map((_, i) => i);
  assertThrows(
    () => new UMAP({ nNeighbors: 1 }).fit(x, 2),
    RangeError,
    "Cannot fit UMAP: nNeighbors must be an integer >= 2, current value is 1",
  );
  assertThrows(
    () => new UMAP({ neighbourSearch: "partitioned", searchProbes: 0 }).fit(x, 2),
    RangeError,
    "Cannot fit UMAP: searchProbes must be an integer >= 1, current value is 0",
  );
  assertThrows(
    () => new UMAP({ nComponents: 65 }).fit(x, 2),
    RangeError,
    "Cannot fit UMAP: nComponents must be an integer >= 1 <= 64, current value is 65",
  );
  assertThrows(
    () => new UMAP({ spread: 0.1, minDist: 0 }).fit(x, 2),
    RangeError,
    "Cannot fit UMAP: spread 0.1 with minDist 0 gives no usable similarity curve (a = -33.10, b = -17.19",
  );
  assertThrows(
    () => new UMAP({ minDist: 2 }).fit(x, 2),
    RangeError,
    "Cannot fit UMAP: minDist must be a finite number >= 0 <= 1, current value is 2",
  );
  assertThrows(
    () => new UMAP({ metric: "cosine" as "euclidean" }).fit(x, 2),
    RangeError,
    'Cannot fit UMAP: metric must be one of "euclidean", current value is "cosine"',
  );
  assertThrows(
    () => new UMAP({ nNeighbors: 20 }).fit(x, 2),
    RangeError,
    "Cannot fit UMAP: nSamples must be > nNeighbors (20), current value is 20",
  );
  assertThrows(
    () => new UMAP().fit(x, 3),
    TypeError,
    "Cannot fit UMAP: width must be an integer >= 1 that divides x.length (40), current value is 3",
  );
  assertThrows(
    () => new UMAP({ nNeighbors: 3 }).fit(new Float32Array([1, 2, NaN, 4, 5, 6, 7, 8]), 2),
    RangeError,
    "Cannot fit UMAP: x must hold finite values, current value at [1, 0] is NaN",
  );
  assertThrows(() => new UMAP().embedding, Error, "Cannot use UMAP before fit: call fit(x) first");
  const umap = new UMAP({ nNeighbors: 3, nEpochs: 5 }).fit(x, 2);
  assertThrows(
    () => umap.transform(new Float32Array(6), 3),
    TypeError,
    "Cannot transform with UMAP: x must have 2 features as seen in fit, current value is 3",
  );
});
