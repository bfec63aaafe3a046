import { numpySum } from "./_pairwise_sum.ts";
import { assertEquals } from "../std.ts";

Deno.test("numpySum() sums short arrays left to right", () => {
  assertEquals(numpySum([]), 0);
  assertEquals(numpySum([1, 2, 3]), 6);
  assertEquals(numpySum([0.1, 0.2, 0.3]), (0.1 + 0.2) + 0.3);
});

Deno.test("numpySum() uses NumPy's eight-accumulator order", () => {
  // np.sum(np.array([1e16, 1, 1, 1, 1, 1, 1, 1, -1e16, 1.0])) == 7.0 in NumPy (a naive loop gives 1.0).
  const a = [1e16, 1, 1, 1, 1, 1, 1, 1, -1e16, 1];
  assertEquals(numpySum(a), 7);
});

Deno.test("numpySum() is exact on integers across blocks and buffers", () => {
  const a = Float64Array.from({ length: 20_000 }, (_, i) => i);
  assertEquals(numpySum(a), (19_999 * 20_000) / 2);
});

Deno.test("numpySum() rounds like np.sum on long arrays of mixed magnitudes", () => {
  // Exactly representable terms; np.sum values computed with NumPy 2.4 (a plain loop differs).
  const a = Float64Array.from(
    { length: 1000 },
    (_, i) => (((i * 7919) % 1000) - 500) * 2 ** (((i * 31) % 60) - 10),
  );
  assertEquals(numpySum(a), 2.3673172085724826e+17);
  assertEquals(numpySum(a.subarray(0, 100)), 2.9976509946474285e+17);
});
