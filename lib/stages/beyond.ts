/**
 * Stages beyond the report, for comparison with published from-scratch results on Fashion-MNIST:
 *
 * - `ae-umap-gmm` (N2D, McConville et al. 2020): the autoencoder's encodings → UMAP to 10 dimensions
 *   (20 neighbours, `minDist` 0) → a Gaussian mixture ({@linkcode aeUmapGmmStage});
 * - `dec` / `idec` (Xie et al. 2016, Guo et al. 2017): self-training of the pretrained encoder and KMeans-
 *   initialised centres ({@linkcode decStage});
 * - `stack-umap-gmm`: a stack of image descriptors → UMAP → a Gaussian mixture ({@linkcode stackUmapGmmStage}),
 *   and `stack-umap-gmm-scan`: that mixture's clusters refined by SCAN's neighbour-consistency loss on the
 *   stacked rows ({@linkcode stackScanStage}).
 *
 * Each runs under one of two {@linkcode Protocol}s: `inductive` (fitted on the training rows, predicting the
 * validation and test rows, as the report's methods) or `transductive` (fitted on all rows — training,
 * validation and test, in that order — as N2D and DEC report their scores). Settings are fixed in advance
 * from the papers; nothing is chosen with labels.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { DEC, type DECVariant, KMeans, nearestCenters, ScanClustering } from "../cluster/mod.ts";
import { UMAP } from "../manifold/mod.ts";
import { type Autoencoder, buildAutoencoder, encode } from "../model/mod.ts";
import {
  type BeyondConfig,
  heldOutRows,
  type Protocol,
  protocolFitRows,
  PROTOCOLS,
  type ReproduceConfig,
  type RowSets,
  type StackStageConfig,
  type StageArtifact,
  type StageReport,
} from "../pipeline/mod.ts";
import { fitPredictGmm } from "./cluster_stages.ts";
import { ami } from "../metrics/mod.ts";
import { BlockStack } from "../preprocessing/mod.ts";

/** Options shared by the stages. */
export interface BeyondStageOptions {
  /** The run's config (number of clusters, mixture EM settings). */
  config: ReproduceConfig;
  /** The settings beyond the report. */
  beyond: BeyondConfig;
  /** Inductive or transductive. */
  protocol: Protocol;
  /** The stage's seed. */
  seed: number;
  /**
   * Progress.
   *
   * @default {() => {}}
   */
  report?: StageReport;
}

/**
 * N2D's `ae-umap-gmm`: UMAP of the encodings, then a Gaussian mixture on the embedding. Inductive: both are
 * fitted on `rows.fit`, and the validation and test rows are placed with {@linkcode UMAP.transform} and
 * assigned by the mixture. Transductive: both are fitted on all rows (fit, validation, test, in that order).
 *
 * Arrays: `fitPred` (cluster of every fitted row: the training rows, or all rows when transductive),
 * `testPred`, `validationPred`, and `testEmbedding` (`[nTest, nComponents]`).
 *
 * @example
 * ```ts
 * import { aeUmapGmmStage } from "./beyond.ts";
 * import { QUICK_BEYOND_CONFIG, QUICK_CONFIG } from "../pipeline/mod.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const rows = (n: number, shift: number) => new Float32Array(n * 3).map((_, i) => (i % 3) + shift * (i % 2));
 * const artifact = await aeUmapGmmStage(
 *   { fit: rows(40, 1), validation: rows(10, 0), test: rows(12, 0), width: 3 },
 *   {
 *     config: { ...QUICK_CONFIG, kmeans: { ...QUICK_CONFIG.kmeans, nClusters: 2 } },
 *     beyond: { ...QUICK_BEYOND_CONFIG, umap: { ...QUICK_BEYOND_CONFIG.umap, nComponents: 2, nNeighbors: 5 } },
 *     protocol: "transductive",
 *     seed: 0,
 *   },
 * );
 * assertEquals([artifact.arrays.fitPred.length, artifact.arrays.testPred.length], [62, 12]);
 * ```
 *
 * @param rows The encodings.
 * @param options Config, protocol, seed and progress.
 * @returns The stage artifact.
 */
