/**
 * Per-feature standardisation to zero mean and unit variance, as scikit-learn's `StandardScaler`.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { checkFeatureMatrix, checkFitted, readMatrix } from "../validation/mod.ts";

interface StandardScalerState {
  mean: Float64Array;
  scale: Float64Array;
}

/**
 * Standardises features: `fit(x)` learns each column's mean and (population) standard deviation,
 * `transform(x)` maps `(x - mean) / scale`; constant columns get scale 1, as in scikit-learn.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { StandardScaler } from "./standard_scaler.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const x = tf.tensor2d([[0, 5], [2, 5]]);
 * assertEquals(Array.from(new StandardScaler().fit(x).transform(x)), [-1, 0, 1, 0]);
 * x.dispose();
 * ```
 */
export class StandardScaler {
  #state?: StandardScalerState;

  /** Per-feature means, `[nFeatures]`. */
  get mean(): Float64Array {
    return checkFitted(this.#state, "StandardScaler").mean;
  }
  /** Per-feature scales (standard deviations, 1 for constant features), `[nFeatures]`. */
  get scale(): Float64Array {
    return checkFitted(this.#state, "StandardScaler").scale;
  }

  /**
   * Learns the per-feature mean and standard deviation.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @returns This scaler, fitted.
   */
  fit(x: tf.Tensor2D): this {
    checkFeatureMatrix("fit StandardScaler", x);
    const [n, d] = x.shape;
    const data = readMatrix("fit StandardScaler", x);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    const scale = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += (data[i * d + j] - mean[j]) ** 2;
    for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] / n) || 1;
    this.#state = { mean, scale };
    return this;
  }

  /**
   * Standardises `x` with the fitted mean and scale.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @returns The standardised data, row-major `[nSamples, nFeatures]`.
   */
  transform(x: tf.Tensor2D): Float32Array {
    const { mean, scale } = checkFitted(this.#state, "StandardScaler");
    checkFeatureMatrix("transform with StandardScaler", x, mean.length);
    const data = x.dataSync() as Float32Array;
    const d = mean.length;
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = (data[i] - mean[i % d]) / scale[i % d];
    return out;
  }
}
