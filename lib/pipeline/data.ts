/**
 * The data a run works on: Fashion-MNIST scaled to [0, 1], sliced for quick runs, with the seeded
 * train/validation split of the training images.
 *
 * @module
 */
import {
  type FashionMnist,
  PIXELS,
  takeIndices,
  toUnitFloat,
  type TrainValidationIndices,
  trainValidationSplit,
} from "../data/mod.ts";
import { deriveSeed } from "../random/mod.ts";
import { fromFileUrl, relative } from "../std.ts";
import type { ReproduceConfig } from "./config.ts";

/** Fashion-MNIST prepared for a run. */
export interface RunData {
  /** Training images in [0, 1], `[nTrain, 784]`. */
  trainImages: Float32Array;
  /** Training labels, `[nTrain]`. */
  trainLabels: Uint8Array;
  /** Test images in [0, 1], `[nTest, 784]`. */
  testImages: Float32Array;
  /** Test labels, `[nTest]`. */
  testLabels: Uint8Array;
  /** Number of training images used. */
  nTrain: number;
  /** Number of test images used. */
  nTest: number;
  /** SHA-256 of the four decompressed files. */
  sha256: Record<string, string>;
  /** Where the files came from. */
  source: string;
}

/**
 * Scales and slices the data set for a run.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from "../data/mod.ts";
 * import { prepareRunData } from "./data.ts";
 * import { QUICK_CONFIG } from "./config.ts";
 * import { assertEquals } from "../std.ts";
 * const data = prepareRunData(await loadFashionMnist(), QUICK_CONFIG);
 * assertEquals([data.nTrain, data.nTest], [3000, 1000]);
 * ```
 *
 * @param data The loaded data set.
 * @param config The run's config (`trainLimit`, `testLimit`).
 * @returns The prepared data.
 */
export function prepareRunData(data: FashionMnist, config: ReproduceConfig): RunData {
  const nTrain = Math.min(config.trainLimit ?? data.train.count, data.train.count);
  const nTest = Math.min(config.testLimit ?? data.test.count, data.test.count);
  return {
    trainImages: toUnitFloat(data.train.images.subarray(0, nTrain * PIXELS)),
    trainLabels: data.train.labels.slice(0, nTrain),
    testImages: toUnitFloat(data.test.images.subarray(0, nTest * PIXELS)),
    testLabels: data.test.labels.slice(0, nTest),
    nTrain,
    nTest,
    sha256: data.sha256,
    source: `${data.source}: ${displayPath(data.dir)}`,
  };
}

/** A folder inside the repository as a repository-relative path (so reports do not record one machine's paths). */
function displayPath(dir: string): string {
  const root = fromFileUrl(new URL("../..", import.meta.url));
  const rel = relative(root, dir);
  return rel.startsWith("..") || rel.startsWith("/") ? dir : rel;
}

/** A seed's train/validation split of the training images. */
export interface SeedSplit extends TrainValidationIndices {
  /** Images of the training part, `[train.length, 784]`. */
  trainImages: Float32Array;
  /** Labels of the training part. */
  trainLabels: Uint8Array;
  /** Images of the validation part, `[validation.length, 784]`. */
  validationImages: Float32Array;
  /** Labels of the validation part. */
  validationLabels: Uint8Array;
}

/**
 * The seeded train/validation split (the report's 45,000/15,000) of a run's training images.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from "../data/mod.ts";
 * import { prepareRunData, splitForSeed } from "./data.ts";
 * import { QUICK_CONFIG } from "./config.ts";
 * import { assertEquals } from "../std.ts";
 * const data = prepareRunData(await loadFashionMnist(), QUICK_CONFIG);
 * const split = splitForSeed(data, QUICK_CONFIG, 0);
 * assertEquals([split.train.length, split.validation.length], [2250, 750]);
 * ```
 *
 * @param data The run's data.
 * @param config The run's config (`validationSize`).
 * @param seed The run's seed.
 * @returns The split, with its images and labels gathered.
 */
export function splitForSeed(data: RunData, config: ReproduceConfig, seed: number): SeedSplit {
  const split = trainValidationSplit(data.nTrain, {
    validationSize: config.validationSize,
    seed: deriveSeed(seed, "split"),
  });
  return {
    ...split,
    trainImages: gatherRows(data.trainImages, split.train),
    trainLabels: takeIndices(data.trainLabels, split.train),
    validationImages: gatherRows(data.trainImages, split.validation),
    validationLabels: takeIndices(data.trainLabels, split.validation),
  };
}

/**
 * Copies the given rows of a row-major `[n, 784]` matrix.
 *
 * @example
 * ```ts
 * import { gatherRows } from "./data.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(gatherRows(new Float32Array(784 * 3).fill(1), [2]).length, 784);
 * ```
 *
 * @param images The matrix.
 * @param rows Which rows.
 * @param width Row length.
 * @returns `[rows.length, width]`.
 */
export function gatherRows(images: Float32Array, rows: ArrayLike<number>, width = PIXELS): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    out.set(images.subarray(rows[r] * width, rows[r] * width + width), r * width);
  }
  return out;
}

/**
 * Arrays of one kind joined end to end (the rows of several sets, or their labels), in order.
 *
 * @example
 * ```ts
 * import { concatArrays } from "./data.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(concatArrays([new Uint8Array([1, 2]), new Uint8Array([3])]), new Uint8Array([1, 2, 3]));
 * ```
 *
 * @param parts The arrays (at least one).
 * @returns A new array of their total length.
 */
export function concatArrays<T extends Float32Array | Uint8Array>(parts: T[]): T {
  const out = new (parts[0].constructor as new (n: number) => T)(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
