import { contingencyMatrix } from "./contingency_matrix.ts";
import { assertEquals, assertThrows } from "../std.ts";

Deno.test("contingencyMatrix() matches scikit-learn's contingency_matrix", () => {
  // sklearn: contingency_matrix([0, 0, 1, 1, 2, 2], [1, 0, 2, 1, 0, 2]) -> [[1 1 0] [0 1 1] [1 0 1]]
  const c = contingencyMatrix([0, 0, 1, 1, 2, 2], [1, 0, 2, 1, 0, 2]);
  assertEquals([...c.counts], [1, 1, 0, 0, 1, 1, 1, 0, 1]);
  assertEquals(c.classes, [0, 1, 2]);
  assertEquals(c.clusters, [0, 1, 2]);
});

Deno.test("contingencyMatrix() keeps arbitrary label ids as row and column labels", () => {
  const c = contingencyMatrix(new Int32Array([-1, 100, 100, 7]), [9, 9, 2, 2]);
  assertEquals(c.classes, [-1, 7, 100]);
  assertEquals(c.clusters, [2, 9]);
  assertEquals([...c.counts], [0, 1, 1, 0, 1, 1]);
  assertEquals([...c.classSizes], [1, 1, 2]);
  assertEquals([...c.clusterSizes], [2, 2]);
  assertEquals(c.nSamples, 4);
});

Deno.test("contingencyMatrix() validates its input", () => {
  assertThrows(() => contingencyMatrix([0], [0, 1]), TypeError, "current lengths are 1 and 2");
});
