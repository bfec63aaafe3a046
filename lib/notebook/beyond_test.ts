import { assert, assertEquals, assertThrows } from "../std.ts";
import { DEFAULT_CONFIG, type MethodResult, type Results } from "../pipeline/mod.ts";
import {
  classMovesTable,
  clusterTransitions,
  partitionsTable,
  publishedTable,
  scanHistorySpec,
  scanHistoryTable,
  selfTrainingTable,
  settingsTable,
  updateHistorySpec,
  updateHistoryTable,
} from "./beyond.ts";

const summary = (values: number[]) => ({
  mean: values.reduce((a, v) => a + v, 0) / values.length,
  std: 0.01,
  values,
});
const metrics = (...values: number[]) => ({
  ami: summary(values),
  nmi: summary(values),
  ari: summary(values),
  acc: summary(values),
});
const scores = (v: number) => ({ ami: v, nmi: v, ari: v, acc: v });

function selfTraining(): Results {
  const row = (id: string, kept: number, test: number[]): MethodResult => ({
    id,
    label: id,
    protocol: "inductive",
    seeds: [0, 1],
    metrics: metrics(...test),
    details: {
      perSeed: [0, 1].map((seed) => ({
        seed,
        selectedIteration: kept,
        history: [
          { iteration: 0, changed: 0, loss: null, score: 0.5 + seed / 100 },
          { iteration: 6, changed: 0.1, loss: 0.07, score: 0.52 + seed / 100 },
          { iteration: 12, changed: 0.05, loss: 0.08, score: 0.51 + seed / 100 },
        ],
        start: { validation: scores(0.5 + seed / 100), test: scores(0.49), validationSelf: scores(0.52) },
      })),
    },
  });
  return { methods: [row("dec", 6, [0.53, 0.54]), row("idec", 12, [0.51, 0.5])], manifest: {} };
}

Deno.test("publishedTable() gives one row per published number, and dashes for a method citing none", () => {
  const results: Results = {
    methods: [
      { id: "a", label: "A", protocol: "inductive", seeds: [0], metrics: metrics(0.7) },
      {
        id: "b",
        label: "B",
        protocol: "transductive",
        seeds: [0, 1],
        metrics: metrics(0.6, 0.62),
        published: [
          { name: "X", acc: 0.6, nmi: 0.65, protocol: "transductive", source: "X et al." },
          { name: "Y", acc: 0.612, protocol: "transductive", source: "Y et al." },
        ],
      },
    ],
    manifest: {},
  };
  const table = publishedTable(results, ["a", "b"]);
  assertEquals(table.rows.length, 3);
  assertEquals(table.rows[0].slice(3), ["0.7000", "—", "—", "0.7000", "—", "—", "—"]);
  assertEquals(table.rows[1].slice(3), [
    "0.6100 ± 0.0100",
    "0.6000",
    "+0.0100",
    "0.6100 ± 0.0100",
    "0.6500",
    "-0.0400",
    "X et al.",
  ]);
  assertEquals(table.rows[2].slice(7, 9), ["—", "—"]);
  assertThrows(() => publishedTable(results, ["c"]), RangeError, 'current value is "c"');
});

Deno.test("partitionsTable() shows a collapse: fewer clusters used, one of them huge", () => {
  const labels = [0, 0, 1, 1, 2, 2];
  const table = partitionsTable(
    [{ name: "fine", pred: [4, 4, 5, 5, 6, 6] }, { name: "collapsed", pred: [0, 0, 0, 0, 0, 1] }],
    labels,
  );
  assertEquals(table.rows[0].slice(1, 5), ["3", "33.3% (2)", "33.3% (2)", "1.0000"]);
  assertEquals(table.rows[1].slice(1, 4), ["2", "83.3% (5)", "16.7% (1)"]);
  assertThrows(
    () => partitionsTable([{ name: "short", pred: [0] }], labels),
    RangeError,
    '"short" must have',
  );
});

