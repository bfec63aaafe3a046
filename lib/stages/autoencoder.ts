/**
 * The autoencoder stages: the report's convolutional autoencoder ({@linkcode reportAutoencoderStage}) and
 * N2D's dense one ({@linkcode denseAutoencoderStage}), each trained on the seed's training split and
 * validated on its validation split every epoch (early stopping, best weights), checkpointed every epoch so
 * a killed run resumes; then the encodings of the three sets.
 *
 * @module
 */
import { projectTo2d } from "../decomposition/mod.ts";
import { encode, formatProgress, reconstruct } from "../model/mod.ts";
import {
  artifactArrays,
  type AutoencoderArtifacts,
  type AutoencoderStageConfig,
  buildSeedAutoencoder,
  defineStage,
  gatherRows,
  type ReproduceConfig,
  type RowSets,
  type Stage,
  type StageContext,
  trainOnSplit,
} from "../pipeline/mod.ts";
import { join } from "../std.ts";

/** One epoch of an autoencoder's training. */
export interface EpochRecord {
  /** 1-based epoch. */
  epoch: number;
  /** Training MSE. */
  loss: number;
  /** Validation MSE. */
  valLoss: number;
  /** Wall seconds of the epoch. */
  seconds: number;
  /** Training images per second. */
  imagesPerSecond: number;
}

/** The JSON part of an autoencoder stage. */
export interface AutoencoderStageJson {
  /** Shape of one encoding, e.g. `[343]`. */
  latentShape: number[];
  /** Values per encoding. */
  latentSize: number;
  /** Per-epoch losses. */
  history: EpochRecord[];
  /** The epoch whose weights were kept. */
  bestEpoch: number;
  /** Its validation MSE. */
  bestValLoss: number;
  /** Whether early stopping ended the training. */
  stoppedEarly: boolean;
  /** Wall seconds of the training. */
  trainSeconds: number;
  /** Of the 2-D PCA of the encodings. */
  explainedVarianceRatio: number[];
}

/** What an autoencoder stage gives: its training record, the encodings and the figures' data. */
export interface AutoencoderOutput {
  /** Its training record. */
  json: AutoencoderStageJson;
  /** The encodings of the training, validation and test images. */
  encodings: RowSets;
  /** One reconstructed test image per class, `[k, 784]`. */
  reconstructions: Float32Array;
  /** 2-D PCA of the test encodings (fitted on the training encodings), first coordinate. */
  embeddingX: Float32Array;
  /** Second coordinate. */
  embeddingY: Float32Array;
}

/**
 * The stage of the autoencoder `settings` picks from the configuration.
 *
 * @param id The stage's id.
 * @param description What it is.
 * @param settings The autoencoder's settings in a configuration.
 * @returns The stage.
 */
function autoencoderStage(
  id: string,
  description: string,
  settings: (config: ReproduceConfig) => AutoencoderStageConfig,
): Stage<AutoencoderOutput, Record<never, never>> {
  return defineStage({
    id,
    description,
    scope: "split",
    inputs: {},
    settings: (config) => ({ autoencoder: settings(config), nClasses: config.kmeans.nClusters }),
    compute: (_inputs, context) => trainAndEncode(settings(context.config), context),
    read: (artifact) => {
      const arrays = artifactArrays(id, artifact, {
        zTrain: "Float32Array",
        zValidation: "Float32Array",
        zTest: "Float32Array",
        reconstructions: "Float32Array",
        embeddingX: "Float32Array",
        embeddingY: "Float32Array",
      });
      const json = artifact.json as AutoencoderStageJson;
      return {
        json,
        encodings: {
          fit: arrays.zTrain,
          validation: arrays.zValidation,
          test: arrays.zTest,
          width: json.latentSize,
        },
        reconstructions: arrays.reconstructions,
        embeddingX: arrays.embeddingX,
        embeddingY: arrays.embeddingY,
      };
    },
  });
}

