/**
 * The report's pipelines end to end: data → stages (cached) → metrics over seeds → `results.json` and the
 * artifacts the report's figures are drawn from.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { PCA } from "../decomposition/mod.ts";
import {
  encode,
  formatProgress as formatTrainingProgress,
  reconstruct,
  restoreCheckpointWeights,
} from "../model/mod.ts";
import { loadFashionMnist } from "../data/mod.ts";
import { accuracy, ami, ari, nmi } from "../metrics/mod.ts";
import { deriveSeed } from "../random/mod.ts";
import { join } from "../std.ts";
import { writeFileAtomic } from "../io/mod.ts";
import { hashConfig, type StageArtifact, StageCache } from "./cache.ts";
import {
  encodingGmmStage,
  encodingKMeansStage,
  kmeansStage,
  type RowSets,
  unscaledGmmStage,
} from "./cluster_stages.ts";
import {
  type AutoencoderStageConfig,
  PUBLISHED_RESULTS,
  REPORT_REFERENCES,
  type ReproduceConfig,
} from "./config.ts";
import {
  aeUmapGmmStage,
  decStage,
  type DescriptorBlock,
  isDescriptorBlock,
  type Protocol,
  sharedDecStart,
  STACK_BLOCK_NAMES,
  type StackBlock,
  stackScanStage,
  stackUmapGmmStage,
} from "./beyond.ts";
import { hog, PatchKMeansEncoder, scattering } from "../features/mod.ts";
import { UMAP_IMPLEMENTATION } from "../manifold/mod.ts";
import {
  concatArrays,
  gatherRows,
  prepareRunData,
  type RunData,
  type SeedSplit,
  splitForSeed,
} from "./data.ts";
import { buildSeedAutoencoder, trainOnSplit } from "./train_on_split.ts";
import { collectVersions, PeakMemory } from "./manifest.ts";
import { codeVersion } from "./code_version.ts";
import type { ParallelRun } from "./parallel.ts";
import { evidenceNotes } from "./notes.ts";
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
  /**
   * The parts of each seed to run (default: both). With a part left out, the run fills the stage cache and
   * returns the results of the methods it ran, but writes nothing else.
   */
  parts?: readonly SeedPart[];
  /**
   * When the stages were computed beforehand by parallel processes ({@linkcode runPartsInParallel}): what
   * they did, recorded in the manifest, their wall time counted in the run's.
   */
  parallel?: ParallelRun;
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
  /**
   * `transductive` when the method was fitted on every image (training, validation and test) and is scored on
   * all of them (`scoreTruth`/`scorePred`); `inductive` (the default) when it is scored on the test set.
   */
  protocol?: "inductive" | "transductive";
  /** True classes of the scored images, when not the test set (transductive). */
  scoreTruth?: Uint8Array;
  /** Clusters of the scored images, when not the test set (transductive). */
  scorePred?: Int32Array;
}

/** The artifacts the report draws its figures from (`artifacts.json`). */
export interface ReportArtifacts {
  /** Seeds, in order. */
  seeds: number[];
  /** Number of test images scored. */
  nTest: number;
  /** Per seed (as a string key): test predictions by method id. */
  predictions: Record<string, Record<string, number[]>>;
  /** Per seed (as a string key): what the report shows of the autoencoder. */
  autoencoder?: Record<string, AutoencoderArtifacts>;
}

/** The autoencoder's figures' data for one seed. */
export interface AutoencoderArtifacts {
  /** The architecture's name. */
  architecture: string;
  /** Shape of one encoding, e.g. `[343]`. */
  latentShape: number[];
  /** Per-epoch training and validation MSE. */
  history: { epoch: number; loss: number; valLoss: number; seconds: number }[];
  /** Original vs reconstructed test images (one per class). */
  reconstructions: { indices: number[]; images: number[] };
  /** 2-D PCA of the test encodings (fit on the training encodings), in test-set order. */
  embedding2d: { x: number[]; y: number[]; explainedVarianceRatio: number[] };
}

/** Records a stage's wall time in the manifest. */
interface StageTiming {
  stage: string;
  seed: number;
  /** Wall seconds in this run (loading time for a cached stage). */
  seconds: number;
  cached: boolean;
  key: string;
  /** Wall seconds the stage took when it was computed (this run or the one that cached it). */
  computeSeconds?: number;
}

/**
 * Runs every stage for every seed (reusing cached stages), scores the methods on the test set and on the
 * data they were fitted on, and writes `results.json` and `artifacts.json` into `outDir` atomically.
 *
 * @param options What to run and where to write.
 * @returns The results written.
 */
