import { assertEquals, assertThrows } from "../std.ts";
import { evenlySpacedIndices, firstIndicesPerGroup } from "./sample_indices.ts";

Deno.test("firstIndicesPerGroup() returns the first indices of each group in group order", () => {
  const labels = [3, 1, 3, 3, 1, 2, 3];
  assertEquals(firstIndicesPerGroup(labels, [3, 1, 2, 9], 2), [[0, 2], [1, 4], [5], []]);
  assertEquals(firstIndicesPerGroup(new Uint8Array(labels), [3], 10), [[0, 2, 3, 6]]);
});

Deno.test("firstIndicesPerGroup() rejects a perGroup that is not an integer >= 1", () => {
  assertThrows(
    () => firstIndicesPerGroup([0], [0], 0),
    RangeError,
    "Cannot select samples: perGroup must be an integer >= 1, current value is 0",
  );
});

Deno.test("evenlySpacedIndices() gives at most k ascending distinct indices, deterministically", () => {
  const picked = evenlySpacedIndices(10000, 3000);
  assertEquals(picked.length, 3000);
  assertEquals(new Set(picked).size, 3000);
  assertEquals(picked.every((v, i) => i === 0 || v > picked[i - 1]), true);
  assertEquals(picked, evenlySpacedIndices(10000, 3000));
  assertEquals(evenlySpacedIndices(0, 5), []);
});

Deno.test("evenlySpacedIndices() rejects a k that is not an integer >= 1", () => {
  assertThrows(
    () => evenlySpacedIndices(5, 0.5),
    RangeError,
    "Cannot subsample: k must be an integer >= 1, current value is 0.5",
  );
});
