/**
 * Fast dropout. tfjs's `dropout` draws its mask with a JavaScript `seedrandom` generator through a
 * `TensorBuffer` (about 20 ns per element: 28 ms for a `[128, 28, 28, 14]` activation, more than the
 * convolution beside it) and then runs three more element-wise ops. Here the mask is written straight onto
 * the WASM heap by a native `DropoutMask` kernel (a counter-based 32-bit hash, two 16-bit decisions per
 * draw, so the drop probability is `rate` rounded to a multiple of 2^-16; about 1 ns per element) and
 * applied with one multiplication, whose gradient is the usual `dy * mask`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { native, ptr } from "./_native.ts";
import type { WasmBackend } from "./_wasm.ts";

/** Name of the mask kernel registered for the WASM backend. */
export const DROPOUT_MASK = "DropoutMask";

let streamState = (Math.random() * 2 ** 32) >>> 0;

/**
 * Seeds the stream that unseeded dropout calls (including tfjs-layers' `Dropout` layers without a `seed`)
 * draw their masks from, so that training runs repeat. The stream starts from a random state otherwise.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { fastDropout, initTensorBackend, seedDropoutStream } from "../mod.ts";
 * import { assertEquals } from "../../std.ts";
 * await initTensorBackend();
 * seedDropoutStream(7);
 * const a = fastDropout(tf.ones([8]), 0.5).arraySync();
 * seedDropoutStream(7);
 * assertEquals(fastDropout(tf.ones([8]), 0.5).arraySync(), a);
 * ```
 *
 * @param seed An integer.
 */
export function seedDropoutStream(seed: number): void {
  streamState = hashSeed(seed);
}

/** Hashes a number or string seed to 32 bits (FNV-1a over its decimal/string form). */
function hashSeed(seed: number | string): number {
  const s = String(seed);
  let hash = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    hash ^= s.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The `DropoutMask` kernel: no inputs; attributes `shape`, `rate` and optional `seed`. Returns a float32
 * tensor of `1 / (1 - rate)` (kept) and `0` (dropped).
 *
 * @param args The kernel arguments.
 * @returns The mask.
 */
export function dropoutMask(args: { backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { shape, rate, seed } = args.attrs as { shape: number[]; rate: number; seed?: number | string };
  const out = backend.makeOutput(shape, "float32");
  const size = tf.util.sizeFromShape(shape);
  const scale = Math.fround(1 / (1 - rate));
  const threshold16 = Math.round(rate * 65536);
  const kernels = native(backend);
  if (seed === undefined || seed === null) {
    streamState = kernels.dropout_mask(ptr(backend, out), size, threshold16, scale, streamState) >>> 0;
  } else {
    kernels.dropout_mask(ptr(backend, out), size, threshold16, scale, hashSeed(seed));
  }
  return out;
}

/** Kernel config of {@linkcode dropoutMask}. */
export const dropoutMaskConfig: tf.KernelConfig = {
  kernelName: DROPOUT_MASK,
  backendName: "wasm",
  kernelFunc: dropoutMask as unknown as tf.KernelFunc,
};

/** Resolves `null` entries of a noise shape from `x`'s shape, as tfjs does. */
function noiseShapeOf(x: tf.Tensor, noiseShape?: (number | null)[]): number[] {
  if (noiseShape === undefined || noiseShape === null) return x.shape.slice();
  if (noiseShape.length === x.rank) return noiseShape.map((d, i) => d ?? x.shape[i]);
  return noiseShape as number[];
}

/**
 * Drop-in replacement for `tf.dropout` on the WASM backend: same arguments, same scaling, a faster mask.
 * With a `seed` the mask depends only on the seed (as in tfjs); without one it comes from a module-level
 * stream (see {@linkcode seedDropoutStream}). Other backends get `tf.dropout`'s original behaviour.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { fastDropout, initTensorBackend } from "../mod.ts";
 * import { assert } from "../../std.ts";
 * await initTensorBackend();
 * const y = fastDropout(tf.ones([1000]), 0.2, undefined, 42).dataSync();
 * assert(y.every((v) => v === 0 || v === Math.fround(1 / 0.8)));
 * ```
 *
 * @param x A float32 tensor.
 * @param rate The probability of dropping each element, in [0, 1).
 * @param noiseShape The shape of the keep/drop mask (broadcast against `x`).
 * @param seed A seed for the mask.
 * @returns `x * mask`.
 * @throws {TypeError} When `x` is not float32.
 * @throws {RangeError} When `rate` is outside [0, 1).
 */
export function fastDropout(
  x: tf.Tensor | tf.TensorLike,
  rate: number,
  noiseShape?: number[],
  seed?: number | string,
): tf.Tensor {
  if (tf.getBackend() !== "wasm") return tf.dropout(x, rate, noiseShape, seed);
  const $x = x instanceof tf.Tensor ? x : tf.tensor(x as number[]);
  if ($x.dtype !== "float32") {
    throw new TypeError(`Cannot apply dropout: x must be float32, current dtype is ${$x.dtype}`);
  }
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(`Cannot apply dropout: rate must be in [0, 1), current value is ${rate}`);
  }
  if (rate === 0) return x instanceof tf.Tensor ? $x.clone() : $x;
  const shape = noiseShapeOf($x, noiseShape);
  return tf.tidy(() => {
    const attrs: tf.NamedAttrMap = { shape, rate };
    if (seed !== undefined && seed !== null) attrs.seed = seed;
    const mask = tf.engine().runKernel(DROPOUT_MASK, {}, attrs) as tf.Tensor;
    return tf.mul($x, mask);
  });
}
