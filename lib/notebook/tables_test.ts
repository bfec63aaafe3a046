import { DEFAULT_CONFIG, QUICK_CONFIG } from "../pipeline/mod.ts";
import { assertEquals, assertThrows } from "../std.ts";
import { fakeRun } from "./_fixtures.ts";
import {
  candidatesTable,
  classCountsTable,
  comparisonTable,
  type ConfigPart,
  configTable,
  metricsTable,
  pixelStatsTable,
  trainingTable,
} from "./tables.ts";

Deno.test("configTable() shows each part of the configuration", () => {
  assertEquals(configTable(QUICK_CONFIG, "data").rows, [
    ["Training images", "first 3,000"],
    ["Test images (scored)", "first 1,000"],
    ["Autoencoder training split", "2,250"],
    ["Validation split (early stopping, selection)", "750"],
  ]);
  assertEquals(configTable(DEFAULT_CONFIG, "data").rows[2], ["Autoencoder training split", "45,000"]);
  assertEquals(configTable(DEFAULT_CONFIG, "autoencoder").rows[0], ["Architecture", "report"]);
  assertEquals(configTable(DEFAULT_CONFIG, "selection").rows[0][1], "none, l2");
  assertThrows(
    () => configTable(DEFAULT_CONFIG, "other" as ConfigPart),
    RangeError,
    'part must be data, kmeans, autoencoder, gmm or selection, current value is "other"',
  );
});

Deno.test("classCountsTable() rejects labels without a class name", () => {
  assertThrows(
    () => classCountsTable({ a: [3] }, { classNames: ["x"] }),
    RangeError,
    "Cannot count classes: labels must index classNames (length 1), current value is 3",
  );
});

Deno.test("pixelStatsTable() gives mean, std, range and zero share per split", () => {
  assertEquals(pixelStatsTable({ a: Float32Array.of(0, 0, 0, 1) }, { width: 4 }).rows, [
    ["a", "1", "0.2500", "0.4330", "0.0000", "1.0000", "75.0%"],
  ]);
});

Deno.test("trainingTable() marks the best validation epoch", () => {
  const run = fakeRun();
  assertEquals(trainingTable(run.artifacts.autoencoder["0"].history!).rows, [
    ["1", "0.04000", "0.03000", "2.0"],
    ["2", "0.02000", "0.02500 (best)", "—"],
  ]);
});

Deno.test("candidatesTable() marks the chosen candidate by name or, without one, by its facts", () => {
  const run = fakeRun();
  const km = candidatesTable(run.results.methods[0]);
  assertEquals(km.headers, ["Chosen", "Candidate", "Validation AMI", "Inertia", "Iterations", "Converged"]);
  assertEquals(km.rows[1], ["✓", "l2", "0.6000", "1.2500", "4", "yes"]);
  const gmm = candidatesTable(run.results.methods[1]);
  assertEquals(gmm.rows.map((r) => r[0]), ["", "✓"]);
  assertThrows(
    () => candidatesTable(run.results.methods[1], { seed: 5 }),
    RangeError,
    'Cannot list candidates: method "gmm" recorded none for seed 5',
  );
});

Deno.test("metricsTable() lists test or training metrics of the chosen methods", () => {
  const { results } = fakeRun();
  const test = metricsTable(results, { ids: ["gmm", "km"] });
  assertEquals(test.rows.map((r) => r[0]), ["gmm", "km"]);
  assertEquals(test.rows[0].slice(-2), ["—", "—"]);
  assertEquals(test.rows[1].slice(-2), ["0.5000", "+0.5000"]);
  const train = metricsTable(results, { split: "train" });
  assertEquals(train.headers[2], "AMI (fitted data)");
  assertEquals(train.rows[0].slice(2), ["0.9000", "0.9000", "0.9000", "0.9000", "1.0000"]);
  assertEquals(train.rows[1].slice(2, 3), ["—"]);
  assertThrows(() => metricsTable(results, { ids: ["x"] }), RangeError, 'current value is "x"');
});

Deno.test("comparisonTable() lists only methods with a published number", () => {
  assertEquals(comparisonTable(fakeRun().results).rows, [[
    "km",
    "KMeans",
    "1.0000",
    "0.5000",
    "+0.5000",
    "yes",
  ]]);
});
