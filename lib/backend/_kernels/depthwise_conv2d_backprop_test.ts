import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, int, uniform } from "./_parity.ts";

await initTensorBackend();

Deno.test("depthwise conv2d gradients match the cpu backend on random shapes", async () => {
  const prng = randomSeeded(101);
  for (let k = 0; k < 10; k++) {
    const n = int(prng, 1, 64);
    const [h, w] = [int(prng, 3, 9), int(prng, 3, 9)];
    const c = [1, 2, 7, 32][int(prng, 0, 3)];
    const cm = int(prng, 1, 3);
    const f = int(prng, 1, 3);
    const stride = int(prng, 1, 2);
    const pad = prng() < 0.5 ? "same" as const : "valid" as const;
    if (n * h * w * c * cm > 1e5) continue;
    const x = uniform(n * h * w * c, prng);
    const filter = uniform(f * f * c * cm, prng);
    const info = tf.backend_util.computeConv2DInfo(
      [n, h, w, c],
      [f, f, c, cm],
      stride,
      1,
      pad,
      undefined,
      true,
    );
    const r = uniform(n * info.outHeight * info.outWidth * c * cm, prng);
    await assertParity(`n${n} ${h}x${w}x${c} cm${cm} f${f} s${stride} ${pad}`, () => {
      const loss = (xs: tf.Tensor, fs: tf.Tensor) =>
        tf.sum(tf.mul(
          tf.depthwiseConv2d(xs as tf.Tensor4D, fs as tf.Tensor4D, stride, pad),
          tf.tensor4d(r, [n, info.outHeight, info.outWidth, c * cm]),
        ));
      return tf.grads(loss)([tf.tensor4d(x, [n, h, w, c]), tf.tensor4d(filter, [f, f, c, cm])]);
    });
  }
});

Deno.test("a separable convolution layer trains on the WASM backend", async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.separableConv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, padding: "same" }),
    ],
  });
  model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  const x = tf.tensor4d(uniform(4 * 6 * 6 * 2, randomSeeded(102)), [4, 6, 6, 2]);
  const y = tf.zeros([4, 6, 6, 3]);
  await model.fit(x, y, { epochs: 1, verbose: 0 });
  tf.dispose([x, y]);
  model.dispose();
});
