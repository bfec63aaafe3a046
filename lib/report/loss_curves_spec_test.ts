import { assert, assertEquals, assertThrows } from "../std.ts";
import { compileChart, renderSvg } from "../plot/mod.ts";
import { lossCurvesSpec } from "./loss_curves_spec.ts";

const histories = [0, 1].map((seed) => ({
  seed,
  history: [1, 2, 3].map((epoch) => ({ epoch, loss: 0.05 / epoch + seed * 0.001, valLoss: 0.04 / epoch })),
}));

Deno.test("lossCurvesSpec() tags every point with its seed and compiles without warnings", async () => {
  const spec = lossCurvesSpec(histories, { yTitle: "MSE" });
  const values = (spec as { data: { values: { seed: string }[] } }).data.values;
  assertEquals(values.length, 12);
  assertEquals(new Set(values.map((v) => v.seed)), new Set(["seed 0", "seed 1"]));
  assertEquals(compileChart(spec).warnings, []);
  const svg = await renderSvg(spec);
  assert(svg.includes(">Epoch</text>") && svg.includes(">MSE</text>") && svg.includes(">Seed</text>"));
});

Deno.test("lossCurvesSpec() draws no seed dash for a single seed", () => {
  const spec = lossCurvesSpec([histories[0], { seed: 5, history: [] }]) as {
    encoding: Record<string, unknown>;
  };
  assertEquals(spec.encoding.strokeDash, undefined);
});

Deno.test("lossCurvesSpec() rejects histories without epochs", () => {
  assertThrows(
    () => lossCurvesSpec([{ seed: 0, history: [] }]),
    RangeError,
    "Cannot build loss curves spec: histories must hold at least 1 epoch, current count is 0",
  );
});
