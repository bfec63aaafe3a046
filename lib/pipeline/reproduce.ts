/**
 * The report's pipelines end to end: data → stages (cached) → metrics over seeds → `results.json` and the
 * artifacts the report's figures are drawn from.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { KMeans } from "../cluster/mod.ts";
import { loadFashionMnist } from "../data/mod.ts";
import { accuracy, ami, ari, nmi } from "../metrics/mod.ts";
import { deriveSeed } from "../random/mod.ts";
import { join } from "../std.ts";
import { type StageArtifact, StageCache, writeFileAtomic } from "./cache.ts";
import { REPORT_REFERENCES, type ReproduceConfig } from "./config.ts";
import { prepareRunData, type RunData } from "./data.ts";
import { collectVersions, PeakMemory } from "./manifest.ts";
import type { OnProgress } from "./progress.ts";
import { type MethodResult, METRIC_NAMES, type MetricName, type Results, summarize } from "./results.ts";

/** Options of {@linkcode reproduce}. */
export interface ReproduceOptions {
  /** The run's configuration. */
  config: ReproduceConfig;
  /** Seeds to run; metrics are reported as mean ± std over them. */
  seeds: number[];
  /** Where `results.json` and `artifacts.json` are written. */
  outDir: string;
  /** Root of the stage cache. */
  cacheDir: string;
  /** Recompute stages even when cached. */
  force?: boolean;
  /** An explicit Fashion-MNIST folder. */
  dataDir?: string;
  /** Threads of the WASM backend (recorded in the manifest). */
  threads?: number;
  /** Progress callback. */
  onProgress?: OnProgress;
}

/** Test-set scores of one method for one seed. */
export type Scores = Record<MetricName, number>;

/** What one method produced for one seed. */
export interface MethodRun {
  /** The method's id. */
  id: string;
  /** Human-readable name. */
  label: string;
  /** Cluster of every test image. */
  testPred: Int32Array;
  /** True classes of the images the method was fitted on. */
  fitTruth: Uint8Array;
  /** Cluster of every image the method was fitted on. */
  fitPred: Int32Array;
  /** Method-specific facts. */
  details: Record<string, unknown>;
}

/** The artifacts the report draws its figures from (`artifacts.json`). */
export interface ReportArtifacts {
  /** Seeds, in order. */
  seeds: number[];
  /** Number of test images scored. */
  nTest: number;
  /** Per seed (as a string key): test predictions by method id. */
  predictions: Record<string, Record<string, number[]>>;
}

/** Records a stage's wall time in the manifest. */
interface StageTiming {
  stage: string;
  seed: number;
  seconds: number;
  cached: boolean;
  key: string;
}

/**
 * Runs every stage for every seed (reusing cached stages), scores the methods on the test set and on the
 * data they were fitted on, and writes `results.json` and `artifacts.json` into `outDir` atomically.
 *
 * @param options What to run and where to write.
 * @returns The results written.
 */
