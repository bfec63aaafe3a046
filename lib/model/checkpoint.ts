/**
 * Training checkpoints: model weights, the best weights so far, Adam's state, the epoch, the history, the
 * run's configuration and the random-stream positions, saved to a folder through {@linkcode fileIOHandler}
 * and checked on load.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "../std.ts";
import type { ArchitectureConfig, Autoencoder } from "./architectures.ts";
import { fileIOHandler, MODEL_JSON } from "./file_io.ts";

/** Version of the checkpoint layout written by {@linkcode saveCheckpoint}. */
export const CHECKPOINT_VERSION = 1;

const FORMAT = "autoencoder-checkpoint";

/** One epoch of training. */
export interface EpochLog {
  /** The epoch, from 1. */
  epoch: number;
  /** Mean training loss (MSE, dropout on) over the epoch's batches, weighted by batch size. */
  loss: number;
  /** Validation MSE in inference mode after the epoch. */
  valLoss: number;
  /** Wall-clock seconds of the epoch, validation included. */
  seconds: number;
  /** Training images per second (validation excluded). */
  imagesPerSecond: number;
}

/** The settings a checkpoint must share with the run that resumes it. */
export interface TrainingRunConfig {
  /** The architecture and its seed. */
  architecture: ArchitectureConfig;
  /** Images per training batch. */
  batchSize: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Early-stopping patience in epochs; `null` for none. */
  patience: number | null;
  /** Whether the best weights are restored at the end. */
  restoreBestWeights: boolean;
  /** The base seed of shuffling. */
  seed: number;
  /** Number of training images. */
  trainCount: number;
  /** Number of validation images. */
  validationCount: number;
  /** FNV-1a hash of the training and validation pixels, hex. */
  dataFingerprint: string;
}

/** The JSON part of a checkpoint. */
export interface CheckpointState {
  /** The run's settings. */
  config: TrainingRunConfig;
  /** Completed epochs. */
  epoch: number;
  /** One entry per completed epoch. */
  history: EpochLog[];
  /** Epoch of the lowest validation loss so far (0 before the first epoch). */
  bestEpoch: number;
  /** The lowest validation loss so far. */
  bestValLoss: number;
  /** Epochs since the best one. */
  epochsSinceBest: number;
  /** Whether early stopping ended the run. */
  stoppedEarly: boolean;
  /**
   * Position of each dropout layer's mask stream (its `step`), in model order. Shuffling needs no saved
   * position: epoch `e` shuffles with `deriveSeed(seed, "shuffle/e")`.
   */
  dropoutSteps: number[];
  /** Adam's step count. */
  iterations: number;
  /** Adam's running `beta1 ** t` (float32 value). */
  accBeta1: number;
  /** Adam's running `beta2 ** t` (float32 value). */
  accBeta2: number;
}

/** A named float32 array with its shape. */
export interface CheckpointTensor {
  /** The weight's name. */
  name: string;
  /** Its shape. */
  shape: number[];
  /** Its values, row-major. */
  values: Float32Array;
}

/** A whole checkpoint, held as typed arrays (no tensors). */
export interface Checkpoint {
  /** Epoch, history, configuration and stream positions. */
  state: CheckpointState;
  /** The model's weights after the last completed epoch, in `model.weights` order. */
  weights: CheckpointTensor[];
  /** The weights of the best epoch, when it is not the last one. */
  bestWeights: CheckpointTensor[] | null;
  /** Adam's first moments then second moments, in variable order. */
  moments: CheckpointTensor[];
}

/**
 * Whether `dir` holds a checkpoint (a `model.json`); says nothing about its integrity.
 *
 * @example
 * ```ts
 * import { hasCheckpoint } from "./checkpoint.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(await hasCheckpoint("/nonexistent/folder"), false);
 * ```
 *
 * @param dir The folder.
 * @returns `true` when `dir/model.json` exists.
 */
