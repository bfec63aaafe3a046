/**
 * A small fabricated pipeline run for the unit tests: 40 test images of 4 classes, two methods with
 * predictions, the autoencoder's history, reconstructions and 2-D view.
 *
 * @module
 */
import { PIXELS } from "../data/mod.ts";
import type { MetricSummary } from "../pipeline/mod.ts";
import { QUICK_CONFIG } from "../pipeline/mod.ts";
import type { PipelineRun } from "./pipeline_run.ts";

const summary = (mean: number): MetricSummary => ({ mean, std: 0, values: [mean] });

/** A run with `nTest = 40` images of classes 0–3 (ten each, in blocks) and methods `km` and `gmm`. */
export function fakeRun(): PipelineRun {
  const nTest = 40;
  const testLabels = Uint8Array.from({ length: nTest }, (_, i) => Math.floor(i / 10));
  const testImages = Uint8Array.from(
    { length: nTest * PIXELS },
    (_, p) => (Math.floor(p / PIXELS) * 6) % 256,
  );
  const km = Array.from(testLabels, (c) => (c + 1) % 4); // a relabelling: perfect clusters
  const gmm = Array.from(testLabels, (c, i) => (i % 10 === 0 ? 0 : c)); // a few mistakes
  const metrics = (v: number) => ({ ami: summary(v), nmi: summary(v), ari: summary(v), acc: summary(v) });
  return {
    settings: { size: "quick", config: QUICK_CONFIG, seeds: [0], cacheDir: "/tmp/cache" },
    results: {
      methods: [
        {
          id: "km",
          label: "KMeans",
          protocol: "inductive",
          seeds: [0],
          metrics: metrics(1),
          trainMetrics: metrics(0.9),
          reference: { ami: 0.5, source: "report" },
          details: {
            perSeed: [{
              seed: 0,
              selected: "l2",
              candidates: [
                { name: "none", validationAmi: 0.4, inertia: 12.5, nIter: 3, converged: true },
                { name: "l2", validationAmi: 0.6, inertia: 1.25, nIter: 4, converged: true },
              ],
            }],
          },
        },
        {
          id: "gmm",
          label: "Gaussian mixture",
          protocol: "inductive",
          seeds: [0],
          metrics: metrics(0.8),
          details: {
            perSeed: [{
              seed: 0,
              covarianceType: "full",
              validationLogLikelihood: 12.5,
              candidates: [
                { covarianceType: "diag", validationLogLikelihood: 10.25 },
                { covarianceType: "full", validationLogLikelihood: 12.5 },
              ],
            }],
          },
        },
      ],
      manifest: {},
    },
    artifacts: {
      seeds: [0],
      nTest,
      predictions: { "0": { km, gmm } },
      autoencoder: {
        "0": {
          history: [{ epoch: 1, loss: 0.04, valLoss: 0.03, seconds: 2 }, {
            epoch: 2,
            loss: 0.02,
            valLoss: 0.025,
          }],
          reconstructions: { indices: [0, 10, 20, 30], images: new Array(4 * PIXELS).fill(0.5) },
          embedding2d: {
            x: Array.from(testLabels, (c, i) => c + i / 100),
            y: Array.from(testLabels, (c) => -c),
            explainedVarianceRatio: [0.5, 0.25],
          },
        },
      },
    },
    seed: 0,
    testImages,
    testLabels,
    classNames: ["Top", "Trouser", "Pullover", "Dress"],
  };
}
