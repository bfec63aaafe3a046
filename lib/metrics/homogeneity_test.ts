import { completeness, homogeneity, homogeneityCompletenessVMeasure, vMeasure } from "./homogeneity.ts";
import { nmi } from "./nmi.ts";
import { assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";

const T = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
const P = [1, 1, 0, 0, 2, 2, 2, 2, 5, 5];

Deno.test("homogeneityCompletenessVMeasure() matches scikit-learn", () => {
  const s = homogeneityCompletenessVMeasure(T, P);
  assertAlmostEquals(s.homogeneity, 0.6180656462921543, 1e-15);
  assertAlmostEquals(s.completeness, 0.5051961085524237, 1e-15);
  assertAlmostEquals(s.vMeasure, 0.555960101000571, 1e-15);
  assertAlmostEquals(homogeneityCompletenessVMeasure(T, P, { beta: 2 }).vMeasure, 0.537941961631517, 1e-15);
});

Deno.test("homogeneity() and completeness() match scikit-learn's documented examples", () => {
  assertEquals(homogeneity([0, 0, 1, 1], [1, 1, 0, 0]), 1);
  assertAlmostEquals(homogeneity([0, 0, 1, 1], [0, 0, 1, 2]), 1, 1e-15);
  assertAlmostEquals(homogeneity([0, 0, 1, 1], [0, 1, 2, 3]), 1, 1e-15);
  assertEquals(homogeneity([0, 0, 1, 1], [0, 1, 0, 1]), 0);
  assertEquals(completeness([0, 0, 1, 1], [0, 0, 0, 0]), 1);
  assertAlmostEquals(completeness([0, 1, 2, 3], [0, 0, 1, 1]), 1, 1e-15);
  assertEquals(completeness([0, 0, 1, 1], [0, 1, 0, 1]), 0);
  assertEquals(completeness([0, 0, 0, 0], [0, 1, 2, 3]), 0);
});

Deno.test("homogeneityCompletenessVMeasure() gives scikit-learn's single-cluster edge cases", () => {
  // A single class is perfectly homogeneous; a single cluster perfectly complete.
  assertEquals(homogeneityCompletenessVMeasure([0, 0, 0, 0], [0, 1, 2, 3]), {
    homogeneity: 1,
    completeness: 0,
    vMeasure: 0,
  });
  assertEquals(homogeneityCompletenessVMeasure([0, 1, 2, 3], [0, 0, 0, 0]), {
    homogeneity: 0,
    completeness: 1,
    vMeasure: 0,
  });
  assertEquals(homogeneityCompletenessVMeasure([3, 3], [1, 1]), {
    homogeneity: 1,
    completeness: 1,
    vMeasure: 1,
  });
});

Deno.test("vMeasure() equals arithmetic nmi and ignores label ids", () => {
  assertAlmostEquals(vMeasure(T, P), nmi(T, P), 1e-15);
  assertAlmostEquals(vMeasure([0, 0, 1, 2], [0, 0, 1, 1]), 0.8, 1e-15);
  assertEquals(vMeasure([0, 0, 1, 1], [-5, -5, 70, 70]), 1);
});

Deno.test("vMeasure() rejects a bad beta", () => {
  assertThrows(
    () => vMeasure(T, P, { beta: -1 }),
    RangeError,
    "Cannot compute V-measure: beta must be a finite number >= 0, current value is -1",
  );
  assertThrows(
    () => homogeneityCompletenessVMeasure(T, P, { beta: NaN }),
    RangeError,
    "Cannot compute V-measure: beta must be a finite number >= 0, current value is NaN",
  );
});
