import { assertEquals, assertThrows } from "../std.ts";
import { accuracy } from "../metrics/mod.ts";
import { matchedConfusion } from "./matched_confusion.ts";

Deno.test("matchedConfusion() puts matched clusters on the diagonal and sums to the sample count", () => {
  const truth = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
  const pred = [4, 4, 8, 8, 8, 8, 1, 1, 1, 4];
  const c = matchedConfusion(truth, pred, { classNames: ["a", "b", "c"] });
  assertEquals(c.columnClusters, [4, 8, 1]);
  assertEquals(c.matrix, [[2, 1, 0], [0, 3, 0], [1, 0, 3]]);
  const diagonal = c.matrix.reduce((s, row, i) => s + row[i], 0);
  assertEquals(diagonal, c.nCorrect);
  assertEquals(c.nCorrect / truth.length, accuracy(truth, pred));
  assertEquals(c.matrix.flat().reduce((a, b) => a + b, 0), truth.length);
});

Deno.test("matchedConfusion() appends unmatched clusters and keeps rows for absent classes", () => {
  const c = matchedConfusion([0, 0, 1, 1], [5, 6, 7, 7], { classNames: ["a", "b", "c"] });
  assertEquals(c.rowNames, ["a", "b", "c"]);
  assertEquals(c.columnClusters, [5, 7, 6]);
  assertEquals(c.columnClasses, [0, 1, undefined]);
  assertEquals(c.columnNames, ["c5: a", "c7: b", "c6 (unmatched)"]);
  assertEquals(c.matrix, [[1, 0, 1], [0, 2, 0], [0, 0, 0]]);
});

Deno.test("matchedConfusion() without class names uses the classes present", () => {
  const c = matchedConfusion([3, 3, 9], [0, 0, 1]);
  assertEquals([c.rowClasses, c.rowNames, c.columnNames], [[3, 9], ["3", "9"], ["c0: 3", "c1: 9"]]);
});

Deno.test("matchedConfusion() rejects a class outside classNames", () => {
  assertThrows(
    () => matchedConfusion([0, 4], [0, 1], { classNames: ["a", "b"] }),
    RangeError,
    "Cannot build matched confusion matrix: classes must index classNames (length 2), current value is 4",
  );
});
