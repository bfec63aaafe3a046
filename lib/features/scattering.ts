/**
 * First-order 2-D scattering coefficients (Mallat 2012; Bruna & Mallat 2013) of batches of small grayscale
 * images, on the tensor backend: each image, zero-padded to a periodic grid whose sides are multiples of
 * 2^J, is filtered by Morlet wavelets at `scales` (J) dyadic scales and `orientations` (L) angles (Kymatio's
 * filter design: σ = 0.8·2^j, ξ = 3π/4·2^-j, slant 4/L), its modulus taken (on a grid subsampled by 2^j),
 * and that modulus averaged by a Gaussian low-pass (σ = 0.8·2^(J-1)) sampled every 2^J pixels. The zeroth
 * order (the low-pass of the image itself) comes first, then each wavelet's channel, scale-major.
 *
 * For a 28×28 image, J = 3 and L = 8: a 32×32 grid, 1 + 24 channels of 4×4 averages, 400 values.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { checkOption } from "../validation/mod.ts";

/** Options of {@linkcode scattering} and {@linkcode scatteringFeatureWidth}. */
export interface ScatteringOptions {
  /**
   * Number of dyadic wavelet scales, J; the averages are taken every 2^J pixels.
   *
   * @default {3}
   */
  scales?: number;
  /**
   * Number of wavelet orientations over [0, π), L.
   *
   * @default {8}
   */
  orientations?: number;
  /**
   * `c` of the `log(1 + c·S)` applied to every coefficient `S`; 0 keeps the coefficients as they are. The log
   * evens out the scale of the large low-frequency coefficients against the small high-frequency ones.
   *
   * @default {0}
   */
  logScale?: number;
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
   * Images per backend batch.
   *
   * @default {1024}
   */
  batchSize?: number;
  /**
   * Called with the share of images done (in (0, 1]) after every batch.
   *
   * @default {undefined}
   */
  onProgress?: (fraction: number) => void;
}

/** Coefficients computed by {@linkcode scattering}. */
export interface ScatteringResult {
  /** The coefficients, row-major `[nImages, width]`: channel-major, then row-major over the averages. */
  features: Float32Array;
  /** Coefficients per image: (1 + scales × orientations) × averages per channel. */
  width: number;
}

interface ScatteringGeometry {
  scales: number;
  orientations: number;
  height: number;
  width: number;
  /** Padded grid rows and columns (multiples of 2^scales). */
  gridRows: number;
  gridCols: number;
  /** Rows and columns of averages per channel. */
  outRows: number;
  outCols: number;
}

const OWNER = "compute the scattering transform";

function geometry(options: ScatteringOptions): ScatteringGeometry {
  const { scales = 3, orientations = 8, height = 28, width = 28 } = options;
  checkOption(OWNER, "scales", scales, { integer: true, min: 1 });
  checkOption(OWNER, "orientations", orientations, { integer: true, min: 1 });
  checkOption(OWNER, "height", height, { integer: true, min: 1 });
  checkOption(OWNER, "width", width, { integer: true, min: 1 });
  const step = 2 ** scales;
  const gridRows = step * Math.ceil(height / step);
  const gridCols = step * Math.ceil(width / step);
  return {
    scales,
    orientations,
    height,
    width,
    gridRows,
    gridCols,
    outRows: gridRows / step,
    outCols: gridCols / step,
  };
}

/**
 * Coefficients per image of {@linkcode scattering} with these options.
 *
 * @example
 * ```ts
 * import { scatteringFeatureWidth } from "./scattering.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(scatteringFeatureWidth(), 400); // (1 + 3 × 8) channels × 4 × 4 averages
 * ```
 *
 * @param options Scales, orientations and image size.
 * @returns The width of one image's coefficients.
 */
export function scatteringFeatureWidth(options: ScatteringOptions = {}): number {
  const g = geometry(options);
  return (1 + g.scales * g.orientations) * g.outRows * g.outCols;
}

/**
 * Morlet wavelet of scale `j` and orientation `l` (Kymatio's `morlet_2d`) on the offsets `[-radius, radius]²`,
 * as interleaved real and imaginary parts, row offset major. The Gaussian correction makes the truncated
 * filter's sum exactly zero, so a constant image has no first-order response.
 */
