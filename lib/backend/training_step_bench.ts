/**
 * Training-step benchmarks of the WASM backend with the training kernels, on one and on two threads
 * (`deno bench -A lib/backend/training_step_bench.ts`, under a minute):
 *
 * - the convolutional autoencoder Conv2D(14) → MaxPool → Dropout → Conv2D(7) → MaxPool → Dropout →
 *   Conv2D(7) → UpSampling → Dropout → Conv2D(14) → UpSampling → Dropout → Conv2D(1) on 28×28×1, Adam,
 *   MSE, batch 128 (images/s = 128 / time per step);
 * - the dense autoencoder 784-500-500-2000-10-2000-500-500-784, Adam, MSE, batch 256; its name gives the
 *   GFLOP of a step (3 × the forward products), to set against the 1024² product bench (2.15 GFLOP).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { initTensorBackend, shutdownTensorBackend } from "./wasm.ts";

const CONV_BATCH = 128;
const DENSE_BATCH = 256;
const DENSE_UNITS = [784, 500, 500, 2000, 10, 2000, 500, 500, 784];
const WARMUP = 3;

function convAutoencoder(): tf.Sequential {
  const conv = (filters: number, activation?: "relu") =>
    tf.layers.conv2d({ filters, kernelSize: 3, padding: "same", activation });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 14,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
      }),
      tf.layers.maxPooling2d({ poolSize: 2, padding: "same" }),
      tf.layers.dropout({ rate: 0.2 }),
      conv(7, "relu"),
      tf.layers.maxPooling2d({ poolSize: 2, padding: "same" }),
      tf.layers.dropout({ rate: 0.2 }),
      conv(7, "relu"),
      tf.layers.upSampling2d({ size: [2, 2] }),
      tf.layers.dropout({ rate: 0.2 }),
      conv(14, "relu"),
      tf.layers.upSampling2d({ size: [2, 2] }),
      tf.layers.dropout({ rate: 0.2 }),
      conv(1),
    ],
  });
}

function denseAutoencoder(): tf.Sequential {
  const model = tf.sequential();
  for (let i = 1; i < DENSE_UNITS.length; i++) {
    const linear = i === 4 || i === DENSE_UNITS.length - 1;
    model.add(tf.layers.dense({
      inputShape: i === 1 ? [DENSE_UNITS[0]] : undefined,
      units: DENSE_UNITS[i],
      activation: linear ? "linear" : "relu",
    }));
  }
  return model;
}

let denseMacs = 0;
for (let i = 1; i < DENSE_UNITS.length; i++) denseMacs += DENSE_UNITS[i - 1] * DENSE_UNITS[i];
const denseGflop = (6 * DENSE_BATCH * denseMacs / 1e9).toFixed(2);

interface Fixture {
  threads: number;
  conv: tf.Sequential;
  dense: tf.Sequential;
  images: tf.Tensor;
  rows: tf.Tensor;
  a: tf.Tensor2D;
  b: tf.Tensor2D;
}

let fixture: Fixture | undefined;

/** The models and data on a backend with `threads` threads (rebuilt when the count changes). */
async function on(threads: number): Promise<Fixture> {
  if (fixture?.threads === threads) return fixture;
  shutdownTensorBackend();
  await initTensorBackend({ threads });
  const conv = convAutoencoder();
  conv.compile({ optimizer: tf.train.adam(), loss: "meanSquaredError" });
  const dense = denseAutoencoder();
  dense.compile({ optimizer: tf.train.adam(), loss: "meanSquaredError" });
  fixture = {
    threads,
    conv,
    dense,
    images: tf.randomUniform([CONV_BATCH, 28, 28, 1]),
    rows: tf.randomUniform([DENSE_BATCH, DENSE_UNITS[0]]),
    a: tf.randomNormal([1024, 1024]),
    b: tf.randomNormal([1024, 1024]),
  };
  return fixture;
}

for (const threads of [1, 2]) {
  const last = threads === 2;
  Deno.bench({
    name: `conv autoencoder train step, batch ${CONV_BATCH}, ${threads} thread(s)`,
    group: `${threads} thread(s)`,
    baseline: true,
    n: 20,
    warmup: WARMUP,
    async fn() {
      const f = await on(threads);
      await f.conv.trainOnBatch(f.images, f.images);
    },
  });
  Deno.bench({
    name: `dense autoencoder train step, batch ${DENSE_BATCH} (${denseGflop} GFLOP), ${threads} thread(s)`,
    group: `${threads} thread(s)`,
    n: 8,
    warmup: WARMUP,
    async fn() {
      const f = await on(threads);
      await f.dense.trainOnBatch(f.rows, f.rows);
    },
  });
  let calls = 0;
  Deno.bench({
    name: `1024x1024 matMul (2.15 GFLOP), ${threads} thread(s)`,
    group: `${threads} thread(s)`,
    n: 10,
    warmup: WARMUP,
    async fn() {
      const f = await on(threads);
      tf.matMul(f.a, f.b).dispose();
      // The last bench stops the worker threads so that the process can exit.
      if (last && ++calls === WARMUP + 10) shutdownTensorBackend();
    },
  });
}
