import { assertAlmostEquals, assertEquals } from "../std.ts";
import { choleskyLower, inverseLowerTransposed, logDetTriangular, precisionCholesky } from "./_linalg.ts";

Deno.test("choleskyLower() factors a positive definite matrix and rejects an indefinite one", () => {
  const a = Float64Array.from([4, 2, 2, 2, 5, 1, 2, 1, 6]);
  const l = choleskyLower(a, 3)!;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += l[i * 3 + k] * l[j * 3 + k];
      assertAlmostEquals(s, a[i * 3 + j], 1e-12);
    }
  }
  assertEquals([l[1], l[2], l[5]], [0, 0, 0]);
  assertEquals(choleskyLower(Float64Array.from([1, 2, 2, 1]), 2), undefined);
  assertEquals(choleskyLower(Float64Array.from([0, 0, 0, 1]), 2), undefined);
});

Deno.test("precisionCholesky() gives the upper factor P with P·Pᵀ the inverse covariance", () => {
  const cov = Float64Array.from([4, 2, 2, 2, 5, 1, 2, 1, 6]);
  const p = precisionCholesky(cov, 3)!;
  assertEquals([p[3], p[6], p[7]], [0, 0, 0]);
  // cov · (P·Pᵀ) = I
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) {
        let precision = 0;
        for (let m = 0; m < 3; m++) precision += p[k * 3 + m] * p[j * 3 + m];
        s += cov[i * 3 + k] * precision;
      }
      assertAlmostEquals(s, i === j ? 1 : 0, 1e-12);
    }
  }
  // log det P = -½ log det cov (det cov = 4·(30 − 1) − 2·(12 − 2) + 2·(2 − 10) = 80).
  assertAlmostEquals(logDetTriangular(p, 3), -0.5 * Math.log(80), 1e-12);
  const l = choleskyLower(cov, 3)!;
  assertEquals(inverseLowerTransposed(l, 3), p);
});