function morlet(j: number, l: number, orientations: number, radius: number): Float64Array {
  const sigma = 0.8 * 2 ** j;
  const theta = (Math.floor(orientations / 2) - 1 - l) * Math.PI / orientations;
  const xi = 3 / 4 * Math.PI / 2 ** j;
  const slant = 4 / orientations;
  const cos = Math.cos(theta), sin = Math.sin(theta);
  // R · diag(1, slant²) · R⁻¹ / (2σ²): the envelope's quadratic form, stretched across the orientation.
  const a = (cos * cos + slant * slant * sin * sin) / (2 * sigma * sigma);
  const b = (cos * sin * (1 - slant * slant)) / (2 * sigma * sigma);
  const c = (sin * sin + slant * slant * cos * cos) / (2 * sigma * sigma);
  const side = 2 * radius + 1;
  const envelope = new Float64Array(side * side);
  const wave = new Float64Array(2 * side * side);
  let envelopeSum = 0, waveSumRe = 0, waveSumIm = 0;
  for (let dx = -radius; dx <= radius; dx++) {
    for (let dy = -radius; dy <= radius; dy++) {
      const i = (dx + radius) * side + dy + radius;
      const e = Math.exp(-(a * dx * dx + 2 * b * dx * dy + c * dy * dy));
      const phase = xi * (dx * cos + dy * sin);
      envelope[i] = e;
      wave[2 * i] = e * Math.cos(phase);
      wave[2 * i + 1] = e * Math.sin(phase);
      envelopeSum += e;
      waveSumRe += wave[2 * i];
      waveSumIm += wave[2 * i + 1];
    }
  }
  const norm = 2 * Math.PI * sigma * sigma / slant;
  const kRe = waveSumRe / envelopeSum, kIm = waveSumIm / envelopeSum;
  for (let i = 0; i < side * side; i++) {
    wave[2 * i] = (wave[2 * i] - kRe * envelope[i]) / norm;
    wave[2 * i + 1] = (wave[2 * i + 1] - kIm * envelope[i]) / norm;
  }
  return wave;
}

/**
 * The periodic Gaussian low-pass as a matrix `[(rows/step)·(cols/step), outRows·outCols]`: the weight of
 * the modulus on a grid subsampled by `step` in each average taken every 2^J pixels.
 */
function lowPassMatrix(g: ScatteringGeometry, step: number): Float32Array {
  const sigma = 0.8 * 2 ** (g.scales - 1);
  const stride = 2 ** g.scales;
  // Periodised 1-D Gaussian on a period of `n` pixels (five periods, as Kymatio's filters).
  const periodic = (d: number, n: number) => {
    let sum = 0;
    for (let e = -2; e <= 2; e++) sum += Math.exp(-((d + e * n) ** 2) / (2 * sigma * sigma));
    return sum;
  };
  const inRows = g.gridRows / step, inCols = g.gridCols / step;
  const nOut = g.outRows * g.outCols;
  const matrix = new Float32Array(inRows * inCols * nOut);
  const scale = step * step / (2 * Math.PI * sigma * sigma);
  for (let qr = 0; qr < inRows; qr++) {
    for (let qc = 0; qc < inCols; qc++) {
      for (let pr = 0; pr < g.outRows; pr++) {
        const wr = periodic(pr * stride - qr * step, g.gridRows);
        for (let pc = 0; pc < g.outCols; pc++) {
          const wc = periodic(pc * stride - qc * step, g.gridCols);
          matrix[(qr * inCols + qc) * nOut + pr * g.outCols + pc] = scale * wr * wc;
        }
      }
    }
  }
  return matrix;
}

/** Pads `[b, rows, cols, c]` periodically by `radius` on every side. */
function wrapPad(x: tf.Tensor4D, radius: number): tf.Tensor4D {
  if (radius === 0) return x;
  const [, rows, cols] = x.shape;
  const vertical = tf.concat([
    x.slice([0, rows - radius, 0, 0], [-1, radius, -1, -1]),
    x,
    x.slice([0, 0, 0, 0], [
      -1,
      radius,
      -1,
      -1,
    ]),
  ], 1);
  return tf.concat([
    vertical.slice([0, 0, cols - radius, 0], [-1, -1, radius, -1]),
    vertical,
    vertical.slice([0, 0, 0, 0], [-1, -1, radius, -1]),
  ], 2);
}

/**
 * First-order scattering coefficients of a batch of grayscale images (see the module documentation), on the
 * active tensor backend.
 *
 * @example
 * ```ts
 * import { scattering } from "./scattering.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertAlmostEquals, assertEquals } from "../std.ts";
 * await initTensorBackend();
 * // A constant 32×32 image: its average is the constant, and no wavelet responds to it.
 * const { features, width } = scattering(new Float32Array(1024).fill(0.5), { height: 32, width: 32 });
 * assertEquals(width, 400);
 * assertAlmostEquals(features[0], 0.5, 1e-5);
 * assertAlmostEquals(Math.max(...features.subarray(16).map(Math.abs)), 0, 1e-5);
 * ```
 *
 * @param images Row-major `[nImages, height × width]` pixels.
 * @param options Scales, orientations, log scale, image size, batch size and progress.
 * @returns The coefficients and their width.
 */
