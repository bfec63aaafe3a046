import * as tf from "@tensorflow/tfjs";
import { ScanClustering, type ScanClusteringOptions, scanLoss } from "./scan.ts";
import { initTensorBackend } from "../backend/wasm.ts";
import { ari } from "../metrics/mod.ts";
import { randomSeeded } from "../random/seeded.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";

await initTensorBackend();

/** `perBlob` seeded rows around each of `centres` (2-D, unit spread), and their blob of origin. */
function blobs(centres: number[][], perBlob: number, seed = 5): { rows: number[][]; truth: number[] } {
  const prng = randomSeeded(seed);
  const rows: number[][] = [];
  const truth: number[] = [];
  centres.forEach((centre, blob) => {
    for (let i = 0; i < perBlob; i++) {
      rows.push(centre.map((c) => c + 2 * (prng() - 0.5)));
      truth.push(blob);
    }
  });
  return { rows, truth };
}

const SMALL: ScanClusteringOptions = { nClusters: 2, nNeighbors: 5, hiddenUnits: 16, batchSize: 32, seed: 3 };

Deno.test("scanLoss: both terms equal their formulas on hand-made probabilities", () => {
  const p = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]];
  const q = [[0.6, 0.3, 0.1], [0.2, 0.2, 0.6]];
  const { consistency, entropy } = scanLoss(tf.tensor2d(p), tf.tensor2d(q));
  const agreement = p.map((row, i) => row.reduce((s, v, k) => s + v * q[i][k], 0));
  const expected = -(Math.log(agreement[0] + 1e-8) + Math.log(agreement[1] + 1e-8)) / 2;
  const mean = [0, 1, 2].map((k) => (p[0][k] + p[1][k]) / 2);
  assertAlmostEquals(consistency.dataSync()[0], expected, 1e-6);
  assertAlmostEquals(entropy.dataSync()[0], -mean.reduce((s, m) => s + m * Math.log(m + 1e-8), 0), 1e-6);
  tf.dispose([consistency, entropy]);
});

Deno.test("ScanClustering: neighbours are the exact nearest other rows, nearest first", () => {
  const { rows } = blobs([[0, 0], [4, 4]], 30);
  const x = tf.tensor2d(rows);
  const scan = new ScanClustering({ ...SMALL, epochs: 1, warmEpochs: 0 }).fit(x, rows.map(() => 0));
  const table = scan.neighbours;
  const k = SMALL.nNeighbors!;
  for (let i = 0; i < rows.length; i++) {
    const order = rows.map((r, j) => ({ j, d: (r[0] - rows[i][0]) ** 2 + (r[1] - rows[i][1]) ** 2 }))
      .filter((o) => o.j !== i).sort((a, b) => a.d - b.d || a.j - b.j).map((o) => o.j);
    assertEquals(Array.from(table.subarray(i * k, (i + 1) * k)), order.slice(0, k), `row ${i}`);
  }
  scan.dispose();
  x.dispose();
});

Deno.test("ScanClustering: the entropy term pulls a collapsed start apart along the neighbourhoods", () => {
  // Two blobs; the start puts all but 3 rows of the second blob in cluster 0.
  const { rows, truth } = blobs([[-4, 0], [4, 0]], 60);
  const start = truth.map((t, i) => (t === 1 && i % 20 === 0 ? 1 : 0));
  const x = tf.tensor2d(rows);
  const refined = new ScanClustering({ ...SMALL, epochs: 40 }).fit(x, start);
  const labels = refined.predict(x);
  assertEquals(ari(truth, labels), 1);
  const history = refined.history;
  assertEquals(history.map((h) => h.phase), [...Array(3).fill("warm"), ...Array(40).fill("scan")]);
  assert(history.at(-1)!.entropy > 0.65, `final entropy ${history.at(-1)!.entropy}`); // ln 2 = 0.693
  // Without the entropy term the consistency loss alone keeps the collapsed partition.
  const plain = new ScanClustering({ ...SMALL, epochs: 40, entropyWeight: 0 }).fit(x, start);
  assert(ari(truth, plain.predict(x)) < 0.5);
  refined.dispose();
  plain.dispose();
  x.dispose();
});

Deno.test("ScanClustering: the same seed gives the same probabilities, another seed others", () => {
  const { rows, truth } = blobs([[-3, 0], [3, 0]], 40);
  const x = tf.tensor2d(rows);
  const fit = (seed: number) => {
    const scan = new ScanClustering({ ...SMALL, epochs: 3, seed }).fit(x, truth);
    const p = scan.predictProba(x);
    scan.dispose();
    return p;
  };
  const a = fit(1);
  assertEquals(a.length, rows.length * 2);
  for (let i = 0; i < rows.length; i++) assertAlmostEquals(a[2 * i] + a[2 * i + 1], 1, 1e-5);
  assertEquals(fit(1), a);
  assert(fit(2).some((v, i) => v !== a[i]));
  x.dispose();
});

