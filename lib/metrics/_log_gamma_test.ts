import { logFactorials, logGamma } from "./_log_gamma.ts";
import { assert, assertAlmostEquals, assertEquals } from "../std.ts";

// scipy.special.gammaln reference values (integers and x >= 24: the arguments the metrics use).
const REFERENCE: [number, number][] = [
  [3, 0.6931471805599453],
  [23, 48.47118135183523],
  [24, 51.60667556776438],
  [25, 54.78472939811232],
  [100.25, 360.28455963776423],
  [1000, 5905.220423209181],
  [5001, 37591.14350887677],
  [70001, 710944.0335371889],
  [1e6 + 0.5, 12815511.476902766],
];

Deno.test("logGamma() matches scipy.special.gammaln to about 1e-15 relative", () => {
  for (const [x, expected] of REFERENCE) {
    const got = logGamma(x);
    assert(
      Math.abs(got - expected) <= 2e-15 * Math.max(1, expected),
      `logGamma(${x}) = ${got}, want ${expected}`,
    );
  }
});

Deno.test("logGamma() is within 2e-14 of the exact value for small non-integers", () => {
  assertAlmostEquals(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 2e-14);
  assertAlmostEquals(logGamma(10.5), 13.940625219403763, 2e-14);
  assertAlmostEquals(logGamma(1.5), Math.log(Math.sqrt(Math.PI) / 2), 2e-14);
});

Deno.test("logGamma() is exactly 0 at 1 and 2 and NaN outside its domain", () => {
  assertEquals(logGamma(1), 0);
  assertEquals(logGamma(2), 0);
  assert(Number.isNaN(logGamma(0)));
  assert(Number.isNaN(logGamma(-1.5)));
  assert(Number.isNaN(logGamma(NaN)));
  assertEquals(logGamma(Infinity), Infinity);
});

Deno.test("logFactorials() tabulates log(k!) and grows on demand", () => {
  const small = logFactorials(10);
  assert(small.length >= 11);
  assertAlmostEquals(small[10], Math.log(3628800), 1e-15);
  const big = logFactorials(70_000);
  assert(big.length >= 70_001);
  assertAlmostEquals(big[70_000], 710944.0335371889, 1e-9);
  assertEquals(big[5], Math.log(120));
});
