import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { ari } from "../metrics/mod.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { DEC, softAssignment, targetDistribution } from "./dec.ts";
import { encode } from "../model/mod.ts";

await initTensorBackend();

/** A short self-training run that keeps updating (tol 0) for 3 target updates. */
const SHORT_RUN = { nClusters: 3, batchSize: 16, updateInterval: 4, maxIter: 12, tol: 0 } as const;

/** `perBlob` points of each of 3 unit-variance Gaussian blobs in `d` dimensions, interleaved. */
function blobs(perBlob: number, d: number, separation: number, seed: number) {
  const prng = randomSeeded(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - prng())) * Math.cos(2 * Math.PI * prng());
  const x = new Float32Array(3 * perBlob * d);
  const labels = new Int32Array(3 * perBlob);
  for (let i = 0; i < 3 * perBlob; i++) {
    labels[i] = i % 3;
    for (let f = 0; f < d; f++) x[i * d + f] = normal() + (f === i % 3 ? separation : 0);
  }
  return { x, labels };
}

/** A tiny dense autoencoder d → 16 → 3 → 16 → d whose encoder shares the autoencoder's input. */
function tinyAutoencoder(d: number, seed: number) {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 10 + s });
  const input = tf.input({ shape: [d] });
  const hidden = tf.layers.dense({ units: 16, activation: "relu", kernelInitializer: init(1) })
    .apply(input) as tf.SymbolicTensor;
  const code = tf.layers.dense({ units: 3, kernelInitializer: init(2) }).apply(hidden) as tf.SymbolicTensor;
  const back = tf.layers.dense({ units: 16, activation: "relu", kernelInitializer: init(3) })
    .apply(code) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: d, kernelInitializer: init(4) }).apply(back) as tf.SymbolicTensor;
  return {
    encoder: tf.model({ inputs: input, outputs: code }),
    autoencoder: tf.model({ inputs: input, outputs: output }),
  };
}

/** Pretrains the tiny autoencoder on `x` (full batch Adam, no shuffling). */
function pretrain(net: ReturnType<typeof tinyAutoencoder>, x: Float32Array, d: number): void {
  const t = tf.tensor2d(x, [x.length / d, d]);
  const optimizer = tf.train.adam(0.01);
  for (let epoch = 0; epoch < 150; epoch++) {
    optimizer.minimize(() =>
      tf.losses.meanSquaredError(t, net.autoencoder.apply(t) as tf.Tensor2D) as tf.Scalar
    );
  }
  optimizer.dispose();
  t.dispose();
}

Deno.test("DEC converges on three well-separated blobs and finds them", () => {
  const { x, labels } = blobs(60, 12, 8, 1);
  for (const variant of ["dec", "idec"] as const) {
    const net = tinyAutoencoder(12, 2);
    pretrain(net, x, 12);
    const dec = new DEC(net, {
      nClusters: 3,
      variant,
      batchSize: 32,
      updateInterval: 10,
      maxIter: 400,
      seed: 0,
    })
      .fit(x);
    assert(dec.converged, `${variant} did not converge in ${dec.nIter} batches`);
    assert(dec.nIter < 400);
    assert(ari(labels, dec.labels) > 0.95, variant);
    assertEquals(dec.predict(x), dec.labels);
    const q = dec.predictProba(x);
    assertEquals(q.length, 180 * 3);
    assertAlmostEquals(q[0] + q[1] + q[2], 1, 1e-5);
    assertEquals(dec.centers.length, 3 * 3);
    assertEquals(dec.history[0].iteration, 0);
    net.autoencoder.dispose();
  }
});

Deno.test("DEC gives the same result for the same seed", () => {
  const { x } = blobs(30, 6, 3, 2);
  const run = () => {
    const net = tinyAutoencoder(6, 1);
    const dec = new DEC(net, { nClusters: 3, batchSize: 16, updateInterval: 4, maxIter: 12, tol: 0, seed: 5 })
      .fit(x);
    const out = { labels: dec.labels, centers: dec.centers, history: dec.history };
    net.autoencoder.dispose();
    return out;
  };
  assertEquals(run(), run());
});

