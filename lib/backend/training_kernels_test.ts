import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "./wasm.ts";
import { registerTrainingKernels, TRAINING_KERNEL_NAMES } from "./training_kernels.ts";
import { randomSeeded } from "../random/mod.ts";
import { assertParity, uniform } from "./_kernels/_parity.ts";
import { assert, assertEquals } from "../std.ts";

await initTensorBackend();

Deno.test("registerTrainingKernels is idempotent and registers every listed kernel", () => {
  const before = TRAINING_KERNEL_NAMES.map((name) => tf.getKernel(name, "wasm")?.kernelFunc);
  registerTrainingKernels();
  registerTrainingKernels();
  const after = TRAINING_KERNEL_NAMES.map((name) => tf.getKernel(name, "wasm")?.kernelFunc);
  assert(before.every((f) => f !== undefined));
  assertEquals(after, before);
});

Deno.test("tf.grad through conv2d and maxPool matches the cpu backend", async () => {
  const prng = randomSeeded(81);
  const x = uniform(8 * 12 * 12 * 3, prng);
  const w = uniform(3 * 3 * 3 * 6, prng);
  const r = uniform(8 * 6 * 6 * 6, prng);
  for (const stride of [1, 2]) {
    await assertParity(`stride ${stride}`, () => {
      const f = (xs: tf.Tensor, ws: tf.Tensor) => {
        const y = tf.maxPool(
          tf.relu(tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, stride, "same")),
          2,
          stride === 1 ? 2 : 1,
          "same",
        );
        return tf.sum(tf.mul(y, tf.tensor4d(r, [8, 6, 6, 6])));
      };
      return tf.grads(f)([tf.tensor4d(x, [8, 12, 12, 3]), tf.tensor4d(w, [3, 3, 3, 6])]);
    });
  }
});

Deno.test("tf.grad through a fused conv2d and upsampling matches the cpu backend", async () => {
  // Batch 1: the cpu ResizeNearestNeighborGrad of tfjs 4.22 is wrong for larger batches.
  const prng = randomSeeded(82);
  const x = uniform(7 * 7 * 5, prng);
  const w = uniform(3 * 3 * 5 * 4, prng);
  const b = uniform(4, prng);
  const r = uniform(14 * 14 * 4, prng);
  await assertParity("fused + upsample", () => {
    const f = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) => {
      const y = tf.fused.conv2d({
        x: xs as tf.Tensor4D,
        filter: ws as tf.Tensor4D,
        bias: bs,
        strides: 1,
        pad: "same",
        activation: "relu",
      });
      const up = tf.image.resizeNearestNeighbor(y, [14, 14]);
      return tf.sum(tf.mul(up, tf.tensor4d(r, [1, 14, 14, 4])));
    };
    return tf.grads(f)([tf.tensor4d(x, [1, 7, 7, 5]), tf.tensor4d(w, [3, 3, 5, 4]), tf.tensor1d(b)]);
  });
});

Deno.test("a convolutional autoencoder trains on the WASM backend without leaking tensor data", async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [8, 8, 1],
        filters: 4,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
      }),
      tf.layers.maxPooling2d({ poolSize: 2, padding: "same" }),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.upSampling2d({ size: [2, 2] }),
      tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: "same" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
  const x = tf.tensor4d(uniform(16 * 64, randomSeeded(83), 0, 1), [16, 8, 8, 1]);
  const first = await model.trainOnBatch(x, x) as number;
  const ids = tf.backend().numDataIds();
  let last = first;
  for (let i = 0; i < 20; i++) last = await model.trainOnBatch(x, x) as number;
  assertEquals(tf.backend().numDataIds(), ids);
  assert(last < first, `loss did not decrease: ${first} -> ${last}`);
  tf.dispose(x);
  model.dispose();
});
