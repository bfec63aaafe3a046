import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, int, uniform } from "./_parity.ts";

await initTensorBackend();

Deno.test("conv2dBackpropInput matches the cpu backend on random shapes", async () => {
  const prng = randomSeeded(11);
  const fixed = [
    { n: 64, h: 6, w: 6, ci: 1, co: 14, f: 3, stride: 1, pad: "same" as const },
    { n: 2, h: 7, w: 8, ci: 128, co: 3, f: 3, stride: 2, pad: "same" as const },
    { n: 3, h: 9, w: 7, ci: 5, co: 128, f: 2, stride: 2, pad: "valid" as const },
  ];
  const cases = [...fixed];
  while (cases.length < 14) {
    const c = {
      n: int(prng, 1, 64),
      h: int(prng, 3, 9),
      w: int(prng, 3, 9),
      ci: [1, 2, 3, 7, 14, 32, 128][int(prng, 0, 6)],
      co: [1, 2, 5, 7, 14, 16, 128][int(prng, 0, 6)],
      f: int(prng, 1, 4),
      stride: int(prng, 1, 2),
      pad: prng() < 0.5 ? "same" as const : "valid" as const,
    };
    if (c.f <= Math.min(c.h, c.w) && c.n * c.h * c.w * c.f * c.f * c.ci * c.co <= 2e6) cases.push(c);
  }
  for (const c of cases) {
    const info = tf.backend_util.computeConv2DInfo(
      [c.n, c.h, c.w, c.ci],
      [c.f, c.f, c.ci, c.co],
      c.stride,
      1,
      c.pad,
    );
    const dy = uniform(c.n * info.outHeight * info.outWidth * c.co, prng);
    const w = uniform(c.f * c.f * c.ci * c.co, prng);
    await assertParity(JSON.stringify(c), () =>
      tf.conv2dTranspose(
        tf.tensor4d(dy, [c.n, info.outHeight, info.outWidth, c.co]),
        tf.tensor4d(w, [c.f, c.f, c.ci, c.co]),
        [c.n, c.h, c.w, c.ci],
        c.stride,
        c.pad,
      ));
  }
});

Deno.test("conv2dBackpropInput matches the cpu backend for NCHW and explicit padding", async () => {
  const prng = randomSeeded(12);
  const w = uniform(3 * 3 * 3 * 4, prng);
  const dy = uniform(2 * 4 * 6 * 5, prng);
  await assertParity("NCHW", () =>
    tf.engine().runKernel("Conv2DBackpropInput", {
      dy: tf.tensor4d(dy, [2, 4, 6, 5]),
      filter: tf.tensor4d(w, [3, 3, 3, 4]),
    }, { strides: 1, pad: "same", dataFormat: "NCHW", inputShape: [2, 3, 6, 5] }) as tf.Tensor);
  const pad: tf.NamedAttrMap[string] = [[0, 0], [2, 0], [1, 2], [0, 0]];
  const info = tf.backend_util.computeConv2DInfo(
    [2, 6, 5, 3],
    [3, 3, 3, 4],
    2,
    1,
    pad as [[0, 0], [2, 0], [1, 2], [0, 0]],
  );
  const dy2 = uniform(2 * info.outHeight * info.outWidth * 4, prng);
  await assertParity("explicit", () =>
    tf.engine().runKernel("Conv2DBackpropInput", {
      dy: tf.tensor4d(dy2, [2, info.outHeight, info.outWidth, 4]),
      filter: tf.tensor4d(w, [3, 3, 3, 4]),
    }, { strides: 2, pad, dataFormat: "NHWC", inputShape: [2, 6, 5, 3] }) as tf.Tensor);
});
