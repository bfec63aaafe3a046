import * as tf from "@tensorflow/tfjs";
import { BlockStack } from "./block_stack.ts";
import { PCA } from "../decomposition/mod.ts";
import { initTensorBackend } from "../backend/mod.ts";
import { assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { randomSeeded } from "../random/mod.ts";

await initTensorBackend();

function randomRows(n: number, width: number, scale: number, seed: number): Float32Array {
  const random = randomSeeded(seed);
  return Float32Array.from({ length: n * width }, (_, i) => scale * (random() - 0.5) * (1 + (i % width)));
}

Deno.test("BlockStack is each block's PCA projection times the inverse RMS norm, blocks side by side", () => {
  const n = 200;
  const a = randomRows(n, 12, 1, 1);
  const b = randomRows(n, 5, 1000, 2);
  const stack = new BlockStack({ nComponents: 4 }).fit([{ rows: a, width: 12 }, {
    rows: b,
    width: 5,
  }]);
  assertEquals(stack.blockWidths, [4, 4]);
  const x = stack.transform([a, b]);
  // The reference: the same PCAs (same seeds) applied by hand.
  const expected = [[a, 12], [b, 5]].map(([rows, width]) => {
    const t = tf.tensor2d(rows as Float32Array, [n, width as number]);
    const projected = new PCA({ nComponents: 4 }).fit(t).transform(t);
    t.dispose();
    let sum = 0;
    for (const v of projected) sum += v * v;
    return { projected, scale: 1 / Math.sqrt(sum / n) };
  });
  expected.forEach(({ scale }, i) => assertAlmostEquals(stack.scales[i], scale, 1e-9 * scale));
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < 4; j++) {
      assertAlmostEquals(x[r * 8 + j], expected[0].projected[r * 4 + j] * expected[0].scale, 1e-5);
      assertAlmostEquals(x[r * 8 + 4 + j], expected[1].projected[r * 4 + j] * expected[1].scale, 1e-5);
    }
  }
  // Unit mean squared norm per block on the fitted rows, whatever the block's scale (1 against 1000).
  for (const offset of [0, 4]) {
    let sum = 0;
    for (let r = 0; r < n; r++) for (let j = 0; j < 4; j++) sum += x[r * 8 + offset + j] ** 2;
    assertAlmostEquals(sum / n, 1, 1e-4);
  }
  // New rows go through the fitted PCAs and scales: the first rows again give the same values.
  const again = stack.transform([a.slice(0, 10 * 12), b.slice(0, 10 * 5)]);
  for (let i = 0; i < again.length; i++) assertAlmostEquals(again[i], x[i], 1e-6);
});

Deno.test("BlockStack keeps every column of a block narrower than nComponents", () => {
  const stack = new BlockStack({ nComponents: 50 }).fit([{ rows: randomRows(30, 3, 1, 4), width: 3 }]);
  assertEquals(stack.width, 3);
});

Deno.test("BlockStack refuses bad blocks and use before fit", () => {
  assertThrows(
    () => new BlockStack().width,
    Error,
    "Cannot use BlockStack before fit: call fit(blocks) first",
  );
  assertThrows(() => new BlockStack().fit([]), RangeError, "blocks must hold at least one block");
  assertThrows(
    () => new BlockStack({ nComponents: 0 }).fit([{ rows: new Float32Array(6), width: 3 }]),
    RangeError,
    "nComponents must be",
  );
  assertThrows(
    () => new BlockStack().fit([{ rows: new Float32Array(7), width: 3 }]),
    RangeError,
    "block 0 must hold whole rows of an integer width >= 1, current length 7 and width 3",
  );
  assertThrows(
    () =>
      new BlockStack().fit([{ rows: new Float32Array(6), width: 3 }, {
        rows: new Float32Array(6),
        width: 2,
      }]),
    RangeError,
    "every block must hold the same rows; block 1 holds 3, block 0 2",
  );
  const stack = new BlockStack({ nComponents: 2 }).fit([{ rows: randomRows(10, 3, 1, 5), width: 3 }]);
  assertThrows(
    () => stack.transform([]),
    RangeError,
    "blocks must hold 1 blocks, as fitted, current value is 0",
  );
  assertThrows(() => stack.transform([new Float32Array(4)]), RangeError, "block 0 must hold whole rows");
});
