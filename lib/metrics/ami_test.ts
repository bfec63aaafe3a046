import { ami } from "./ami.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";

const T = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
const P = [1, 1, 0, 0, 2, 2, 2, 2, 5, 5];

Deno.test("ami() matches scikit-learn for every averageMethod", () => {
  assertAlmostEquals(ami(T, P), 0.3075524163609225, 1e-14);
  assertAlmostEquals(ami(T, P, { averageMethod: "geometric" }), 0.30999915404263484, 1e-14);
  assertAlmostEquals(ami(T, P, { averageMethod: "min" }), 0.36469977757194866, 1e-14);
  assertAlmostEquals(ami(T, P, { averageMethod: "max" }), 0.265888487858746, 1e-14);
});

Deno.test("ami() matches scikit-learn on skewed and interleaved labelings", () => {
  const skewedT = Int32Array.from({ length: 1000 }, (_, i) => (i < 5 ? 0 : 1));
  const skewedP = Int32Array.from({ length: 1000 }, (_, i) => (i < 990 ? 0 : 1));
  assertAlmostEquals(ami(skewedT, skewedP), -0.0024916090280636236, 1e-14);
  const t = Int32Array.from({ length: 1000 }, (_, i) => i % 3);
  const p = Int32Array.from({ length: 1000 }, (_, i) => (i * 7) % 11);
  assertAlmostEquals(ami(t, p), -0.005737884931070436, 1e-14);
});

Deno.test("ami() is 1 for labelings identical up to renaming, with non-contiguous ids", () => {
  assertEquals(ami([0, 0, 1, 1, 2, 2], [-1, -1, 100, 100, 7, 7]), 1);
});

Deno.test("ami() gives scikit-learn's edge cases", () => {
  // Both labelings a single cluster: no split at all, a perfect match.
  assertEquals(ami([3, 3, 3], [1, 1, 1]), 1);
  assertEquals(ami([4], [2]), 1);
  // One side a single cluster: MI = E[MI] = 0.
  assertEquals(ami([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  // Two singletons: every random labeling matches, E[MI] = MI = normalizer, the clamped denominator
  // (eps) keeps 0 / 0 away and scikit-learn returns 0 (whereas three singletons give 1).
  assertEquals(ami([0, 1], [0, 1]), 0);
  assertEquals(ami([0, 1, 2], [0, 1, 2]), 1);
});

Deno.test("ami() is near 0 on average for independent random labelings", () => {
  const prng = randomSeeded(5);
  let sum = 0;
  for (let trial = 0; trial < 20; trial++) {
    const t = Int32Array.from({ length: 300 }, () => Math.floor(prng() * 6));
    const p = Int32Array.from({ length: 300 }, () => Math.floor(prng() * 8));
    const a = ami(t, p);
    assert(Math.abs(a) < 0.05, `AMI ${a}`);
    sum += a;
  }
  assert(Math.abs(sum / 20) < 0.01, `mean AMI ${sum / 20}`);
});

Deno.test("ami() rejects an unknown averageMethod and bad labels", () => {
  assertThrows(
    () => ami(T, P, { averageMethod: "Arithmetic" as "min" }),
    RangeError,
    'Cannot compute AMI: averageMethod must be one of "arithmetic", "geometric", "min" or "max", ' +
      'current value is "Arithmetic"',
  );
  assertThrows(() => ami([0, NaN], [0, 1]), RangeError, "current value at index 1 is NaN");
});