Deno.test("clusterTransitions() and classMovesTable() agree with the matched accuracies", () => {
  // Class 0: 3 images, class 1: 3 images. Before, one image of class 1 sits with class 0; after, it moved.
  const labels = [0, 0, 0, 1, 1, 1];
  const before = [7, 7, 7, 7, 8, 8];
  const after = [1, 1, 1, 0, 0, 0];
  const t = clusterTransitions(labels, before, after, { classNames: ["a", "b"] });
  assertEquals(t.matrix, [[3, 1], [0, 2]]);
  assertEquals(t.matrix.flat().reduce((a, v) => a + v, 0), labels.length);
  const table = classMovesTable(labels, before, after, { classNames: ["a", "b"], beforeName: "GMM" });
  assertEquals(table.headers[2], "Matched, GMM");
  assertEquals(table.rows, [
    ["a", "3", "3", "3", "0", "0", "0"],
    ["b", "3", "2", "3", "1", "0", "1"],
    ["all", "6", "5", "6", "1", "0", "1"],
  ]);
  assertThrows(() => clusterTransitions(labels, [0], after), RangeError, "lengths are 1 and 6");
});

Deno.test("selfTrainingTable() puts the shared start first, then each method, per seed", () => {
  const table = selfTrainingTable(selfTraining(), ["dec", "idec"]);
  assertEquals(table.rows.map((r) => [r[0], r[1], r[2], r[3], r.at(-1)]), [
    ["0", "KMeans start", "0.5000", "0.4900", "0"],
    ["0", "dec", "0.5200", "0.5300", "6"],
    ["0", "idec", "0.5200", "0.5100", "12"],
    ["1", "KMeans start", "0.5100", "0.4900", "0"],
    ["1", "dec", "0.5200", "0.5400", "6"],
    ["1", "idec", "0.5200", "0.5000", "12"],
  ]);
  const noStart = selfTraining();
  noStart.methods[1].details = { perSeed: [{ seed: 0 }] };
  assertThrows(
    () => selfTrainingTable(noStart, ["dec", "idec"]),
    RangeError,
    '"idec" recorded no start for seed 0',
  );
});

Deno.test("the update histories list and chart every target update, the kept one marked", () => {
  const results = selfTraining();
  const table = updateHistoryTable(results.methods[0], 1);
  assertEquals(table.rows.map((r) => [r[0], r[3], r[4]]), [["0", "0.5100", ""], ["6", "0.5300", "✓"], [
    "12",
    "0.5200",
    "",
  ]]);
  const spec = updateHistorySpec(results, ["dec", "idec"]) as unknown as {
    data: { values: { method: string; kept: boolean }[] };
    encoding: Record<string, unknown>;
  };
  assertEquals(spec.data.values.length, 12);
  assertEquals(spec.data.values.filter((v) => v.kept).length, 4);
  assert("strokeDash" in spec.encoding, "two seeds: dashed by seed");
  assertThrows(
    () => updateHistoryTable({ ...results.methods[0], details: {} }),
    RangeError,
    'method "dec" recorded none for seed 0',
  );
});

Deno.test("scanHistoryTable() and scanHistorySpec() number the epochs over both phases", () => {
  const m = {
    id: "scan",
    seeds: [3],
    details: {
      perSeed: [{
        seed: 3,
        history: [{ phase: "warm", loss: 0.9, entropy: null }, { phase: "scan", loss: 0.25, entropy: 2.28 }, {
          phase: "scan",
          loss: 0.2,
          entropy: 2.29,
        }],
      }],
    },
  } as unknown as MethodResult;
  assertEquals(scanHistoryTable(m).rows.map((r) => r.slice(0, 2)), [["1", "warm"], ["2", "scan"], [
    "3",
    "scan",
  ]]);
  const values = (scanHistorySpec(m).data as { values: { epoch: number }[] }).values;
  assertEquals(values.map((v) => v.epoch), [1, 2, 3]);
  assertThrows(() => scanHistoryTable(m, 0), RangeError, "recorded none for seed 0");
});

Deno.test("settingsTable() writes small values as a configuration does and refuses an unknown path", () => {
  const table = settingsTable(DEFAULT_CONFIG, ["gmm.regCovar", "gmm.tol", "beyond.stack.patches"], [
    "stack-umap-gmm",
  ]);
  assertEquals(table.rows.slice(0, 2).map((r) => r[1]), ["1e-6", "0.001"]);
  const patches = table.rows.filter((r) => r[0].startsWith("beyond.stack.patches."));
  assertEquals(patches.map((r) => r[0].split(".").at(-1)), [
    "patchSize",
    "nAtoms",
    "poolGrid",
    "seed",
    "nSamplePatches",
  ]);
  // The object's reason is shown once, on its first value.
  assertEquals(patches.filter((r) => r[2] !== "").length, 1);
  assertThrows(
    () => settingsTable(DEFAULT_CONFIG, ["beyond.nothing"]),
    RangeError,
    'no setting "beyond.nothing"',
  );
});
