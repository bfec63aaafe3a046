import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../../std.ts";
import { fastDropout, seedDropoutStream } from "./dropout.ts";

await initTensorBackend();

Deno.test("fastDropout keeps about 1 - rate of the entries, scaled by 1 / (1 - rate)", () => {
  const y = fastDropout(tf.ones([200, 500]), 0.2);
  const v = y.dataSync();
  let kept = 0;
  for (const e of v) {
    if (e !== 0) {
      kept++;
      assertEquals(e, Math.fround(1 / 0.8));
    }
  }
  assertAlmostEquals(kept / v.length, 0.8, 0.005);
  y.dispose();
});

Deno.test("fastDropout with a seed repeats its mask, the stream does not", () => {
  const x = tf.ones([1000]);
  const a = fastDropout(x, 0.5, undefined, 42).dataSync();
  const b = fastDropout(x, 0.5, undefined, 42).dataSync();
  assertEquals(Array.from(a), Array.from(b));
  seedDropoutStream(1);
  const c = fastDropout(x, 0.5).dataSync();
  const d = fastDropout(x, 0.5).dataSync();
  assert(Array.from(c).some((e, i) => e !== d[i]));
  seedDropoutStream(1);
  assertEquals(Array.from(fastDropout(x, 0.5).dataSync()), Array.from(c));
  x.dispose();
});

Deno.test("fastDropout broadcasts a noise shape and passes gradients through the mask", () => {
  const x = tf.ones([4, 6]);
  const y = fastDropout(x, 0.5, [4, 1], 3);
  const rows = y.arraySync() as number[][];
  for (const row of rows) assert(row.every((e) => e === row[0]));
  const g = tf.grad((t: tf.Tensor) => fastDropout(t, 0.5, undefined, 9).sum())(x);
  const mask = fastDropout(x, 0.5, undefined, 9);
  assertEquals(Array.from(g.dataSync()), Array.from(mask.dataSync()));
  tf.dispose([x, y, g, mask]);
});

Deno.test("fastDropout returns a copy for rate 0 and rejects bad input", () => {
  const x = tf.tensor1d([1, 2]);
  const y = fastDropout(x, 0);
  assertEquals(Array.from(y.dataSync()), [1, 2]);
  assertThrows(
    () => fastDropout(x, 1),
    RangeError,
    "Cannot apply dropout: rate must be in [0, 1), current value is 1",
  );
  assertThrows(
    () => fastDropout(tf.tensor1d([1], "int32"), 0.5),
    TypeError,
    "Cannot apply dropout: x must be float32, current dtype is int32",
  );
  tf.dispose([x, y]);
});

Deno.test("layers' dropout uses the fast mask on the WASM backend", () => {
  const layer = tf.layers.dropout({ rate: 0.25, seed: 5 });
  const x = tf.ones([10, 10]);
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  assertEquals(Array.from(y.dataSync()), Array.from(fastDropout(x, 0.25, undefined, 5).dataSync()));
  tf.dispose([x, y]);
});