export function scattering(images: Float32Array, options: ScatteringOptions = {}): ScatteringResult {
  if (!(images instanceof Float32Array)) {
    throw new TypeError(
      `Cannot ${OWNER}: images must be a Float32Array, current value is ${
        Object.prototype.toString.call(images)
      }`,
    );
  }
  const g = geometry(options);
  const { logScale = 0, batchSize = 1024, onProgress } = options;
  checkOption(OWNER, "logScale", logScale, { min: 0 });
  checkOption(OWNER, "batchSize", batchSize, { integer: true, min: 1 });
  const pixels = g.height * g.width;
  if (images.length % pixels !== 0) {
    throw new RangeError(
      `Cannot ${OWNER}: images must hold whole ${g.height}×${g.width} images, ` +
        `current length ${images.length} is not a multiple of ${pixels}`,
    );
  }
  const n = images.length / pixels;
  const width = scatteringFeatureWidth(options);
  const features = new Float32Array(n * width);
  const top = Math.floor((g.gridRows - g.height) / 2);
  const left = Math.floor((g.gridCols - g.width) / 2);
  const nOut = g.outRows * g.outCols;
  const L = g.orientations;
  // Filters as conv2d kernels [side, side, 1, 2L] (real, imaginary per orientation) and low-pass matrices,
  // one per scale; the radius covers 3 envelope widths across the orientation, within the grid.
  const kernels: { kernel: tf.Tensor4D; radius: number; step: number; lowPass: tf.Tensor2D }[] = [];
  const maxRadius = Math.floor((Math.min(g.gridRows, g.gridCols) - 1) / 2);
  for (let j = 0; j < g.scales; j++) {
    const radius = Math.min(maxRadius, Math.ceil(3 * 0.8 * 2 ** j / (4 / L)));
    const side = 2 * radius + 1;
    const values = new Float32Array(side * side * 2 * L);
    for (let l = 0; l < L; l++) {
      const wave = morlet(j, l, L, radius);
      for (let i = 0; i < side * side; i++) {
        values[i * 2 * L + 2 * l] = wave[2 * i];
        values[i * 2 * L + 2 * l + 1] = wave[2 * i + 1];
      }
    }
    const step = 2 ** j;
    kernels.push({
      kernel: tf.tensor4d(values, [side, side, 1, 2 * L]),
      radius,
      step,
      lowPass: tf.tensor2d(lowPassMatrix(g, step), [(g.gridRows / step) * (g.gridCols / step), nOut]),
    });
  }
  const lowPass0 = kernels[0].lowPass;
  try {
    for (let start = 0; start < n; start += batchSize) {
      const b = Math.min(batchSize, n - start);
      const batch = tf.tidy(() => {
        const x = tf.tensor4d(images.subarray(start * pixels, (start + b) * pixels), [
          b,
          g.height,
          g.width,
          1,
        ])
          .pad([[0, 0], [top, g.gridRows - g.height - top], [left, g.gridCols - g.width - left], [
            0,
            0,
          ]]) as tf.Tensor4D;
        const parts: tf.Tensor2D[] = [tf.matMul(x.reshape([b, g.gridRows * g.gridCols]), lowPass0)];
        for (const { kernel, radius, step, lowPass } of kernels) {
          const response = tf.conv2d(wrapPad(x, radius), kernel, step, "valid");
          const rows = g.gridRows / step, cols = g.gridCols / step;
          const pairs = response.reshape([b, rows * cols, L, 2]);
          const modulus = pairs.square().sum(3).sqrt(); // [b, rows·cols, L]
          const averaged = tf.matMul(modulus.transpose([0, 2, 1]).reshape([b * L, rows * cols]), lowPass);
          parts.push(averaged.reshape([b, L * nOut]));
        }
        const all = tf.concat(parts, 1);
        return logScale > 0 ? all.mul(logScale).log1p() : all;
      });
      const values = batch.dataSync() as Float32Array;
      batch.dispose();
      features.set(values, start * width);
      onProgress?.((start + b) / n);
    }
  } finally {
    for (const k of kernels) tf.dispose([k.kernel, k.lowPass]);
  }
  return { features, width };
}
