import { initTensorBackend } from "../backend/wasm.ts";
import { loadFashionMnist, PIXELS, toUnitFloat } from "../data/mod.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "../std.ts";
import { QUICK_CONFIG } from "./config.ts";
import { checkSweepGrid, runSweep } from "./sweep.ts";

await initTensorBackend();

Deno.test("runSweep() evaluates every setting at every listed epoch and selects the lowest validation MSE", async () => {
  const data = await loadFashionMnist();
  const train = toUnitFloat(data.train.images.subarray(0, 300 * PIXELS));
  const seen: string[] = [];
  const result = await runSweep(
    {
      train: train.subarray(0, 200 * PIXELS),
      validation: train.subarray(200 * PIXELS),
      test: toUnitFloat(data.test.images.subarray(0, 100 * PIXELS)),
      testLabels: data.test.labels.subarray(0, 100),
    },
    {
      grid: { architectures: ["report"], learningRates: [0.0001, 0.01], epochs: [2, 1], batchSize: 50 },
      kmeans: { ...QUICK_CONFIG.kmeans, nInit: 1 },
      seed: 3,
      onPoint: (p, i, total) => seen.push(`${i + 1}/${total} ${p.learningRate}@${p.epoch}`),
    },
  );
  assertEquals(seen, ["1/4 0.0001@1", "2/4 0.0001@2", "3/4 0.01@1", "4/4 0.01@2"]);
  const best = Math.min(...result.points.map((p) => p.valLoss));
  assertEquals(result.selected.valLoss, best);
  assert(result.points.every((p) => p.testAmi > -0.1 && p.testAmi <= 1 && p.valLoss > 0));
  assert(result.choice.includes("label-free"));
});

Deno.test("checkSweepGrid() names the bad field", async () => {
  const grid = { architectures: ["report" as const], learningRates: [0.001], epochs: [1], batchSize: 8 };
  assertThrows(
    () => checkSweepGrid({ ...grid, architectures: ["big" as "report"] }),
    RangeError,
    'Cannot run the sweep: architectures must hold names among report, wide, dense, current value is ["big"]',
  );
  assertThrows(
    () => checkSweepGrid({ ...grid, learningRates: [-1] }),
    RangeError,
    "Cannot run the sweep: learningRates must hold finite numbers > 0, current value is [-1]",
  );
  assertThrows(
    () => checkSweepGrid({ ...grid, batchSize: 0 }),
    RangeError,
    "Cannot run the sweep: batchSize must be an integer >= 1, current value is 0",
  );
  await assertRejects(
    () =>
      runSweep(
        {
          train: new Float32Array(784),
          validation: new Float32Array(784),
          test: new Float32Array(784),
          testLabels: [0],
        },
        { grid: { ...grid, epochs: [] }, kmeans: QUICK_CONFIG.kmeans },
      ),
    RangeError,
    "Cannot run the sweep: epochs must hold integers >= 1, current value is []",
  );
});
