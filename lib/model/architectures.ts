/**
 * Autoencoder builders for 28×28 grey images: the report's small convolutional net, a wider convolutional
 * net and the DEC-style dense net, each with seeded initialisers and a separate encoder model that shares
 * the autoencoder's layers.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { deriveSeed } from "../random/mod.ts";
import { SeededDropout } from "./_seeded_dropout.ts";

/** Names of the built-in architectures. */
export const ARCHITECTURES = ["report", "wide", "dense"] as const;

/** One of {@linkcode ARCHITECTURES}. */
export type ArchitectureName = typeof ARCHITECTURES[number];

/** Options of the autoencoder builders. */
export interface ArchitectureOptions {
  /**
   * Base seed of every initialiser and dropout mask stream (each layer derives its own).
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Dropout rate after each pooling and upsampling layer; only the `report` architecture has dropout.
   *
   * @default {0.2}
   */
  dropoutRate?: number;
}

/** Everything needed to rebuild an architecture (saved in checkpoints). */
export interface ArchitectureConfig {
  /** The architecture. */
  name: ArchitectureName;
  /** The base seed. */
  seed: number;
  /** The dropout rate (0 for architectures without dropout). */
  dropoutRate: number;
}

/** A built autoencoder. */
export interface Autoencoder {
  /** The architecture. */
  name: ArchitectureName;
  /** The full model: images in, reconstructions out, same shape. */
  autoencoder: tf.LayersModel;
  /** The encoder: images in, flat latent vectors `[nSamples, latentSize]` out; shares the layers. */
  encoder: tf.LayersModel;
  /** Shape of one input image: `[28, 28, 1]` for convolutional nets, `[784]` for `dense`. */
  inputShape: number[];
  /** Shape of one encoder output, e.g. `[343]`. */
  latentShape: number[];
  /** What the model was built from. */
  config: ArchitectureConfig;
}

const IMAGE = [28, 28, 1];

function checkOptions(name: ArchitectureName, seed: number, dropoutRate: number): void {
  if (!Number.isInteger(seed)) {
    throw new TypeError(
      `Cannot build the ${name} autoencoder: seed must be an integer, current value is ${seed}`,
    );
  }
  if (!(dropoutRate >= 0 && dropoutRate < 1)) {
    throw new RangeError(
      `Cannot build the ${name} autoencoder: dropoutRate must be in [0, 1), current value is ${dropoutRate}`,
    );
  }
}

/** Layer factories with names and seeds derived from the architecture's base seed. */
function layerFactory(name: ArchitectureName, seed: number) {
  const init = (layer: string) =>
    tf.initializers.glorotUniform({ seed: deriveSeed(seed, `${name}/${layer}`) });
  return {
    conv: (layer: string, filters: number, activation: "relu" | "linear" | "sigmoid") =>
      tf.layers.conv2d({
        name: layer,
        filters,
        kernelSize: 3,
        padding: "same",
        activation,
        kernelInitializer: init(layer),
      }),
    dense: (layer: string, units: number, activation: "relu" | "linear" | "sigmoid") =>
      tf.layers.dense({ name: layer, units, activation, kernelInitializer: init(layer) }),
    pool: (layer: string) => tf.layers.maxPooling2d({ name: layer, poolSize: 2, padding: "same" }),
    up: (layer: string) => tf.layers.upSampling2d({ name: layer, size: [2, 2] }),
    dropout: (layer: string, rate: number) =>
      new SeededDropout({ name: layer, rate, seed: deriveSeed(seed, `${name}/${layer}`) }),
  };
}

function finish(
  name: ArchitectureName,
  input: tf.SymbolicTensor,
  latent: tf.SymbolicTensor,
  output: tf.SymbolicTensor,
  config: ArchitectureConfig,
): Autoencoder {
  const autoencoder = tf.model({ name: `${name}_autoencoder`, inputs: input, outputs: output });
  const encoder = tf.model({ name: `${name}_encoder`, inputs: input, outputs: latent });
  return {
    name,
    autoencoder,
    encoder,
    inputShape: input.shape.slice(1) as number[],
    latentShape: latent.shape.slice(1) as number[],
    config,
  };
}

