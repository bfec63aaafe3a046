/**
 * The training loop of the autoencoders: Adam on the mean squared error, seeded shuffling, validation in
 * inference mode, early stopping with best-weight restore, progress callbacks and resumable checkpoints.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { deriveSeed, permutation, randomSeeded } from "../random/mod.ts";
import { join } from "../std.ts";
import { SeededDropout } from "./_seeded_dropout.ts";
import type { Autoencoder } from "./architectures.ts";
import { reconstructionError } from "./autoencoder.ts";
import {
  assertCheckpointMatches,
  type Checkpoint,
  type CheckpointTensor,
  type EpochLog,
  hasCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type TrainingRunConfig,
} from "./checkpoint.ts";
import { MODEL_JSON } from "./file_io.ts";

/** Progress after one training batch. */
export interface BatchProgress {
  /** The epoch, from 1. */
  epoch: number;
  /** The last epoch of the run. */
  epochs: number;
  /** The batch within the epoch, from 1. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** This batch's loss (MSE with dropout on). */
  loss: number;
  /** Mean loss of the epoch's batches so far, weighted by batch size. */
  meanLoss: number;
  /** Training images per second in this epoch so far. */
  imagesPerSecond: number;
  /** Estimated seconds until the last epoch's training ends (validation excluded). */
  etaSeconds: number;
}

/** Where and whether to checkpoint. */
export interface CheckpointOptions {
  /** The checkpoint folder; a checkpoint is saved there after every epoch. */
  dir: string;
  /**
   * Continue from the checkpoint in `dir` when there is one. When `false` and `dir` already holds a
   * checkpoint, training refuses to start rather than overwrite it.
   *
   * @default {false}
   */
  resume?: boolean;
}

/** Options of {@linkcode trainAutoencoder}. */
export interface TrainAutoencoderOptions {
  /** Training images, `[nTrain, 784]` flattened, values in [0, 1]. */
  train: Float32Array;
  /** Validation images, `[nValidation, 784]` flattened. */
  validation: Float32Array;
  /**
   * The last epoch to train (a resumed run continues up to it).
   *
   * @default {10}
   */
  epochs?: number;
  /**
   * Images per batch; the last batch of an epoch holds the remainder.
   *
   * @default {128}
   */
  batchSize?: number;
  /**
   * Adam's learning rate.
   *
   * @default {1e-3}
   */
  learningRate?: number;
  /**
   * Stop after this many epochs without a lower validation loss.
   *
   * @default {Infinity}
   */
  patience?: number;
  /**
   * At the end, put back the weights of the epoch with the lowest validation loss.
   *
   * @default {true}
   */
  restoreBestWeights?: boolean;
  /**
   * Base seed of the per-epoch shuffles (epoch `e` uses `deriveSeed(seed, "shuffle/e")`).
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Images per forward pass when computing the validation loss.
   *
   * @default {1024}
   */
  validationBatchSize?: number;
  /** Called after every batch. */
  onBatchEnd?: (progress: BatchProgress) => void | Promise<void>;
  /** Called after every epoch (after its checkpoint is saved). */
  onEpochEnd?: (log: EpochLog) => void | Promise<void>;
  /** Save a checkpoint after every epoch, and maybe resume from one. */
  checkpoint?: CheckpointOptions;
}

/** What {@linkcode trainAutoencoder} returns. */
export interface TrainResult {
  /** One entry per completed epoch, resumed ones included. */
  history: EpochLog[];
  /** Epoch with the lowest validation loss (0 when none was finite). */
  bestEpoch: number;
  /** That loss. */
  bestValLoss: number;
  /** Whether early stopping ended the run. */
  stoppedEarly: boolean;
  /** The epoch the run resumed after (0 for a fresh start). */
  resumedFromEpoch: number;
}

/** The parts of tfjs's Adam that `getWeights`/`setWeights` do not restore exactly (see `restoreOptimizer`). */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

