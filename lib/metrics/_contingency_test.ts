import { buildContingency, encodeLabels } from "./_contingency.ts";
import { assertEquals } from "../std.ts";

Deno.test("encodeLabels() sorts distinct labels and codes samples (dense range)", () => {
  const e = encodeLabels([7, -1, 7, 100, -1, 7]);
  assertEquals(e.uniques, [-1, 7, 100]);
  assertEquals([...e.codes], [1, 0, 1, 2, 0, 1]);
  assertEquals([...e.counts], [2, 3, 1]);
});

Deno.test("encodeLabels() handles a sparse label range with a Map", () => {
  const e = encodeLabels([1e12, -5e11, 1e12, 0, -0]);
  assertEquals(e.uniques, [-5e11, 0, 1e12]);
  assertEquals([...e.codes], [2, 0, 2, 1, 1]);
  assertEquals([...e.counts], [1, 2, 2]);
});

Deno.test("buildContingency() counts class-cluster pairs with margins", () => {
  const c = buildContingency([0, 0, 1, 1, 1], [3, 4, 4, 4, 3]);
  assertEquals([...c.counts], [1, 1, 1, 2]);
  assertEquals([...c.classSizes], [2, 3]);
  assertEquals([...c.clusterSizes], [2, 3]);
  assertEquals(c.nSamples, 5);
});
