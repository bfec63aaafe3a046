import { entropy } from "./entropy.ts";
import { assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";

Deno.test("entropy() matches scikit-learn", () => {
  assertAlmostEquals(entropy([0, 0, 0, 1, 1, 1, 2, 2, 2, 2]), 1.0888999753452238, 1e-15);
  assertAlmostEquals(entropy([1, 1, 0, 0, 2, 2, 2, 2, 5, 5]), 1.3321790402101226, 1e-15);
});

Deno.test("entropy() is 0 for a single label and ignores label values", () => {
  assertEquals(entropy([-4, -4]), 0);
  assertEquals(entropy([3, 9, 9, 3]), entropy([0, 1, 1, 0]));
});

Deno.test("entropy() rejects empty and non-integer labels", () => {
  assertThrows(
    () => entropy([]),
    RangeError,
    "Cannot compute entropy: labels must hold at least 1 sample, current length is 0",
  );
  assertThrows(
    () => entropy([0.25]),
    RangeError,
    "Cannot compute entropy: labels must hold finite integer labels, current value at index 0 is 0.25",
  );
});