/**
 * Builds the report's 12-layer convolutional autoencoder: Conv2D(14) → MaxPool → Dropout → Conv2D(7) →
 * MaxPool → Dropout → Conv2D(7) → UpSampling → Dropout → Conv2D(14) → UpSampling → Dropout → Conv2D(1),
 * all 3×3 `same` convolutions with ReLU except the linear output. The encoder's output is the `7×7×7`
 * tensor after the second pooling (before its dropout), flattened to 343 values.
 *
 * @example
 * ```ts
 * import { buildReportAutoencoder } from "./architectures.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildReportAutoencoder({ seed: 1 });
 * assertEquals(net.latentShape, [343]);
 * assertEquals(net.autoencoder.outputs[0].shape, [null, 28, 28, 1]);
 * net.autoencoder.dispose();
 * ```
 *
 * @param options The seed and dropout rate.
 * @returns The autoencoder, its encoder and their shapes.
 */
export function buildReportAutoencoder(
  { seed = 0, dropoutRate = 0.2 }: ArchitectureOptions = {},
): Autoencoder {
  checkOptions("report", seed, dropoutRate);
  const l = layerFactory("report", seed);
  const input = tf.input({ name: "report_input", shape: IMAGE });
  let x = l.conv("conv1", 14, "relu").apply(input) as tf.SymbolicTensor;
  x = l.pool("pool1").apply(x) as tf.SymbolicTensor;
  x = l.dropout("dropout1", dropoutRate).apply(x) as tf.SymbolicTensor;
  x = l.conv("conv2", 7, "relu").apply(x) as tf.SymbolicTensor;
  const code = l.pool("pool2").apply(x) as tf.SymbolicTensor;
  x = l.dropout("dropout2", dropoutRate).apply(code) as tf.SymbolicTensor;
  x = l.conv("conv3", 7, "relu").apply(x) as tf.SymbolicTensor;
  x = l.up("up1").apply(x) as tf.SymbolicTensor;
  x = l.dropout("dropout3", dropoutRate).apply(x) as tf.SymbolicTensor;
  x = l.conv("conv4", 14, "relu").apply(x) as tf.SymbolicTensor;
  x = l.up("up2").apply(x) as tf.SymbolicTensor;
  x = l.dropout("dropout4", dropoutRate).apply(x) as tf.SymbolicTensor;
  const output = l.conv("output", 1, "linear").apply(x) as tf.SymbolicTensor;
  const latent = tf.layers.flatten({ name: "latent" }).apply(code) as tf.SymbolicTensor;
  return finish("report", input, latent, output, { name: "report", seed, dropoutRate });
}

/**
 * Builds a wider convolutional autoencoder (the 32-64-128 conv autoencoder of the PyTorch peer,
 * `shared/peers/torch_ae.py`): Conv2D(32) → MaxPool → Conv2D(64) → MaxPool → Conv2D(128) (the `7×7×128` latent,
 * flattened to 6272 values), then Conv2D(128) → UpSampling → Conv2D(64) → UpSampling → Conv2D(1, sigmoid);
 * 3×3 `same` convolutions with ReLU, no dropout.
 *
 * @example
 * ```ts
 * import { buildWideAutoencoder } from "./architectures.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildWideAutoencoder({ seed: 1 });
 * assertEquals(net.latentShape, [6272]);
 * net.autoencoder.dispose();
 * ```
 *
 * @param options The seed (`dropoutRate` is ignored).
 * @returns The autoencoder, its encoder and their shapes.
 */
export function buildWideAutoencoder({ seed = 0 }: ArchitectureOptions = {}): Autoencoder {
  checkOptions("wide", seed, 0);
  const l = layerFactory("wide", seed);
  const input = tf.input({ name: "wide_input", shape: IMAGE });
  let x = l.conv("conv1", 32, "relu").apply(input) as tf.SymbolicTensor;
  x = l.pool("pool1").apply(x) as tf.SymbolicTensor;
  x = l.conv("conv2", 64, "relu").apply(x) as tf.SymbolicTensor;
  x = l.pool("pool2").apply(x) as tf.SymbolicTensor;
  const code = l.conv("conv3", 128, "relu").apply(x) as tf.SymbolicTensor;
  x = l.conv("conv4", 128, "relu").apply(code) as tf.SymbolicTensor;
  x = l.up("up1").apply(x) as tf.SymbolicTensor;
  x = l.conv("conv5", 64, "relu").apply(x) as tf.SymbolicTensor;
  x = l.up("up2").apply(x) as tf.SymbolicTensor;
  const output = l.conv("output", 1, "sigmoid").apply(x) as tf.SymbolicTensor;
  const latent = tf.layers.flatten({ name: "latent" }).apply(code) as tf.SymbolicTensor;
  return finish("wide", input, latent, output, { name: "wide", seed, dropoutRate: 0 });
}

