import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { featureName, fitFeatures, Normalizer, StandardScaler } from "./mod.ts";

await initTensorBackend();

Deno.test("StandardScaler.fit() learns population mean and std, and transform() applies them to new rows", () => {
  const x = tf.tensor2d([[1, 10], [3, 10], [5, 10]]);
  const scaler = new StandardScaler().fit(x);
  assertEquals(Array.from(scaler.mean), [3, 10]);
  assertAlmostEquals(scaler.scale[0], Math.sqrt(8 / 3), 1e-12);
  assertEquals(scaler.scale[1], 1); // constant column: scale 1, as sklearn
  const y = tf.tensor2d([[3 + Math.sqrt(8 / 3), 12]]);
  const out = scaler.transform(y);
  assertAlmostEquals(out[0], 1, 1e-6);
  assertEquals(out[1], 2);
  assertThrows(() => new StandardScaler().transform(x), Error, "Cannot use StandardScaler before fit");
  tf.dispose([x, y]);
});

Deno.test("Normalizer.transform() gives unit rows and keeps zero rows zero", () => {
  const x = tf.tensor2d([[1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 5, 0]]);
  assertEquals(Array.from(new Normalizer().fit(x).transform(x)), [
    0.5,
    0.5,
    0.5,
    0.5,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    0,
  ]);
  x.dispose();
});

Deno.test("fitFeatures() standardizes then projects, fitted on one set and applied to another", () => {
  // Column 0 varies, column 1 is a scaled copy, column 2 is constant: one principal direction.
  const fit = Float32Array.from([0, 0, 7, 1, 10, 7, 2, 20, 7, 3, 30, 7]);
  const f = fitFeatures({ scaling: "standardize", pcaComponents: 1 }, fit, 3);
  assertEquals(f.width, 1);
  assertEquals(featureName(f.spec), "standardize+pca1");
  const projected = f.apply(Float32Array.from([1.5, 15, 7]));
  assertAlmostEquals(projected[0], 0, 1e-6); // the mean row projects to 0
  const far = f.apply(Float32Array.from([3, 30, 7]));
  // (3 - 1.5) / std(0..3) along both varying columns, length sqrt(2) times that along the unit axis.
  assertAlmostEquals(Math.abs(far[0]), Math.SQRT2 * 1.5 / Math.sqrt(1.25), 1e-5);
});
