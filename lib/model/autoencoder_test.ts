import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { randomSeeded } from "../random/mod.ts";
import { assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { buildAutoencoder } from "./architectures.ts";
import { encode, reconstruct, reconstructionError } from "./autoencoder.ts";

await initTensorBackend();

function images(n: number, seed: number): Float32Array {
  const prng = randomSeeded(seed);
  return Float32Array.from({ length: n * 784 }, () => prng());
}

Deno.test("encode() gives [n, latentSize] codes that do not depend on the batch size", () => {
  const net = buildAutoencoder("report", { seed: 2 });
  const x = images(5, 1);
  const whole = encode(net.encoder, x);
  const batched = encode(net.encoder, x, { batchSize: 2 });
  assertEquals(whole.length, 5 * 343);
  for (let i = 0; i < whole.length; i++) assertAlmostEquals(batched[i], whole[i], 1e-6);
  net.autoencoder.dispose();
});

Deno.test("encode() matches the encoder's own prediction", () => {
  const net = buildAutoencoder("dense", { seed: 2 });
  const x = images(3, 2);
  const input = tf.tensor2d(x, [3, 784]);
  const expected = (net.encoder.predict(input) as tf.Tensor).dataSync();
  const codes = encode(net.encoder, x, { batchSize: 2 });
  for (let i = 0; i < codes.length; i++) assertAlmostEquals(codes[i], expected[i], 1e-6);
  tf.dispose(input);
  net.autoencoder.dispose();
});

Deno.test("reconstruct() and reconstructionError() run in inference mode, batched, without leaks", () => {
  const net = buildAutoencoder("report", { seed: 4 });
  const x = images(7, 3);
  const before = tf.memory().numTensors;
  const a = reconstruct(net.autoencoder, x, { batchSize: 3 });
  const b = reconstruct(net.autoencoder, x, { batchSize: 3 });
  assertEquals(a, b); // no dropout at inference
  assertEquals(a.length, x.length);
  const mse = a.reduce((s, v, i) => s + (v - x[i]) ** 2, 0) / a.length;
  assertAlmostEquals(reconstructionError(net.autoencoder, x, { batchSize: 4 }), mse, 1e-9);
  assertEquals(tf.memory().numTensors, before);
  net.autoencoder.dispose();
});

Deno.test("encode() and reconstruct() reject partial images and bad batch sizes", () => {
  const net = buildAutoencoder("report");
  assertThrows(
    () => encode(net.encoder, new Float32Array(785)),
    TypeError,
    "Cannot encode images: images must hold whole images of 784 values (shape [28,28,1]), current length is 785",
  );
  assertThrows(
    () => reconstruct(net.autoencoder, new Float32Array(784), { batchSize: 0 }),
    RangeError,
    "Cannot reconstruct images: batchSize must be an integer >= 1, current value is 0",
  );
  assertThrows(
    () => reconstructionError(net.autoencoder, new Float32Array(0)),
    RangeError,
    "Cannot compute the reconstruction error: images must hold at least 1 image, current count is 0",
  );
  net.autoencoder.dispose();
});
