import { assertEquals, assertThrows } from "../std.ts";
import { fakeRun } from "./_fixtures.ts";
import { methodResult, testPredictions } from "./pipeline_run.ts";

Deno.test("methodResult() finds a method by id or names the ones there are", () => {
  const run = fakeRun();
  assertEquals(methodResult(run, "gmm").label, "Gaussian mixture");
  assertThrows(
    () => methodResult(run, "ae-gmm"),
    RangeError,
    'Cannot find method: the run has no method "ae-gmm", current methods are km, gmm',
  );
});

Deno.test("testPredictions() returns the figure seed's clusters", () => {
  const run = fakeRun();
  const pred = testPredictions(run, "km");
  assertEquals([pred.length, pred[0], pred[39]], [40, 1, 0]);
  assertThrows(
    () => testPredictions({ ...run, seed: 7 }, "km"),
    RangeError,
    'Cannot find predictions: the run has none of method "km" for seed 7, current methods are none',
  );
});