Deno.test("DEC started from given centres equals DEC started from the KMeans that found them", () => {
  // A run that starts from its own KMeans, and one given that KMeans's centres with a different seed for
  // KMeans (unused) but the same batch order: the same start labels, the same self-training, the same end.
  const { x } = blobs(30, 6, 3, 2);
  const run = (options: { initialCenters?: Float32Array; kmeansNInit?: number }) => {
    const net = tinyAutoencoder(6, 1);
    const dec = new DEC(net, { ...SHORT_RUN, seed: 5, ...options }).fit(x);
    const out = {
      start: dec.initialLabels,
      initial: dec.initialCenters,
      labels: dec.labels,
      centers: dec.centers,
    };
    net.autoencoder.dispose();
    return out;
  };
  const own = run({});
  const given = run({ initialCenters: own.initial, kmeansNInit: 1 });
  assertEquals(given, own);
  assertThrows(
    () => run({ initialCenters: new Float32Array(5) }),
    RangeError,
    "initialCenters must hold nClusters × nFeatures = 3 × 3 values, current length is 5",
  );
});

Deno.test("DEC runs maxIter batches when the labels keep changing more than tol", () => {
  const { x } = blobs(20, 6, 3, 3);
  const net = tinyAutoencoder(6, 3);
  const updates: number[] = [];
  const dec = new DEC(net, {
    nClusters: 3,
    batchSize: 16,
    updateInterval: 4,
    maxIter: 10,
    tol: 0,
    onUpdate: (u) => updates.push(u.iteration),
  }).fit(x);
  assertEquals(dec.nIter, 10);
  assertEquals(dec.converged, false);
  assertEquals(updates, [0, 4, 8, 10]);
  assert(Number.isNaN(dec.history[0].loss) && dec.history[1].loss > 0);
  net.autoencoder.dispose();
});

Deno.test("targetDistribution() matches a hand-computed example", () => {
  // f = [1.7, 1.3]; row 1: (0.64/1.7, 0.04/1.3) normalised = (0.924444, 0.075556).
  const p = targetDistribution(tf.tensor2d([[0.8, 0.2], [0.6, 0.4], [0.3, 0.7]]));
  const expected = [0.924444, 0.075556, 0.632432, 0.367568, 0.123158, 0.876842];
  p.dataSync().forEach((v, i) => assertAlmostEquals(v, expected[i], 1e-5));
  p.dispose();
});

Deno.test("softAssignment() matches the Student-t kernel by hand", () => {
  const z = tf.tensor2d([[1, 0]]);
  const centers = tf.tensor2d([[0, 0], [3, 0]]);
  // alpha 1: 1/(1+1), 1/(1+4) → 0.5/0.7, 0.2/0.7.
  const q1 = softAssignment(z, centers);
  assertAlmostEquals(q1.dataSync()[0], 0.5 / 0.7, 1e-6);
  // alpha 2: (1 + d²/2)^(-3/2).
  const q2 = softAssignment(z, centers, 2);
  const a = 1.5 ** -1.5;
  const b = 3 ** -1.5;
  assertAlmostEquals(q2.dataSync()[1], b / (a + b), 1e-6);
  tf.dispose([z, centers, q1, q2]);
});

Deno.test("DEC leaks no tensors", () => {
  const { x } = blobs(20, 6, 6, 4);
  const net = tinyAutoencoder(6, 4);
  for (const variant of ["dec", "idec"] as const) {
    const before = tf.memory().numTensors;
    const dec = new DEC(net, { nClusters: 3, variant, batchSize: 16, updateInterval: 3, maxIter: 7 }).fit(x);
    dec.predict(x);
    assertEquals(tf.memory().numTensors, before, variant);
  }
  net.autoencoder.dispose();
});

Deno.test("DEC rejects bad options, data and use before fit", () => {
  const net = tinyAutoencoder(4, 5);
  const x = new Float32Array(8 * 4).map((_, i) => i % 5);
  assertThrows(
    () => new DEC({ encoder: net.encoder }, { variant: "idec" }).fit(x),
    TypeError,
    "Cannot fit DEC: IDEC needs network.autoencoder (a tf.LayersModel), current type is undefined",
  );
  assertThrows(
    () => new DEC(net, { nClusters: 9 }).fit(x),
    RangeError,
    "Cannot fit DEC: nClusters must be <= nSamples (8), current value is 9",
  );
  assertThrows(
    () => new DEC(net, { updateInterval: 0 }).fit(x),
    RangeError,
    "Cannot fit DEC: updateInterval must be an integer >= 1, current value is 0",
  );
  assertThrows(
    () => new DEC(net).fit(new Float32Array(7)),
    TypeError,
    "Cannot fit DEC: images must hold at least one whole input of 4 values, current length is 7",
  );
  assertThrows(() => new DEC(net).labels, Error, "Cannot use DEC before fit: call fit(x) first");
  net.autoencoder.dispose();
});

