import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { randomSeeded } from "../random/mod.ts";
import { KMeans, nearestCenters } from "./kmeans.ts";

await initTensorBackend();

/** `perCluster` points around each of `centers`, uniform noise of half-width `spread`. */
function blobs(centers: number[][], perCluster: number, spread: number, seed: number): tf.Tensor2D {
  const prng = randomSeeded(seed);
  const rows: number[][] = [];
  for (const c of centers) {
    for (let i = 0; i < perCluster; i++) rows.push(c.map((v) => v + (prng() * 2 - 1) * spread));
  }
  return tf.tensor2d(rows);
}

Deno.test("KMeans.fit() finds well-separated blobs and predicts new points", () => {
  const x = blobs([[0, 0], [10, 0], [0, 10]], 50, 1, 1);
  const km = new KMeans({ nClusters: 3, seed: 3 }).fit(x);
  const labels = km.labels;
  for (let b = 0; b < 3; b++) {
    const first = labels[b * 50];
    for (let i = 0; i < 50; i++) assertEquals(labels[b * 50 + i], first);
  }
  assertEquals(new Set(labels).size, 3);
  const q = tf.tensor2d([[9.5, 0.2], [0.1, 9.8]]);
  assertEquals(Array.from(km.predict(q)), [labels[50], labels[100]]);
  assert(km.converged);
  x.dispose();
  q.dispose();
});

Deno.test("KMeans.fit() gives the exact inertia of a known answer", () => {
  // Two pairs of points: the optimum puts each pair in its own cluster, inertia = 4 * 0.5^2 = 1.
  const x = tf.tensor2d([[0, 0], [0, 1], [5, 5], [5, 6]]);
  const km = new KMeans({ nClusters: 2, nInit: 3, seed: 0 }).fit(x);
  assertAlmostEquals(km.inertia, 1, 1e-6);
  const centers = Array.from(km.centers).map((v) => Math.round(v * 1e6) / 1e6);
  const sorted = [centers.slice(0, 2), centers.slice(2, 4)].sort((a, b) => a[0] - b[0]);
  assertEquals(sorted, [[0, 0.5], [5, 5.5]]);
  x.dispose();
});

Deno.test("KMeans.fit() is deterministic for a seed and keeps the lowest inertia of nInit runs", () => {
  const x = blobs([[0, 0, 0], [3, 3, 3], [6, 0, 3], [0, 6, 6]], 40, 2.5, 7);
  const a = new KMeans({ nClusters: 4, nInit: 5, seed: 11 }).fit(x);
  const b = new KMeans({ nClusters: 4, nInit: 5, seed: 11 }).fit(x);
  assertEquals(Array.from(a.labels), Array.from(b.labels));
  assertEquals(a.inertias, b.inertias);
  assertEquals(a.inertias.length, 5);
  assertEquals(a.inertia, Math.min(...a.inertias));
  x.dispose();
});

Deno.test("KMeans.fit() labels agree with predict on the training data", () => {
  const x = blobs([[0, 0], [2, 2], [4, 0]], 60, 1.5, 5);
  const km = new KMeans({ nClusters: 3, seed: 1 }).fit(x);
  assertEquals(Array.from(km.predict(x)), Array.from(km.labels));
  x.dispose();
});

Deno.test("KMeans.fit() leaves no cluster empty when there are duplicate points", () => {
  // 6 identical points and 2 others, 4 clusters: k-means++ may pick duplicates; every cluster must be used.
  const x = tf.tensor2d([[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [1, 1], [2, 2]]);
  const km = new KMeans({ nClusters: 4, nInit: 2, seed: 0 }).fit(x);
  assert(km.centers.every(Number.isFinite));
  assert(Number.isFinite(km.inertia));
  x.dispose();
});

Deno.test("KMeans.fit() rejects bad options and data with clear messages", () => {
  const x = tf.tensor2d([[0, 1], [2, 3], [4, 5]]);
  assertThrows(
    () => new KMeans({ nClusters: 0 }).fit(x),
    RangeError,
    "Cannot fit KMeans: nClusters must be an integer >= 1, current value is 0",
  );
  assertThrows(
    () => new KMeans({ nClusters: 4 }).fit(x),
    RangeError,
    "Cannot fit KMeans: nClusters must be <= nSamples (3), current value is 4",
  );
  assertThrows(
    () => new KMeans({ nClusters: 2, nInit: 1.5 }).fit(x),
    RangeError,
    "Cannot fit KMeans: nInit must be an integer >= 1, current value is 1.5",
  );
  assertThrows(
    () => new KMeans({ nClusters: 2, tol: -1 }).fit(x),
    RangeError,
    "Cannot fit KMeans: tol must be a finite number >= 0, current value is -1",
  );
  const bad = tf.tensor2d([[0, 1], [NaN, 3], [4, 5]]);
  assertThrows(
    () => new KMeans({ nClusters: 2 }).fit(bad),
    RangeError,
    "Cannot fit KMeans: x must hold finite values, current value at [1, 0] is NaN",
  );
  const inf = tf.tensor2d([[0, 1], [2, Infinity], [4, 5]]);
  assertThrows(
    () => new KMeans({ nClusters: 2 }).fit(inf),
    RangeError,
    "current value at [1, 1] is Infinity",
  );
  const flat = tf.tensor1d([1, 2, 3]);
  assertThrows(
    () => new KMeans({ nClusters: 2 }).fit(flat as unknown as tf.Tensor2D),
    TypeError,
    "Cannot fit KMeans: x must be a 2-D tensor [nSamples, nFeatures], current shape is [3]",
  );
  tf.dispose([x, bad, inf, flat]);
});

Deno.test("KMeans.predict() throws before fit and on a wrong feature count", () => {
  const x = tf.tensor2d([[0, 1], [2, 3], [4, 5]]);
  const km = new KMeans({ nClusters: 2 });
  assertThrows(() => km.predict(x), Error, "Cannot use KMeans before fit: call fit(x) first");
  assertThrows(() => km.labels, Error, "Cannot use KMeans before fit");
  km.fit(x);
  const wide = tf.tensor2d([[0, 1, 2]]);
  assertThrows(
    () => km.predict(wide),
    TypeError,
    "Cannot predict with KMeans: x must have 2 features as seen in fit, current value is 3",
  );
  tf.dispose([x, wide]);
});

Deno.test("KMeans.fit() does not leak tensors", () => {
  const x = blobs([[0, 0], [5, 5]], 30, 1, 2);
  const before = tf.memory().numTensors;
  new KMeans({ nClusters: 2, nInit: 2 }).fit(x).predict(x);
  assertEquals(tf.memory().numTensors, before);
  x.dispose();
});

Deno.test("nearestCenters() assigns each row its nearest centre, the first on a tie, and checks sizes", () => {
  const centers = Float32Array.of(0, 0, 4, 0, 0, 4);
  const rows = Float32Array.of(1, 1, 3.9, 0.2, 0.1, 5, 2, 0, 2, 2);
  // (2, 0) is 2 from centres 0 and 1: the first wins; (2, 2) is √8 from all three.
  assertEquals(Array.from(nearestCenters(rows, centers, 3)), [0, 1, 2, 0, 0]);
  assertThrows(
    () => nearestCenters(Float32Array.of(1, 2, 3), centers, 3),
    RangeError,
    "current lengths are 6 and 3",
  );
});