Deno.test("ScanClustering: of several initialisations, the one with the lowest final loss is kept", () => {
  const { rows, truth } = blobs([[-3, 0], [3, 0], [0, 5]], 30);
  const x = tf.tensor2d(rows);
  const start = truth.map((t, i) => (i % 9 === 0 ? (t + 1) % 3 : t));
  const options = { ...SMALL, nClusters: 3, epochs: 4 };
  const three = new ScanClustering({ ...options, nInit: 3 }).fit(x, start);
  const losses = three.finalLoss;
  assertEquals(losses.length, 3);
  assertEquals(new Set(losses).size, 3); // each initialisation trains its own network
  assertEquals(three.bestInit, losses.indexOf(Math.min(...losses)));
  assertEquals(three.history.at(-1)!.loss, losses[three.bestInit]);
  // The first initialisation is the single-initialisation fit: the runs draw from one seeded stream.
  const one = new ScanClustering(options).fit(x, start);
  assertEquals(one.finalLoss, [losses[0]]);
  three.dispose();
  one.dispose();
  x.dispose();
});

Deno.test("ScanClustering: bad options, labels and inputs are named", () => {
  const x = tf.tensor2d([[0, 0], [1, 1], [2, 2], [3, 3]]);
  const labels = [0, 0, 1, 1];
  const TINY = { ...SMALL, nNeighbors: 2, batchSize: 2 };
  assertThrows(
    () => new ScanClustering(TINY).fit(x, [0, 1]),
    TypeError,
    "initialLabels",
  );
  assertThrows(
    () => new ScanClustering(TINY).fit(x, [0, 2, 1, 1]),
    RangeError,
    "row 1",
  );
  assertThrows(
    () => new ScanClustering({ ...TINY, nNeighbors: 4 }).fit(x, labels),
    RangeError,
    "nNeighbors",
  );
  assertThrows(() => new ScanClustering({ ...TINY, batchSize: 5 }).fit(x, labels), RangeError, "batchSize");
  assertThrows(
    () => new ScanClustering({ ...TINY, entropyWeight: -1 }).fit(x, labels),
    RangeError,
    "entropyWeight",
  );
  assertThrows(
    () => new ScanClustering({ ...TINY, selfLabelThreshold: 1.5 }).fit(x, labels),
    RangeError,
    "selfLabelThreshold",
  );
  assertThrows(
    () => new ScanClustering({ ...TINY, selfLabelView: "crop" as "row" }).fit(x, labels),
    RangeError,
    "selfLabelView",
  );
  assertThrows(() => new ScanClustering().predict(x), Error, "ScanClustering");
  const scan = new ScanClustering({ ...TINY, epochs: 1 }).fit(x, labels);
  const wide = tf.tensor2d([[0, 0, 0]]);
  assertThrows(() => scan.predict(wide), TypeError);
  scan.dispose();
  tf.dispose([x, wide]);
});

Deno.test("ScanClustering: self-labelling with a threshold no row passes leaves the network as it was", () => {
  const { rows, truth } = blobs([[-3, 0], [3, 0]], 40);
  const x = tf.tensor2d(rows);
  const options = { ...SMALL, epochs: 3 };
  const plain = new ScanClustering(options).fit(x, truth);
  const idle = new ScanClustering({ ...options, selfLabelEpochs: 2, selfLabelThreshold: 1 }).fit(x, truth);
  assertEquals(idle.predictProba(x), plain.predictProba(x));
  const selfEpochs = idle.history.filter((h) => h.phase === "self");
  assertEquals(selfEpochs.map((h) => [h.confident, Number.isNaN(h.loss)]), [[0, true], [0, true]]);
  plain.dispose();
  idle.dispose();
  x.dispose();
});

