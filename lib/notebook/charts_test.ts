import { assert, assertEquals, assertThrows } from "../std.ts";
import { fakeRun } from "./_fixtures.ts";
import {
  classSharesSpec,
  confusionChartSpec,
  embeddingChartSpec,
  lossChartSpec,
  resultsChartSpec,
} from "./charts.ts";

type Values<T> = { data: { values: T[] } };

Deno.test("classSharesSpec() gives each split's class shares and counts", () => {
  const spec = classSharesSpec({ a: [0, 0, 1], b: [1] }, { classNames: ["x", "y"] }) as unknown as Values<
    { split: string; className: string; count: number; share: number }
  >;
  assertEquals(spec.data.values.map((v) => [v.split, v.className, v.count]), [
    ["a", "x", 2],
    ["a", "y", 1],
    ["b", "x", 0],
    ["b", "y", 1],
  ]);
});

Deno.test("classSharesSpec() rejects no split, an empty split and unknown classes", () => {
  assertThrows(() => classSharesSpec({}), RangeError, "splits must name at least 1 split");
  assertThrows(() => classSharesSpec({ a: [] }), RangeError, 'split "a" must not be empty');
  assertThrows(
    () => classSharesSpec({ a: [2] }, { classNames: ["x", "y"] }),
    RangeError,
    "labels must index classNames (length 2), current value is 2",
  );
});

Deno.test("confusionChartSpec() puts the matched counts on the diagonal", () => {
  const spec = confusionChartSpec(fakeRun(), "km") as unknown as Values<
    { row: number; column: number; count: number }
  >;
  const diagonal = spec.data.values.filter((v) => v.row === v.column).map((v) => v.count);
  assertEquals(diagonal, [10, 10, 10, 10]);
});

Deno.test("lossChartSpec() draws the training and validation loss of each epoch", () => {
  const spec = lossChartSpec(fakeRun()) as unknown as Values<{ epoch: number }>;
  assertEquals(spec.data.values.length, 4);
  const run = fakeRun();
  run.artifacts.autoencoder = {};
  assertThrows(() => lossChartSpec(run), RangeError, "the run has no autoencoder training history");
});

Deno.test("embeddingChartSpec() subsamples, colours and labels the axes with the explained variance", () => {
  const run = fakeRun();
  const embedding = run.artifacts.autoencoder["0"].embedding2d!;
  const spec = embeddingChartSpec(embedding, run.testLabels, { clusters: [...run.testLabels], maxPoints: 8 });
  const values = (spec as unknown as Values<{ cluster: number }>).data.values;
  assertEquals(values.length, 8);
  assert(JSON.stringify(spec).includes("PC 1 (50.0% of variance)"));
  assertEquals(
    (spec as unknown as { encoding: { color: { field: string } } }).encoding.color.field,
    "cluster",
  );
});

Deno.test("embeddingChartSpec() rejects mismatched lengths and cluster colouring without clusters", () => {
  const embedding = { x: [0, 1], y: [0, 1] };
  assertThrows(() => embeddingChartSpec(embedding, [0]), RangeError, "must have one entry per point (2)");
  assertThrows(
    () => embeddingChartSpec(embedding, [0, 1], { colorBy: "cluster" }),
    RangeError,
    'colorBy "cluster" needs clusters',
  );
});

Deno.test("resultsChartSpec() shows every metric of the chosen methods and marks the report's AMI", () => {
  const run = fakeRun();
  const values = (resultsChartSpec(run.results, { ids: ["km"] }) as unknown as Values<
    { method: string; metric: string; reference: number | null }
  >).data.values;
  assertEquals(values.map((v) => v.metric), ["AMI", "NMI", "ARI", "ACC"]);
  assertEquals(values.map((v) => v.reference), [0.5, null, null, null]);
  assertThrows(
    () => resultsChartSpec(run.results, { ids: ["nope"] }),
    RangeError,
    'ids must name methods of the results, current value is "nope"',
  );
});
