import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, int, uniform } from "./_parity.ts";
import { assertEquals } from "../../std.ts";
import { asMatrixTranspose } from "./transpose.ts";

await initTensorBackend();

Deno.test("asMatrixTranspose recognises rotations and batched rotations only", () => {
  assertEquals(asMatrixTranspose([3, 5], [1, 0]), { batch: 1, rows: 3, cols: 5 });
  assertEquals(asMatrixTranspose([2, 4, 4, 7], [3, 0, 1, 2]), { batch: 1, rows: 32, cols: 7 });
  assertEquals(asMatrixTranspose([2, 4, 4, 7], [1, 2, 3, 0]), { batch: 1, rows: 2, cols: 112 });
  assertEquals(asMatrixTranspose([6, 3, 5], [0, 2, 1]), { batch: 6, rows: 3, cols: 5 });
  assertEquals(asMatrixTranspose([1, 3, 5], [0, 2, 1]), { batch: 1, rows: 3, cols: 5 });
  assertEquals(asMatrixTranspose([2, 3, 4, 5], [1, 0, 2, 3]), undefined);
  assertEquals(asMatrixTranspose([2, 3, 4], [0, 1, 2]), undefined);
});

Deno.test("transpose matches the cpu backend on random shapes and permutations", async () => {
  const prng = randomSeeded(131);
  const perms = [[1, 0], [3, 0, 1, 2], [1, 2, 3, 0], [0, 2, 1], [0, 3, 1, 2], [2, 0, 1], [1, 0, 2], [
    0,
    2,
    3,
    1,
  ]];
  for (let k = 0; k < 24; k++) {
    const perm = perms[k % perms.length];
    const shape = perm.map(() => (prng() < 0.15 ? 1 : int(prng, 1, 37)));
    const size = shape.reduce((p, d) => p * d, 1);
    const x = uniform(size, prng);
    await assertParity(`shape ${shape} perm ${perm}`, () => tf.transpose(tf.tensor(x, shape), perm), 1e-30);
  }
});

Deno.test("transpose moves int32 values exactly", () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [3, 5], "int32");
  const y = tf.transpose(x);
  assertEquals(y.dtype, "int32");
  assertEquals(Array.from(y.dataSync()), [1, 6, 11, 2, 7, 12, 3, 8, 13, 4, 9, 14, 5, 10, 15]);
  tf.dispose([x, y]);
});