/** FNV-1a over the float bits of the images, so a checkpoint is only resumed on the same data. */
function fingerprint(...arrays: Float32Array[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const words = new Uint32Array(a.buffer, a.byteOffset, a.length);
    h = Math.imul(h ^ a.length, 0x01000193);
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

function fail(what: string): never {
  throw new RangeError(`Cannot train autoencoder: ${what}`);
}

function checkImages(name: string, images: Float32Array, size: number): number {
  if (!(images instanceof Float32Array)) {
    throw new TypeError(
      `Cannot train autoencoder: ${name} must be a Float32Array, current type is ${typeof images}`,
    );
  }
  const n = images.length / size;
  if (!Number.isInteger(n) || n < 1) {
    throw new TypeError(
      `Cannot train autoencoder: ${name} must hold at least one whole image of ${size} values, ` +
        `current length is ${images.length}`,
    );
  }
  return n;
}

function copyWeights(model: tf.LayersModel): CheckpointTensor[] {
  return model.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape.slice() as number[],
    values: (w.read().dataSync() as Float32Array).slice(),
  }));
}

function setWeights(model: tf.LayersModel, weights: CheckpointTensor[]): void {
  const tensors = weights.map((w) => tf.tensor(w.values, w.shape, "float32"));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

async function saveOptimizer(optimizer: tf.AdamOptimizer): Promise<
  Pick<Checkpoint, "moments"> & {
    iterations: number;
    accBeta1: number;
    accBeta2: number;
  }
> {
  const [iterations, ...moments] = await optimizer.getWeights();
  const count = iterations.tensor.dataSync()[0];
  iterations.tensor.dispose();
  const internals = optimizer as unknown as AdamInternals;
  return {
    iterations: count,
    accBeta1: internals.accBeta1.dataSync()[0],
    accBeta2: internals.accBeta2.dataSync()[0],
    moments: moments.map((m) => ({
      name: m.name,
      shape: m.tensor.shape.slice(),
      values: (m.tensor.dataSync() as Float32Array).slice(),
    })),
  };
}

/**
 * Restores Adam: `setWeights` puts back the step count and the moments but recomputes `beta ** t` with
 * `pow`, which can differ in the last bit from the product Adam accumulates step by step; the saved running
 * products are assigned afterwards so a resumed run continues bit for bit.
 */
async function restoreOptimizer(optimizer: tf.AdamOptimizer, checkpoint: Checkpoint): Promise<void> {
  const tensors: { name: string; tensor: tf.Tensor }[] = [
    { name: "iter", tensor: tf.scalar(checkpoint.state.iterations, "int32") },
    ...checkpoint.moments.map((m) => ({ name: m.name, tensor: tf.tensor(m.values, m.shape, "float32") })),
  ];
  await optimizer.setWeights(tensors);
  tf.dispose(tensors.map((t) => t.tensor));
  const internals = optimizer as unknown as AdamInternals;
  tf.tidy(() => {
    internals.accBeta1.assign(tf.scalar(checkpoint.state.accBeta1, "float32"));
    internals.accBeta2.assign(tf.scalar(checkpoint.state.accBeta2, "float32"));
  });
}

/**
 * Trains an autoencoder to reconstruct its input with Adam on the mean squared error. Each epoch shuffles
 * the training images with a seed derived from `seed` and the epoch, trains on batches built from the
 * `Float32Array` (one batch tensor at a time), then computes the validation MSE in inference mode (dropout
 * off). With `patience`, training stops after that many epochs without improvement; with
 * `restoreBestWeights` the best epoch's weights are put back at the end. With `checkpoint`, the full state
 * (weights, best weights, Adam's moments and step, dropout mask positions, history, configuration) is saved
 * after each epoch, and `resume: true` continues a killed run exactly where its last completed epoch ended.
 * Every batch's tensors are disposed; the optimizer is disposed at the end.
 *
 * @example
 * ```ts
 * import { buildDenseAutoencoder } from "./architectures.ts";
 * import { trainAutoencoder } from "./train.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assert, assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildDenseAutoencoder({ seed: 0 });
 * const images = new Float32Array(8 * 784).map((_, i) => (i % 7) / 7);
 * const result = await trainAutoencoder(net, { train: images, validation: images, epochs: 2, batchSize: 4 });
 * assertEquals(result.history.length, 2);
 * assert(result.history[1].valLoss < result.history[0].loss);
 * net.autoencoder.dispose();
 * ```
 *
 * @param model The autoencoder, from an architecture builder.
 * @param options The data, hyper-parameters, callbacks and checkpointing.
 * @returns The per-epoch history, the best epoch and whether training stopped early.
 * @throws {RangeError} When a hyper-parameter is out of range.
 * @throws {TypeError} When the images do not fit the model's input.
 * @throws {Error} When the checkpoint folder holds a corrupt or mismatched checkpoint, or holds one while
 *   `resume` is `false`.
 */
export async function trainAutoencoder(
  model: Autoencoder,
  options: TrainAutoencoderOptions,
): Promise<TrainResult> {
  const {
    train,
    validation,
    epochs = 10,
    batchSize = 128,
    learningRate = 1e-3,
    patience = Infinity,
    restoreBestWeights = true,
    seed = 0,
    validationBatchSize = 1024,
    onBatchEnd,
    onEpochEnd,
    checkpoint,
  } = options;
  if (!Number.isInteger(epochs) || epochs < 1) {
    fail(`epochs must be an integer >= 1, current value is ${epochs}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    fail(`batchSize must be an integer >= 1, current value is ${batchSize}`);
  }
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    fail(`learningRate must be a finite number > 0, current value is ${learningRate}`);
  }
  if (!(patience === Infinity || (Number.isInteger(patience) && patience >= 1))) {
    fail(`patience must be an integer >= 1 or Infinity, current value is ${patience}`);
  }
  if (!Number.isInteger(seed)) fail(`seed must be an integer, current value is ${seed}`);
  if (!Number.isInteger(validationBatchSize) || validationBatchSize < 1) {
    fail(`validationBatchSize must be an integer >= 1, current value is ${validationBatchSize}`);
  }
  const net = model.autoencoder;
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  const nTrain = checkImages("train", train, size);
  const nValidation = checkImages("validation", validation, size);
  const config: TrainingRunConfig = {
    architecture: { ...model.config },
    batchSize,
    learningRate,
    patience: patience === Infinity ? null : patience,
    restoreBestWeights,
    seed,
    trainCount: nTrain,
    validationCount: nValidation,
    dataFingerprint: fingerprint(train, validation),
  };

  const dropouts = net.layers.filter((layer) => layer instanceof SeededDropout) as SeededDropout[];
  const variables = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(learningRate);
  let history: EpochLog[] = [];
  let bestEpoch = 0;
  let bestValLoss = Infinity;
  let epochsSinceBest = 0;
  let stoppedEarly = false;
  let best: CheckpointTensor[] | null = null;
  let resumedFromEpoch = 0;

  try {
    if (checkpoint !== undefined && await hasCheckpoint(checkpoint.dir)) {
      const file = join(checkpoint.dir, MODEL_JSON);
      if (checkpoint.resume !== true) {
        throw new Error(
          `Cannot train autoencoder: ${file} already holds a checkpoint; pass resume: true to continue it, ` +
            `or choose another folder`,
        );
      }
      const saved = await loadCheckpoint(checkpoint.dir);
      const current = net.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[] }));
      assertCheckpointMatches(file, saved.state.config, saved.weights, config, current);
      if (saved.state.dropoutSteps.length !== dropouts.length) {
        throw new Error(
          `Cannot resume training: ${file} has ${saved.state.dropoutSteps.length} dropout positions, ` +
            `the model has ${dropouts.length} dropout layers`,
        );
      }
      const state = saved.state;
      if (
        restoreBestWeights && state.bestEpoch !== 0 && state.bestEpoch !== state.epoch && !saved.bestWeights
      ) {
        throw new Error(
          `Cannot resume training: ${file} lacks the weights of its best epoch ${state.bestEpoch}`,
        );
      }
      setWeights(net, saved.weights);
      await restoreOptimizer(optimizer, saved);
      dropouts.forEach((layer, i) => layer.step = state.dropoutSteps[i]);
      history = state.history;
      bestEpoch = state.bestEpoch;
      bestValLoss = state.bestValLoss;
      epochsSinceBest = state.epochsSinceBest;
      stoppedEarly = state.stoppedEarly;
      if (restoreBestWeights && state.bestEpoch !== 0) {
        best = state.bestEpoch === state.epoch ? saved.weights : saved.bestWeights;
      }
      resumedFromEpoch = state.epoch;
    }

    const batches = Math.ceil(nTrain / batchSize);
    const trainStart = performance.now();
    let batchesDone = 0;
    for (let epoch = history.length + 1; epoch <= epochs && !stoppedEarly; epoch++) {
      const epochStart = performance.now();
      const order = permutation(nTrain, randomSeeded(deriveSeed(seed, `shuffle/${epoch}`)));
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        const start = b * batchSize;
        const count = Math.min(batchSize, nTrain - start);
        const buffer = new Float32Array(count * size);
        for (let r = 0; r < count; r++) {
          const from = order[start + r] * size;
          buffer.set(train.subarray(from, from + size), r * size);
        }
        const x = tf.tensor(buffer, [count, ...model.inputShape], "float32");
        const cost = optimizer.minimize(
          () => tf.mean(tf.squaredDifference(net.apply(x, { training: true }) as tf.Tensor, x)) as tf.Scalar,
          true,
          variables,
        )!;
        const loss = cost.dataSync()[0];
        cost.dispose();
        x.dispose();
        lossSum += loss * count;
        batchesDone++;
        if (onBatchEnd) {
          const now = performance.now();
          const secondsPerBatch = (now - trainStart) / 1000 / batchesDone;
          await onBatchEnd({
            epoch,
            epochs,
            batch: b + 1,
            batches,
            loss,
            meanLoss: lossSum / (start + count),
            imagesPerSecond: (start + count) / ((now - epochStart) / 1000),
            etaSeconds: secondsPerBatch * ((batches - b - 1) + (epochs - epoch) * batches),
          });
        }
      }
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const valLoss = reconstructionError(net, validation, { batchSize: validationBatchSize });
      const log: EpochLog = {
        epoch,
        loss: lossSum / nTrain,
        valLoss,
        seconds: (performance.now() - epochStart) / 1000,
        imagesPerSecond: nTrain / trainSeconds,
      };
      history.push(log);
      if (valLoss < bestValLoss) {
        bestValLoss = valLoss;
        bestEpoch = epoch;
        epochsSinceBest = 0;
        best = restoreBestWeights ? copyWeights(net) : null;
      } else {
        epochsSinceBest++;
        if (epochsSinceBest >= patience) stoppedEarly = true;
      }
      if (checkpoint !== undefined) {
        const adam = await saveOptimizer(optimizer);
        await saveCheckpoint(checkpoint.dir, {
          state: {
            config,
            epoch,
            history,
            bestEpoch,
            bestValLoss,
            epochsSinceBest,
            stoppedEarly,
            dropoutSteps: dropouts.map((layer) => layer.step),
            iterations: adam.iterations,
            accBeta1: adam.accBeta1,
            accBeta2: adam.accBeta2,
          },
          weights: copyWeights(net),
          bestWeights: bestEpoch === epoch || bestEpoch === 0 || !restoreBestWeights ? null : best,
          moments: adam.moments,
        });
      }
      await onEpochEnd?.(log);
    }
    if (restoreBestWeights && best !== null && bestEpoch !== history.length) setWeights(net, best);
  } finally {
    optimizer.dispose();
  }
  return { history, bestEpoch, bestValLoss, stoppedEarly, resumedFromEpoch };
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * Formats batch progress as one compact line: epoch, batch, running loss, throughput and ETA.
 *
 * @example
 * ```ts
 * import { formatProgress } from "./train.ts";
 * import { assertEquals } from "../std.ts";
 * const line = formatProgress({
 *   epoch: 2, epochs: 20, batch: 120, batches: 352, loss: 0.0213, meanLoss: 0.02345,
 *   imagesPerSecond: 1520.4, etaSeconds: 252,
 * });
 * assertEquals(line, "epoch 2/20 batch 120/352 loss 0.02345 1520 img/s ETA 4m12s");
 * ```
 *
 * @param progress What `onBatchEnd` received.
 * @returns The line, without a newline.
 */
export function formatProgress(progress: BatchProgress): string {
  return `epoch ${progress.epoch}/${progress.epochs} batch ${progress.batch}/${progress.batches} ` +
    `loss ${progress.meanLoss.toPrecision(4)} ${Math.round(progress.imagesPerSecond)} img/s ` +
    `ETA ${formatSeconds(progress.etaSeconds)}`;
}
