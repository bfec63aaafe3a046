/**
 * The autoencoder sweep the report's conclusion proposes (tuning its nodes, epochs and learning rate): each
 * architecture × learning rate is trained once up to the largest epoch count, and evaluated after every
 * listed epoch. Settings are chosen by the validation reconstruction error alone (label-free); the test AMI
 * of KMeans on the encodings is recorded for display, never for the choice.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { KMeans } from "../cluster/mod.ts";
import { ami } from "../metrics/mod.ts";
import {
  type ArchitectureName,
  ARCHITECTURES,
  buildAutoencoder,
  encode,
  trainAutoencoder,
} from "../model/mod.ts";
import { deriveSeed } from "../random/mod.ts";
import type { KMeansStageConfig } from "./config.ts";

/** The grid of a sweep. */
export interface SweepGrid {
  /** Architectures, i.e. the numbers of nodes (see `buildAutoencoder`). */
  architectures: ArchitectureName[];
  /** Adam learning rates. */
  learningRates: number[];
  /** Epoch counts evaluated; each setting trains up to the largest. */
  epochs: number[];
  /** Mini-batch size. */
  batchSize: number;
}

/** The images of a sweep: `[n, 784]` each, values in [0, 1]. */
export interface SweepData {
  /** Training images. */
  train: Float32Array;
  /** Validation images: their reconstruction error chooses the setting. */
  validation: Float32Array;
  /** Test images. */
  test: Float32Array;
  /** Test labels, for the displayed AMI only. */
  testLabels: ArrayLike<number>;
}

/** One evaluated setting: an architecture and learning rate after some epochs. */
export interface SweepPoint {
  /** The architecture. */
  architecture: ArchitectureName;
  /** The learning rate. */
  learningRate: number;
  /** Epochs trained. */
  epoch: number;
  /** Mean training MSE of the last epoch. */
  trainLoss: number;
  /** Validation MSE after it: the selection criterion. */
  valLoss: number;
  /** Test AMI of KMeans fitted on the training encodings (display only). */
  testAmi: number;
  /** Training seconds so far. */
  trainSeconds: number;
  /** Seconds of the encoding and KMeans. */
  clusterSeconds: number;
}

/** What {@linkcode runSweep} returns. */
export interface SweepResult {
  /** The grid. */
  grid: SweepGrid;
  /** The seed. */
  seed: number;
  /** KMeans settings of the displayed AMI. */
  kmeans: KMeansStageConfig;
  /** Every evaluated point, in training order. */
  points: SweepPoint[];
  /** The point with the lowest validation MSE. */
  selected: SweepPoint;
  /** How it was chosen. */
  choice: string;
}

/** Options of {@linkcode runSweep}. */
export interface SweepOptions {
  /** The grid. */
  grid: SweepGrid;
  /** KMeans settings of the displayed AMI. */
  kmeans: KMeansStageConfig;
  /**
   * Base seed (initialisation, shuffles and KMeans derive theirs from it).
   *
   * @default {0}
   */
  seed?: number;
  /** Called after every evaluated point. */
  onPoint?: (point: SweepPoint, index: number, total: number) => void;
  /** Called after every training epoch. */
  onEpoch?: (setting: string, epoch: number, valLoss: number) => void;
}

/**
 * Checks a grid, throwing a RangeError that names the bad field.
 *
 * @example
 * ```ts
 * import { checkSweepGrid } from "./sweep.ts";
 * import { assertThrows } from "../std.ts";
 * assertThrows(
 *   () => checkSweepGrid({ architectures: ["report"], learningRates: [0.001], epochs: [0], batchSize: 64 }),
 *   RangeError,
 *   "Cannot run the sweep: epochs must hold integers >= 1, current value is [0]",
 * );
 * ```
 *
 * @param grid The grid.
 */
