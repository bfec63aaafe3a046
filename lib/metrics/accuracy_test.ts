import { accuracy, matchClusters } from "./accuracy.ts";
import { assertEquals, assertThrows } from "../std.ts";

Deno.test("accuracy() is 1 for labelings identical up to renaming", () => {
  assertEquals(accuracy([0, 0, 1, 1, 2], [7, 7, -1, -1, 100]), 1);
});

Deno.test("accuracy() matches Hungarian matching on scikit-learn's contingency matrix", () => {
  assertEquals(accuracy([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], [1, 1, 0, 0, 2, 2, 2, 2, 5, 5]), 0.6);
});

Deno.test("matchClusters() leaves surplus clusters unmatched", () => {
  // 4 clusters, 2 classes: only two clusters can be matched one to one.
  const m = matchClusters([0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 1, 2, 3, 3, 3, 2]);
  assertEquals(m.mapping, new Map([[0, 0], [3, 1]]));
  assertEquals(m.nCorrect, 5);
  assertEquals(m.accuracy, 5 / 8);
});

Deno.test("matchClusters() leaves surplus classes unmatched", () => {
  // 2 clusters, 3 classes: the largest agreement wins.
  const m = matchClusters([0, 0, 1, 1, 1, 2], [5, 5, 5, 9, 9, 9]);
  assertEquals(m.nCorrect, 4);
  assertEquals(m.mapping.size, 2);
  assertEquals(m.mapping.get(5), 0);
  assertEquals(m.mapping.get(9), 1);
});

Deno.test("matchClusters() prefers the global optimum over greedy choices", () => {
  // Greedy would match cluster 0 to class 0 (3 samples) and leave cluster 1 with 0 correct;
  // the optimum matches 0 -> 1 and 1 -> 0 for 2 + 2 = 4 correct.
  const t = [0, 0, 0, 1, 1, 0, 0];
  const p = [0, 0, 0, 0, 0, 1, 1];
  const m = matchClusters(t, p);
  assertEquals(m.nCorrect, 4);
  assertEquals(m.mapping, new Map([[0, 1], [1, 0]]));
});

Deno.test("accuracy() rejects bad input", () => {
  assertThrows(
    () => accuracy([0, 1, 2], [0, 1]),
    TypeError,
    "Cannot score clusterings: labelsTrue and labelsPred must have the same length, current lengths are 3 and 2",
  );
  assertThrows(() => accuracy([], []), RangeError, "current length is 0");
});
