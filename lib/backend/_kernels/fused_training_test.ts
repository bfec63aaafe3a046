import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, uniform } from "./_parity.ts";
import { assertEquals, assertThrows } from "../../std.ts";

await initTensorBackend();

Deno.test("fused conv2d gradients in training match the cpu backend, with and without bias", async () => {
  const prng = randomSeeded(121);
  for (
    const [activation, withBias, stride, pad] of [
      ["relu", true, 1, "same"],
      ["linear", true, 2, "valid"],
      ["relu", false, 2, "same"],
    ] as const
  ) {
    const x = uniform(6 * 9 * 8 * 5, prng);
    const w = uniform(3 * 3 * 5 * 7, prng);
    const b = uniform(7, prng);
    const info = tf.backend_util.computeConv2DInfo([6, 9, 8, 5], [3, 3, 5, 7], stride, 1, pad);
    const r = uniform(6 * info.outHeight * info.outWidth * 7, prng);
    await assertParity(`${activation} bias ${withBias} s${stride} ${pad}`, () => {
      const f = (...args: tf.Tensor[]) =>
        tf.sum(tf.mul(
          tf.fused.conv2d({
            x: args[0] as tf.Tensor4D,
            filter: args[1] as tf.Tensor4D,
            bias: withBias ? args[2] : undefined,
            strides: stride,
            pad,
            activation,
          }),
          tf.tensor4d(r, [6, info.outHeight, info.outWidth, 7]),
        ));
      const inputs = [tf.tensor4d(x, [6, 9, 8, 5]), tf.tensor4d(w, [3, 3, 5, 7])];
      return tf.grads(f)(withBias ? [...inputs, tf.tensor1d(b)] : inputs);
    });
  }
});

Deno.test("fused conv2d in training gives variable gradients without leaking tensors", () => {
  const x = tf.ones([2, 5, 5, 3]) as tf.Tensor4D;
  const w = tf.variable(tf.ones([3, 3, 3, 4]));
  const b = tf.variable(tf.zeros([4]));
  const before = tf.memory().numTensors;
  const { value, grads } = tf.variableGrads(() =>
    tf.sum(
      tf.fused.conv2d({ x, filter: w as tf.Tensor4D, bias: b, strides: 1, pad: "same", activation: "relu" }),
    )
  );
  assertEquals(Object.keys(grads).sort(), [b.name, w.name].sort());
  assertEquals(grads[w.name].shape, [3, 3, 3, 4]);
  tf.dispose([value, ...Object.values(grads)]);
  assertEquals(tf.memory().numTensors, before);
  tf.dispose([x, w, b]);
});

Deno.test("the FusedConv2D gradient refuses activations it does not implement", () => {
  const x = tf.ones([1, 3, 3, 1]);
  const w = tf.ones([1, 1, 1, 1]);
  assertThrows(
    () =>
      tf.grad((t: tf.Tensor) =>
        tf.sum(
          tf.engine().runKernel("FusedConv2D", { x: t, filter: w }, {
            strides: 1,
            pad: "same",
            dataFormat: "NHWC",
            dilations: 1,
            activation: "elu",
          }) as tf.Tensor,
        )
      )(x),
    RangeError,
    "Cannot compute the FusedConv2D gradient: activation must be linear or relu, current value is elu",
  );
  tf.dispose([x, w]);
});
