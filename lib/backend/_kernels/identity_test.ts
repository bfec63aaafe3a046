import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { assertEquals } from "../../std.ts";

await initTensorBackend();

Deno.test("identity shares data that outlives the original tensor", () => {
  const backend = tf.backend();
  const x = tf.tensor1d([1, 2, 3]);
  const before = backend.numDataIds();
  const y = tf.clone(x);
  assertEquals(backend.numDataIds(), before);
  x.dispose();
  assertEquals(Array.from(y.dataSync()), [1, 2, 3]);
  y.dispose();
  assertEquals(backend.numDataIds(), before - 1);
});

Deno.test("cast to the same dtype shares data, to another dtype converts", () => {
  const x = tf.tensor1d([1.5, -2.5, 3]);
  const same = tf.cast(x, "float32");
  const ints = tf.cast(x, "int32");
  x.dispose();
  assertEquals(Array.from(same.dataSync()), [1.5, -2.5, 3]);
  assertEquals(Array.from(ints.dataSync()), [1, -2, 3]);
  tf.dispose([same, ints]);
});

Deno.test("string tensors still clone through the original identity kernel", () => {
  const s = tf.tensor1d(["a", "b"], "string");
  const t = tf.clone(s);
  assertEquals(t.arraySync() as unknown as string[], ["a", "b"]);
  tf.dispose([s, t]);
});