export async function aeUmapGmmStage(
  rows: RowSets,
  { config, beyond, protocol, seed, report = () => {} }: BeyondStageOptions,
): Promise<StageArtifact<Record<string, unknown>>> {
  checkProtocol(protocol);
  const { width } = rows;
  const nFit = rows.fit.length / width;
  const nValidation = rows.validation.length / width;
  const nTest = rows.test.length / width;
  const fitRows = protocolFitRows(protocol, rows);
  const settings = beyond.umap;
  const nEmbed = fitRows.length / width;
  report(
    0,
    `UMAP(${settings.nComponents}, ${settings.nNeighbors} neighbours) of ${nEmbed}×${width} (${protocol})`,
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  const t0 = performance.now();
  const umap = new UMAP({
    nComponents: settings.nComponents,
    nNeighbors: settings.nNeighbors,
    minDist: settings.minDist,
    nEpochs: settings.nEpochs,
    neighbourSearch: settings.neighbourSearch,
    searchComponents: settings.searchComponents,
    init: settings.init,
    seed,
    onSearchProgress: (done) => report(0.3 * done, `UMAP neighbours: ${(100 * done).toFixed(0)}% of rows`),
    onEpochEnd: (epoch, nEpochs) => {
      if (epoch % 10 === 0) report(0.3 + 0.5 * epoch / nEpochs, `UMAP epoch ${epoch}/${nEpochs}`);
    },
  }).fit(fitRows, width);
  const embedded = umap.embedding;
  const k = settings.nComponents;
  const { validation: validationEmbedding, test: testEmbedding } = heldOutRows(
    protocol,
    embedded,
    { nFit, nValidation, width: k },
    () => {
      report(0.8, `UMAP transform of ${nValidation + nTest} rows`);
      return { validation: umap.transform(rows.validation, width), test: umap.transform(rows.test, width) };
    },
  );
  const umapSeconds = (performance.now() - t0) / 1000;
  report(0.9, `GaussianMixture(${config.kmeans.nClusters}, ${settings.covarianceType}) on the embedding`);
  // Transductive: the validation rows are fitted too, so they hold nothing out.
  const selectOn = protocol === "inductive" ? settings.gmmSelectOn ?? "fit" : "fit";
  const gmm = fitPredictGmm(
    { fit: embedded, validation: validationEmbedding, test: testEmbedding, width: k },
    config,
    settings.covarianceType,
    seed,
    {
      nInit: settings.gmmNInit ?? 1,
      uniformWeights: settings.uniformWeights ?? false,
      selectOn,
    },
  );
  // Transductive: the validation and test rows were fitted; their clusters are those of the fit.
  const { validation: validationPred, test: testPred } = heldOutRows(
    protocol,
    gmm.fitPred,
    { nFit, nValidation },
    () => ({ validation: gmm.validationPred, test: gmm.testPred }),
  );
  const gmmSeconds = gmm.facts.fitSeconds as number;
  return {
    json: {
      protocol,
      rowOrder: protocol === "inductive" ? ["fit"] : ["fit", "validation", "test"],
      nFitted: nEmbed,
      nTest,
      umap: { ...settings, nEpochsRun: umap.nEpochsRun, timings: umap.timings, seconds: umapSeconds },
      gmm: gmm.facts,
      fitSeconds: umapSeconds + gmmSeconds,
      choice: "none: N2D's settings, fixed in advance",
    },
    arrays: { fitPred: gmm.fitPred, validationPred, testPred, testEmbedding },
  };
}

/**
 * The feature-stack row: each block (rows of the same images) reduced by its own PCA and scaled to unit RMS
 * norm ({@linkcode BlockStack}), the blocks concatenated, then UMAP and a Gaussian mixture as
 * {@linkcode aeUmapGmmStage} with `beyond.stack.umap`'s settings. The stack is fitted on the rows UMAP is
 * fitted on: the training rows (inductive) or all rows (transductive).
 *
 * Arrays: those of {@linkcode aeUmapGmmStage}.
 *
 * @param blocks The blocks' rows, in `beyond.stack.blocks` order.
 * @param options Config, protocol, seed and progress.
 * @returns The stage artifact, with the stack's widths and scales in its JSON.
 */
export async function stackUmapGmmStage(
  blocks: RowSets[],
  options: BeyondStageOptions,
): Promise<StageArtifact<Record<string, unknown>>> {
  const { beyond, protocol, report = () => {} } = options;
  checkProtocol(protocol);
  const settings = beyond.stack;
  report(0, `PCA(${settings.pcaComponents}) of each of ${settings.blocks.join(", ")}`);
  const { stack, rows } = stackBlocks(blocks, settings, protocol);
  const artifact = await aeUmapGmmStage(rows, { ...options, beyond: { ...beyond, umap: settings.umap } });
  return {
    json: {
      ...artifact.json,
      stack: {
        blocks: settings.blocks,
        inputWidths: blocks.map((b) => b.width),
        widths: stack.blockWidths,
        scales: stack.scales,
        hog: settings.hog,
        scattering: settings.scattering,
        patches: settings.patches,
      },
      choice: "the feature blocks, UMAP neighbours and epochs with the best validation NMI and ACC" +
        (protocol === "inductive" && settings.umap.gmmSelectOn === "validation"
          ? `; of the mixture's ${
            settings.umap.gmmNInit ?? 1
          } EM starts, the one whose validation rows are likeliest (no labels)`
          : ""),
    },
    arrays: artifact.arrays,
  };
}

/**
 * The blocks reduced and stacked by a {@linkcode BlockStack} fitted on the rows the protocol fits: the
 * training rows (inductive) or all rows (transductive).
 */
function stackBlocks(
  blocks: RowSets[],
  settings: StackStageConfig,
  protocol: Protocol,
): { stack: BlockStack; rows: RowSets } {
  const fitRows = (b: RowSets) => protocolFitRows(protocol, b);
  const stack = new BlockStack({ nComponents: settings.pcaComponents }).fit(
    blocks.map((b) => ({ rows: fitRows(b), width: b.width })),
  );
  const rows: RowSets = {
    fit: stack.transform(blocks.map((b) => b.fit)),
    validation: stack.transform(blocks.map((b) => b.validation)),
    test: stack.transform(blocks.map((b) => b.test)),
    width: stack.width,
  };
  return { stack, rows };
}

/**
 * The `stack-umap-gmm-scan` row (inductive only): the blocks stacked as in {@linkcode stackUmapGmmStage}
 * (the same PCA and scales), then {@linkcode ScanClustering} with `beyond.stack.scan`'s settings, fitted on
 * the training rows and started from the inductive mixture's clusters of them; the validation and test
 * rows are clustered by the fitted network alone.
 *
 * Arrays: `fitPred`, `validationPred`, `testPred`.
 *
 * @param blocks The blocks' rows, in `beyond.stack.blocks` order.
 * @param mixtureFitPred The `stack-umap-gmm` (inductive) stage's clusters of the training rows.
 * @param options Config, protocol (`"inductive"`), seed and progress.
 * @returns The stage artifact: the network's per-epoch losses and how many training rows changed cluster.
 * @throws {RangeError} When the protocol is not inductive.
 */
export function stackScanStage(
  blocks: RowSets[],
  mixtureFitPred: Int32Array,
  options: BeyondStageOptions,
): Promise<StageArtifact<Record<string, unknown>>> {
  const { config, beyond, protocol, seed, report = () => {} } = options;
  const settings = beyond.stack;
  if (protocol !== "inductive") {
    throw new RangeError(
      `Cannot run the SCAN stage: protocol must be "inductive", current value is "${protocol}"`,
    );
  }
  report(0, `PCA(${settings.pcaComponents}) of each of ${settings.blocks.join(", ")}`);
  const { rows } = stackBlocks(blocks, settings, protocol);
  const asMatrix = (values: Float32Array) => tf.tensor2d(values, [values.length / rows.width, rows.width]);
  const fit = asMatrix(rows.fit);
  const validation = asMatrix(rows.validation);
  const test = asMatrix(rows.test);
  const scan = new ScanClustering({
    ...settings.scan,
    nClusters: config.kmeans.nClusters,
    seed,
    onEpochEnd: (epoch, nEpochs) => report(epoch / nEpochs, `SCAN epoch ${epoch}/${nEpochs}`),
  });
  try {
    const t0 = performance.now();
    report(0.01, `${settings.scan.nNeighbors} nearest neighbours of ${fit.shape[0]} rows`);
    scan.fit(fit, mixtureFitPred);
    const fitSeconds = (performance.now() - t0) / 1000;
    const fitPred = scan.predict(fit);
    let changed = 0;
    for (let i = 0; i < fitPred.length; i++) if (fitPred[i] !== mixtureFitPred[i]) changed++;
    return Promise.resolve({
      json: {
        protocol,
        rowOrder: ["fit"],
        nFitted: fitPred.length,
        nTest: test.shape[0],
        scan: settings.scan,
        history: scan.history,
        changedFromMixture: changed / fitPred.length,
        fitSeconds,
        choice:
          "SCAN's loss and entropy weight; the network, neighbours and epochs with the best validation " +
          "NMI and ACC, started from the mixture's clusters (no labels)",
      },
      arrays: { fitPred, validationPred: scan.predict(validation), testPred: scan.predict(test) },
    });
  } finally {
    scan.dispose();
    tf.dispose([fit, validation, test]);
  }
}

/** Images of one run: `[n, 784]` each, values in [0, 1]. */
export interface ImageSets {
  /** Training images (the autoencoder's training split). */
  fit: Float32Array;
  /** Validation images. */
  validation: Float32Array;
  /** Test images. */
  test: Float32Array;
}

/** Options of {@linkcode decStage}. */
export interface DecStageOptions extends BeyondStageOptions {
  /** The pretrained autoencoder; left unchanged (a copy is fine-tuned). */
  net: Autoencoder;
  /** DEC or IDEC. */
  variant: DECVariant;
  /** True classes of `images.validation`, for `beyond.dec.selectOnValidation` (inductive). */
  validationLabels?: ArrayLike<number>;
  /**
   * The centres to start from (see {@linkcode sharedDecStart}); KMeans on the encodings when undefined.
   */
  initialCenters?: Float32Array;
  /** The pretrained encoder's codes of the images, when already computed: the stage reuses them. */
  embeddings?: ImageSets;
}

/**
 * The KMeans start DEC and IDEC share (DEC-keras's: `beyond.dec.kmeansNInit` initialisations on the
 * pretrained encoder's codes of the images self-training is fitted on), computed once for both: centres,
 * row-major `[k, nFeatures]`.
 *
 * @param codes The pretrained encoder's codes, `[n, nFeatures]`.
 * @param nFeatures The codes' width.
 * @param options The run's config, the settings beyond it and the seed.
 * @returns The centres.
 */
export function sharedDecStart(
  codes: Float32Array,
  nFeatures: number,
  { config, beyond, seed }: Pick<BeyondStageOptions, "config" | "beyond" | "seed">,
): Float32Array {
  const x = tf.tensor2d(codes, [codes.length / nFeatures, nFeatures]);
  try {
    return new KMeans({ nClusters: config.kmeans.nClusters, nInit: beyond.dec.kmeansNInit, seed }).fit(x)
      .centers;
  } finally {
    x.dispose();
  }
}

/**
 * DEC or IDEC on top of the pretrained autoencoder: a copy of it is self-trained (DEC: SGD 0.01 with
 * momentum 0.9; IDEC: Adam 0.001 with the reconstruction loss), starting from KMeans on its encodings of
 * the fitted images. Inductive: fitted on `images.fit`, predicting the validation and test images.
 * Transductive: fitted on all images (fit, validation, test, in that order).
 *
 * Arrays: `fitPred` (cluster of every fitted image), `validationPred`, `testPred`, and `initialFitPred`
 * (the KMeans start, for comparison).
 *
 * @param images The images.
 * @param options The network, variant, config, protocol, seed and progress.
 * @returns The stage artifact.
 */
export async function decStage(
  images: ImageSets,
  {
    net,
    variant,
    config,
    beyond,
    protocol,
    seed,
    validationLabels,
    initialCenters,
    embeddings,
    report = () => {},
  }: DecStageOptions,
): Promise<StageArtifact<Record<string, unknown>>> {
  checkProtocol(protocol);
  const settings = beyond.dec;
  const monitored = settings.selectOnValidation && protocol === "inductive";
  if (monitored && validationLabels?.length !== images.validation.length / 784) {
    throw new RangeError(
      `Cannot run ${variant.toUpperCase()} with selectOnValidation: validationLabels must hold one class per ` +
        `validation image (${images.validation.length / 784}), current length is ${validationLabels?.length}`,
    );
  }
  const size = 784;
  const nFit = images.fit.length / size;
  const nValidation = images.validation.length / size;
  const fitImages = protocolFitRows(protocol, images);
  const name = variant.toUpperCase();
  report(0, `${name} on ${fitImages.length / size} images (${protocol})`);
  await new Promise((resolve) => setTimeout(resolve, 0));
  const copy = copyAutoencoder(net);
  try {
    const t0 = performance.now();
    const dec = new DEC(copy, {
      nClusters: config.kmeans.nClusters,
      variant,
      gamma: settings.gamma,
      batchSize: settings.batchSize,
      maxIter: settings.maxIter,
      updateInterval: settings.updateInterval,
      tol: settings.tol,
      kmeansNInit: settings.kmeansNInit,
      initialCenters,
      seed,
      ...(monitored
        ? {
          monitor: { images: images.validation, score: (p: Int32Array) => ami(validationLabels!, p) },
          patience: settings.patience,
        }
        : {}),
      onUpdate: (u) =>
        report(
          u.iteration / settings.maxIter,
          `${name} batch ${u.iteration}/${settings.maxIter}: ${
            (100 * u.changed).toFixed(2)
          }% labels changed` +
            (Number.isNaN(u.loss) ? "" : `, loss ${u.loss.toPrecision(4)}`),
        ),
    }).fit(fitImages, { embeddings: protocol === "inductive" ? embeddings?.fit : undefined });
    const fitSeconds = (performance.now() - t0) / 1000;
    const fitPred = dec.labels;
    const { validation: validationPred, test: testPred } = heldOutRows(
      protocol,
      fitPred,
      { nFit, nValidation },
      () => ({ validation: dec.predict(images.validation), test: dec.predict(images.test) }),
    );
    // The KMeans start's own predictions (the pretrained encoder, the initial centres), so the row can show
    // what the self-training added to its start on the same images.
    const startPred = (rows: Float32Array, codes: Float32Array | undefined) =>
      nearestCenters(codes ?? encode(net.encoder, rows), dec.initialCenters, config.kmeans.nClusters);
    const { validation: startValidationPred, test: startTestPred } = heldOutRows(
      protocol,
      dec.initialLabels,
      { nFit, nValidation },
      () => ({
        validation: startPred(images.validation, embeddings?.validation),
        test: startPred(images.test, embeddings?.test),
      }),
    );
    return {
      json: {
        protocol,
        variant,
        rowOrder: protocol === "inductive" ? ["fit"] : ["fit", "validation", "test"],
        nFitted: fitPred.length,
        architecture: net.config.name,
        settings: {
          ...settings,
          optimizer: variant === "dec" ? "sgd(0.01, momentum 0.9)" : "adam(0.001)",
          alpha: dec.alpha,
        },
        nIter: dec.nIter,
        selectedIteration: dec.selectedIteration,
        converged: dec.converged,
        history: dec.history,
        fitSeconds,
        choice: monitored
          ? "the papers' settings; the target update (the KMeans start included) with the best validation AMI"
          : "none: the DEC/IDEC papers' settings, fixed in advance",
      },
      arrays: {
        fitPred,
        validationPred,
        testPred,
        initialFitPred: dec.initialLabels,
        startValidationPred,
        startTestPred,
      },
    };
  } finally {
    copy.autoencoder.dispose();
  }
}

/** A fresh autoencoder of the same architecture holding the same weights. */
function copyAutoencoder(net: Autoencoder): Autoencoder {
  const copy = buildAutoencoder(net.config.name, {
    seed: net.config.seed,
    dropoutRate: net.config.dropoutRate,
  });
  const weights = net.autoencoder.getWeights();
  copy.autoencoder.setWeights(weights);
  return copy;
}

function checkProtocol(protocol: Protocol): void {
  if (!PROTOCOLS.includes(protocol)) {
    throw new RangeError(
      `Cannot run the stage: protocol must be one of ${
        PROTOCOLS.map((p) => `"${p}"`).join(", ")
      }, current value is "${protocol}"`,
    );
  }
}
