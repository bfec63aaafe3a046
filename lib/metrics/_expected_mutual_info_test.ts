import { expectedMutualInfo } from "./_expected_mutual_info.ts";
import { buildContingency } from "./_contingency.ts";
import { assertAlmostEquals, assertEquals } from "../std.ts";

function range(n: number, f: (i: number) => number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => f(i));
}

// Reference values from scikit-learn 1.2.1's expected_mutual_information (ported, run with SciPy).
Deno.test("expectedMutualInfo() matches scikit-learn on a small table", () => {
  const c = buildContingency([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], [1, 1, 0, 0, 2, 2, 2, 2, 5, 5]);
  assertAlmostEquals(expectedMutualInfo(c), 0.43426726209591104, 1e-15);
});

Deno.test("expectedMutualInfo() matches scikit-learn on skewed and large margins", () => {
  const skewed = buildContingency(range(1000, (i) => (i < 5 ? 0 : 1)), range(1000, (i) => (i < 990 ? 0 : 1)));
  assertAlmostEquals(expectedMutualInfo(skewed), 0.00015896601209179178, 1e-17);
  const mixed = buildContingency(range(1000, (i) => i % 3), range(1000, (i) => (i * 7) % 11));
  assertAlmostEquals(expectedMutualInfo(mixed), 0.010081907421700752, 1e-15);
  // 70,000 samples in 10 x 10 clusters of 7,000: only the margins matter.
  const big = buildContingency(range(70_000, (i) => i % 10), range(70_000, (i) => Math.floor(i / 7000)));
  assertAlmostEquals(expectedMutualInfo(big), 0.0005787383097838035, 1e-15);
});

Deno.test("expectedMutualInfo() is 0 when a labeling has a single cluster", () => {
  assertEquals(expectedMutualInfo(buildContingency([0, 1, 2], [5, 5, 5])), 0);
});