export async function reproduce(options: ReproduceOptions): Promise<Results> {
  const { config, seeds, outDir, cacheDir, force = false, onProgress = () => {} } = options;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const memory = new PeakMemory();
  const cache = new StageCache(cacheDir, { force });
  const timings: StageTiming[] = [];
  const loaded = await loadFashionMnist({ dir: options.dataDir });
  const data = prepareRunData(loaded, config);
  const dataKey = { sha256: data.sha256, nTrain: data.nTrain, nTest: data.nTest };

  const runStage = async <T>(
    stage: string,
    seed: number,
    stageConfig: unknown,
    compute: (report: (fraction: number, message: string) => void) => Promise<StageArtifact<T>>,
  ): Promise<StageArtifact<T>> => {
    const t0 = performance.now();
    const elapsed = () => (performance.now() - t0) / 1000;
    onProgress({ stage, seed, elapsedSeconds: 0, message: "", phase: "start" });
    const { artifact, outcome, key } = await cache.run(
      stage,
      stageConfig,
      () =>
        compute((fraction, message) =>
          onProgress({ stage, seed, fraction, elapsedSeconds: elapsed(), message, phase: "update" })
        ),
    );
    memory.sample();
    timings.push({ stage, seed, seconds: elapsed(), cached: outcome === "hit", key });
    onProgress({
      stage,
      seed,
      elapsedSeconds: elapsed(),
      message: "",
      phase: "done",
      cached: outcome === "hit",
    });
    return artifact;
  };

  const runs: Record<string, MethodRun[]> = {};
  for (const seed of seeds) {
    for (const run of await runSeed(data, config, seed, dataKey, runStage)) {
      (runs[run.id] ??= []).push(run);
    }
  }

  const methods: MethodResult[] = Object.entries(runs).map(([id, perSeed]) => {
    const test = perSeed.map((r) => score(data.testLabels, r.testPred));
    const fit = perSeed.map((r) => score(r.fitTruth, r.fitPred));
    return {
      id,
      label: perSeed[0].label,
      protocol: "inductive",
      seeds,
      metrics: summarizeScores(test),
      trainMetrics: summarizeScores(fit),
      ...(REPORT_REFERENCES[id] ? { reference: REPORT_REFERENCES[id] } : {}),
      details: { perSeed: perSeed.map((r, i) => ({ seed: seeds[i], ...r.details })) },
    };
  });
  memory.stop();
  const results: Results = {
    methods,
    manifest: {
      config,
      seeds,
      data: { source: data.source, sha256: data.sha256, nTrain: data.nTrain, nTest: data.nTest },
      versions: collectVersions(),
      backend: { name: tf.getBackend(), threads: options.threads ?? 1 },
      startedAt,
      wallSeconds: (performance.now() - started) / 1000,
      stages: timings,
      peakRssBytes: memory.peakBytes,
    },
  };
  const artifacts: ReportArtifacts = {
    seeds,
    nTest: data.nTest,
    predictions: Object.fromEntries(
      seeds.map((seed, i) => [
        String(seed),
        Object.fromEntries(
          Object.entries(runs).map(([id, perSeed]) => [id, Array.from(perSeed[i].testPred)]),
        ),
      ]),
    ),
  };
  await Deno.mkdir(outDir, { recursive: true });
  await writeFileAtomic(join(outDir, "artifacts.json"), JSON.stringify(artifacts));
  await writeFileAtomic(join(outDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  return results;
}

type RunStage = <T>(
  stage: string,
  seed: number,
  stageConfig: unknown,
  compute: (report: (fraction: number, message: string) => void) => Promise<StageArtifact<T>>,
) => Promise<StageArtifact<T>>;

/** All methods for one seed. */
async function runSeed(
  data: RunData,
  config: ReproduceConfig,
  seed: number,
  dataKey: unknown,
  runStage: RunStage,
): Promise<MethodRun[]> {
  const rawKMeans = await runStage(
    "kmeans-raw",
    seed,
    { data: dataKey, kmeans: config.kmeans, seed },
    (report) => {
      report(
        0,
        `KMeans(${config.kmeans.nClusters}, nInit=${config.kmeans.nInit}) on ${data.nTrain}×784 pixels`,
      );
      return clusterWithKMeans(
        data.trainImages,
        data.testImages,
        784,
        config,
        deriveSeed(seed, "kmeans-raw"),
      );
    },
  );
  return [{
    id: "kmeans-raw",
    label: "KMeans on raw pixels",
    testPred: rawKMeans.arrays.testPred as Int32Array,
    fitTruth: data.trainLabels,
    fitPred: rawKMeans.arrays.fitPred as Int32Array,
    details: rawKMeans.json,
  }];
}

/** Fits KMeans on `fit` rows and predicts `test` rows. */
async function clusterWithKMeans(
  fit: Float32Array,
  test: Float32Array,
  width: number,
  config: ReproduceConfig,
  seed: number,
): Promise<StageArtifact<Record<string, unknown>>> {
  await Promise.resolve();
  const xFit = tf.tensor2d(fit, [fit.length / width, width]);
  const xTest = tf.tensor2d(test, [test.length / width, width]);
  try {
    const t0 = performance.now();
    const km = new KMeans({ ...config.kmeans, seed }).fit(xFit);
    const fitSeconds = (performance.now() - t0) / 1000;
    return {
      json: { inertia: km.inertia, nIter: km.nIter, converged: km.converged, fitSeconds, features: width },
      arrays: { fitPred: km.labels, testPred: km.predict(xTest) },
    };
  } finally {
    tf.dispose([xFit, xTest]);
  }
}

/** AMI, NMI, ARI and ACC of a labelling. */
function score(truth: ArrayLike<number>, pred: ArrayLike<number>): Scores {
  return { ami: ami(truth, pred), nmi: nmi(truth, pred), ari: ari(truth, pred), acc: accuracy(truth, pred) };
}

function summarizeScores(perSeed: Scores[]): MethodResult["metrics"] {
  return Object.fromEntries(
    METRIC_NAMES.map((name) => [name, summarize(perSeed.map((s) => s[name]))]),
  ) as MethodResult["metrics"];
}