/** The report's 12-layer convolutional autoencoder (`config.autoencoder`). */
export const reportAutoencoderStage: Stage<AutoencoderOutput, Record<never, never>> = autoencoderStage(
  "autoencoder",
  "the report's convolutional autoencoder, trained on the seed's split; its encodings",
  (config) => config.autoencoder,
);

/** N2D's and DEC's dense 784-500-500-2000-10 autoencoder (`config.beyond.denseAutoencoder`). */
export const denseAutoencoderStage: Stage<AutoencoderOutput, Record<never, never>> = autoencoderStage(
  "autoencoder-dense",
  "N2D's dense autoencoder, trained on the seed's split; its encodings",
  (config) => config.beyond.denseAutoencoder,
);

/**
 * The folder of an autoencoder stage's per-epoch checkpoints (the self-training stages start from its
 * weights), by the stage's key.
 *
 * @example
 * ```ts
 * import { autoencoderCheckpointDir } from "./autoencoder.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(autoencoderCheckpointDir("/c", "ab12"), "/c/checkpoints/ab12");
 * ```
 *
 * @param cacheDir The stage cache's root.
 * @param key The autoencoder stage's key.
 * @returns The folder.
 */
export function autoencoderCheckpointDir(cacheDir: string, key: string): string {
  return join(cacheDir, "checkpoints", key);
}

/**
 * What the report's figures show of an autoencoder: its losses, original vs reconstructed test images and
 * the 2-D embedding of the test encodings (rounded to 3 decimals).
 *
 * @param output The stage's output.
 * @param architecture The architecture's name.
 * @param testLabels The test set's classes (the reconstructions are of the first image of each class).
 * @param nClasses The number of classes.
 * @returns The figures' data.
 */
export function autoencoderFigures(
  output: AutoencoderOutput,
  architecture: string,
  testLabels: Uint8Array,
  nClasses: number,
): AutoencoderArtifacts {
  const round = (values: Float32Array) => Array.from(values, (v) => Math.round(v * 1000) / 1000);
  return {
    architecture,
    latentShape: output.json.latentShape,
    history: output.json.history,
    reconstructions: {
      indices: firstOfEachClass(testLabels, nClasses),
      images: round(output.reconstructions),
    },
    embedding2d: {
      x: round(output.embeddingX),
      y: round(output.embeddingY),
      explainedVarianceRatio: output.json.explainedVarianceRatio,
    },
  };
}

/**
 * Trains the autoencoder on the seed's training split (validating on its validation split, checkpointing
 * every epoch so a killed run resumes), then encodes the three sets, reconstructs one test image per class
 * and projects the test encodings to 2-D with a PCA fitted on the training encodings.
 */
async function trainAndEncode(
  settings: AutoencoderStageConfig,
  { data, config, seed, split: seedSplit, report, cacheDir, key, force }: StageContext,
) {
  const checkpointDir = autoencoderCheckpointDir(cacheDir, key);
  if (force) await Deno.remove(checkpointDir, { recursive: true }).catch(() => {});
  const split = seedSplit();
  const net = buildSeedAutoencoder(settings, seed);
  try {
    const t0 = performance.now();
    const result = await trainOnSplit(net, split, settings, seed, {
      onBatchEnd: (p) => report((p.epoch - 1 + p.batch / p.batches) / p.epochs, formatProgress(p)),
      checkpoint: { dir: checkpointDir, resume: true },
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    report(1, "encoding");
    const zTrain = encode(net.encoder, split.trainImages);
    const zValidation = encode(net.encoder, split.validationImages);
    const zTest = encode(net.encoder, data.testImages);
    const latentSize = zTrain.length / split.train.length;
    const indices = firstOfEachClass(data.testLabels, config.kmeans.nClusters);
    const reconstructions = reconstruct(net.autoencoder, gatherRows(data.testImages, indices));
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

/** Index of the first test image of each class, in class order. */
function firstOfEachClass(labels: Uint8Array, nClasses: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    const i = labels.indexOf(c);
    if (i >= 0) out.push(i);
  }
  return out;
}
