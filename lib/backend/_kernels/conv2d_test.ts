import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, int, uniform } from "./_parity.ts";

await initTensorBackend();

Deno.test("conv2d matches the cpu backend with few output channels, strides and dilations", async () => {
  const prng = randomSeeded(21);
  for (let k = 0; k < 16; k++) {
    const n = int(prng, 1, 64);
    const h = int(prng, 4, 10);
    const w = int(prng, 4, 10);
    const ci = [1, 3, 4, 14, 128][int(prng, 0, 4)];
    const co = int(prng, 1, 3);
    const f = int(prng, 1, 3);
    const dilated = k % 4 === 3;
    const stride = dilated ? 1 : int(prng, 1, 2);
    const dilation = dilated ? 2 : 1;
    const pad = prng() < 0.5 ? "same" as const : "valid" as const;
    if (n * h * w * ci > 2e5) continue;
    const x = uniform(n * h * w * ci, prng);
    const filter = uniform(f * f * ci * co, prng);
    await assertParity(
      `conv2d n${n} h${h} w${w} ci${ci} co${co} f${f} s${stride} d${dilation} ${pad}`,
      () =>
        tf.conv2d(
          tf.tensor4d(x, [n, h, w, ci]),
          tf.tensor4d(filter, [f, f, ci, co]),
          stride,
          pad,
          "NHWC",
          dilation,
        ),
    );
  }
});

Deno.test("fused conv2d matches the cpu backend with bias and relu", async () => {
  const prng = randomSeeded(22);
  for (
    const [co, activation, biasSize] of [[1, "relu", 1], [1, "linear", 1], [2, "relu", 2], [
      3,
      "relu",
      3,
    ]] as const
  ) {
    const x = uniform(5 * 8 * 7 * 14, prng);
    const filter = uniform(3 * 3 * 14 * co, prng);
    const bias = uniform(biasSize, prng);
    await assertParity(`fused co${co} ${activation}`, () =>
      tf.fused.conv2d({
        x: tf.tensor4d(x, [5, 8, 7, 14]),
        filter: tf.tensor4d(filter, [3, 3, 14, co]),
        strides: 1,
        pad: "same",
        bias: tf.tensor1d(bias),
        activation,
      }));
  }
});
