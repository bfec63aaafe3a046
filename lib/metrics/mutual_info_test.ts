import { mutualInfo } from "./mutual_info.ts";
import { assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";

Deno.test("mutualInfo() matches scikit-learn's mutual_info_score", () => {
  assertAlmostEquals(mutualInfo([0, 1, 1, 0, 1, 0], [0, 1, 0, 0, 1, 1]), 0.0566330122651324, 1e-15);
  assertAlmostEquals(
    mutualInfo([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], [1, 1, 0, 0, 2, 2, 2, 2, 5, 5]),
    0.6730116670092566,
    1e-15,
  );
});

Deno.test("mutualInfo() is symmetric and equals the entropy for identical labelings", () => {
  const t = [0, 0, 1, 2, 2, 2];
  const p = [3, 1, 1, 3, 3, 1];
  assertEquals(mutualInfo(t, p), mutualInfo(p, t));
  assertAlmostEquals(
    mutualInfo(t, t),
    -(2 / 6) * Math.log(2 / 6) - (1 / 6) * Math.log(1 / 6) - 0.5 * Math.log(0.5),
  );
});

Deno.test("mutualInfo() is 0 for a single cluster", () => {
  assertEquals(mutualInfo([0, 1, 2], [9, 9, 9]), 0);
});

Deno.test("mutualInfo() rejects bad input", () => {
  assertThrows(() => mutualInfo([0, 1], [0]), TypeError, "current lengths are 2 and 1");
});
