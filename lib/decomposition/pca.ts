/**
 * Principal component analysis by subspace iteration on the covariance matrix, for 2-D views of encodings.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { checkFeatureMatrix, checkFitted, checkOption, readMatrix } from "../cluster/_validation.ts";
import { randomSeeded } from "../random/mod.ts";
import { jacobiEigen } from "./jacobi.ts";

/** Options of {@linkcode PCA}. */
export interface PCAOptions {
  /**
   * Number of components kept.
   *
   * @default {2}
   */
  nComponents?: number;
  /**
   * Seed of the starting subspace.
   *
   * @default {0}
   */
  seed?: number;
}

interface PCAState {
  mean: Float64Array;
  components: Float64Array;
  explainedVariance: Float64Array;
  totalVariance: number;
  nFeatures: number;
}

/**
 * Principal component analysis: `fit(x)` finds the `nComponents` directions of largest variance (the
 * covariance product runs on the backend, the small eigenproblems in float64), `transform(x)` projects.
 * Component signs are fixed so the largest-magnitude entry of each is positive (deterministic output).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { PCA } from "./pca.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertAlmostEquals } from "../std.ts";
 * await initTensorBackend();
 * const x = tf.tensor2d([[1, 1], [2, 2], [3, 3], [4, 4]]);
 * const pca = new PCA({ nComponents: 1 }).fit(x);
 * assertAlmostEquals(pca.explainedVarianceRatio[0], 1, 1e-6);
 * x.dispose();
 * ```
 */
export class PCA {
  /** Number of components kept. */
  readonly nComponents: number;
  /** Seed of the starting subspace. */
  readonly seed: number;
  #state?: PCAState;

  /**
   * Stores the options; they are validated by {@linkcode PCA.fit}.
   *
   * @param options The hyper-parameters.
   */
  constructor({ nComponents = 2, seed = 0 }: PCAOptions = {}) {
    this.nComponents = nComponents;
    this.seed = seed;
  }

