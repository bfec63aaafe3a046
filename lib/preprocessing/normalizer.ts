/**
 * Row-wise L2 normalisation, as scikit-learn's `Normalizer(norm="l2")`.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { checkFeatureMatrix } from "../validation/mod.ts";

/**
 * Scales every row to unit Euclidean norm (rows of zeros stay zero). Stateless, so Euclidean distances
 * between normalised rows measure angles: KMeans on them clusters by direction, which suits the
 * non-negative, magnitude-varying codes of ReLU encoders.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { Normalizer } from "./normalizer.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const x = tf.tensor2d([[3, 4], [0, 0]]);
 * assertEquals(Array.from(new Normalizer().fit(x).transform(x)), [0.6000000238418579, 0.800000011920929, 0, 0]);
 * x.dispose();
 * ```
 */
export class Normalizer {
  /**
   * Does nothing (the transform is stateless); kept for the estimator shape.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @returns This normalizer.
   */
  fit(x: tf.Tensor2D): this {
    checkFeatureMatrix("fit Normalizer", x);
    return this;
  }

  /**
   * Scales each row of `x` to unit L2 norm.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @returns The normalised rows, row-major `[nSamples, nFeatures]`.
   */
  transform(x: tf.Tensor2D): Float32Array {
    checkFeatureMatrix("transform with Normalizer", x);
    const [n, d] = x.shape;
    const data = x.dataSync() as Float32Array;
    const out = new Float32Array(data.length);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = i * d; j < i * d + d; j++) s += data[j] * data[j];
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let j = i * d; j < i * d + d; j++) out[j] = data[j] * inv;
    }
    return out;
  }
}
