import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, uniform } from "./_parity.ts";
import { assertEquals } from "../../std.ts";

await initTensorBackend();

Deno.test("sum matches the cpu backend over leading and other axes", async () => {
  const prng = randomSeeded(61);
  const x = uniform(64 * 9 * 7 * 14, prng);
  for (
    const [axis, keepDims] of [[[0, 1, 2], false], [0, true], [[1, 0], false], [[0, 1, 2, 3], false], [
      [1, 2],
      false,
    ], [3, true]] as const
  ) {
    await assertParity(
      `axis ${axis} keepDims ${keepDims}`,
      () => tf.sum(tf.tensor4d(x, [64, 9, 7, 14]), axis as number | number[], keepDims),
    );
  }
});

Deno.test("sum over leading axes keeps the output shape and accuracy of a long column", () => {
  const y = tf.sum(tf.ones([100_000, 3]), 0, true);
  assertEquals(y.shape, [1, 3]);
  assertEquals(Array.from(y.dataSync()), [100_000, 100_000, 100_000]);
  y.dispose();
});
