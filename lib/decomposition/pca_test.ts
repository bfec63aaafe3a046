import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { randomSeeded } from "../random/mod.ts";
import { assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { PCA } from "./pca.ts";

await initTensorBackend();

Deno.test("PCA.fit() recovers the axes and variances of a known anisotropic Gaussian", () => {
  // Points with standard deviations 5, 2, 0.5 along a rotated orthonormal basis.
  const prng = randomSeeded(4);
  const normal = () => Math.sqrt(-2 * Math.log(1 - prng())) * Math.cos(2 * Math.PI * prng());
  const s = Math.SQRT1_2;
  const basis = [[s, s, 0], [-s, s, 0], [0, 0, 1]];
  const sd = [5, 2, 0.5];
  const rows: number[][] = [];
  for (let i = 0; i < 20000; i++) {
    const z = sd.map((v) => v * normal());
    rows.push([0, 1, 2].map((j) => 10 + z[0] * basis[0][j] + z[1] * basis[1][j] + z[2] * basis[2][j]));
  }
  const x = tf.tensor2d(rows);
  const pca = new PCA({ nComponents: 2 }).fit(x);
  assertAlmostEquals(pca.explainedVariance[0], 25, 1);
  assertAlmostEquals(pca.explainedVariance[1], 4, 0.2);
  // The axes are those of the basis up to sign, and orthogonal.
  const c = pca.components;
  assertAlmostEquals(Math.abs(c[0]), s, 0.02);
  assertAlmostEquals(Math.abs(c[1]), s, 0.02);
  assertAlmostEquals(Math.abs(c[3] * c[0] + c[4] * c[1] + c[5] * c[2]), 0, 1e-9);
  const projected = pca.transform(x);
  assertEquals(projected.length, 20000 * 2);
  let mean = 0;
  for (let i = 0; i < 20000; i++) mean += projected[2 * i];
  assertAlmostEquals(mean / 20000, 0, 1e-3);
  x.dispose();
});

Deno.test("PCA.fit() rejects more components than features", () => {
  const x = tf.tensor2d([[1, 2], [3, 4], [5, 7]]);
  assertThrows(
    () => new PCA({ nComponents: 3 }).fit(x),
    RangeError,
    "Cannot fit PCA: nComponents must be an integer >= 1 <= 2, current value is 3",
  );
  assertThrows(() => new PCA().transform(x), Error, "Cannot use PCA before fit");
  x.dispose();
});
