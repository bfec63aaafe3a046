import { assert, assertEquals, assertThrows } from "../std.ts";
import { compileChart } from "./compile_chart.ts";
import { renderSvg } from "./render.ts";
import { type ResultRow, resultsBarSpec } from "./results_bar_spec.ts";

const rows: ResultRow[] = ["KMeans (pixels)", "GMM (codes)"].flatMap((method, m) =>
  ["AMI", "NMI", "ARI", "ACC"].map((metric, k) => ({
    method,
    metric,
    mean: 0.5 + 0.05 * m + 0.01 * k,
    std: 0.01 * (k + 1),
    reference: metric === "AMI" ? 0.51 + 0.1 * m : undefined,
  }))
);

Deno.test("resultsBarSpec() compiles without warnings, with and without reference values", () => {
  assertEquals(compileChart(resultsBarSpec(rows)).warnings, []);
  const noReference = rows.map(({ reference: _, ...rest }) => rest);
  const spec = resultsBarSpec(noReference);
  assertEquals(compileChart(spec).warnings, []);
  assertEquals(spec.title, "Clustering scores (mean ± std over seeds)");
});

Deno.test("resultsBarSpec() renders methods, metrics, titles and the reference note into the SVG", async () => {
  const svg = await renderSvg(resultsBarSpec(rows, { yTitle: "Score (higher is better)" }));
  for (
    const text of [
      "KMeans (pixels)",
      "GMM (codes)",
      "AMI",
      "NMI",
      "ARI",
      "ACC",
      "Method",
      "Metric",
      "Score (higher is better)",
      "Black tick: value reported in the reference",
    ]
  ) {
    assert(svg.includes(`>${text}</text>`), `missing text ${text}`);
  }
  // one reference tick per row that has a reference (the two AMI rows)
  assertEquals(svg.match(/aria-roledescription="tick"/g)?.length, 2);
});

Deno.test("resultsBarSpec() computes error bar ends and rejects bad rows", () => {
  const values = (resultsBarSpec(rows).data as { values: { lower: number; upper: number }[] }).values;
  assertEquals([values[1].lower, values[1].upper], [0.49, 0.53]);
  assertThrows(
    () => resultsBarSpec([]),
    RangeError,
    "Cannot build results bar spec: rows must have at least 1 entry, current length is 0",
  );
  assertThrows(
    () => resultsBarSpec([{ method: "KMeans", metric: "AMI", mean: 0.5, std: -1 }]),
    RangeError,
    "Cannot build results bar spec: mean must be finite and std finite and >= 0, current values are 0.5 and -1 for KMeans AMI",
  );
  assertThrows(
    () => resultsBarSpec([{ method: "KMeans", metric: "AMI", mean: 0.5, std: 0, reference: NaN }]),
    RangeError,
    "Cannot build results bar spec: reference must be finite, current value is NaN for KMeans AMI",
  );
});
