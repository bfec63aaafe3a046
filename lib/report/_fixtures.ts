/**
 * Test helper: fabricates a `results.json` and `artifacts.json` from the real test labels, with seeded
 * random, perfect and noisy predictions, so the report's builders can be checked against known numbers.
 *
 * @module
 */
import { type FashionMnist, loadFashionMnist, PIXELS } from "../data/mod.ts";
import { accuracy, ami, ari, nmi } from "../metrics/mod.ts";
import { QUICK_CONFIG } from "../pipeline/config.ts";
import { type MethodResult, METRIC_NAMES, type Results, summarize } from "../pipeline/results.ts";
import { randomSeeded } from "../random/mod.ts";
import { join } from "../std.ts";

/** Options of {@linkcode fabricateRun}. */
export interface FabricateOptions {
  /** Test images scored. @default {200} */
  nTest?: number;
  /** Seeds. @default {[0, 1]} */
  seeds?: number[];
  /** Whether to include the autoencoder methods and artifacts. @default {true} */
  autoencoder?: boolean;
}

/** A fabricated run. */
export interface FabricatedRun {
  /** The results written. */
  results: Results;
  /** The artifacts written (as JSON). */
  artifacts: Record<string, unknown>;
  /** The loaded data set. */
  data: FashionMnist;
}

let cached: Promise<FashionMnist> | undefined;

/** Loads Fashion-MNIST once per test process. */
export function testData(): Promise<FashionMnist> {
  cached ??= loadFashionMnist();
  return cached;
}

type Predictor = (labels: Uint8Array, seed: number) => number[];

/** Cluster ids that are a fixed permutation of the classes (AMI 1). */
const perfect: Predictor = (labels) => Array.from(labels, (l) => (3 * l + 1) % 10);
/** Uniformly random cluster ids (AMI ≈ 0). */
const random: Predictor = (labels, seed) => {
  const prng = randomSeeded(seed + 100);
  return Array.from(labels, () => Math.floor(prng() * 10));
};
/** The true class with probability 0.7, else random, permuted. */
const noisy: Predictor = (labels, seed) => {
  const prng = randomSeeded(seed + 200);
  return Array.from(labels, (l) => (7 * (prng() < 0.7 ? l : Math.floor(prng() * 10)) + 2) % 10);
};

function scores(truth: Uint8Array, pred: number[]) {
  return { ami: ami(truth, pred), nmi: nmi(truth, pred), ari: ari(truth, pred), acc: accuracy(truth, pred) };
}

/**
 * Writes a fabricated `results.json` and `artifacts.json` into `outDir`.
 *
 * @param outDir The folder (must exist).
 * @param options Size, seeds and whether the autoencoder part is present.
 * @returns What was written.
 */
export async function fabricateRun(outDir: string, options: FabricateOptions = {}): Promise<FabricatedRun> {
  const { nTest = 200, seeds = [0, 1], autoencoder = true } = options;
  const data = await testData();
  const testLabels = data.test.labels.subarray(0, nTest);
  const trainLabels = data.train.labels.subarray(0, nTest);
  const specs: { id: string; label: string; predict: Predictor; reference: number }[] = [
    { id: "kmeans-raw", label: "KMeans on raw pixels", predict: random, reference: 0.5001 },
  ];
  if (autoencoder) {
    specs.push(
      { id: "ae-kmeans", label: "Autoencoder + KMeans", predict: perfect, reference: 0.5171 },
      { id: "ae-gmm", label: "Autoencoder + GMM", predict: noisy, reference: 0.5449 },
    );
  }
  const predictions: Record<string, Record<string, number[]>> = {};
  const methods: MethodResult[] = specs.map((spec) => {
    const test = seeds.map((seed) => {
      const pred = spec.predict(testLabels, seed);
      (predictions[String(seed)] ??= {})[spec.id] = pred;
      return scores(testLabels, pred);
    });
    const train = seeds.map((seed) => scores(trainLabels, spec.predict(trainLabels, seed + 1)));
    const summary = (rows: typeof test) =>
      Object.fromEntries(
        METRIC_NAMES.map((n) => [n, summarize(rows.map((r) => r[n]))]),
      ) as MethodResult["metrics"];
    return {
      id: spec.id,
      label: spec.label,
      protocol: "inductive",
      seeds,
      metrics: summary(test),
      trainMetrics: summary(train),
      reference: { ami: spec.reference, source: `The report: ${spec.label}` },
      details: {
        perSeed: seeds.map((seed) => ({
          seed,
          fitSeconds: 1.25 + seed,
          ...(spec.id === "ae-gmm"
            ? {
              covarianceType: "full",
              choice: "highest validation log-likelihood (full 31.2 > diag 27.9)",
            }
            : {}),
        })),
      },
    };
  });
  const results: Results = {
    methods,
    manifest: {
      config: { ...QUICK_CONFIG, testLimit: nTest },
      seeds,
      data: { source: `repo: ${data.dir}`, sha256: data.sha256, nTrain: 3000, nTest },
      versions: { deno: "2.9.6", v8: "13.0", typescript: "5.8", tfjs: "4.22.0", platform: "linux-x86_64" },
      backend: { name: "wasm", threads: 2 },
      startedAt: "2025-01-01T00:00:00.000Z",
      wallSeconds: 75.5,
      stages: seeds.flatMap((seed) => [
        { stage: "kmeans-raw", seed, seconds: 12.5, cached: false, key: `abc${seed}` },
        ...(autoencoder
          ? [{
            stage: "ae-train",
            seed,
            seconds: seed > 0 ? 0.25 : 61.25,
            cached: seed > 0,
            key: `def${seed}`,
            computeSeconds: 61.25,
          }]
          : []),
        // One entry for every seed, computed by the first.
        {
          stage: "descriptors",
          seed,
          seconds: seed > 0 ? 0.5 : 10,
          cached: seed > 0,
          key: "ghi",
          computeSeconds: 10,
        },
      ]),
      peakRssBytes: 1.5 * 2 ** 30,
      notes: ["Fabricated for tests: predictions are random, perfect and noisy."],
    },
  };
  const artifacts: Record<string, unknown> = { seeds, nTest, predictions };
  if (autoencoder) {
    artifacts.autoencoder = Object.fromEntries(seeds.map((seed) => {
      const prng = randomSeeded(seed + 300);
      const indices = Array.from({ length: 10 }, (_, i) => i * 3);
      const images: number[] = [];
      for (const index of indices) {
        for (let p = 0; p < PIXELS; p++) {
          images.push(Math.min(1, (data.test.images[index * PIXELS + p] / 255) * 0.8 + 0.05));
        }
      }
      return [String(seed), {
        architecture: ["Conv2D(14, 3×3, same, relu)", "MaxPooling2D(2)", "Dropout(0.2)"],
        latentShape: [7, 7, 7],
        history: [1, 2, 3].map((epoch) => ({
          epoch,
          loss: 0.05 / epoch + 0.001 * seed,
          valLoss: 0.045 / epoch + 0.002,
          seconds: 20 + epoch,
        })),
        reconstructions: { indices, images },
        embedding2d: {
          x: Array.from(testLabels, (l) => (l % 5) + prng() * 0.8),
          y: Array.from(testLabels, (l) => Math.floor(l / 5) * 2 + prng() * 0.8),
          explainedVarianceRatio: [0.31, 0.17],
        },
      }];
    }));
  }
  await Deno.writeTextFile(join(outDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  await Deno.writeTextFile(join(outDir, "artifacts.json"), JSON.stringify(artifacts));
  return { results, artifacts, data };
}
