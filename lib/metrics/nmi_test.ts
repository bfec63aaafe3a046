import { nmi } from "./nmi.ts";
import { assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";

const T = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
const P = [1, 1, 0, 0, 2, 2, 2, 2, 5, 5];

Deno.test("nmi() matches scikit-learn for every averageMethod", () => {
  assertAlmostEquals(nmi(T, P), 0.555960101000571, 1e-15);
  assertAlmostEquals(nmi(T, P, { averageMethod: "arithmetic" }), 0.555960101000571, 1e-15);
  assertAlmostEquals(nmi(T, P, { averageMethod: "geometric" }), 0.5587882956332703, 1e-15);
  assertAlmostEquals(nmi(T, P, { averageMethod: "min" }), 0.6180656462921543, 1e-15);
  assertAlmostEquals(nmi(T, P, { averageMethod: "max" }), 0.5051961085524237, 1e-15);
});

Deno.test("nmi() is 1 for labelings identical up to renaming, with non-contiguous ids", () => {
  assertEquals(nmi([0, 0, 1, 1, 2], [100, 100, -1, -1, 7]), 1);
});

Deno.test("nmi() gives scikit-learn's edge cases", () => {
  // Both labelings a single cluster: no split at all, a perfect match.
  assertEquals(nmi([3, 3, 3], [1, 1, 1]), 1);
  // One side a single cluster: MI = 0, hence 0 whatever the normalization (no 0 / 0 with "min").
  assertEquals(nmi([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  assertEquals(nmi([0, 0, 0, 0], [0, 1, 2, 3], { averageMethod: "min" }), 0);
  assertEquals(nmi([0, 1, 2, 3], [5, 5, 5, 5], { averageMethod: "geometric" }), 0);
  // A single sample.
  assertEquals(nmi([4], [2]), 1);
});

Deno.test("nmi() rejects an unknown averageMethod", () => {
  assertThrows(
    () => nmi(T, P, { averageMethod: "median" as "min" }),
    RangeError,
    'Cannot compute NMI: averageMethod must be one of "arithmetic", "geometric", "min" or "max", ' +
      'current value is "median"',
  );
});
