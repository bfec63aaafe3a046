import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, int, uniform } from "./_parity.ts";

await initTensorBackend();

/** MaxPoolGrad through the engine, given the pooling input. */
function maxPoolGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterSize: number,
  strides: number,
  pad: "same" | "valid",
): tf.Tensor {
  const y = tf.maxPool(x, filterSize, strides, pad);
  return tf.engine().runKernel("MaxPoolGrad", { dy, input: x, output: y }, {
    filterSize,
    strides,
    pad,
  }) as tf.Tensor;
}

Deno.test("maxPoolGrad matches the cpu backend on random shapes, ties included", async () => {
  const prng = randomSeeded(31);
  const cases = [
    { n: 64, h: 8, w: 8, c: 14, f: 2, s: 2, pad: "same" as const },
    { n: 3, h: 7, w: 7, c: 7, f: 2, s: 2, pad: "same" as const },
    { n: 2, h: 9, w: 8, c: 128, f: 3, s: 2, pad: "valid" as const },
    { n: 4, h: 6, w: 6, c: 5, f: 3, s: 1, pad: "same" as const },
    { n: 1, h: 9, w: 9, c: 3, f: 2, s: 3, pad: "valid" as const },
  ];
  while (cases.length < 12) {
    cases.push({
      n: int(prng, 1, 64),
      h: int(prng, 3, 9),
      w: int(prng, 3, 9),
      c: [1, 2, 3, 7, 14, 64, 128][int(prng, 0, 6)],
      f: int(prng, 1, 3),
      s: int(prng, 1, 2),
      pad: prng() < 0.5 ? "same" : "valid",
    });
  }
  for (const c of cases) {
    if (c.f > Math.min(c.h, c.w)) continue;
    // ReLU'd values: many windows of tied zeros.
    const x = uniform(c.n * c.h * c.w * c.c, prng).map((v) => Math.max(0, v));
    const info = tf.backend_util.computePool2DInfo([c.n, c.h, c.w, c.c], c.f, c.s, 1, c.pad);
    const dy = uniform(c.n * info.outHeight * info.outWidth * c.c, prng);
    await assertParity(JSON.stringify(c), () =>
      maxPoolGrad(
        tf.tensor4d(x, [c.n, c.h, c.w, c.c]),
        tf.tensor4d(dy, [c.n, info.outHeight, info.outWidth, c.c]),
        c.f,
        c.s,
        c.pad,
      ));
  }
});

Deno.test("maxPoolGrad routes nothing from all -Infinity windows, as the cpu backend does", async () => {
  const x = new Float32Array(2 * 4 * 4 * 5).fill(-Infinity);
  x[7] = 1;
  const dy = new Float32Array(2 * 2 * 2 * 5).fill(1);
  await assertParity(
    "-Infinity",
    () => maxPoolGrad(tf.tensor4d(x, [2, 4, 4, 5]), tf.tensor4d(dy, [2, 2, 2, 5]), 2, 2, "valid"),
  );
});
