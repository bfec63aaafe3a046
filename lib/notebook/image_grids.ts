/**
 * The notebooks' image grids as PNG: samples per class, the mean image of each class, samples per cluster
 * (rows ordered and captioned by the matched class), and test images beside their reconstructions.
 *
 * @module
 */
import { CLASS_NAMES, PIXELS } from "../data/mod.ts";
import { imageGridPng, reconstructionGridPng } from "../plot/mod.ts";
import { firstIndicesPerGroup, matchedConfusion } from "../report/mod.ts";
import { type PipelineRun, testPredictions } from "./pipeline_run.ts";

/** Images with their classes. */
export interface LabelledImages {
  /** Pixels, 0–255 bytes or intensities in [0, 1], `[nImages, 784]` flattened. */
  images: Uint8Array | Float32Array;
  /** Classes, `[nImages]`. */
  labels: ArrayLike<number>;
}

/** Options of {@linkcode classSamplesPng}. */
export interface ClassSamplesOptions {
  /**
   * Class names by label (one grid row each).
   *
   * @default {CLASS_NAMES}
   */
  classNames?: readonly string[];
  /**
   * Images per class (grid columns).
   *
   * @default {10}
   */
  perClass?: number;
}

/** Options of {@linkcode classMeansPng}. */
export interface ClassMeansOptions {
  /**
   * Class names by label (one column each, captioned).
   *
   * @default {CLASS_NAMES}
   */
  classNames?: readonly string[];
  /**
   * The integer upscaling of each image.
   *
   * @default {3}
   */
  scale?: number;
}

/** Options of {@linkcode clusterSamplesPng}. */
export interface ClusterSamplesOptions {
  /**
   * Images per cluster (grid columns).
   *
   * @default {10}
   */
  perCluster?: number;
}

/** Options of {@linkcode reconstructionsPng}. */
export interface ReconstructionsOptions {
  /**
   * Pairs shown (one column each).
   *
   * @default {10}
   */
  count?: number;
}

/** Copies rows of indices into `rows × perRow` image cells; missing slots stay white. */
function gatherCells<T extends Uint8Array | Float32Array>(images: T, rows: number[][], perRow: number): T {
  const size = rows.length * perRow * PIXELS;
  const out =
    (images instanceof Uint8Array ? new Uint8Array(size).fill(255) : new Float32Array(size).fill(1)) as T;
  rows.forEach((indices, r) => {
    indices.slice(0, perRow).forEach((index, c) => {
      out.set(images.subarray(index * PIXELS, (index + 1) * PIXELS), (r * perRow + c) * PIXELS);
    });
  });
  return out;
}

function checkCount(action: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`Cannot draw ${action}: ${name} must be an integer >= 1, current value is ${value}`);
  }
}

/**
 * A grid of the first `perClass` images of each class, one row per class captioned with its name.
 *
 * @example
 * ```ts
 * import { classSamplesPng } from "./image_grids.ts";
 * import { decodePng } from "../plot/mod.ts";
 * import { assertEquals } from "../std.ts";
 * const png = await classSamplesPng(
 *   { images: new Uint8Array(4 * 784).fill(200), labels: [0, 1, 0, 1] },
 *   { classNames: ["Top", "Trouser"], perClass: 2 },
 * );
 * assertEquals((await decodePng(png)).channels, 4); // captions are drawn, so RGBA
 * ```
 *
 * @param data The images and their classes.
 * @param options Class names and images per class.
 * @returns The PNG file's bytes.
 * @throws {RangeError} When `perClass` is not an integer >= 1.
 */
export async function classSamplesPng(
  data: LabelledImages,
  options: ClassSamplesOptions = {},
): Promise<Uint8Array> {
  const { classNames = CLASS_NAMES, perClass = 10 } = options;
  checkCount("class samples", "perClass", perClass);
  const rows = firstIndicesPerGroup(data.labels, classNames.map((_, i) => i), perClass);
  return await imageGridPng(gatherCells(data.images, rows, perClass), {
    cols: perClass,
    rowLabels: [...classNames],
  });
}

/**
 * The mean image of each class: the pixel-wise average intensity in [0, 1] (bytes are divided by 255).
 *
 * @example
 * ```ts
 * import { classMeanImages } from "./image_grids.ts";
 * import { assertEquals } from "../std.ts";
 * const images = new Uint8Array(3 * 784);
 * images.fill(255, 784, 2 * 784); // image 1 is white
 * const means = classMeanImages({ images, labels: [0, 0, 1] }, 2);
 * assertEquals([means[0], means[784]], [0.5, 0]);
 * assertEquals(classMeanImages({ images: new Float32Array(784).fill(0.25), labels: [1] }, 2)[784], 0.25);
 * ```
 *
 * @param data The images and their classes.
 * @param nClasses Number of classes.
 * @returns The means in [0, 1], `[nClasses, 784]` flattened (zeros for an absent class).
 * @throws {RangeError} When a label is outside `[0, nClasses)`.
 */