Deno.test("DEC with a monitor keeps the state of the update it scores highest, the start included", () => {
  const { x } = blobs(20, 6, 3, 4);
  const held = blobs(10, 6, 3, 5).x;
  for (const variant of ["dec", "idec"] as const) {
    // Scores fall with every call: the KMeans start (update 0) is best and must be what is kept.
    const net = tinyAutoencoder(6, 4);
    const before = net.autoencoder.getWeights().map((w) => w.dataSync().slice());
    let calls = 0;
    const predictionsSeen: Int32Array[] = [];
    const dec = new DEC(net, {
      nClusters: 3,
      variant,
      batchSize: 16,
      updateInterval: 4,
      maxIter: 12,
      tol: 0,
      learningRate: 0.05,
      monitor: {
        images: held,
        score: (p) => {
          predictionsSeen.push(p);
          return 10 - calls++;
        },
      },
    }).fit(x);
    assertEquals(dec.nIter, 12);
    assertEquals(dec.selectedIteration, 0);
    assertEquals(dec.history.map((u) => u.score), [10, 9, 8, 7]);
    assertEquals(predictionsSeen.map((p) => p.length), [30, 30, 30, 30]);
    assertEquals(dec.labels, dec.initialLabels);
    assertEquals(dec.centers, dec.initialCenters);
    // The trained weights are back to the start's: the encoder's, and the decoder's for IDEC.
    const after = net.autoencoder.getWeights().map((w) => w.dataSync().slice());
    assertEquals(after, before, variant);
    assertEquals(dec.predict(held), predictionsSeen[0]);
    net.autoencoder.dispose();
  }
  // Rising scores keep the last update, as without a monitor.
  const net = tinyAutoencoder(6, 4);
  let calls = 0;
  const dec = new DEC(net, { ...SHORT_RUN, monitor: { images: held, score: () => calls++ } }).fit(x);
  assertEquals(dec.selectedIteration, 12);
  net.autoencoder.dispose();
});

Deno.test("DEC with patience stops after that many updates without a better score and keeps the best", () => {
  const { x } = blobs(20, 6, 3, 6);
  const held = blobs(10, 6, 3, 7).x;
  // Scores by update 0, 4, 8, …: best at 4, then two worse: patience 2 stops at 12 of 40 batches.
  const scores = [1, 3, 2, 2.5, 9, 9];
  const run = (patience?: number) => {
    const net = tinyAutoencoder(6, 6);
    let calls = 0;
    const dec = new DEC(net, {
      ...SHORT_RUN,
      maxIter: 40,
      seed: 3,
      patience,
      monitor: { images: held, score: () => scores[calls++] ?? 0 },
    }).fit(x);
    const out = {
      nIter: dec.nIter,
      selected: dec.selectedIteration,
      scores: dec.history.map((u) => u.score),
      labels: dec.labels,
      centers: dec.centers,
      weights: net.autoencoder.getWeights().map((w) => w.dataSync().slice()),
    };
    net.autoencoder.dispose();
    return out;
  };
  const stopped = run(2);
  assertEquals([stopped.nIter, stopped.selected, stopped.scores], [12, 4, [1, 3, 2, 2.5]]);
  // Patience 3 sees update 16's 9, then a tie (no gain, the earlier state is kept) and two worse: stop at 28.
  const patient = run(3);
  assertEquals([patient.nIter, patient.selected], [28, 16]);
  // Without patience the same update 4 is kept when the later scores are worse: same state as stopping.
  scores.splice(4, 2);
  const full = run();
  assertEquals([full.nIter, full.selected], [40, 4]);
  assertEquals([full.labels, full.centers, full.weights], [stopped.labels, stopped.centers, stopped.weights]);
  assertThrows(
    () => new DEC(tinyAutoencoder(6, 6), { patience: 0 }).fit(x),
    RangeError,
    "Cannot fit DEC: patience must be an integer >= 1, current value is 0",
  );
});

Deno.test("DEC given its encoder's embeddings ends where DEC that encodes them ends", () => {
  const { x } = blobs(20, 6, 3, 8);
  const run = (given: boolean) => {
    const net = tinyAutoencoder(6, 8);
    const embeddings = given ? encode(net.encoder, x) : undefined;
    const dec = new DEC(net, { ...SHORT_RUN, seed: 2 }).fit(x, { embeddings });
    const out = { start: dec.initialLabels, labels: dec.labels, centers: dec.centers, history: dec.history };
    net.autoencoder.dispose();
    return out;
  };
  assertEquals(run(true), run(false));
  const net = tinyAutoencoder(6, 8);
  assertThrows(
    () => new DEC(net, SHORT_RUN).fit(x, { embeddings: new Float32Array(7) }),
    RangeError,
    "Cannot fit DEC: embeddings must hold nSamples × nFeatures = 60 × 3 values, current length is 7",
  );
  net.autoencoder.dispose();
});