export async function hasCheckpoint(dir: string): Promise<boolean> {
  try {
    return (await Deno.stat(join(dir, MODEL_JSON))).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Saves a checkpoint to `dir` atomically (see {@linkcode fileIOHandler}): a crash mid-save leaves the
 * previous checkpoint loadable.
 *
 * @example
 * ```ts
 * import { loadCheckpoint, saveCheckpoint, type Checkpoint } from "./checkpoint.ts";
 * import { assertEquals } from "../std.ts";
 * const dir = await Deno.makeTempDir();
 * const checkpoint: Checkpoint = {
 *   state: {
 *     config: {
 *       architecture: { name: "report", seed: 0, dropoutRate: 0.2 }, batchSize: 128, learningRate: 1e-3,
 *       patience: null, restoreBestWeights: true, seed: 0, trainCount: 10, validationCount: 5,
 *       dataFingerprint: "0",
 *     },
 *     epoch: 1, history: [{ epoch: 1, loss: 0.6, valLoss: 0.5, seconds: 2, imagesPerSecond: 5 }], bestEpoch: 1, bestValLoss: 0.5, epochsSinceBest: 0, stoppedEarly: false,
 *     dropoutSteps: [1], iterations: 1, accBeta1: 0.9, accBeta2: 0.999,
 *   },
 *   weights: [{ name: "w", shape: [2], values: Float32Array.of(1, 2) }],
 *   bestWeights: null,
 *   moments: [],
 * };
 * await saveCheckpoint(dir, checkpoint);
 * assertEquals(await loadCheckpoint(dir), checkpoint);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param dir The folder (created when missing).
 * @param checkpoint What to save.
 */
export async function saveCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  const groups: [string, CheckpointTensor[]][] = [
    ["model", checkpoint.weights],
    ["best", checkpoint.bestWeights ?? []],
    ["moments", checkpoint.moments],
  ];
  const specs: tf.io.WeightsManifestEntry[] = [];
  let total = 0;
  for (const [, tensors] of groups) for (const t of tensors) total += t.values.length;
  const data = new Float32Array(total);
  let offset = 0;
  for (const [group, tensors] of groups) {
    for (const t of tensors) {
      const size = t.shape.reduce((a, b) => a * b, 1);
      if (size !== t.values.length) {
        throw new RangeError(
          `Cannot save checkpoint: ${group}/${t.name} has ${t.values.length} values, its shape [${t.shape}] needs ${size}`,
        );
      }
      specs.push({ name: `${group}/${t.name}`, shape: t.shape, dtype: "float32" });
      data.set(t.values, offset);
      offset += size;
    }
  }
  await fileIOHandler(dir).save!({
    format: FORMAT,
    generatedBy: "lib/model/checkpoint.ts",
    weightSpecs: specs,
    weightData: data.buffer,
    userDefinedMetadata: {
      checkpoint: {
        version: CHECKPOINT_VERSION,
        ...checkpoint.state,
        bestWeights: checkpoint.bestWeights !== null,
      } as unknown as Record<string, never>,
    },
  });
}

function invalid(file: string, what: string): Error {
  return new Error(`Cannot load checkpoint: ${file} ${what}`);
}

function checkState(state: unknown, file: string): CheckpointState & { bestWeights: boolean } {
  if (typeof state !== "object" || state === null) {
    throw invalid(file, `is not a checkpoint: it has no userDefinedMetadata.checkpoint`);
  }
  const s = state as Record<string, unknown>;
  if (s.version !== CHECKPOINT_VERSION) {
    throw invalid(file, `has checkpoint version ${s.version}, expected ${CHECKPOINT_VERSION}`);
  }
  const numbers = ["epoch", "bestEpoch", "epochsSinceBest", "iterations", "accBeta1", "accBeta2"];
  for (const key of numbers) {
    if (typeof s[key] !== "number" || !Number.isFinite(s[key])) {
      throw invalid(file, `has no valid ${key}: expected a finite number, found ${JSON.stringify(s[key])}`);
    }
  }
  if (typeof s.bestValLoss !== "number" && s.bestValLoss !== null) {
    throw invalid(file, `has no valid bestValLoss: found ${JSON.stringify(s.bestValLoss)}`);
  }
  if (!Array.isArray(s.history) || s.history.length !== s.epoch) {
    throw invalid(
      file,
      `has a history of ${Array.isArray(s.history) ? s.history.length : "no"} epochs, expected ${s.epoch}`,
    );
  }
  if (!Array.isArray(s.dropoutSteps) || !s.dropoutSteps.every((v) => Number.isInteger(v))) {
    throw invalid(file, `has no valid dropoutSteps: expected an array of integers`);
  }
  if (typeof s.config !== "object" || s.config === null) throw invalid(file, `has no config`);
  if (typeof s.stoppedEarly !== "boolean" || typeof s.bestWeights !== "boolean") {
    throw invalid(file, `has no valid stoppedEarly or bestWeights flag`);
  }
  // JSON has no Infinity: a loss that was never set comes back as null.
  if (s.bestValLoss === null) s.bestValLoss = Infinity;
  return s as unknown as CheckpointState & { bestWeights: boolean };
}

/**
 * Loads the checkpoint in `dir`, verifying the JSON, the weight file's size and SHA-256, and the state's
 * fields.
 *
 * @example
 * ```ts
 * import { loadCheckpoint } from "./checkpoint.ts";
 * import { assertRejects } from "../std.ts";
 * await assertRejects(() => loadCheckpoint("/nonexistent/folder"), Error, "does not exist");
 * ```
 *
 * @param dir The folder.
 * @returns The checkpoint.
 * @throws {Error} When the folder holds no checkpoint or a corrupt one; the message names the file.
 */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const artifacts = await fileIOHandler(dir).load!();
  const file = join(dir, MODEL_JSON);
  if (artifacts.format !== FORMAT) {
    throw invalid(
      file,
      `is not a training checkpoint: format is ${JSON.stringify(artifacts.format)}, expected "${FORMAT}"`,
    );
  }
  const state = checkState(artifacts.userDefinedMetadata?.checkpoint, file);
  const bytes = artifacts.weightData as ArrayBuffer;
  const groups: Record<string, CheckpointTensor[]> = { model: [], best: [], moments: [] };
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const slash = spec.name.indexOf("/");
    const group = spec.name.slice(0, slash);
    if (spec.dtype !== "float32" || !(group in groups)) {
      throw invalid(file, `lists an unexpected weight ${spec.name} (${spec.dtype})`);
    }
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(bytes.slice(offset, offset + 4 * size));
    offset += 4 * size;
    groups[group].push({ name: spec.name.slice(slash + 1), shape: spec.shape, values });
  }
  const { bestWeights: hasBest, ...rest } = state;
  delete (rest as Record<string, unknown>).version;
  if (hasBest !== (groups.best.length > 0)) {
    throw invalid(file, `says bestWeights is ${hasBest} but holds ${groups.best.length} best weights`);
  }
  return {
    state: rest,
    weights: groups.model,
    bestWeights: hasBest ? groups.best : null,
    moments: groups.moments,
  };
}

function describe(value: unknown): string {
  return JSON.stringify(value);
}

type WeightShape = Pick<CheckpointTensor, "name" | "shape">;

function architectureDifferences(
  found: ArchitectureConfig | undefined,
  expected: ArchitectureConfig,
): string[] {
  const differences: string[] = [];
  for (const key of ["name", "seed", "dropoutRate"] as const) {
    if (found?.[key] !== expected[key]) {
      differences.push(
        `architecture ${key} is ${describe(found?.[key])} in the checkpoint, ${describe(expected[key])} now`,
      );
    }
  }
  return differences;
}

function weightDifferences(found: WeightShape[], expected: WeightShape[]): string[] {
  if (found.length !== expected.length) {
    return [`it holds ${found.length} weights, the model has ${expected.length}`];
  }
  const differences: string[] = [];
  for (let i = 0; i < found.length; i++) {
    const a = found[i];
    const b = expected[i];
    if (a.name !== b.name || a.shape.join("x") !== b.shape.join("x")) {
      differences.push(`weight ${i} is ${a.name} [${a.shape}] in the checkpoint, ${b.name} [${b.shape}] now`);
    }
  }
  return differences;
}

/**
 * Checks that a checkpoint belongs to the run about to resume it: same architecture, training settings and
 * data, and weights of the same names and shapes (the epoch count may grow).
 *
 * @example
 * ```ts
 * import { assertCheckpointMatches, type TrainingRunConfig } from "./checkpoint.ts";
 * import { assertThrows } from "../std.ts";
 * const config: TrainingRunConfig = {
 *   architecture: { name: "report", seed: 0, dropoutRate: 0.2 }, batchSize: 128, learningRate: 1e-3,
 *   patience: null, restoreBestWeights: true, seed: 0, trainCount: 10, validationCount: 5, dataFingerprint: "0",
 * };
 * const other = { ...config, batchSize: 64 };
 * assertThrows(
 *   () => assertCheckpointMatches("ckpt/model.json", other, [], config, []),
 *   Error,
 *   "batchSize is 64 in the checkpoint, 128 now",
 * );
 * ```
 *
 * @param file The checkpoint file, for messages.
 * @param found The checkpoint's configuration.
 * @param foundWeights The checkpoint's weights.
 * @param expected The configuration of the run.
 * @param expectedWeights The names and shapes of the run's model weights.
 * @throws {Error} When they differ, listing every difference.
 */
export function assertCheckpointMatches(
  file: string,
  found: TrainingRunConfig,
  foundWeights: WeightShape[],
  expected: TrainingRunConfig,
  expectedWeights: WeightShape[],
): void {
  const differences = architectureDifferences(found.architecture, expected.architecture);
  const keys = [
    "batchSize",
    "learningRate",
    "patience",
    "restoreBestWeights",
    "seed",
    "trainCount",
    "validationCount",
    "dataFingerprint",
  ] as const;
  for (const key of keys) {
    if (found[key] !== expected[key]) {
      differences.push(`${key} is ${describe(found[key])} in the checkpoint, ${describe(expected[key])} now`);
    }
  }
  if (differences.length === 0) differences.push(...weightDifferences(foundWeights, expectedWeights));
  if (differences.length > 0) {
    throw new Error(`Cannot resume training: ${file} does not match this run: ${differences.join("; ")}`);
  }
}

/** Options of {@linkcode restoreCheckpointWeights}. */
export interface RestoreCheckpointOptions {
  /**
   * Restore the weights of the epoch with the lowest validation loss (what training ends with) rather
   * than those of the last completed epoch.
   *
   * @default {true}
   */
  best?: boolean;
}

/**
 * Loads the weights of a checkpoint into a freshly built autoencoder of the same architecture, e.g. to
 * encode images with a model trained earlier.
 *
 * @example
 * ```ts
 * import { buildReportAutoencoder } from "./architectures.ts";
 * import { restoreCheckpointWeights } from "./checkpoint.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertRejects } from "../std.ts";
 * await initTensorBackend();
 * const net = buildReportAutoencoder();
 * await assertRejects(() => restoreCheckpointWeights(net, "/nonexistent/folder"), Error, "does not exist");
 * net.autoencoder.dispose();
 * ```
 *
 * @param model The autoencoder, built with the checkpoint's architecture and seed.
 * @param dir The checkpoint folder.
 * @param options Which weights to restore.
 * @returns The checkpoint's state (epoch, history, configuration).
 * @throws {Error} When the checkpoint is missing or corrupt, or belongs to another architecture.
 */
export async function restoreCheckpointWeights(
  model: Autoencoder,
  dir: string,
  { best = true }: RestoreCheckpointOptions = {},
): Promise<CheckpointState> {
  const checkpoint = await loadCheckpoint(dir);
  const file = join(dir, MODEL_JSON);
  const current = model.autoencoder.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
  }));
  const differences = architectureDifferences(checkpoint.state.config?.architecture, model.config);
  differences.push(...weightDifferences(checkpoint.weights, current));
  if (differences.length > 0) {
    throw new Error(`Cannot restore weights: ${file} does not match the model: ${differences.join("; ")}`);
  }
  const weights = best && checkpoint.bestWeights !== null ? checkpoint.bestWeights : checkpoint.weights;
  const tensors = weights.map((w) => tf.tensor(w.values, w.shape, "float32"));
  model.autoencoder.setWeights(tensors);
  tf.dispose(tensors);
  return checkpoint.state;
}
