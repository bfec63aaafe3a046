/**
 * Single-layer patch features learnt without labels (Coates, Lee & Ng 2011, "An Analysis of Single-Layer
 * Networks in Unsupervised Feature Learning"): every `p × p` patch of an image is brightness- and
 * contrast-normalised, ZCA-whitened and compared with a dictionary of k-means centroids ("atoms") learnt on
 * sampled patches; the "triangle" activation `max(0, mean_k(z) − z_k)` of the distances `z` to the atoms is
 * then averaged over a coarse grid of image regions. On the tensor backend.
 *
 * For 28×28 images, 6×6 patches, 128 atoms and a 2×2 grid: 23 × 23 patch positions per image and
 * 2 × 2 × 128 = 512 values per image.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { checkOption } from "../validation/mod.ts";
import { KMeans } from "../cluster/kmeans.ts";
import { symmetricEigen } from "../decomposition/symmetric_eigen.ts";
import { randomSeeded } from "../random/seeded.ts";

/** Options of {@linkcode PatchKMeansEncoder}. */
export interface PatchKMeansOptions {
  /**
   * Side of the square patches, in pixels; every position (stride 1) is encoded.
   *
   * @default {6}
   */
  patchSize?: number;
  /**
   * Number of k-means atoms (features per region).
   *
   * @default {128}
   */
  nAtoms?: number;
  /**
   * Regions per side over which the activations are averaged: `poolGrid²` regions of
   * `ceil(positions / poolGrid)` positions per side, evenly spaced (adjacent regions may share a row).
   *
   * @default {2}
   */
  poolGrid?: number;
  /**
   * Added to each patch's pixel variance before dividing by its square root (pixels in [0, 1]: 0.01 is
   * Coates's 10 on the 0–255 scale), so that flat patches are not blown up.
   *
   * @default {0.01}
   */
  contrastEpsilon?: number;
  /**
   * Added to each eigenvalue of the patch covariance before whitening by its inverse square root.
   *
   * @default {0.1}
   */
  whiteningEpsilon?: number;
  /**
   * Images drawn (with replacement) to sample the dictionary's patches from.
   *
   * @default {4000}
   */
  nSampleImages?: number;
  /**
   * Patches drawn (with replacement) from the sampled images' patches to fit the whitening and the atoms.
   *
   * @default {200000}
   */
  nSamplePatches?: number;
  /**
   * Lloyd iterations of the dictionary's k-means (one k-means++ start).
   *
   * @default {30}
   */
  maxIter?: number;
  /**
   * Seed of the sampling and of the k-means start.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Image height, in pixels.
   *
   * @default {28}
   */
  height?: number;
  /**
   * Image width, in pixels.
   *
   * @default {28}
   */
  width?: number;
  /**
   * Images per backend batch of {@linkcode PatchKMeansEncoder.transform}.
   *
   * @default {100}
   */
  batchSize?: number;
}

/** Features computed by {@linkcode PatchKMeansEncoder.transform}. */
export interface PatchKMeansResult {
  /** Row-major `[nImages, width]`: region-major (row-major over the grid), then atom. */
  features: Float32Array;
  /** Values per image: `poolGrid² × nAtoms`. */
  width: number;
}

interface FittedDictionary {
  /** `[1, d]` mean of the normalised patches. */
  mean: tf.Tensor2D;
  /** `[d, d]` ZCA whitening matrix. */
  whitening: tf.Tensor2D;
  /** `[nAtoms, d]` whitened atoms. */
  atoms: tf.Tensor2D;
  /** `[1, nAtoms]` squared norms of the atoms. */
  atomNorms: tf.Tensor2D;
  inertia: number;
}

interface Geometry {
  patchSize: number;
  height: number;
  width: number;
  /** Patch positions per row and per column. */
  positionRows: number;
  positionCols: number;
  poolGrid: number;
  /** Pooling window and stride, in positions. */
  window: [number, number];
  stride: [number, number];
}

const OWNER = "fit the patch k-means encoder";