  /** Principal axes, row-major `[nComponents, nFeatures]`. */
  get components(): Float64Array {
    return checkFitted(this.#state, "PCA").components;
  }
  /** Variance along each component, `[nComponents]`. */
  get explainedVariance(): Float64Array {
    return checkFitted(this.#state, "PCA").explainedVariance;
  }
  /** Fraction of the total variance along each component, `[nComponents]`. */
  get explainedVarianceRatio(): Float64Array {
    const s = checkFitted(this.#state, "PCA");
    return s.explainedVariance.map((v) => v / s.totalVariance);
  }
  /** Per-feature mean, `[nFeatures]`. */
  get mean(): Float64Array {
    return checkFitted(this.#state, "PCA").mean;
  }

  /**
   * Finds the principal components of `x`.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @returns This estimator, fitted.
   */
  fit(x: tf.Tensor2D): this {
    const owner = "fit PCA";
    checkFeatureMatrix(owner, x);
    const [n, d] = x.shape;
    checkOption(owner, "nComponents", this.nComponents, { integer: true, min: 1, max: Math.min(n, d) });
    checkOption(owner, "seed", this.seed, { integer: true });
    const data = readMatrix(owner, x);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    // Covariance on the backend: (X - mean)^T (X - mean) / (n - 1); centre first against float32 cancellation.
    const covariance = tf.tidy(() => {
      const centred = tf.sub(x, tf.tensor1d(Float32Array.from(mean)));
      return tf.div(tf.matMul(tf.transpose(centred), centred), Math.max(n - 1, 1));
    });
    const cov = Float64Array.from(covariance.dataSync());
    covariance.dispose();
    let totalVariance = 0;
    for (let j = 0; j < d; j++) totalVariance += cov[j * d + j];
    const { vectors, values } = topEigenvectors(cov, d, this.nComponents, this.seed);
    this.#state = { mean, components: vectors, explainedVariance: values, totalVariance, nFeatures: d };
    return this;
  }

  /**
   * Projects `x` on the components.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @returns The projections, row-major `[nSamples, nComponents]`.
   */
  transform(x: tf.Tensor2D): Float32Array {
    const s = checkFitted(this.#state, "PCA");
    checkFeatureMatrix("transform with PCA", x, s.nFeatures);
    const k = this.nComponents;
    const d = s.nFeatures;
    const axes = new Float32Array(d * k);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) axes[j * k + c] = s.components[c * d + j];
    const projected = tf.tidy(() =>
      tf.matMul(tf.sub(x, tf.tensor1d(Float32Array.from(s.mean))), tf.tensor2d(axes, [d, k]))
    );
    const out = projected.dataSync() as Float32Array;
    projected.dispose();
    return out;
  }
}

/** Top-`k` eigenpairs of a symmetric `d×d` matrix by subspace iteration with Rayleigh–Ritz. */
function topEigenvectors(
  a: Float64Array,
  d: number,
  k: number,
  seed: number,
): { vectors: Float64Array; values: Float64Array } {
  const prng = randomSeeded(seed);
  // Iterate a slightly larger block: convergence depends on the gap to eigenvalue p+1.
  const p = Math.min(d, k + 4);
  let q: Float64Array = new Float64Array(d * p).map(() => prng() - 0.5);
  orthonormalizeColumns(q, d, p);
  for (let iter = 0; iter < 300; iter++) {
    const z = multiply(a, q, d, p);
    orthonormalizeColumns(z, d, p);
    let change = 0;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += z[j * p + c] * q[j * p + c];
      change = Math.max(change, 1 - Math.abs(dot));
    }
    q = z;
    if (change < 1e-12) break;
  }
  // Rayleigh–Ritz: eigen-decompose the small projected matrix Q^T A Q.
  const aq = multiply(a, q, d, p);
  const small = new Float64Array(p * p);
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += q[j * p + r] * aq[j * p + c];
      small[r * p + c] = s;
    }
  }
  const { values, vectors } = jacobiEigen(small, p);
  const order = Array.from(values.keys()).sort((x, y) => values[y] - values[x]).slice(0, k);
  const outVectors = new Float64Array(k * d);
  const outValues = new Float64Array(k);
  order.forEach((e, c) => {
    outValues[c] = values[e];
    let biggest = 0;
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < p; r++) s += q[j * p + r] * vectors[r * p + e];
      outVectors[c * d + j] = s;
      if (Math.abs(s) > Math.abs(biggest)) biggest = s;
    }
    if (biggest < 0) { for (let j = 0; j < d; j++) outVectors[c * d + j] *= -1; }
  });
  return { vectors: outVectors, values: outValues };
}

function multiply(a: Float64Array, q: Float64Array, d: number, p: number): Float64Array {
  const out = new Float64Array(d * p);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const v = a[i * d + j];
      if (v === 0) continue;
      for (let c = 0; c < p; c++) out[i * p + c] += v * q[j * p + c];
    }
  }
  return out;
}

/**
 * Modified Gram–Schmidt on the `p` columns of a row-major `d×p` matrix, in place, with a second pass
 * ("twice is enough") so columns that were nearly dependent stay orthogonal; a column with nothing left
 * (rank-deficient input) becomes zero.
 */
function orthonormalizeColumns(m: Float64Array, d: number, p: number): void {
  for (let c = 0; c < p; c++) {
    let before = 0;
    for (let j = 0; j < d; j++) before += m[j * p + c] ** 2;
    for (let pass = 0; pass < 2; pass++) {
      for (let prev = 0; prev < c; prev++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += m[j * p + c] * m[j * p + prev];
        for (let j = 0; j < d; j++) m[j * p + c] -= dot * m[j * p + prev];
      }
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += m[j * p + c] ** 2;
    const scale = norm > 1e-20 * before && norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j++) m[j * p + c] *= scale;
  }
}
