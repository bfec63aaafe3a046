import { initTensorBackend } from "../backend/mod.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { fakeRun } from "./_fixtures.ts";
import { encodingEmbedding, projectPca2d } from "./embedding.ts";

Deno.test("projectPca2d() finds the directions of largest variance", async () => {
  await initTensorBackend();
  // Points spread along (1, 1, 0) much more than along (0, 0, 1).
  const rows = Float32Array.of(-4, -4, 0.1, -2, -2, -0.1, 0, 0, 0.1, 2, 2, -0.1, 4, 4, 0.1, 6, 6, -0.1);
  const view = projectPca2d(rows, rows, { width: 3 });
  assert(view.explainedVarianceRatio[0] > 0.99, String(view.explainedVarianceRatio));
  const spread = Math.max(...view.x) - Math.min(...view.x);
  assertAlmostEquals(spread, 10 * Math.SQRT2, 1e-3);
  assertThrows(
    () => projectPca2d(rows, rows, { width: 4 }),
    RangeError,
    "Cannot project with PCA: row lengths must be multiples of width (4), current lengths are 18 and 18",
  );
});

Deno.test("encodingEmbedding() returns the stored 2-D view of the figure seed", () => {
  const run = fakeRun();
  assertEquals(encodingEmbedding(run).explainedVarianceRatio, [0.5, 0.25]);
  assertThrows(() => encodingEmbedding({ ...run, seed: 1 }), RangeError, "for seed 1");
});
