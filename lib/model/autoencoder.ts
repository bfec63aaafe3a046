/**
 * Batched inference with a trained autoencoder: latent codes, reconstructions and the reconstruction
 * error of many images, a batch at a time so memory stays bounded.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Options of {@linkcode encode}, {@linkcode reconstruct} and {@linkcode reconstructionError}. */
export interface PredictOptions {
  /**
   * Images per forward pass; memory grows with it (about 100 MB of activations per 1,024 images for the
   * `wide` architecture).
   *
   * @default {1024}
   */
  batchSize?: number;
}

/** Per-image input shape of `model` and the number of images in `images`. */
function inputOf(
  model: tf.LayersModel,
  images: Float32Array,
  action: string,
): { shape: number[]; n: number } {
  if (!(images instanceof Float32Array)) {
    throw new TypeError(`Cannot ${action}: images must be a Float32Array, current type is ${typeof images}`);
  }
  const shape = model.inputs[0].shape.slice(1) as number[];
  const size = shape.reduce((a, b) => a * b, 1);
  const n = images.length / size;
  if (!Number.isInteger(n)) {
    throw new TypeError(
      `Cannot ${action}: images must hold whole images of ${size} values (shape [${shape}]), ` +
        `current length is ${images.length}`,
    );
  }
  return { shape, n };
}

function checkBatchSize(batchSize: number, action: string): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(
      `Cannot ${action}: batchSize must be an integer >= 1, current value is ${batchSize}`,
    );
  }
}

/**
 * Runs `model` in inference mode on `images` a batch at a time and hands each batch's output values (read
 * outside `tf.tidy`) to `consume`, with the batch's first image index and its input values.
 */
function forEachBatch(
  model: tf.LayersModel,
  images: Float32Array,
  shape: number[],
  batchSize: number,
  consume: (output: Float32Array, start: number, input: Float32Array) => void,
): void {
  const size = shape.reduce((a, b) => a * b, 1);
  const n = images.length / size;
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const input = images.subarray(start * size, (start + count) * size);
    const x = tf.tensor(input, [count, ...shape], "float32");
    const y = tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor);
    x.dispose();
    const values = y.dataSync() as Float32Array;
    y.dispose();
    consume(values, start, input);
  }
}

/**
 * Encodes images to their latent vectors with an encoder model, in inference mode (no dropout).
 *
 * @example
 * ```ts
 * import { buildReportAutoencoder } from "./architectures.ts";
 * import { encode } from "./autoencoder.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildReportAutoencoder({ seed: 0 });
 * const codes = encode(net.encoder, new Float32Array(3 * 784), { batchSize: 2 });
 * assertEquals(codes.length, 3 * 343);
 * net.autoencoder.dispose();
 * ```
 *
 * @param encoder A model whose output is `[nSamples, nFeatures]` (e.g. an {@linkcode Autoencoder}'s
 *   `encoder`).
 * @param images The images, `[nSamples, 784]` flattened, values in [0, 1].
 * @param options The batch size.
 * @returns The latent vectors, `[nSamples, nFeatures]` flattened.
 * @throws {TypeError} When `images` does not hold whole images.
 * @throws {RangeError} When `batchSize` is not a positive integer.
 */
export function encode(
  encoder: tf.LayersModel,
  images: Float32Array,
  { batchSize = 1024 }: PredictOptions = {},
): Float32Array {
  const action = "encode images";
  checkBatchSize(batchSize, action);
  const { shape, n } = inputOf(encoder, images, action);
  const d = (encoder.outputs[0].shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
  const out = new Float32Array(n * d);
  forEachBatch(encoder, images, shape, batchSize, (values, start) => out.set(values, start * d));
  return out;
}

/**
 * Reconstructs images with an autoencoder, in inference mode (no dropout).
 *
 * @example
 * ```ts
 * import { buildDenseAutoencoder } from "./architectures.ts";
 * import { reconstruct } from "./autoencoder.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildDenseAutoencoder({ seed: 0 });
 * assertEquals(reconstruct(net.autoencoder, new Float32Array(2 * 784)).length, 2 * 784);
 * net.autoencoder.dispose();
 * ```
 *
 * @param autoencoder A model whose output has the shape of its input.
 * @param images The images, `[nSamples, 784]` flattened.
 * @param options The batch size.
 * @returns The reconstructions, `[nSamples, 784]` flattened.
 * @throws {TypeError} When `images` does not hold whole images.
 * @throws {RangeError} When `batchSize` is not a positive integer.
 */
export function reconstruct(
  autoencoder: tf.LayersModel,
  images: Float32Array,
  { batchSize = 1024 }: PredictOptions = {},
): Float32Array {
  const action = "reconstruct images";
  checkBatchSize(batchSize, action);
  const { shape } = inputOf(autoencoder, images, action);
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(images.length);
  forEachBatch(autoencoder, images, shape, batchSize, (values, start) => out.set(values, start * size));
  return out;
}

/**
 * The mean squared error between images and their reconstructions (averaged over all pixels), computed in
 * inference mode (no dropout); the validation loss of {@linkcode trainAutoencoder}.
 *
 * @example
 * ```ts
 * import { buildDenseAutoencoder } from "./architectures.ts";
 * import { reconstruct, reconstructionError } from "./autoencoder.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertAlmostEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildDenseAutoencoder({ seed: 0 });
 * const images = new Float32Array(2 * 784).fill(0.5);
 * const out = reconstruct(net.autoencoder, images);
 * const mse = out.reduce((s, v) => s + (v - 0.5) ** 2, 0) / out.length;
 * assertAlmostEquals(reconstructionError(net.autoencoder, images), mse, 1e-6);
 * net.autoencoder.dispose();
 * ```
 *
 * @param autoencoder A model whose output has the shape of its input.
 * @param images The images, `[nSamples, 784]` flattened.
 * @param options The batch size.
 * @returns The mean squared error per pixel.
 * @throws {TypeError} When `images` does not hold whole images.
 * @throws {RangeError} When `batchSize` is not a positive integer or `images` is empty.
 */
export function reconstructionError(
  autoencoder: tf.LayersModel,
  images: Float32Array,
  { batchSize = 1024 }: PredictOptions = {},
): number {
  const action = "compute the reconstruction error";
  checkBatchSize(batchSize, action);
  const { shape, n } = inputOf(autoencoder, images, action);
  if (n === 0) {
    throw new RangeError(`Cannot ${action}: images must hold at least 1 image, current count is 0`);
  }
  let sum = 0;
  forEachBatch(autoencoder, images, shape, batchSize, (values, _start, input) => {
    let batchSum = 0;
    for (let i = 0; i < values.length; i++) {
      const d = values[i] - input[i];
      batchSum += d * d;
    }
    sum += batchSum;
  });
  return sum / images.length;
}
