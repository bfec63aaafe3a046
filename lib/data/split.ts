/**
 * Seeded train/validation splits and pixel scaling.
 *
 * @module
 */
import { permutation, randomSeeded } from "../random/mod.ts";
import { PIXELS } from "./fashion_mnist.ts";

/** Options of {@linkcode trainValidationSplit}. */
export interface TrainValidationSplitOptions {
  /**
   * Number of samples held out for validation.
   *
   * @default {15000}
   */
  validationSize?: number;
  /**
   * Seed of the shuffle.
   *
   * @default {0}
   */
  seed?: number;
}

/** Indices of a train/validation split. */
export interface TrainValidationIndices {
  /** Indices of the training samples, ascending. */
  train: Int32Array;
  /** Indices of the validation samples, ascending. */
  validation: Int32Array;
}

/**
 * Splits `0 … n-1` at random (seeded) into training and validation indices, e.g. the report's 45,000/15,000
 * split of the 60,000 training images. Both index lists are sorted so the data keeps its file order.
 *
 * @example
 * ```ts
 * import { trainValidationSplit } from "./split.ts";
 * import { assertEquals } from "../std.ts";
 * const { train, validation } = trainValidationSplit(10, { validationSize: 3, seed: 1 });
 * assertEquals([train.length, validation.length], [7, 3]);
 * ```
 *
 * @param n Number of samples.
 * @param options Size of the validation part and seed.
 * @returns The two sorted index lists.
 * @throws {RangeError} When `validationSize` is not an integer in [1, n-1].
 */
export function trainValidationSplit(
  n: number,
  { validationSize = 15000, seed = 0 }: TrainValidationSplitOptions = {},
): TrainValidationIndices {
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`Cannot split samples: n must be an integer >= 2, current value is ${n}`);
  }
  if (!Number.isInteger(validationSize) || validationSize < 1 || validationSize >= n) {
    throw new RangeError(
      `Cannot split samples: validationSize must be an integer in [1, ${
        n - 1
      }], current value is ${validationSize}`,
    );
  }
  const order = permutation(n, randomSeeded(seed));
  const validation = order.slice(0, validationSize).sort();
  const train = order.slice(validationSize).sort();
  return { train, validation };
}

/**
 * Scales 0–255 pixels to float32 in [0, 1], optionally only the images at `indices`; the result is the flat
 * `[n, 784]` matrix, row-major (reshape the same buffer to `[n, 28, 28, 1]` for image views — no copy).
 *
 * @example
 * ```ts
 * import { toUnitFloat } from "./split.ts";
 * import { assertEquals } from "../std.ts";
 * const images = new Uint8Array(2 * 784).fill(255);
 * assertEquals(toUnitFloat(images, Int32Array.of(1)).length, 784);
 * ```
 *
 * @param images Pixels of `images.length / 784` images.
 * @param indices Which images to take; all when omitted.
 * @returns The scaled pixels, `[indices.length, 784]` flattened.
 * @throws {RangeError} When an index is out of range.
 */
export function toUnitFloat(images: Uint8Array, indices?: ArrayLike<number>): Float32Array {
  const total = images.length / PIXELS;
  if (!Number.isInteger(total)) {
    throw new RangeError(
      `Cannot scale images: length must be a multiple of ${PIXELS}, current length is ${images.length}`,
    );
  }
  const count = indices ? indices.length : total;
  const out = new Float32Array(count * PIXELS);
  const scale = 1 / 255;
  for (let r = 0; r < count; r++) {
    const src = indices ? indices[r] : r;
    if (!(src >= 0 && src < total) || !Number.isInteger(src)) {
      throw new RangeError(
        `Cannot scale images: index must be an integer in [0, ${total - 1}], current value is ${src}`,
      );
    }
    const from = src * PIXELS;
    const to = r * PIXELS;
    for (let p = 0; p < PIXELS; p++) out[to + p] = images[from + p] * scale;
  }
  return out;
}

/**
 * Takes the entries of `values` at `indices` (e.g. the labels of a split).
 *
 * @example
 * ```ts
 * import { takeIndices } from "./split.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(Array.from(takeIndices(Uint8Array.of(5, 6, 7), Int32Array.of(2, 0))), [7, 5]);
 * ```
 *
 * @param values The source array.
 * @param indices Which entries to take.
 * @returns A new array of the same type.
 */
export function takeIndices<T extends Uint8Array | Int32Array | Float32Array>(
  values: T,
  indices: ArrayLike<number>,
): T {
  const out = new (values.constructor as { new (n: number): T })(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
  return out;
}
