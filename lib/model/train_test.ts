import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { loadFashionMnist, toUnitFloat } from "../data/mod.ts";
import { assert, assertEquals, assertRejects, join } from "../std.ts";
import { type ArchitectureName, buildAutoencoder } from "./architectures.ts";
import { reconstructionError } from "./autoencoder.ts";
import { MODEL_JSON } from "./file_io.ts";
import {
  type BatchProgress,
  formatProgress,
  trainAutoencoder,
  type TrainAutoencoderOptions,
} from "./train.ts";

await initTensorBackend();

const data = await loadFashionMnist({ download: false });
const train = toUnitFloat(data.train.images, Int32Array.from({ length: 160 }, (_, i) => i));
const validation = toUnitFloat(data.train.images, Int32Array.from({ length: 40 }, (_, i) => 1000 + i));
const base: TrainAutoencoderOptions = { train, validation, epochs: 2, batchSize: 32, seed: 7 };

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

async function run(name: ArchitectureName, options: Partial<TrainAutoencoderOptions> = {}) {
  const net = buildAutoencoder(name, { seed: 3 });
  try {
    const result = await trainAutoencoder(net, { ...base, ...options });
    return { result, weights: weightsOf(net.autoencoder) };
  } finally {
    net.autoencoder.dispose();
  }
}

Deno.test("trainAutoencoder() gives identical losses and weights for the same seed", async () => {
  const a = await run("report");
  const b = await run("report");
  assertEquals(
    b.result.history.map((h) => [h.loss, h.valLoss]),
    a.result.history.map((h) => [h.loss, h.valLoss]),
  );
  assertEquals(b.weights, a.weights);
  const c = await run("report", { seed: 8 });
  assert(c.result.history[0].loss !== a.result.history[0].loss);
});

Deno.test("trainAutoencoder() resumed after a kill matches an uninterrupted run bit for bit", async () => {
  const dir = await Deno.makeTempDir();
  const options = { epochs: 3, restoreBestWeights: false };
  const whole = await run("report", options);
  // Kill the run in the middle of epoch 2, after the epoch-1 checkpoint was written.
  await assertRejects(
    () =>
      run("report", {
        ...options,
        checkpoint: { dir },
        onBatchEnd: (p) => {
          if (p.epoch === 2 && p.batch === 3) throw new Error("killed");
        },
      }),
    Error,
    "killed",
  );
  const resumed = await run("report", { ...options, checkpoint: { dir, resume: true } });
  assertEquals(resumed.result.resumedFromEpoch, 1);
  assertEquals(
    resumed.result.history.map((h) => [h.loss, h.valLoss]),
    whole.result.history.map((h) => [h.loss, h.valLoss]),
  );
  assertEquals(resumed.weights, whole.weights);
  // Resuming a finished run trains nothing and restores the final weights.
  const again = await run("report", { ...options, checkpoint: { dir, resume: true } });
  assertEquals(again.result.resumedFromEpoch, 3);
  assertEquals(again.weights, whole.weights);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("trainAutoencoder() keeps the tensor count constant across epochs and frees everything", async () => {
  const net = buildAutoencoder("report", { seed: 1 });
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  let batches = 0;
  await trainAutoencoder(net, {
    ...base,
    epochs: 3,
    onBatchEnd: () => void batches++,
    onEpochEnd: () => void counts.push(tf.memory().numTensors),
  });
  assertEquals(batches, 3 * 5);
  assertEquals(new Set(counts).size, 1);
  assertEquals(tf.memory().numTensors, before);
  net.autoencoder.dispose();
});

Deno.test("trainAutoencoder() stops early after patience epochs without improvement", async () => {
  // A learning rate far below float32 resolution leaves the weights, and so the validation loss, unchanged.
  const { result } = await run("report", { epochs: 10, patience: 2, learningRate: 1e-15 });
  assertEquals(result.history.length, 3);
  assertEquals([result.bestEpoch, result.stoppedEarly], [1, true]);
});

Deno.test("trainAutoencoder() ends with the best epoch's weights", async () => {
  const net = buildAutoencoder("report", { seed: 3 });
  const result = await trainAutoencoder(net, { ...base, epochs: 4, learningRate: 0.02 });
  assert(result.bestEpoch < result.history.length, "the test needs a run whose last epoch is not the best");
  assertEquals(reconstructionError(net.autoencoder, validation), result.bestValLoss);
  net.autoencoder.dispose();
});

Deno.test("trainAutoencoder() refuses to overwrite or resume a mismatched checkpoint", async () => {
  const dir = await Deno.makeTempDir();
  const file = join(dir, MODEL_JSON);
  await run("report", { epochs: 1, checkpoint: { dir } });
  await assertRejects(
    () => run("report", { epochs: 1, checkpoint: { dir } }),
    Error,
    `Cannot train autoencoder: ${file} already holds a checkpoint; pass resume: true to continue it`,
  );
  await assertRejects(
    () => run("report", { epochs: 2, batchSize: 16, checkpoint: { dir, resume: true } }),
    Error,
    `Cannot resume training: ${file} does not match this run: batchSize is 32 in the checkpoint, 16 now`,
  );
  await assertRejects(
    () => run("wide", { epochs: 2, checkpoint: { dir, resume: true } }),
    Error,
    `architecture name is "report" in the checkpoint, "wide" now`,
  );
  await Deno.writeTextFile(file, "{");
  await assertRejects(
    () => run("report", { epochs: 2, checkpoint: { dir, resume: true } }),
    Error,
    `Cannot load model: ${file} is not valid JSON`,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("trainAutoencoder() rejects bad hyper-parameters and data", async () => {
  await assertRejects(
    () => run("report", { epochs: 0 }),
    RangeError,
    "Cannot train autoencoder: epochs must be an integer >= 1, current value is 0",
  );
  await assertRejects(
    () => run("report", { patience: 0 }),
    RangeError,
    "Cannot train autoencoder: patience must be an integer >= 1 or Infinity, current value is 0",
  );
  await assertRejects(
    () => run("report", { train: new Float32Array(100) }),
    TypeError,
    "Cannot train autoencoder: train must hold at least one whole image of 784 values, current length is 100",
  );
});

Deno.test("formatProgress() makes one compact line", () => {
  const progress: BatchProgress = {
    epoch: 1,
    epochs: 3,
    batch: 5,
    batches: 10,
    loss: 0.5,
    meanLoss: 0.123456,
    imagesPerSecond: 99.6,
    etaSeconds: 3725,
  };
  assertEquals(formatProgress(progress), "epoch 1/3 batch 5/10 loss 0.1235 100 img/s ETA 1h02m");
});
