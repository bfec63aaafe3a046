import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { onBoth, relativeError, uniform } from "./_parity.ts";
import { assert, assertEquals } from "../../std.ts";

await initTensorBackend();

Deno.test("AdamUpdate reproduces tfjs's op-by-op Adam arithmetic bit for bit", () => {
  const prng = randomSeeded(111);
  const n = 1003;
  const [w, g, m] = [uniform(n, prng), uniform(n, prng), uniform(n, prng, -0.1, 0.1)];
  const v = uniform(n, prng, 0, 0.01);
  const attrs = { beta1: 0.9, beta2: 0.999, oneMinusAccBeta1: 1 - Math.fround(0.9 ** 3), epsilon: 1e-7 };
  const full = { ...attrs, oneMinusAccBeta2: 1 - Math.fround(0.999 ** 3), learningRate: 0.003 };
  const [wt, gt, mt, vt] = [w, g, m, v].map((a) => tf.tensor1d(a));
  const fused = tf.engine().runKernel(
    "AdamUpdate",
    { value: wt, gradient: gt, m: mt, v: vt },
    full,
  ) as tf.Tensor[];
  const expected = tf.tidy(() => {
    const m2 = tf.add(tf.mul(mt, 0.9), tf.mul(gt, 1 - 0.9));
    const v2 = tf.add(tf.mul(vt, 0.999), tf.mul(tf.square(gt), 1 - 0.999));
    const mHat = tf.div(m2, tf.scalar(full.oneMinusAccBeta1));
    const vHat = tf.div(v2, tf.scalar(full.oneMinusAccBeta2));
    const w2 = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), 1e-7)), -0.003), wt);
    return [w2, m2, v2];
  });
  for (let i = 0; i < 3; i++) {
    assertEquals(Array.from(fused[i].dataSync()), Array.from(expected[i].dataSync()));
  }
  tf.dispose([wt, gt, mt, vt, ...fused, ...expected]);
});

Deno.test("Adam training on the WASM backend matches the cpu backend", async () => {
  const prng = randomSeeded(112);
  const x = uniform(64 * 20, prng);
  const w0 = uniform(20 * 5, prng);
  const b0 = uniform(5, prng);
  const { wasm, cpu } = await onBoth(() => {
    const w = tf.variable(tf.tensor2d(w0, [20, 5]));
    const b = tf.variable(tf.tensor1d(b0));
    const xs = tf.tensor2d(x, [64, 20]);
    const optimizer = tf.train.adam(0.01);
    for (let step = 0; step < 5; step++) {
      optimizer.minimize(() => tf.mean(tf.square(tf.relu(tf.add(tf.matMul(xs, w), b)))));
    }
    const out = [w.clone(), b.clone()];
    optimizer.dispose();
    tf.dispose([w, b]);
    return out;
  });
  for (let i = 0; i < wasm.length; i++) {
    const err = relativeError(wasm[i], cpu[i]);
    assert(err < 1e-4, `output ${i} differs by ${err}`);
  }
});

Deno.test("Adam on the WASM backend keeps tfjs's optimizer state", async () => {
  const w = tf.variable(tf.ones([3]), true, "adamStateW");
  const optimizer = tf.train.adam(0.1);
  for (let step = 0; step < 3; step++) optimizer.minimize(() => tf.sum(tf.square(w)));
  assertEquals(optimizer.iterations, 3);
  const weights = await optimizer.getWeights();
  assertEquals(weights.map((t) => t.name), ["iter", "adamStateW/m", "adamStateW/v"]);
  assert(w.dataSync().every((v) => v < 1));
  optimizer.dispose();
  w.dispose();
});
