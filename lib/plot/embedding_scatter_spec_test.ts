import { assert, assertEquals, assertThrows } from "../std.ts";
import { compileChart } from "./compile_chart.ts";
import { embeddingScatterSpec } from "./embedding_scatter_spec.ts";
import { renderSvg } from "./render.ts";
import { CLASS_NAMES } from "../data/mod.ts";

const points = Array.from({ length: 60 }, (_, i) => ({
  x: Math.cos(i),
  y: Math.sin(i) * 2,
  cluster: (i * 3) % 10,
  label: i % 10,
}));

Deno.test("embeddingScatterSpec() compiles without warnings when colored by cluster or by label", () => {
  assertEquals(compileChart(embeddingScatterSpec(points)).warnings, []);
  assertEquals(compileChart(embeddingScatterSpec(points, { colorBy: "label" })).warnings, []);
  const spec = embeddingScatterSpec(points, { colorBy: "label", classNames: CLASS_NAMES });
  assertEquals(compileChart(spec).warnings, []);
  assertEquals((spec as { encoding: { color: { field: string } } }).encoding.color.field, "className");
});

Deno.test("embeddingScatterSpec() renders class names in the legend and the axis titles", async () => {
  const svg = await renderSvg(
    embeddingScatterSpec(points, {
      colorBy: "label",
      classNames: CLASS_NAMES,
      xTitle: "PC 1",
      yTitle: "PC 2",
    }),
  );
  for (const text of [...CLASS_NAMES, "PC 1", "PC 2", "Class", "Embedding colored by class"]) {
    assert(svg.includes(`>${text}</text>`), `missing text ${text}`);
  }
  const byCluster = await renderSvg(embeddingScatterSpec(points, { title: "t-SNE" }));
  assert(byCluster.includes(">Cluster</text>") && byCluster.includes(">t-SNE</text>"));
});

Deno.test("embeddingScatterSpec() rejects a bad colorBy, no points, non-finite coordinates and unnamed labels", () => {
  assertThrows(
    () => embeddingScatterSpec(points, { colorBy: "class" as "label" }),
    RangeError,
    'Cannot build embedding scatter spec: colorBy must be "cluster" or "label", current value is "class"',
  );
  assertThrows(
    () => embeddingScatterSpec([]),
    RangeError,
    "Cannot build embedding scatter spec: points must have at least 1 entry, current length is 0",
  );
  assertThrows(
    () => embeddingScatterSpec([{ x: 0, y: Infinity, cluster: 0, label: 0 }]),
    TypeError,
    "Cannot build embedding scatter spec: x and y must be finite numbers, current value is (0, Infinity)",
  );
  assertThrows(
    () => embeddingScatterSpec([{ x: 0, y: 0, cluster: 0, label: 3 }], { classNames: ["Bag"] }),
    RangeError,
    "Cannot build embedding scatter spec: label must index classNames (length 1), current value is 3",
  );
});
