import { assert, assertEquals, assertThrows } from "../std.ts";
import { compileChart } from "./compile_chart.ts";
import { lossCurveSpec } from "./loss_curve_spec.ts";
import { renderSvg } from "./render.ts";

const history = [
  { epoch: 1, loss: 0.4, valLoss: 0.45 },
  { epoch: 2, loss: 0.3, valLoss: 0.33 },
  { epoch: 3, loss: 0.25 },
];

Deno.test("lossCurveSpec() compiles without warnings and folds train and validation series", () => {
  const spec = lossCurveSpec(history);
  assertEquals(compileChart(spec).warnings, []);
  assertEquals((spec.data as { values: unknown[] }).values, [
    { epoch: 1, split: "train", loss: 0.4 },
    { epoch: 1, split: "validation", loss: 0.45 },
    { epoch: 2, split: "train", loss: 0.3 },
    { epoch: 2, split: "validation", loss: 0.33 },
    { epoch: 3, split: "train", loss: 0.25 },
  ]);
});

Deno.test("lossCurveSpec() renders axis titles, legend and title into the SVG", async () => {
  const svg = await renderSvg(lossCurveSpec(history, { title: "AE loss", yTitle: "MSE", logScale: true }));
  for (const text of ["AE loss", "Epoch", "MSE", "Split", "train", "validation"]) {
    assert(svg.includes(`>${text}</text>`), `missing text ${text}`);
  }
});

Deno.test("lossCurveSpec() rejects an empty history and non-finite epochs", () => {
  assertThrows(
    () => lossCurveSpec([]),
    RangeError,
    "Cannot build loss curve spec: history must have at least 1 entry, current length is 0",
  );
  assertThrows(
    () => lossCurveSpec([{ epoch: NaN, loss: 1 }]),
    TypeError,
    "Cannot build loss curve spec: epoch must be a finite number, current value is NaN",
  );
});
