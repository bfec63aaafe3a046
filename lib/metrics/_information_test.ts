import { entropyFromCounts, mutualInfoFromTable } from "./_information.ts";
import { buildContingency } from "./_contingency.ts";
import { assertAlmostEquals, assertEquals } from "../std.ts";

const T = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
const P = [1, 1, 0, 0, 2, 2, 2, 2, 5, 5];

Deno.test("mutualInfoFromTable() matches scikit-learn's mutual_info_score", () => {
  assertAlmostEquals(mutualInfoFromTable(buildContingency(T, P)), 0.6730116670092566, 1e-15);
});

Deno.test("mutualInfoFromTable() is exactly 0 for a single row or column and for independence", () => {
  assertEquals(mutualInfoFromTable(buildContingency([1, 1, 1], [0, 1, 2])), 0);
  assertEquals(mutualInfoFromTable(buildContingency([0, 1, 2], [4, 4, 4])), 0);
  // Independent 2 x 2 table: every term is below eps and flushed to 0.
  assertEquals(mutualInfoFromTable(buildContingency([0, 0, 1, 1], [0, 1, 0, 1])), 0);
});

Deno.test("entropyFromCounts() matches scikit-learn's entropy", () => {
  assertAlmostEquals(entropyFromCounts([3, 3, 4]), 1.0888999753452238, 1e-15);
  assertEquals(entropyFromCounts([7]), 0);
});
