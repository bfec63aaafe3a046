import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { fillDropoutMask, SeededDropout } from "./_seeded_dropout.ts";

await initTensorBackend();

Deno.test("fillDropoutMask() keeps about 1 - rate of the entries, scaled by 1 / (1 - rate)", () => {
  const mask = new Float32Array(100_000);
  fillDropoutMask(mask, 0.2, 7, 0);
  const kept = mask.filter((v) => v !== 0);
  assertAlmostEquals(kept.length / mask.length, 0.8, 0.01);
  assert(kept.every((v) => v === Math.fround(1 / 0.8)));
});

Deno.test("fillDropoutMask() depends only on (seed, step)", () => {
  const mask = (seed: number, step: number) => {
    const m = new Float32Array(1000);
    fillDropoutMask(m, 0.5, seed, step);
    return m;
  };
  assertEquals(mask(1, 3), mask(1, 3));
  assert(mask(1, 3).some((v, i) => v !== mask(1, 4)[i]));
  assert(mask(1, 3).some((v, i) => v !== mask(2, 3)[i]));
});

Deno.test("SeededDropout drops only in training mode and advances its step per training call", () => {
  const layer = new SeededDropout({ rate: 0.5, seed: 3 });
  const x = tf.ones([4, 10]);
  const inference = layer.apply(x) as tf.Tensor;
  assertEquals(inference.dataSync(), x.dataSync());
  assertEquals(layer.step, 0);
  const a = layer.apply(x, { training: true }) as tf.Tensor;
  const b = layer.apply(x, { training: true }) as tf.Tensor;
  assertEquals(layer.step, 2);
  assert(a.dataSync().some((v, i) => v !== b.dataSync()[i]));
  const again = new SeededDropout({ rate: 0.5, seed: 3 });
  const c = again.apply(x, { training: true }) as tf.Tensor;
  assertEquals(c.dataSync(), a.dataSync());
  tf.dispose([x, a, b, c]);
});

Deno.test("SeededDropout rejects a rate outside [0, 1)", () => {
  assertThrows(
    () => new SeededDropout({ rate: 1, seed: 0 }),
    RangeError,
    "Cannot create SeededDropout: rate must be in [0, 1), current value is 1",
  );
});
