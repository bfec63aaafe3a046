import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, int, uniform } from "./_parity.ts";
import { assertEquals } from "../../std.ts";

await initTensorBackend();

Deno.test("batchMatMul matches the cpu backend with every transpose combination and batches", async () => {
  const prng = randomSeeded(71);
  for (let c = 0; c < 24; c++) {
    const [m, k, n] = [int(prng, 1, 130), int(prng, 1, 130), int(prng, 1, 130)];
    const transposeA = c % 2 === 1;
    const transposeB = (c >> 1) % 2 === 1;
    const mode = (c >> 2) % 3; // 0: 2-D, 1: batched a with 2-D b, 2: batched both
    const batch = mode === 0 ? 1 : int(prng, 2, 5);
    const aShape = transposeA ? [k, m] : [m, k];
    const bShape = transposeB ? [n, k] : [k, n];
    const a = uniform(batch * m * k, prng);
    const b = uniform((mode === 2 ? batch : 1) * k * n, prng);
    await assertParity(
      `m${m} k${k} n${n} tA${transposeA} tB${transposeB} mode${mode} batch${batch}`,
      () =>
        tf.matMul(
          tf.tensor(a, mode === 0 ? aShape : [batch, ...aShape]),
          tf.tensor(b, mode === 2 ? [batch, ...bShape] : bShape),
          transposeA,
          transposeB,
        ),
    );
  }
});

Deno.test("fused matMul matches the cpu backend with transposes, bias and relu", async () => {
  const prng = randomSeeded(72);
  for (let c = 0; c < 8; c++) {
    const [m, k, n] = [int(prng, 1, 64), int(prng, 1, 64), int(prng, 1, 64)];
    const transposeA = c % 2 === 1;
    const transposeB = (c >> 1) % 2 === 1;
    const batch = c < 4 ? 1 : 3;
    const a = uniform(batch * m * k, prng);
    const b = uniform(batch * k * n, prng);
    const bias = uniform(n, prng);
    await assertParity(
      `fused m${m} k${k} n${n} tA${transposeA} tB${transposeB} batch${batch}`,
      () =>
        tf.fused.matMul({
          a: tf.tensor(a, [batch, ...(transposeA ? [k, m] : [m, k])]),
          b: tf.tensor(b, [batch, ...(transposeB ? [n, k] : [k, n])]),
          transposeA,
          transposeB,
          bias: tf.tensor1d(bias),
          activation: "relu",
        }),
    );
  }
});

Deno.test("batchMatMul frees its intermediates and views", () => {
  const backend = tf.backend();
  const a = tf.ones([3, 4, 5]);
  const b = tf.ones([3, 6, 5]);
  const w = tf.ones([5, 2]);
  const before = backend.numDataIds();
  tf.matMul(a, b, false, true).dispose();
  tf.matMul(a, w).dispose();
  tf.matMul(a, b, true, true).dispose();
  assertEquals(backend.numDataIds(), before);
  tf.dispose([a, b, w]);
});

Deno.test("batchMatMul handles zero-sized operands", () => {
  const a = tf.zeros([2, 3, 0]);
  const b = tf.zeros([0, 4]);
  const y = tf.matMul(a, b);
  assertEquals(y.shape, [2, 3, 4]);
  assertEquals(Array.from(y.dataSync()), new Array(24).fill(0));
  const e = tf.matMul(tf.zeros([0, 5]), tf.ones([5, 2]));
  assertEquals(e.shape, [0, 2]);
  tf.dispose([a, b, y, e]);
});

Deno.test("batchMatMul matches the cpu backend on wide products it computes transposed", async () => {
  const prng = randomSeeded(73);
  const a = uniform(16 * 300, prng);
  const b = uniform(300 * 900, prng);
  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
    await assertParity(`wide tA${transposeA} tB${transposeB}`, () =>
      tf.matMul(
        tf.tensor2d(a, transposeA ? [300, 16] : [16, 300]),
        tf.tensor2d(b, transposeB ? [900, 300] : [300, 900]),
        transposeA,
        transposeB,
      ));
  }
});
