import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, int, uniform } from "./_parity.ts";
import { assertEquals } from "../../std.ts";

await initTensorBackend();

/**
 * The gradient through the engine, one batch entry at a time: the tfjs cpu kernel (4.22) offsets dy by the
 * images' batch stride, so its results are wrong for batches above 1; per-entry calls are correct.
 */
function gradPerEntry(
  dy: Float32Array,
  shape: number[],
  oh: number,
  ow: number,
  alignCorners: boolean,
): tf.Tensor {
  const [n, h, w, c] = shape;
  const parts = [];
  for (let b = 0; b < n; b++) {
    parts.push(
      tf.engine().runKernel("ResizeNearestNeighborGrad", {
        images: tf.zeros([1, h, w, c]),
        dy: tf.tensor4d(dy.subarray(b * oh * ow * c, (b + 1) * oh * ow * c), [1, oh, ow, c]),
      }, { alignCorners, halfPixelCenters: false, size: [oh, ow] }) as tf.Tensor,
    );
  }
  return tf.concat(parts, 0);
}

Deno.test("resizeNearestNeighborGrad matches the cpu backend, up and down, with align corners", async () => {
  const prng = randomSeeded(51);
  for (let k = 0; k < 12; k++) {
    const [n, h, w, c] = [
      int(prng, 1, 64),
      int(prng, 1, 9),
      int(prng, 1, 9),
      [1, 3, 7, 14, 128][int(prng, 0, 4)],
    ];
    const [oh, ow] = k < 6 ? [2 * h, 2 * w] : [int(prng, 1, 12), int(prng, 1, 12)];
    const alignCorners = k % 2 === 1;
    const dy = uniform(n * oh * ow * c, prng);
    await assertParity(
      `n${n} ${h}x${w}x${c} <- ${oh}x${ow} ac${alignCorners}`,
      () => gradPerEntry(dy, [n, h, w, c], oh, ow, alignCorners),
    );
  }
});

Deno.test("resizeNearestNeighborGrad sums each source pixel's block for a batch of 2", () => {
  const dy = tf.range(0, 32).reshape([2, 2, 8, 1]);
  const dx = tf.engine().runKernel("ResizeNearestNeighborGrad", { images: tf.zeros([2, 1, 4, 1]), dy }, {
    alignCorners: false,
    halfPixelCenters: false,
    size: [2, 8],
  }) as tf.Tensor;
  assertEquals(Array.from(dx.dataSync()), [18, 26, 34, 42, 82, 90, 98, 106]);
  tf.dispose([dy, dx]);
});