export function classMeanImages(data: LabelledImages, nClasses: number): Float32Array {
  const sums = new Float64Array(nClasses * PIXELS);
  const counts = new Float64Array(nClasses);
  const n = data.labels.length;
  for (let i = 0; i < n; i++) {
    const c = data.labels[i];
    if (!(Number.isInteger(c) && c >= 0 && c < nClasses)) {
      throw new RangeError(
        `Cannot average images per class: labels must be integers in [0, ${nClasses}), current value is ${c}`,
      );
    }
    counts[c]++;
    const row = data.images.subarray(i * PIXELS, (i + 1) * PIXELS);
    const offset = c * PIXELS;
    for (let p = 0; p < PIXELS; p++) sums[offset + p] += row[p];
  }
  const means = new Float32Array(nClasses * PIXELS);
  const unit = data.images instanceof Uint8Array ? 255 : 1;
  for (let c = 0; c < nClasses; c++) {
    if (counts[c] === 0) continue;
    for (let p = 0; p < PIXELS; p++) means[c * PIXELS + p] = sums[c * PIXELS + p] / (unit * counts[c]);
  }
  return means;
}

/**
 * A row of the mean image of each class ({@linkcode classMeanImages}), each captioned with its class.
 *
 * @example
 * ```ts
 * import { classMeansPng } from "./image_grids.ts";
 * import { decodePng } from "../plot/mod.ts";
 * import { assert } from "../std.ts";
 * const png = await classMeansPng({ images: new Uint8Array(2 * 784), labels: [0, 1] }, { classNames: ["a", "b"] });
 * assert((await decodePng(png)).width > 2 * 28 * 3);
 * ```
 *
 * @param data The images and their classes.
 * @param options Class names and the upscaling.
 * @returns The PNG file's bytes.
 */
export async function classMeansPng(
  data: LabelledImages,
  options: ClassMeansOptions = {},
): Promise<Uint8Array> {
  const { classNames = CLASS_NAMES, scale = 3 } = options;
  const means = classMeanImages(data, classNames.length);
  return await imageGridPng(means, { cols: classNames.length, scale, labels: [...classNames] });
}

/**
 * A grid of the first `perCluster` test images of each of a method's clusters (the run's figure seed), rows
 * ordered by the class each cluster is matched to (Hungarian matching) and captioned `c3 → Trouser
 * (n=1,012)`; clusters matched to no class come last.
 *
 * @example
 * ```ts
 * import { clusterSamplesPng } from "./image_grids.ts";
 * import type { PipelineRun } from "./pipeline_run.ts";
 * import { assert } from "../std.ts";
 * const run = {
 *   seed: 0,
 *   artifacts: { seeds: [0], nTest: 4, predictions: { "0": { km: [1, 1, 0, 0] } }, autoencoder: {} },
 *   testImages: new Uint8Array(4 * 784),
 *   testLabels: Uint8Array.of(0, 0, 1, 1),
 *   classNames: ["Top", "Trouser"],
 * } as unknown as PipelineRun;
 * const png = await clusterSamplesPng(run, "km", { perCluster: 2 });
 * assert(png.length > 0);
 * ```
 *
 * @param run The run.
 * @param id The method's id.
 * @param options Images per cluster.
 * @returns The PNG file's bytes.
 * @throws {RangeError} When the run has no predictions of the method or `perCluster` is not an integer >= 1.
 */
export async function clusterSamplesPng(
  run: PipelineRun,
  id: string,
  options: ClusterSamplesOptions = {},
): Promise<Uint8Array> {
  const { perCluster = 10 } = options;
  checkCount("cluster samples", "perCluster", perCluster);
  const pred = testPredictions(run, id);
  const matched = matchedConfusion(run.testLabels, pred, { classNames: run.classNames });
  const sizes = new Map<number, number>();
  for (const k of pred) sizes.set(k, (sizes.get(k) ?? 0) + 1);
  const rows = firstIndicesPerGroup(pred, matched.columnClusters, perCluster);
  const rowLabels = matched.columnClusters.map((k, j) => {
    const cls = matched.columnClasses[j];
    const name = cls === undefined ? "unmatched" : run.classNames[cls];
    return `c${k} → ${name} (n=${(sizes.get(k) ?? 0).toLocaleString("en-US")})`;
  });
  return await imageGridPng(gatherCells(run.testImages, rows, perCluster), { cols: perCluster, rowLabels });
}

/**
 * Test images (top row) above the autoencoder's reconstructions of them (bottom row), for the run's figure
 * seed: one test image of each class, as `reproduce` stored them.
 *
 * @example
 * ```ts
 * import { reconstructionsPng } from "./image_grids.ts";
 * import type { PipelineRun } from "./pipeline_run.ts";
 * import { assert } from "../std.ts";
 * const run = {
 *   seed: 0,
 *   artifacts: { autoencoder: { "0": { reconstructions: { indices: [1], images: new Array(784).fill(0.5) } } } },
 *   testImages: new Uint8Array(2 * 784),
 * } as unknown as PipelineRun;
 * assert((await reconstructionsPng(run)).length > 0);
 * ```
 *
 * @param run The run.
 * @param options Pairs shown.
 * @returns The PNG file's bytes.
 * @throws {RangeError} When the run has no reconstructions for its seed.
 */
export async function reconstructionsPng(
  run: PipelineRun,
  options: ReconstructionsOptions = {},
): Promise<Uint8Array> {
  const recon = run.artifacts.autoencoder[String(run.seed)]?.reconstructions;
  if (!recon || recon.indices.length === 0) {
    throw new RangeError(`Cannot draw reconstructions: the run has none for seed ${run.seed}`);
  }
  const { count = Math.min(10, recon.indices.length) } = options;
  checkCount("reconstructions", "count", count);
  const indices = recon.indices.slice(0, count);
  const originals = gatherCells(run.testImages, [indices], indices.length);
  const reconstructed = Float32Array.from(recon.images.slice(0, indices.length * PIXELS));
  return await reconstructionGridPng(originals, reconstructed, { count: indices.length });
}