/**
 * Coates & Ng's single-layer k-means features: `fit(images)` learns the whitening and the atoms from sampled
 * patches; `transform(images)` encodes every patch position and averages over the pooling grid. The learnt
 * tensors are the encoder's to free: {@linkcode PatchKMeansEncoder.dispose}.
 *
 * @example
 * ```ts
 * import { PatchKMeansEncoder } from "./patch_kmeans.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assert, assertEquals } from "../std.ts";
 * await initTensorBackend();
 * // 20 random 8×8 images; 3×3 patches, 4 atoms, 2×2 regions: 16 values per image.
 * let state = 1;
 * const images = new Float32Array(20 * 64).map(() => (state = (state * 48271) % 2147483647) / 2147483647);
 * const encoder = new PatchKMeansEncoder({
 *   patchSize: 3,
 *   nAtoms: 4,
 *   height: 8,
 *   width: 8,
 *   nSampleImages: 10,
 *   nSamplePatches: 200,
 * }).fit(images);
 * const { features, width } = encoder.transform(images);
 * assertEquals([width, features.length], [16, 320]);
 * assert(features.every((v) => v >= 0)); // the triangle activation is never negative
 * encoder.dispose();
 * ```
 */
export class PatchKMeansEncoder {
  readonly #options: PatchKMeansOptions;
  #fitted?: FittedDictionary;

  /**
   * Stores the options; they are validated by {@linkcode PatchKMeansEncoder.fit}.
   *
   * @param options The encoder's settings.
   */
  constructor(options: PatchKMeansOptions = {}) {
    this.#options = { ...options };
  }