export function checkSweepGrid(grid: SweepGrid): void {
  const fail = (field: string, rule: string, value: unknown) => {
    throw new RangeError(
      `Cannot run the sweep: ${field} must ${rule}, current value is ${JSON.stringify(value)}`,
    );
  };
  if (grid.architectures.length === 0 || grid.architectures.some((a) => !ARCHITECTURES.includes(a))) {
    fail("architectures", `hold names among ${ARCHITECTURES.join(", ")}`, grid.architectures);
  }
  if (grid.learningRates.length === 0 || grid.learningRates.some((r) => !(r > 0 && Number.isFinite(r)))) {
    fail("learningRates", "hold finite numbers > 0", grid.learningRates);
  }
  if (grid.epochs.length === 0 || grid.epochs.some((e) => !Number.isInteger(e) || e < 1)) {
    fail("epochs", "hold integers >= 1", grid.epochs);
  }
  if (!Number.isInteger(grid.batchSize) || grid.batchSize < 1) {
    fail("batchSize", "be an integer >= 1", grid.batchSize);
  }
}

/**
 * Trains every architecture × learning rate up to the largest of `grid.epochs` (Adam on the MSE, no early
 * stopping) and, after each listed epoch, records the validation MSE and — for display — the test AMI of
 * KMeans fitted on the training encodings; selects the point with the lowest validation MSE.
 *
 * @param data The images and test labels.
 * @param options The grid, KMeans settings, seed and callbacks.
 * @returns Every point and the selected one.
 * @throws {RangeError} When the grid is invalid.
 */
export async function runSweep(data: SweepData, options: SweepOptions): Promise<SweepResult> {
  const { grid, kmeans, seed = 0, onPoint, onEpoch } = options;
  checkSweepGrid(grid);
  const epochs = [...new Set(grid.epochs)].sort((a, b) => a - b);
  const maxEpochs = epochs[epochs.length - 1];
  const total = grid.architectures.length * grid.learningRates.length * epochs.length;
  const points: SweepPoint[] = [];
  for (const architecture of grid.architectures) {
    for (const learningRate of grid.learningRates) {
      const setting = `${architecture}/lr=${learningRate}`;
      const net = buildAutoencoder(architecture, { seed: deriveSeed(seed, "sweep/ae-init") });
      try {
        let trainSeconds = 0;
        await trainAutoencoder(net, {
          train: data.train,
          validation: data.validation,
          epochs: maxEpochs,
          batchSize: grid.batchSize,
          learningRate,
          restoreBestWeights: false,
          seed: deriveSeed(seed, "sweep/ae-shuffle"),
          onEpochEnd: (log) => {
            trainSeconds += log.seconds;
            onEpoch?.(setting, log.epoch, log.valLoss);
            if (!epochs.includes(log.epoch)) return;
            const t0 = performance.now();
            const testAmi = kmeansTestAmi(net.encoder, data, kmeans, deriveSeed(seed, "sweep/kmeans"));
            const point: SweepPoint = {
              architecture,
              learningRate,
              epoch: log.epoch,
              trainLoss: log.loss,
              valLoss: log.valLoss,
              testAmi,
              trainSeconds,
              clusterSeconds: (performance.now() - t0) / 1000,
            };
            points.push(point);
            onPoint?.(point, points.length - 1, total);
          },
        });
      } finally {
        net.autoencoder.dispose();
      }
    }
  }
  const selected = points.reduce((best, p) => (p.valLoss < best.valLoss ? p : best));
  return {
    grid,
    seed,
    kmeans,
    points,
    selected,
    choice: "lowest validation reconstruction MSE (label-free); the test AMI is shown, never used to choose",
  };
}

/** Test AMI of KMeans fitted on the training encodings, predicting the test encodings. */
function kmeansTestAmi(
  encoder: tf.LayersModel,
  data: SweepData,
  config: KMeansStageConfig,
  seed: number,
): number {
  const zTrain = encode(encoder, data.train);
  const zTest = encode(encoder, data.test);
  const width = zTrain.length / (data.train.length / 784);
  const train = tf.tensor2d(zTrain, [zTrain.length / width, width]);
  const test = tf.tensor2d(zTest, [zTest.length / width, width]);
  try {
    const km = new KMeans({ ...config, seed }).fit(train);
    return ami(data.testLabels, km.predict(test));
  } finally {
    tf.dispose([train, test]);
  }
}