/**
 * Builds the DEC-style dense autoencoder on flat `[nSamples, 784]` input: 784-500-500-2000-10 (ReLU, with
 * a linear 10-d embedding) mirrored by 10-2000-500-500-784 (ReLU, with a linear output, as in DEC).
 *
 * @example
 * ```ts
 * import { buildDenseAutoencoder } from "./architectures.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildDenseAutoencoder({ seed: 1 });
 * assertEquals([net.inputShape, net.latentShape], [[784], [10]]);
 * net.autoencoder.dispose();
 * ```
 *
 * @param options The seed (`dropoutRate` is ignored).
 * @returns The autoencoder, its encoder and their shapes.
 */
export function buildDenseAutoencoder({ seed = 0 }: ArchitectureOptions = {}): Autoencoder {
  checkOptions("dense", seed, 0);
  const l = layerFactory("dense", seed);
  const input = tf.input({ name: "dense_input", shape: [784] });
  let x = l.dense("enc1", 500, "relu").apply(input) as tf.SymbolicTensor;
  x = l.dense("enc2", 500, "relu").apply(x) as tf.SymbolicTensor;
  x = l.dense("enc3", 2000, "relu").apply(x) as tf.SymbolicTensor;
  const latent = l.dense("embedding", 10, "linear").apply(x) as tf.SymbolicTensor;
  x = l.dense("dec1", 2000, "relu").apply(latent) as tf.SymbolicTensor;
  x = l.dense("dec2", 500, "relu").apply(x) as tf.SymbolicTensor;
  x = l.dense("dec3", 500, "relu").apply(x) as tf.SymbolicTensor;
  const output = l.dense("output", 784, "linear").apply(x) as tf.SymbolicTensor;
  return finish("dense", input, latent, output, { name: "dense", seed, dropoutRate: 0 });
}

/**
 * Builds the named architecture (see {@linkcode buildReportAutoencoder}, {@linkcode buildWideAutoencoder},
 * {@linkcode buildDenseAutoencoder}).
 *
 * @example
 * ```ts
 * import { buildAutoencoder } from "./architectures.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildAutoencoder("report", { seed: 3 });
 * assertEquals(net.config, { name: "report", seed: 3, dropoutRate: 0.2 });
 * net.autoencoder.dispose();
 * ```
 *
 * @param name One of {@linkcode ARCHITECTURES}.
 * @param options The seed and dropout rate.
 * @returns The autoencoder, its encoder and their shapes.
 * @throws {RangeError} When the name is unknown.
 */
export function buildAutoencoder(name: ArchitectureName, options: ArchitectureOptions = {}): Autoencoder {
  switch (name) {
    case "report":
      return buildReportAutoencoder(options);
    case "wide":
      return buildWideAutoencoder(options);
    case "dense":
      return buildDenseAutoencoder(options);
    default:
      throw new RangeError(
        `Cannot build an autoencoder: name must be one of ${
          ARCHITECTURES.join(", ")
        }, current value is ${name}`,
      );
  }
}

/** Options of {@linkcode flopsPerImage}. */
export interface FlopsOptions {
  /**
   * Count a training step (forward + backward ≈ 3 × forward) instead of one forward pass.
   *
   * @default {false}
   */
  training?: boolean;
}

/**
 * Estimates the floating-point operations per image of a model: 2 × the multiply-adds of its Conv2D and
 * Dense layers (pooling, upsampling, activations and biases are ignored), times 3 for a training step.
 *
 * @example
 * ```ts
 * import { buildDenseAutoencoder, flopsPerImage } from "./architectures.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildDenseAutoencoder();
 * const macs = 2 * (784 * 500 + 500 * 500 + 500 * 2000 + 2000 * 10);
 * assertEquals(flopsPerImage(net.autoencoder), 2 * macs);
 * assertEquals(flopsPerImage(net.autoencoder, { training: true }), 6 * macs);
 * net.autoencoder.dispose();
 * ```
 *
 * @param model The model.
 * @param options Whether to count a training step.
 * @returns The estimated FLOPs per image.
 */
export function flopsPerImage(model: tf.LayersModel, { training = false }: FlopsOptions = {}): number {
  let macs = 0;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind !== "Conv2D" && kind !== "Dense") continue;
    const kernel = layer.weights[0].shape as number[];
    const out = layer.outputShape as (number | null)[];
    const positions = kind === "Conv2D" ? (out[1] as number) * (out[2] as number) : 1;
    macs += positions * kernel.reduce((a, b) => a * b, 1);
  }
  return 2 * macs * (training ? 3 : 1);
}
