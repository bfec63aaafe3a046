import { ari } from "./ari.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";

Deno.test("ari() matches scikit-learn's adjusted_rand_score examples", () => {
  assertEquals(ari([0, 0, 1, 1], [0, 0, 1, 1]), 1);
  assertEquals(ari([0, 0, 1, 1], [1, 1, 0, 0]), 1);
  assertAlmostEquals(ari([0, 0, 1, 2], [0, 0, 1, 1]), 0.5714285714285714, 1e-15);
  assertAlmostEquals(ari([0, 0, 1, 1], [0, 0, 1, 2]), 0.5714285714285714, 1e-15);
  assertEquals(ari([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  assertEquals(ari([0, 0, 1, 1], [0, 1, 0, 1]), -0.5);
  assertEquals(ari([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], [1, 1, 0, 0, 2, 2, 2, 2, 5, 5]), 0.19753086419753085);
});

Deno.test("ari() gives 1 when no pair disagrees (scikit-learn's special case)", () => {
  assertEquals(ari([3, 3, 3], [1, 1, 1]), 1);
  assertEquals(ari([0, 1, 2, 3], [9, 8, 7, 6]), 1);
  assertEquals(ari([5], [5]), 1);
});

Deno.test("ari() is symmetric and ignores label ids", () => {
  const t = [0, 0, 1, 2, 2, 2, 1];
  const p = [4, 4, 4, -1, -1, 9, 9];
  assertEquals(ari(t, p), ari(p, t));
  assertEquals(ari(t, p), ari(t.map((v) => 10 * v), p.map((v) => -v)));
});

Deno.test("ari() stays exact when pair-count products exceed 2^53", () => {
  // 70,000 samples: tp * tn reaches ~1e19. Reference from scikit-learn's formula on Python integers.
  const t = Int32Array.from({ length: 70_000 }, (_, i) => i % 7);
  const p = Int32Array.from({ length: 70_000 }, (_, i) => (i % 7 < 3 ? 0 : 1));
  assertEquals(ari(t, p), 0.27584494584277336);
});

Deno.test("ari() is near 0 for independent random labelings", () => {
  const prng = randomSeeded(9);
  const t = Int32Array.from({ length: 5000 }, () => Math.floor(prng() * 10));
  const p = Int32Array.from({ length: 5000 }, () => Math.floor(prng() * 10));
  const a = ari(t, p);
  assert(Math.abs(a) < 0.01, `ARI ${a}`);
});

Deno.test("ari() rejects bad input", () => {
  assertThrows(() => ari([], []), RangeError, "must hold at least 1 sample, current length is 0");
});
