import { assert, assertEquals, assertThrows } from "../std.ts";
import { compileChart } from "./compile_chart.ts";
import { confusionMatrixSpec } from "./confusion_matrix_spec.ts";
import { renderSvg } from "./render.ts";
import { CLASS_NAMES } from "../data/mod.ts";

const matrix = CLASS_NAMES.map((_, i) =>
  CLASS_NAMES.map((_, j) => (i === j ? 900 + i : (i * 7 + j * 3) % 50))
);

Deno.test("confusionMatrixSpec() compiles without warnings and keeps one datum per cell", () => {
  const spec = confusionMatrixSpec(matrix, { classNames: CLASS_NAMES });
  assertEquals(compileChart(spec).warnings, []);
  const values = (spec.data as { values: unknown[] }).values;
  assertEquals(values.length, 100);
  assertEquals(values[23], { actual: "Pullover", predicted: "Dress", count: 23, row: 2, column: 3 });
});

Deno.test("confusionMatrixSpec() renders class names, counts and axis titles into the SVG", async () => {
  const svg = await renderSvg(
    confusionMatrixSpec(matrix, { classNames: CLASS_NAMES, title: "KMeans on codes" }),
  );
  for (
    const text of [...CLASS_NAMES, "909", "23", "KMeans on codes", "True class", "Cluster (matched to class)"]
  ) {
    assert(svg.includes(`>${text}</text>`), `missing text ${text}`);
  }
});

Deno.test("confusionMatrixSpec() names clusters when the matrix is not square", () => {
  const spec = confusionMatrixSpec([[1, 2, 3], [4, 5, 6]], { classNames: ["Bag", "Coat"] });
  assertEquals(compileChart(spec).warnings, []);
  const values = (spec.data as { values: { predicted: string }[] }).values;
  assertEquals(values.slice(0, 3).map((v) => v.predicted), ["Cluster 0", "Cluster 1", "Cluster 2"]);
});

Deno.test("confusionMatrixSpec() rejects empty, ragged and negative matrices and wrong name counts", () => {
  assertThrows(
    () => confusionMatrixSpec([]),
    RangeError,
    "Cannot build confusion matrix spec: matrix must have at least 1 row and 1 column, current value is empty",
  );
  assertThrows(
    () => confusionMatrixSpec([[1, 2], [3]]),
    TypeError,
    "Cannot build confusion matrix spec: every row must have 2 columns, row 1 has 1",
  );
  assertThrows(
    () => confusionMatrixSpec([[1, -2], [3, 4]]),
    RangeError,
    "Cannot build confusion matrix spec: counts must be finite and >= 0, current value at [0][1] is -2",
  );
  assertThrows(
    () => confusionMatrixSpec([[1, 2], [3, 4]], { classNames: ["Bag"] }),
    RangeError,
    "Cannot build confusion matrix spec: classNames must have one name per row (2), current length is 1",
  );
});