export async function reproduce(options: ReproduceOptions): Promise<Results> {
  const { config, seeds, outDir, cacheDir, force = false, onProgress = () => {}, parts = SEED_PARTS } =
    options;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const memory = new PeakMemory();
  const cache = new StageCache(cacheDir, { force });
  const timings: StageTiming[] = [];
  const loaded = await loadFashionMnist({ dir: options.dataDir });
  const data = prepareRunData(loaded, config);
  // Every stage key chains from this one: data and code together name what an artifact was computed from.
  const code = await codeVersion();
  const dataKey = { sha256: data.sha256, nTrain: data.nTrain, nTest: data.nTest, code: code.sha256 };

  const runStage = async <T>(
    stage: string,
    seed: number,
    stageConfig: unknown,
    compute: (report: Report, key: string) => Promise<StageArtifact<T>>,
  ): Promise<StageArtifact<T>> => {
    const t0 = performance.now();
    const stageKey = await hashConfig(stageConfig);
    const elapsed = () => (performance.now() - t0) / 1000;
    onProgress({ stage, seed, elapsedSeconds: 0, message: "", phase: "start" });
    const { artifact, outcome, key, computeSeconds } = await cache.run(
      stage,
      stageConfig,
      () =>
        compute(
          (fraction, message) =>
            onProgress({ stage, seed, fraction, elapsedSeconds: elapsed(), message, phase: "update" }),
          stageKey,
        ),
    );
    memory.sample();
    timings.push({ stage, seed, seconds: elapsed(), cached: outcome === "hit", key, computeSeconds });
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
  const autoencoders: Record<string, AutoencoderArtifacts> = {};
  for (const seed of seeds) {
    const seedRun = await runSeed({ data, config, seed, dataKey, runStage, cacheDir, force, parts });
    for (const run of seedRun.methods) (runs[run.id] ??= []).push(run);
    if (seedRun.autoencoder) autoencoders[String(seed)] = seedRun.autoencoder;
  }

  const methods: MethodResult[] = Object.entries(runs).map(([id, perSeed]) => {
    const test = perSeed.map((r) => score(r.scoreTruth ?? data.testLabels, r.scorePred ?? r.testPred));
    const fit = perSeed.map((r) => score(r.fitTruth, r.fitPred));
    return {
      id,
      label: perSeed[0].label,
      protocol: perSeed[0].protocol ?? "inductive",
      seeds,
      metrics: summarizeScores(test),
      trainMetrics: summarizeScores(fit),
      ...(REPORT_REFERENCES[id] ? { reference: REPORT_REFERENCES[id] } : {}),
      ...(PUBLISHED_RESULTS[id] ? { published: PUBLISHED_RESULTS[id] } : {}),
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
      code,
      backend: { name: tf.getBackend(), threads: options.threads ?? 1 },
      startedAt,
      wallSeconds: (performance.now() - started) / 1000 + (options.parallel?.wallSeconds ?? 0),
      ...(options.parallel ? { parallel: options.parallel } : {}),
      stages: timings,
      peakRssBytes: memory.peakBytes,
      notes: evidenceNotes(
        methods,
        Object.values(autoencoders).map((a) => ({
          epochs: a.history.length,
          bestEpoch: a.history.reduce((best, h) => (h.valLoss < best.valLoss ? h : best)).epoch,
        })),
      ),
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
    ...(Object.keys(autoencoders).length > 0 ? { autoencoder: autoencoders } : {}),
  };
  if (parts.length < SEED_PARTS.length) return results;
  await Deno.mkdir(outDir, { recursive: true });
  await writeFileAtomic(join(outDir, "artifacts.json"), JSON.stringify(artifacts));
  await writeFileAtomic(join(outDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  return results;
}

type Report = (fraction: number, message: string) => void;

type RunStage = <T>(
  stage: string,
  seed: number,
  stageConfig: unknown,
  compute: (report: Report, key: string) => Promise<StageArtifact<T>>,
) => Promise<StageArtifact<T>>;

/**
 * A part of a seed's stages, each runnable in its own process:
 *
 * - `report`: KMeans on pixels, the report's autoencoder and the clusterings of its encodings;
 * - `self-training`: DEC and IDEC, which start from the report's trained autoencoder (read from the cache,
 *   or trained by this part when the cache lacks it), so it runs after `report` when both run at once;
 * - `beyond`: the dense autoencoder, its UMAP rows and the feature-stack rows (no stage shared).
 */
export type SeedPart = "report" | "self-training" | "beyond";

/** The parts, in order. */
export const SEED_PARTS: readonly SeedPart[] = ["report", "self-training", "beyond"];

/** The part a part must wait for when the parts run at once (its stages read that part's results). */
export const PART_DEPENDENCIES: Readonly<Partial<Record<SeedPart, SeedPart>>> = {
  "self-training": "report",
};

interface SeedContext {
  parts: readonly SeedPart[];
  data: RunData;
  config: ReproduceConfig;
  seed: number;
  dataKey: unknown;
  runStage: RunStage;
  cacheDir: string;
  force: boolean;
}

/** The methods of one seed: the report's part, the part beyond it, or both (see {@linkcode SeedPart}). */
async function runSeed(
  { data, config, seed, dataKey, runStage, cacheDir, force, parts }: SeedContext,
): Promise<{ methods: MethodRun[]; autoencoder?: AutoencoderArtifacts }> {
  const split = splitForSeed(data, config, seed);
  const aeConfig = {
    data: dataKey,
    validationSize: config.validationSize,
    autoencoder: config.autoencoder,
    seed,
  };
  const encodingsKey = { autoencoder: await hashConfig(aeConfig) };
  let autoencoder: Promise<StageArtifact<AutoencoderStageJson>> | undefined;
  const context: PartContext = {
    data,
    config,
    seed,
    dataKey,
    runStage,
    cacheDir,
    force,
    split,
    aeConfig,
    encodingsKey,
    // The report and self-training parts share one run of the stage.
    reportAutoencoder: () => autoencoder ??= reportAutoencoder(context),
  };
  const report = parts.includes("report")
    ? await runReportPart(context)
    : { methods: [], autoencoder: undefined };
  const beyond = parts.includes("beyond") ? await runBeyondPart(context) : [];
  const selfTraining = parts.includes("self-training") ? await runSelfTrainingPart(context) : [];
  return { methods: [...report.methods, ...beyond, ...selfTraining], autoencoder: report.autoencoder };
}

interface PartContext extends Omit<SeedContext, "parts"> {
  split: SeedSplit;
  aeConfig: { data: unknown; validationSize: number; autoencoder: AutoencoderStageConfig; seed: number };
  /** Names the report autoencoder's encodings in the keys of the stages that use them. */
  encodingsKey: { autoencoder: string };
  /** The report's autoencoder stage, run once per seed ({@linkcode reportAutoencoder}). */
  reportAutoencoder: () => Promise<StageArtifact<AutoencoderStageJson>>;
}

/** The report's autoencoder: trained on the seed's split and its encodings (cached like any stage). */
function reportAutoencoder(
  { data, config, seed, runStage, cacheDir, force, split, aeConfig }: PartContext,
): Promise<StageArtifact<AutoencoderStageJson>> {
  return runStage<AutoencoderStageJson>(
    "autoencoder",
    seed,
    aeConfig,
    (report, key) =>
      trainAndEncode({
        data,
        config,
        seed,
        split,
        report,
        checkpointDir: join(cacheDir, "checkpoints", key),
        force,
      }),
  );
}

/** The report's part of a seed: KMeans on pixels, the report's autoencoder and the clusterings of its encodings. */
async function runReportPart(
  context: PartContext,
): Promise<{ methods: MethodRun[]; autoencoder: AutoencoderArtifacts }> {
  const { data, config, seed, dataKey, runStage, split, encodingsKey } = context;
  const rawKMeans = await runStage<Record<string, unknown>>(
    "kmeans-raw",
    seed,
    { data: dataKey, kmeans: config.kmeans, seed },
    (report) => {
      report(
        0,
        `KMeans(${config.kmeans.nClusters}, nInit=${config.kmeans.nInit}) on ${data.nTrain}×784 pixels`,
      );
      return kmeansStage(
        data.trainImages,
        data.testImages,
        784,
        config.kmeans,
        deriveSeed(seed, "kmeans-raw"),
      );
    },
  );
  const methods: MethodRun[] = [methodRun("kmeans-raw", "KMeans on raw pixels", rawKMeans, data.trainLabels)];

  const ae = await context.reportAutoencoder();
  const zTrain = ae.arrays.zTrain as Float32Array;
  const zValidation = ae.arrays.zValidation as Float32Array;
  const zTest = ae.arrays.zTest as Float32Array;
  const width = ae.json.latentSize;

  const rows: RowSets = { fit: zTrain, validation: zValidation, test: zTest, width };

  const aeKMeans = await runStage(
    "ae-kmeans",
    seed,
    { encodings: encodingsKey, kmeans: config.kmeans, features: config.selection.kmeansFeatures, seed },
    (report) =>
      encodingKMeansStage(rows, split.validationLabels, config, deriveSeed(seed, "ae-kmeans"), report),
  );
  methods.push(
    methodRun(
      "ae-kmeans",
      "Autoencoder + KMeans (feature scaling chosen on validation)",
      aeKMeans,
      split.trainLabels,
    ),
  );

  const aeGmm = await runStage(
    "ae-gmm",
    seed,
    {
      encodings: encodingsKey,
      gmm: config.gmm,
      selection: config.selection,
      nComponents: config.kmeans.nClusters,
      seed,
    },
    (report) => encodingGmmStage(rows, split.validationLabels, config, deriveSeed(seed, "ae-gmm"), report),
  );
  methods.push(
    methodRun(
      "ae-gmm",
      "Autoencoder + Gaussian mixture (features chosen on validation)",
      aeGmm,
      split.trainLabels,
    ),
  );

  // The report-faithful variants: clustering the unscaled 343-d encodings directly.
  const unscaled = (aeKMeans.json.candidates as { name: string }[]).find((c) => c.name === "none");
  methods.push({
    ...methodRun(
      "ae-kmeans-unscaled",
      "Autoencoder + KMeans on unscaled encodings (as the report)",
      aeKMeans,
      split.trainLabels,
      "none:",
    ),
    details: { ...unscaled },
  });
  const aeGmmUnscaled = await runStage(
    "ae-gmm-unscaled",
    seed,
    { encodings: encodingsKey, gmm: config.gmm, nComponents: config.kmeans.nClusters, seed },
    (report) => unscaledGmmStage(rows, config, deriveSeed(seed, "ae-gmm"), report),
  );
  methods.push(
    methodRun(
      "ae-gmm-unscaled",
      "Autoencoder + Gaussian mixture on unscaled encodings (as the report)",
      aeGmmUnscaled,
      split.trainLabels,
    ),
  );

  const reconstructionIndices = firstOfEachClass(data.testLabels, config.kmeans.nClusters);
  return {
    methods,
    autoencoder: {
      architecture: config.autoencoder.architecture,
      latentShape: ae.json.latentShape,
      history: ae.json.history,
      reconstructions: {
        indices: reconstructionIndices,
        images: Array.from(ae.arrays.reconstructions as Float32Array, (v) => Math.round(v * 1000) / 1000),
      },
      embedding2d: {
        x: Array.from(ae.arrays.embeddingX as Float32Array, (v) => Math.round(v * 1000) / 1000),
        y: Array.from(ae.arrays.embeddingY as Float32Array, (v) => Math.round(v * 1000) / 1000),
        explainedVarianceRatio: ae.json.explainedVarianceRatio,
      },
    },
  };
}

/**
 * DEC and IDEC self-training of the report's trained autoencoder (inductive), within a batch budget: the
 * rows listed last in the results.
 */
async function runSelfTrainingPart(context: PartContext): Promise<MethodRun[]> {
  const { data, config, seed, runStage, cacheDir, split, encodingsKey } = context;
  // Its checkpoint is what the self-training starts from: a cache hit after the report part.
  const ae = await context.reportAutoencoder();
  const checkpointDir = join(cacheDir, "checkpoints", encodingsKey.autoencoder);
  // Each variant's key leaves out the list of variants, so adding one does not recompute the others.
  const { variants, ...decSettings } = config.beyond.dec;
  const selfTraining: MethodRun[] = [];
  // Both variants start from one KMeans of the same codes (12 s here), computed when a variant is not cached.
  let startCenters: Float32Array | undefined;
  for (const variant of variants) {
    const dec = await runStage(
      `ae-${variant}`,
      seed,
      {
        encodings: encodingsKey,
        dec: decSettings,
        variant,
        start: "ae-dec-start",
        k: config.kmeans.nClusters,
        seed,
        protocol: "inductive",
      },
      async (report) => {
        const net = buildSeedAutoencoder(config.autoencoder, seed);
        try {
          await restoreCheckpointWeights(net, checkpointDir).catch((error) => {
            throw new Error(
              `Cannot run ${variant.toUpperCase()}: the trained autoencoder's checkpoint is unreadable (${
                error instanceof Error ? error.message : error
              }); rerun with --force to retrain it`,
            );
          });
          // The stage's codes are the checkpoint's (bit for bit): no re-encoding.
          const codes = ae.arrays.zTrain as Float32Array;
          startCenters ??= sharedDecStart(codes, ae.json.latentSize, {
            config,
            beyond: config.beyond,
            seed: deriveSeed(seed, "ae-dec-start"),
          });
          return await decStage(
            { fit: split.trainImages, validation: split.validationImages, test: data.testImages },
            {
              net,
              variant,
              initialCenters: startCenters,
              embeddings: {
                fit: codes,
                validation: ae.arrays.zValidation as Float32Array,
                test: ae.arrays.zTest as Float32Array,
              },
              validationLabels: split.validationLabels,
              config,
              beyond: config.beyond,
              protocol: "inductive",
              seed: deriveSeed(seed, `ae-${variant}`),
              report,
            },
          );
        } finally {
          net.autoencoder.dispose();
        }
      },
    );
    // The start's own scores beside the row's, so a gain (or a loss) over the KMeans start is on record.
    const start = dec.arrays.startTestPred
      ? {
        validation: score(split.validationLabels, dec.arrays.startValidationPred as Int32Array),
        test: score(data.testLabels, dec.arrays.startTestPred as Int32Array),
        validationSelf: score(split.validationLabels, dec.arrays.validationPred as Int32Array),
      }
      : undefined;
    selfTraining.push(
      methodRun(
        `ae-${variant}`,
        `Autoencoder + ${variant.toUpperCase()} self-training (${
          variant === "dec" ? "Xie et al. 2016" : "Guo et al. 2017"
        }, at most ${config.beyond.dec.maxIter} batches)`,
        { ...dec, json: { ...dec.json, start } },
        split.trainLabels,
      ),
    );
  }

  return selfTraining;
}

/** The part beyond the report: the dense autoencoder, its UMAP rows and the feature-stack rows. */
async function runBeyondPart(
  { data, config, seed, dataKey, runStage, cacheDir, force, split, aeConfig }: PartContext,
): Promise<MethodRun[]> {
  const methods: MethodRun[] = [];
  // N2D's and DEC's dense autoencoder (and any other of `config.beyond.autoencoders`), trained on the same
  // split as the report's.
  const candidates = [];
  for (const alternative of config.beyond.autoencoders) {
    const altConfig = { ...aeConfig, autoencoder: alternative };
    const altAe = await runStage<AutoencoderStageJson>(
      `autoencoder-${alternative.architecture}`,
      seed,
      altConfig,
      (report, key) =>
        trainAndEncode({
          data,
          config: { ...config, autoencoder: alternative },
          seed,
          split,
          report,
          checkpointDir: join(cacheDir, "checkpoints", key),
          force,
        }),
    );
    candidates.push({
      architecture: alternative.architecture,
      artifact: altAe,
      encodings: { autoencoder: await hashConfig(altConfig) },
    });
  }
  // The UMAP rows use the first: N2D's net (the report's net had a higher validation MSE on every seed of
  // the runs that chose between them: 0.0164-0.0175 against 0.0133-0.0135). Not choosing keeps this part
  // independent of the report's, so the two can run in parallel.
  const chosen = candidates[0];
  if (chosen === undefined) {
    throw new Error("Cannot run the rows beyond the report: config.beyond.autoencoders is empty");
  }
  const autoencoderChoice = {
    chosen: chosen.architecture,
    criterion: "fixed: the first of config.beyond.autoencoders (N2D's dense net)",
    candidates: candidates.map((c) => ({
      architecture: c.architecture,
      bestValLoss: c.artifact.json.bestValLoss,
      bestEpoch: c.artifact.json.bestEpoch,
      trainSeconds: c.artifact.json.trainSeconds,
    })),
  };
  const chosenRows = encodingRows(chosen.artifact);

  const labelSets = { train: split.trainLabels, validation: split.validationLabels, test: data.testLabels };

  // N2D's UMAP → mixture on the chosen encodings, under both protocols.
  for (const protocol of ["inductive", "transductive"] as const) {
    const umap = await runStage(
      `ae-umap-gmm-${protocol}`,
      seed,
      {
        encodings: chosen.encodings,
        beyond: config.beyond.umap,
        implementation: UMAP_IMPLEMENTATION,
        gmm: config.gmm,
        k: config.kmeans.nClusters,
        seed,
        protocol,
      },
      (report) =>
        aeUmapGmmStage(chosenRows, {
          config,
          beyond: config.beyond,
          protocol,
          seed: deriveSeed(seed, "ae-umap-gmm"),
          report,
        }),
    );
    methods.push(protocolRun(
      protocol === "inductive" ? "ae-umap-gmm" : "ae-umap-gmm-transductive",
      `Dense autoencoder + UMAP + Gaussian mixture (N2D's settings, ${protocol})`,
      { ...umap, json: { ...umap.json, autoencoderChoice } },
      protocol,
      labelSets,
    ));
  }

  // Beyond the report: a stack of feature blocks (HOG, scattering coefficients and patch k-means features;
  // the dense autoencoder's codes and the pixels can be chosen too) → UMAP → a mixture, under both protocols.
  const stackSettings = config.beyond.stack;
  const denseCandidate = candidates.find((c) => c.architecture === "dense");
  if (stackSettings.blocks.includes("dense") && denseCandidate === undefined) {
    throw new Error(
      'Cannot run the feature-stack rows: their "dense" block needs the dense autoencoder in config.beyond.autoencoders',
    );
  }
  // HOG and scattering descriptors depend on the images only, not on the seed's split, and the patch
  // dictionary on the training images only (no labels; the test images are only transformed): one stage
  // describes the training and test images once per run, and every seed gathers its rows from it.
  const described = stackSettings.blocks.filter(isDescriptorBlock);
  const descriptorRows = async (): Promise<Map<StackBlock, RowSets>> => {
    const rows = new Map<StackBlock, RowSets>();
    if (described.length === 0) return rows;
    const stage = await runStage<DescriptorStageJson>(
      "stack-descriptors",
      seed,
      {
        data: dataKey,
        blocks: described,
        // Each described block's own settings, under its name.
        ...Object.fromEntries(described.map((block) => [block, stackSettings[block]])),
      },
      (report) => describeImages(data, described, stackSettings, report),
    );
    for (const block of described) {
      const width = stage.json.widths[block];
      const train = stage.arrays[`${block}Train`] as Float32Array;
      rows.set(block, {
        fit: gatherRows(train, split.train, width),
        validation: gatherRows(train, split.validation, width),
        test: stage.arrays[`${block}Test`] as Float32Array,
        width,
      });
    }
    return rows;
  };
  const blockRows = (block: StackBlock, descriptors: Map<StackBlock, RowSets>): RowSets => {
    if (block === "dense") return encodingRows(denseCandidate!.artifact);
    if (block === "pixels") {
      return {
        fit: split.trainImages,
        validation: split.validationImages,
        test: data.testImages,
        width: 784,
      };
    }
    return descriptors.get(block)!;
  };
  // Read (or computed) before the stack stages rather than inside them, so that no stage's recorded time
  // includes another's. Both protocols' stages use the same blocks, gathered only when a stage is not cached.
  const descriptors = await descriptorRows();
  let blocks: RowSets[] | undefined;
  let inductiveStack: { run: StageArtifact<Record<string, unknown>>; key: unknown } | undefined;
  const stackBlocks = () => blocks ??= stackSettings.blocks.map((block) => blockRows(block, descriptors));
  for (const protocol of ["inductive", "transductive"] as const) {
    const stackStageConfig = {
      // The split (through the autoencoder's key) and, when a block, the dense net's codes.
      encodings: stackSettings.blocks.includes("dense") ? denseCandidate?.encodings : { split: aeConfig },
      stack: stackSettings,
      implementation: UMAP_IMPLEMENTATION,
      gmm: config.gmm,
      k: config.kmeans.nClusters,
      seed,
      protocol,
    };
    const stackRun = await runStage(
      `stack-umap-gmm-${protocol}`,
      seed,
      stackStageConfig,
      (report) =>
        stackUmapGmmStage(stackBlocks(), {
          config,
          beyond: config.beyond,
          protocol,
          seed: deriveSeed(seed, "stack-umap-gmm"),
          report,
        }),
    );
    methods.push(protocolRun(
      protocol === "inductive" ? "stack-umap-gmm" : "stack-umap-gmm-transductive",
      `Feature stack (${
        stackSettings.blocks.map((b) => STACK_BLOCK_NAMES[b]).join(" + ")
      }, PCA ${stackSettings.pcaComponents} each) + UMAP (${stackSettings.umap.nNeighbors} neighbours${
        stackSettings.umap.nEpochs === undefined ? "" : `, ${stackSettings.umap.nEpochs} epochs`
      }) + Gaussian mixture (${protocol})`,
      stackRun,
      protocol,
      labelSets,
    ));
    if (protocol === "inductive") inductiveStack = { run: stackRun, key: stackStageConfig };
  }
  if (stackSettings.scan !== undefined && inductiveStack !== undefined) {
    const { run: mixtureRun, key: mixtureKey } = inductiveStack;
    // SCAN's refinement of the inductive mixture's clusters; its key holds the mixture stage's whole key.
    const scanRun = await runStage(
      "stack-umap-gmm-scan-inductive",
      seed,
      { mixture: mixtureKey, scan: stackSettings.scan },
      (report) =>
        stackScanStage(stackBlocks(), mixtureRun.arrays.fitPred as Int32Array, {
          config,
          beyond: config.beyond,
          protocol: "inductive",
          seed: deriveSeed(seed, "stack-umap-gmm-scan"),
          report,
        }),
    );
    methods.push(protocolRun(
      "stack-umap-gmm-scan",
      `The inductive feature-stack mixture's clusters refined by SCAN's neighbour-consistency loss (${stackSettings.scan.nNeighbors} neighbours, MLP ${stackSettings.scan.hiddenUnits} units, ${stackSettings.scan.warmEpochs} + ${stackSettings.scan.epochs} epochs; inductive)`,
      scanRun,
      "inductive",
      labelSets,
    ));
  }

  return methods;
}

/** The JSON part of the `stack-descriptors` stage. */
interface DescriptorStageJson {
  /** Values per image, by block. */
  widths: Record<string, number>;
  /** Wall seconds, by block. */
  seconds: Record<string, number>;
  [key: string]: unknown;
}

/**
 * The `stack-descriptors` stage: the given blocks' descriptors of the run's training images (in their order,
 * before any split) and test images. Arrays: `${block}Train` and `${block}Test`, row-major.
 */
function describeImages(
  data: RunData,
  blocks: readonly DescriptorBlock[],
  settings: ReproduceConfig["beyond"]["stack"],
  report: Report,
): Promise<StageArtifact<DescriptorStageJson>> {
  const arrays: Record<string, Float32Array> = {};
  const widths: Record<string, number> = {};
  const seconds: Record<string, number> = {};
  const nImages = data.nTrain + data.nTest;
  blocks.forEach((block, b) => {
    const t0 = performance.now();
    const onProgress = (done: number) =>
      report((b + done) / blocks.length, `${block} of ${nImages} images: ${(100 * done).toFixed(0)}%`);
    // The patch dictionary is learnt from the training images alone, before either set is described.
    const encoder = block === "patches"
      ? new PatchKMeansEncoder(settings.patches).fit(data.trainImages)
      : undefined;
    const describe = (images: Float32Array, offset: number, count: number) => {
      const progress = (done: number) => onProgress((offset + done * count) / nImages);
      if (encoder) return encoder.transform(images, progress);
      return block === "hog"
        ? hog(images, { ...settings.hog, onProgress: progress })
        : scattering(images, { ...settings.scattering, onProgress: progress });
    };
    let train, test;
    try {
      train = describe(data.trainImages, 0, data.nTrain);
      test = describe(data.testImages, data.nTrain, data.nTest);
    } finally {
      encoder?.dispose();
    }
    arrays[`${block}Train`] = train.features;
    arrays[`${block}Test`] = test.features;
    widths[block] = train.width;
    seconds[block] = (performance.now() - t0) / 1000;
  });
  return Promise.resolve({ json: { nTrain: data.nTrain, nTest: data.nTest, widths, seconds }, arrays });
}

/** The JSON part of the autoencoder stage. */
interface AutoencoderStageJson {
  latentShape: number[];
  latentSize: number;
  history: { epoch: number; loss: number; valLoss: number; seconds: number; imagesPerSecond: number }[];
  bestEpoch: number;
  bestValLoss: number;
  stoppedEarly: boolean;
  trainSeconds: number;
  explainedVarianceRatio: number[];
  [key: string]: unknown;
}

/**
 * Trains the autoencoder on the seed's training split (validating on its validation split, checkpointing
 * every epoch so a killed run resumes), then encodes the three sets, reconstructs one test image per class
 * and projects the test encodings to 2-D with a PCA fitted on the training encodings.
 */
async function trainAndEncode(
  { data, config, seed, split, report, checkpointDir, force }: {
    data: RunData;
    config: ReproduceConfig;
    seed: number;
    split: ReturnType<typeof splitForSeed>;
    report: Report;
    checkpointDir: string;
    force: boolean;
  },
): Promise<StageArtifact<AutoencoderStageJson>> {
  if (force) await Deno.remove(checkpointDir, { recursive: true }).catch(() => {});
  const net = buildSeedAutoencoder(config.autoencoder, seed);
  try {
    const t0 = performance.now();
    const result = await trainOnSplit(net, split, config.autoencoder, seed, {
      onBatchEnd: (p) => report((p.epoch - 1 + p.batch / p.batches) / p.epochs, formatTrainingProgress(p)),
      checkpoint: { dir: checkpointDir, resume: true },
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    report(1, "encoding");
    const zTrain = encode(net.encoder, split.trainImages);
    const zValidation = encode(net.encoder, split.validationImages);
    const zTest = encode(net.encoder, data.testImages);
    const latentSize = zTrain.length / split.train.length;
    const indices = firstOfEachClass(data.testLabels, config.kmeans.nClusters);
    const reconstructions = reconstruct(net.autoencoder, gatherImages(data.testImages, indices));
    const { x, y, explainedVarianceRatio } = projectTo2d(zTrain, zTest, latentSize);
    return {
      json: {
        latentShape: net.latentShape,
        latentSize,
        history: result.history,
        bestEpoch: result.bestEpoch,
        bestValLoss: result.bestValLoss,
        stoppedEarly: result.stoppedEarly,
        resumedFromEpoch: result.resumedFromEpoch,
        trainSeconds,
        explainedVarianceRatio,
      },
      arrays: { zTrain, zValidation, zTest, reconstructions, embeddingX: x, embeddingY: y },
    };
  } finally {
    net.autoencoder.dispose();
  }
}

/** PCA to 2-D fitted on `fit`, applied to `apply`. */
function projectTo2d(
  fit: Float32Array,
  apply: Float32Array,
  width: number,
): { x: Float32Array; y: Float32Array; explainedVarianceRatio: number[] } {
  const xFit = tf.tensor2d(fit, [fit.length / width, width]);
  const xApply = tf.tensor2d(apply, [apply.length / width, width]);
  try {
    const pca = new PCA({ nComponents: 2 }).fit(xFit);
    const projected = pca.transform(xApply);
    const n = apply.length / width;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = projected[2 * i];
      y[i] = projected[2 * i + 1];
    }
    return { x, y, explainedVarianceRatio: Array.from(pca.explainedVarianceRatio) };
  } finally {
    tf.dispose([xFit, xApply]);
  }
}

/** Index of the first test image of each class, in class order. */
function firstOfEachClass(labels: Uint8Array, nClasses: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    const i = labels.indexOf(c);
    if (i >= 0) out.push(i);
  }
  return out;
}

function gatherImages(images: Float32Array, indices: number[]): Float32Array {
  const out = new Float32Array(indices.length * 784);
  indices.forEach((i, r) => out.set(images.subarray(i * 784, i * 784 + 784), r * 784));
  return out;
}

/** A method's run from a clustering stage's artifact (`<prefix>fitPred`, `<prefix>testPred`). */
function methodRun(
  id: string,
  label: string,
  artifact: StageArtifact<Record<string, unknown>>,
  fitTruth: Uint8Array,
  prefix = "",
): MethodRun {
  return {
    id,
    label,
    testPred: artifact.arrays[`${prefix}testPred`] as Int32Array,
    fitTruth,
    fitPred: artifact.arrays[`${prefix}fitPred`] as Int32Array,
    details: artifact.json,
  };
}

/**
 * {@linkcode methodRun} of a row fitted under `protocol`: an inductive row is fitted on the training rows
 * and scored on the test set; a transductive row is fitted on all rows (training, validation, test, in that
 * order) and scored on all of them.
 */
function protocolRun(
  id: string,
  label: string,
  artifact: StageArtifact<Record<string, unknown>>,
  protocol: Protocol,
  labels: { train: Uint8Array; validation: Uint8Array; test: Uint8Array },
): MethodRun {
  if (protocol === "inductive") return methodRun(id, label, artifact, labels.train);
  const run = methodRun(id, label, artifact, concatArrays([labels.train, labels.validation, labels.test]));
  return { ...run, protocol, scoreTruth: run.fitTruth, scorePred: run.fitPred };
}

/** The encodings of an autoencoder stage's three sets, as rows. */
function encodingRows(artifact: StageArtifact<AutoencoderStageJson>): RowSets {
  return {
    fit: artifact.arrays.zTrain as Float32Array,
    validation: artifact.arrays.zValidation as Float32Array,
    test: artifact.arrays.zTest as Float32Array,
    width: artifact.json.latentSize,
  };
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
