import { assertEquals, assertThrows } from "../std.ts";
import { parseReportArtifacts } from "./report_artifacts.ts";

const ae = {
  architecture: "report",
  latentShape: [7, 7, 7],
  history: [{ epoch: 1, loss: 0.03, valLoss: 0.02, seconds: 4 }],
  reconstructions: { indices: [4], images: new Array(784).fill(0.5) },
  embedding2d: { x: [0, 1], y: [1, 0], explainedVarianceRatio: [0.3, 0.2] },
};
const base = { seeds: [3, 4], nTest: 2, predictions: { "3": { km: [0, 1] }, "4": { km: [1, 1] } } };

Deno.test("parseReportArtifacts() keeps predictions and normalises the autoencoder part to keys by seed", () => {
  const bySeed = parseReportArtifacts({ ...base, autoencoder: { "3": ae, "4": ae } });
  assertEquals(Object.keys(bySeed.autoencoder), ["3", "4"]);
  assertEquals(bySeed.autoencoder["3"], ae);
  assertEquals(bySeed.predictions["4"].km, [1, 1]);
  assertEquals(Object.keys(parseReportArtifacts({ ...base, autoencoder: [ae, ae] }).autoencoder), ["3", "4"]);
  assertEquals(Object.keys(parseReportArtifacts({ ...base, autoencoder: ae }).autoencoder), ["3"]);
  assertEquals(parseReportArtifacts(base).autoencoder, {});
});

Deno.test("parseReportArtifacts() accepts an autoencoder part with only some fields", () => {
  const parsed = parseReportArtifacts({ ...base, autoencoder: { "3": { history: ae.history } } });
  assertEquals(parsed.autoencoder["3"], { history: ae.history });
});

Deno.test("parseReportArtifacts() names the first path that breaks the schema", () => {
  const cases: [unknown, string][] = [
    [[], "Invalid artifacts: the top level must be an object"],
    [{ ...base, seeds: [] }, "Invalid artifacts: seeds must be a non-empty array of integers"],
    [{ ...base, nTest: 0 }, "Invalid artifacts: nTest must be an integer >= 1"],
    [
      { ...base, predictions: { "3": { km: [0, 0.5] } } },
      'predictions["3"]["km"] must be an array of nTest (2) integers',
    ],
    [
      { ...base, autoencoder: { "3": { history: [{ epoch: 1 }] } } },
      'autoencoder["3"].history[0] must be an object',
    ],
    [
      { ...base, autoencoder: { "3": { reconstructions: { indices: [1, 2], images: [0] } } } },
      'autoencoder["3"].reconstructions.images must be 784 values per index (1568)',
    ],
    [
      { ...base, autoencoder: { "3": { embedding2d: { x: [0], y: [0] } } } },
      'autoencoder["3"].embedding2d must be one point per test image (x and y of length nTest = 2)',
    ],
  ];
  for (const [value, message] of cases) assertThrows(() => parseReportArtifacts(value), TypeError, message);
});
