/**
 * Principal component analysis by a full eigendecomposition of the covariance matrix: 2-D views of
 * encodings, and the reductions before mixtures, UMAP and the feature stack.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { checkFeatureMatrix, checkFitted, checkOption, readMatrix } from "../validation/mod.ts";
import { symmetricEigen } from "./symmetric_eigen.ts";

/** Options of {@linkcode PCA}. */
export interface PCAOptions {
  /**
   * Number of components kept.
   *
   * @default {2}
   */
  nComponents?: number;
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
 * covariance product runs on the backend, its eigendecomposition in float64), `transform(x)` projects.
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
  #state?: PCAState;

  /**
   * Stores the options; they are validated by {@linkcode PCA.fit}.
   *
   * @param options The hyper-parameters.
   */
  constructor({ nComponents = 2 }: PCAOptions = {}) {
    this.nComponents = nComponents;
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
    const { vectors, values } = leadingComponents(cov, d, this.nComponents);
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

/**
 * The `k` leading eigenpairs of the covariance `a` (`d×d`), as rows `[k, d]`, each with its largest-magnitude
 * entry positive.
 */
function leadingComponents(
  a: Float64Array,
  d: number,
  k: number,
): { vectors: Float64Array; values: Float64Array } {
  const eigen = symmetricEigen(a, d);
  const vectors = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    let biggest = 0;
    for (let j = 0; j < d; j++) {
      const v = eigen.vectors[j * d + c];
      vectors[c * d + j] = v;
      if (Math.abs(v) > Math.abs(biggest)) biggest = v;
    }
    if (biggest < 0) { for (let j = 0; j < d; j++) vectors[c * d + j] *= -1; }
  }
  return { vectors, values: eigen.values.slice(0, k) };
}
