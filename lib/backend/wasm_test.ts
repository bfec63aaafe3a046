import * as tf from "@tensorflow/tfjs";
import { initTensorBackend, MAX_TENSOR_THREADS, shutdownTensorBackend } from "./wasm.ts";
import { randomSeeded } from "../random/mod.ts";
import { relativeError, uniform } from "./_kernels/_parity.ts";
import { assert, assertEquals, assertRejects } from "../std.ts";

Deno.test("initTensorBackend rejects a thread count that is not an integer >= 1", async () => {
  await assertRejects(
    () => initTensorBackend({ threads: 0 }),
    RangeError,
    "Cannot initialise the WASM backend: threads must be an integer >= 1, current value is 0",
  );
  await assertRejects(
    () => initTensorBackend({ threads: 1.5 }),
    RangeError,
    "Cannot initialise the WASM backend: threads must be an integer >= 1, current value is 1.5",
  );
});

Deno.test("initTensorBackend is a no-op when repeated and refuses another thread count", async () => {
  const info = await initTensorBackend();
  assertEquals(info, await initTensorBackend({ threads: 1 }));
  await assertRejects(
    () => initTensorBackend({ threads: 2 }),
    Error,
    "Cannot initialise the WASM backend with 2 thread(s): it already runs 1, call shutdownTensorBackend() first",
  );
});

/** A forward and backward pass through the training kernels; returns every output's values. */
function workload(): Float32Array[] {
  const prng = randomSeeded(91);
  const x = tf.tensor4d(uniform(32 * 14 * 14 * 7, prng), [32, 14, 14, 7]);
  const w = tf.tensor4d(uniform(3 * 3 * 7 * 14, prng), [3, 3, 7, 14]);
  const a = tf.tensor2d(uniform(256 * 300, prng), [256, 300]);
  const b = tf.tensor2d(uniform(300 * 200, prng), [300, 200]);
  const outs = tf.tidy(() => {
    const f = (xs: tf.Tensor, ws: tf.Tensor) =>
      tf.maxPool(tf.relu(tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, 1, "same")), 2, 2, "same").sum();
    return [...tf.grads(f)([x, w]), tf.matMul(a, b), tf.matMul(a, a, true, false)];
  });
  const values = outs.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose([...outs, x, w, a, b]);
  return values;
}

Deno.test({
  name: "initTensorBackend with 2 threads matches 1 thread, and shutdownTensorBackend stops the workers",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    shutdownTensorBackend();
    assertEquals((await initTensorBackend({ threads: 1 })).threads, 1);
    const single = workload();
    shutdownTensorBackend();
    const info = await initTensorBackend({ threads: 2 });
    assertEquals(info.threads, 2);
    assert(
      "PThread" in (tf.backend() as unknown as { wasm: object }).wasm,
      "the threaded build is not loaded",
    );
    const multi = workload();
    shutdownTensorBackend();
    for (let i = 0; i < single.length; i++) {
      const err = relativeError(multi[i], single[i]);
      assert(err < 1e-5, `output ${i} differs by ${err}`);
    }
    assertEquals((await initTensorBackend()).threads, 1);
  },
});

Deno.test({
  name: "initTensorBackend runs at most MAX_TENSOR_THREADS threads",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    shutdownTensorBackend();
    assertEquals((await initTensorBackend({ threads: 64 })).threads, MAX_TENSOR_THREADS);
    assertEquals((await initTensorBackend({ threads: 16 })).threads, MAX_TENSOR_THREADS);
    shutdownTensorBackend();
  },
});
