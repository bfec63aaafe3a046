import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, int, uniform } from "./_parity.ts";

await initTensorBackend();

Deno.test("resizeNearestNeighbor matches the cpu backend, up and down, all corner modes", async () => {
  const prng = randomSeeded(41);
  for (let k = 0; k < 12; k++) {
    const [n, h, w, c] = [
      int(prng, 1, 64),
      int(prng, 1, 9),
      int(prng, 1, 9),
      [1, 3, 7, 14, 128][int(prng, 0, 4)],
    ];
    const size: [number, number] = k < 6 ? [2 * h, 2 * w] : [int(prng, 1, 12), int(prng, 1, 12)];
    const alignCorners = k % 3 === 1;
    const halfPixelCenters = k % 3 === 2;
    const x = uniform(n * h * w * c, prng);
    await assertParity(
      `n${n} ${h}x${w}x${c} -> ${size} ac${alignCorners} hp${halfPixelCenters}`,
      () =>
        tf.image.resizeNearestNeighbor(tf.tensor4d(x, [n, h, w, c]), size, alignCorners, halfPixelCenters),
    );
  }
});