  /** Values per image of {@linkcode PatchKMeansEncoder.transform}. */
  get featureWidth(): number {
    const g = geometry(this.#options);
    return g.poolGrid * g.poolGrid * withDefaults(this.#options).nAtoms;
  }

  /** Row-major `[nAtoms, patchSize²]` atoms, in the whitened patch space. */
  get atoms(): Float32Array {
    return Float32Array.from(this.#state().atoms.dataSync());
  }

  /** `[patchSize²]` mean of the sampled normalised patches, subtracted before whitening. */
  get patchMean(): Float32Array {
    return Float32Array.from(this.#state().mean.dataSync());
  }

  /** Row-major `[patchSize², patchSize²]` ZCA whitening matrix (symmetric). */
  get whitening(): Float32Array {
    return Float32Array.from(this.#state().whitening.dataSync());
  }

  /** The dictionary k-means' inertia on the whitened sample. */
  get inertia(): number {
    return this.#state().inertia;
  }

  /**
   * Samples patches of the images, fits the whitening and the atoms.
   *
   * @param images Grayscale images (values in [0, 1]), row-major `[nImages, height × width]`.
   * @returns This encoder, fitted.
   * @throws {RangeError} On an invalid option, or images that do not fill whole images or hold non-finite values.
   */
  fit(images: Float32Array): this {
    const g = geometry(this.#options);
    const { nAtoms, contrastEpsilon, whiteningEpsilon, nSampleImages, nSamplePatches, maxIter, seed } =
      withDefaults(this.#options);
    checkOption(OWNER, "nAtoms", nAtoms, { integer: true, min: 1 });
    checkOption(OWNER, "contrastEpsilon", contrastEpsilon, { min: Number.MIN_VALUE });
    checkOption(OWNER, "whiteningEpsilon", whiteningEpsilon, { min: Number.MIN_VALUE });
    checkOption(OWNER, "nSampleImages", nSampleImages, { integer: true, min: 1 });
    checkOption(OWNER, "nSamplePatches", nSamplePatches, { integer: true, min: nAtoms });
    checkOption(OWNER, "maxIter", maxIter, { integer: true, min: 1 });
    checkOption(OWNER, "seed", seed, { integer: true });
    const nImages = countImages(images, g, OWNER);
    this.dispose();
    const prng = randomSeeded(seed);
    const pixels = g.height * g.width;
    const picked = new Float32Array(nSampleImages * pixels);
    for (let i = 0; i < nSampleImages; i++) {
      const row = Math.floor(prng() * nImages);
      picked.set(images.subarray(row * pixels, (row + 1) * pixels), i * pixels);
    }
    const perImage = g.positionRows * g.positionCols;
    const chosen = Int32Array.from(
      { length: nSamplePatches },
      () => Math.floor(prng() * nSampleImages * perImage),
    );
    const sample = tf.tidy(() =>
      tf.gather(normalisedPatches(picked, nSampleImages, g, contrastEpsilon), chosen)
    );
    const d = g.patchSize * g.patchSize;
    const mean = tf.tidy(() => sample.mean(0, true)) as tf.Tensor2D;
    const covariance = tf.tidy(() => {
      const centred = sample.sub(mean);
      return tf.matMul(centred, centred, true, false).div(nSamplePatches);
    });
    const { values, vectors } = symmetricEigen(Float64Array.from(covariance.dataSync()), d);
    covariance.dispose();
    // ZCA: V · diag(1 / sqrt(λ + ε)) · Vᵀ, which whitens while staying closest to the pixel basis.
    const zca = new Float32Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let sum = 0;
        for (let k = 0; k < d; k++) {
          sum += vectors[i * d + k] * vectors[j * d + k] /
            Math.sqrt(Math.max(values[k], 0) + whiteningEpsilon);
        }
        zca[i * d + j] = sum;
      }
    }
    const whitening = tf.tensor2d(zca, [d, d]);
    const whitened = tf.tidy(() => tf.matMul(sample.sub(mean), whitening)) as tf.Tensor2D;
    sample.dispose();
    let kmeans: KMeans;
    try {
      kmeans = new KMeans({ nClusters: nAtoms, nInit: 1, maxIter, seed }).fit(whitened);
    } catch (error) {
      tf.dispose([mean, whitening]);
      throw error;
    } finally {
      whitened.dispose();
    }
    const atoms = tf.tensor2d(kmeans.centers, [nAtoms, d]);
    const atomNorms = tf.tidy(() => atoms.square().sum(1).reshape([1, nAtoms])) as tf.Tensor2D;
    this.#fitted = { mean, whitening, atoms, atomNorms, inertia: kmeans.inertia };
    return this;
  }

  /**
   * Encodes every patch of the images and averages the activations over the pooling grid.
   *
   * @param images Grayscale images of the fitted size, row-major `[nImages, height × width]`.
   * @param onProgress Called with the share of images done (in (0, 1]) after every batch.
   * @returns The features, `[nImages, featureWidth]`, and their width.
   * @throws {Error} When the encoder is not fitted.
   * @throws {RangeError} On images that do not fill whole images or hold non-finite values.
   */
  transform(images: Float32Array, onProgress?: (fraction: number) => void): PatchKMeansResult {
    const fitted = this.#state();
    const g = geometry(this.#options);
    const { contrastEpsilon, batchSize, nAtoms } = withDefaults(this.#options);
    checkOption("transform with the patch k-means encoder", "batchSize", batchSize, {
      integer: true,
      min: 1,
    });
    const nImages = countImages(images, g, "transform with the patch k-means encoder");
    const pixels = g.height * g.width;
    const width = g.poolGrid * g.poolGrid * nAtoms;
    const features = new Float32Array(nImages * width);
    for (let start = 0; start < nImages; start += batchSize) {
      const n = Math.min(batchSize, nImages - start);
      const pooled = tf.tidy(() => {
        const patches = normalisedPatches(
          images.subarray(start * pixels, (start + n) * pixels),
          n,
          g,
          contrastEpsilon,
        );
        const whitened = tf.matMul(patches.sub(fitted.mean), fitted.whitening);
        // ‖w − c‖² = ‖w‖² + ‖c‖² − 2 w·c; clamped at 0 against rounding before the square root.
        const squared = whitened.square().sum(1, true).add(fitted.atomNorms)
          .sub(tf.matMul(whitened, fitted.atoms, false, true).mul(2));
        const distance = squared.relu().sqrt();
        const activation = distance.mean(1, true).sub(distance).relu()
          .reshape([n, g.positionRows, g.positionCols, nAtoms]) as tf.Tensor4D;
        return tf.avgPool(activation, g.window, g.stride, "valid").reshape([n, width]);
      });
      // Read outside the tidy: a dataSync array inside one is slow to release.
      features.set(pooled.dataSync(), start * width);
      pooled.dispose();
      onProgress?.((start + n) / nImages);
    }
    return { features, width };
  }

  /** Frees the fitted tensors (the encoder is then unfitted); safe to call more than once. */
  dispose(): void {
    if (this.#fitted === undefined) return;
    const { mean, whitening, atoms, atomNorms } = this.#fitted;
    tf.dispose([mean, whitening, atoms, atomNorms]);
    this.#fitted = undefined;
  }

  #state(): FittedDictionary {
    if (this.#fitted === undefined) {
      throw new Error("Cannot use the patch k-means encoder: it is not fitted, call fit(images) first");
    }
    return this.#fitted;
  }
}

/** The options' defaults, one place for every method. */
const DEFAULTS = {
  nAtoms: 128,
  contrastEpsilon: 0.01,
  whiteningEpsilon: 0.1,
  nSampleImages: 4000,
  nSamplePatches: 200000,
  maxIter: 30,
  seed: 0,
  batchSize: 100,
} as const;

/** The options that are not about geometry, each given or defaulted (an explicit `undefined` defaults). */
function withDefaults(options: PatchKMeansOptions): { -readonly [K in keyof typeof DEFAULTS]: number } {
  const out = { ...DEFAULTS } as { -readonly [K in keyof typeof DEFAULTS]: number };
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out;
}

function geometry(options: PatchKMeansOptions): Geometry {
  const { patchSize = 6, poolGrid = 2, height = 28, width = 28 } = options;
  checkOption(OWNER, "height", height, { integer: true, min: 1 });
  checkOption(OWNER, "width", width, { integer: true, min: 1 });
  checkOption(OWNER, "patchSize", patchSize, { integer: true, min: 1, max: Math.min(height, width) });
  const positionRows = height - patchSize + 1;
  const positionCols = width - patchSize + 1;
  checkOption(OWNER, "poolGrid", poolGrid, {
    integer: true,
    min: 1,
    max: Math.min(positionRows, positionCols),
  });
  const side = (positions: number): [number, number] => {
    const window = Math.ceil(positions / poolGrid);
    const stride = poolGrid === 1 ? 1 : Math.max(1, Math.floor((positions - window) / (poolGrid - 1)));
    return [window, stride];
  };
  const [rowWindow, rowStride] = side(positionRows);
  const [colWindow, colStride] = side(positionCols);
  const regions = (positions: number, window: number, stride: number) =>
    Math.floor((positions - window) / stride) + 1;
  if (
    regions(positionRows, rowWindow, rowStride) !== poolGrid ||
    regions(positionCols, colWindow, colStride) !== poolGrid
  ) {
    throw new RangeError(
      `Cannot ${OWNER}: poolGrid ${poolGrid} does not tile ${positionRows} × ${positionCols} patch positions evenly; choose a grid that divides them more evenly`,
    );
  }
  return {
    patchSize,
    height,
    width,
    positionRows,
    positionCols,
    poolGrid,
    window: [rowWindow, colWindow],
    stride: [rowStride, colStride],
  };
}

function countImages(images: Float32Array, g: Geometry, owner: string): number {
  if (!(images instanceof Float32Array)) {
    throw new TypeError(
      `Cannot ${owner}: images must be a Float32Array, current type is ${
        images === null ? "null" : (images as object)?.constructor?.name ?? typeof images
      }`,
    );
  }
  const pixels = g.height * g.width;
  if (images.length === 0 || images.length % pixels !== 0) {
    throw new RangeError(
      `Cannot ${owner}: images.length must be a positive multiple of height × width = ${pixels}, current value is ${images.length}`,
    );
  }
  const bad = images.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(
      `Cannot ${owner}: images must hold finite values, current value of image ${
        Math.floor(bad / pixels)
      } at pixel ${bad % pixels} is ${images[bad]}`,
    );
  }
  return images.length / pixels;
}

/**
 * Every patch of the images as a row (`[n × positions, patchSize²]`, image-major, then row-major positions,
 * pixels row-major within the patch), minus its mean and divided by `sqrt(variance + contrastEpsilon)`.
 * Must run inside a `tf.tidy`.
 */
function normalisedPatches(
  images: Float32Array,
  n: number,
  g: Geometry,
  contrastEpsilon: number,
): tf.Tensor2D {
  const d = g.patchSize * g.patchSize;
  // A one-hot kernel per patch pixel: the convolution copies each patch's pixels into its channels.
  const onehot = new Float32Array(d * d);
  for (let c = 0; c < d; c++) onehot[c * d + c] = 1;
  const kernel = tf.tensor4d(onehot, [g.patchSize, g.patchSize, 1, d]);
  const x = tf.tensor4d(images, [n, g.height, g.width, 1]);
  const patches = tf.conv2d(x, kernel, 1, "valid").reshape([n * g.positionRows * g.positionCols, d]);
  const centred = patches.sub(patches.mean(1, true));
  return centred.div(centred.square().mean(1, true).add(contrastEpsilon).sqrt()) as tf.Tensor2D;
}