Deno.test("ScanClustering: self-labelling spreads the confident rows' labels to their neighbours", () => {
  // Two blobs in 20 dimensions and a start with every seventh row on the wrong side: the warm-up alone
  // memorises the wrong labels; self-labelling from the neighbours, all on the right side, undoes it.
  const centre = (x: number) => [x, ...Array(19).fill(0)];
  const { rows, truth } = blobs([centre(-3), centre(3)], 60);
  const start = truth.map((t, i) => (i % 7 === 0 ? 1 - t : t));
  const x = tf.tensor2d(rows);
  const options = { ...SMALL, warmEpochs: 30, epochs: 0, hiddenUnits: 64, learningRate: 0.01 };
  const warm = new ScanClustering(options).fit(x, start);
  const selfLabelOptions = {
    ...options,
    selfLabelEpochs: 30,
    selfLabelThreshold: 0.5,
    selfLabelLearningRate: 0.01,
  };
  const selfLabelled = new ScanClustering(selfLabelOptions).fit(x, start);
  const before = ari(truth, warm.predict(x));
  assert(before < 0.9, `ARI before ${before}`);
  assertEquals(ari(truth, selfLabelled.predict(x)), 1);
  // Learnt from the rows themselves, the memorised labels only get more confident.
  const fromRows = new ScanClustering({ ...selfLabelOptions, selfLabelView: "row" }).fit(x, start);
  assert(ari(truth, fromRows.predict(x)) < 0.9);
  warm.dispose();
  selfLabelled.dispose();
  fromRows.dispose();
  x.dispose();
});

Deno.test("ScanClustering: neighbours come from neighbourSpace when one is given", () => {
  const { rows } = blobs([[0, 0], [4, 4]], 30);
  const space = rows.map((_, i) => [Math.sin(i), Math.cos(3 * i)]);
  const x = tf.tensor2d(rows);
  const other = tf.tensor2d(space);
  const scan = new ScanClustering({ ...SMALL, epochs: 1, warmEpochs: 0 }).fit(x, rows.map(() => 0), other);
  const k = SMALL.nNeighbors!;
  for (let i = 0; i < space.length; i++) {
    const order = space.map((r, j) => ({ j, d: (r[0] - space[i][0]) ** 2 + (r[1] - space[i][1]) ** 2 }))
      .filter((o) => o.j !== i).sort((a, b) => a.d - b.d || a.j - b.j).map((o) => o.j);
    assertEquals(Array.from(scan.neighbours.subarray(i * k, (i + 1) * k)), order.slice(0, k), `row ${i}`);
  }
  const short = tf.tensor2d(space.slice(1));
  assertThrows(
    () => new ScanClustering({ ...SMALL, epochs: 1 }).fit(x, rows.map(() => 0), short),
    TypeError,
    "neighbourSpace",
  );
  scan.dispose();
  tf.dispose([x, other, short]);
});

Deno.test("ScanClustering: combine 'average' clusters by the mean of every network's probabilities", () => {
  const { rows, truth } = blobs([[-3, 0], [3, 0], [0, 5]], 30);
  const x = tf.tensor2d(rows);
  const start = truth.map((t, i) => (i % 9 === 0 ? (t + 1) % 3 : t));
  const options = { ...SMALL, nClusters: 3, epochs: 4, nInit: 2, seed: 2 };
  const kept = new ScanClustering(options).fit(x, start);
  const averaged = new ScanClustering({ ...options, combine: "average" }).fit(x, start);
  // The networks are the same in both fits (the second kept by the lowest loss); the first is also the
  // single-initialisation fit's.
  const first = new ScanClustering({ ...options, nInit: 1 }).fit(x, start);
  assertEquals(kept.bestInit, 1);
  const p0 = first.predictProba(x);
  const p1 = kept.predictProba(x);
  const mean = averaged.predictProba(x);
  for (let i = 0; i < mean.length; i++) assertAlmostEquals(mean[i], (p0[i] + p1[i]) / 2, 1e-6);
  const labels = averaged.predict(x);
  for (let r = 0; r < rows.length; r++) {
    const row = Array.from(mean.subarray(3 * r, 3 * r + 3));
    assertEquals(labels[r], row.indexOf(Math.max(...row)));
  }
  assertThrows(
    () => new ScanClustering({ ...options, combine: "vote" as "average" }).fit(x, start),
    RangeError,
    "combine",
  );
  [kept, averaged, first].forEach((s) => s.dispose());
  x.dispose();
});

Deno.test("ScanClustering: progress counts every epoch once, self-labelling of each averaged network included", () => {
  const { rows, truth } = blobs([[-3, 0], [3, 0]], 40);
  const x = tf.tensor2d(rows);
  const seen: [number, number][] = [];
  new ScanClustering({
    ...SMALL,
    warmEpochs: 1,
    epochs: 2,
    nInit: 2,
    combine: "average",
    selfLabelEpochs: 2,
    onEpochEnd: (epoch, total) => seen.push([epoch, total]),
  }).fit(x, truth).dispose();
  // 2 networks × (1 + 2) epochs, then 2 self-labelling epochs for each of the 2 kept networks.
  assertEquals(seen, Array.from({ length: 10 }, (_, i) => [i + 1, 10]));
  x.dispose();
});
