import { assertEquals, assertThrows } from "../std.ts";
import { compileChart } from "./compile_chart.ts";
import type { TopLevelSpec } from "vega-lite";

Deno.test("compileChart() returns the Vega spec and no warnings for a clean spec", () => {
  const { vega, warnings } = compileChart({
    data: { values: [{ a: 1, b: 2 }] },
    mark: "point",
    encoding: { x: { field: "a", type: "quantitative" }, y: { field: "b", type: "quantitative" } },
  });
  assertEquals(warnings, []);
  assertEquals(Array.isArray(vega.marks), true);
});

Deno.test("compileChart() returns Vega-Lite's warnings instead of printing them", () => {
  const { warnings } = compileChart({
    data: { values: [{ a: 1, b: "x" }] },
    mark: "bar",
    encoding: { x: { field: "a", type: "quantitative" }, shape: { field: "b", type: "nominal" } },
  });
  assertEquals(warnings, ['shape dropped as it is incompatible with "bar".']);
});

Deno.test("compileChart() wraps compiler failures in a TypeError", () => {
  assertThrows(
    () => compileChart({ data: { values: [] }, mark: "nope" } as unknown as TopLevelSpec),
    TypeError,
    "Cannot compile Vega-Lite spec: ",
  );
});
