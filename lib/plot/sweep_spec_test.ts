import { assert, assertEquals, assertThrows } from "../std.ts";
import { renderSvg } from "./render.ts";
import { sweepSpec } from "./sweep_spec.ts";

const points = [
  { setting: "report/lr=0.001", epoch: 1, valLoss: 0.03, testAmi: 0.45 },
  { setting: "report/lr=0.001", epoch: 2, valLoss: 0.02, testAmi: 0.48 },
  { setting: "wide/lr=0.001", epoch: 1, valLoss: 0.01, testAmi: 0.44 },
];

Deno.test("sweepSpec() marks only the selected point and draws both panels", async () => {
  const spec = sweepSpec(points, { selected: { setting: "wide/lr=0.001", epoch: 1 } });
  const values = (spec.data as { values: { selected: boolean }[] }).values;
  assertEquals(values.map((v) => v.selected), [false, false, true]);
  assertEquals((spec as { hconcat: unknown[] }).hconcat.length, 2);
  const svg = await renderSvg(spec);
  assert(svg.includes("Validation MSE (selection criterion)"));
  assert(svg.includes("Test AMI (display only)"));
});

Deno.test("sweepSpec() rejects an empty list", () => {
  assertThrows(
    () => sweepSpec([]),
    RangeError,
    "Cannot build sweep spec: points must have at least 1 entry, current length is 0",
  );
});
