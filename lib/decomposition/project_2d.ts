/**
 * A 2-D view of rows for scatter plots: the first two principal components of fitted rows, applied to
 * other rows.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { PCA } from "./pca.ts";

/** Rows projected on two principal components. */
export interface Projection2d {
  /** First coordinate of each projected row. */
  x: Float32Array;
  /** Second coordinate of each projected row. */
  y: Float32Array;
  /** The share of the fitted rows' variance each component explains. */
  explainedVarianceRatio: number[];
}

/**
 * Fits a 2-component PCA on `fit` and projects `apply` on it.
 *
 * @example
 * ```ts
 * import { projectTo2d } from "./project_2d.ts";
 * import { assertEquals } from "../std.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * await initTensorBackend();
 * const rows = Float32Array.of(0, 0, 0, 2, 0, 0, 4, 0, 1, 6, 0, 1);
 * const view = projectTo2d(rows, rows, 3);
 * assertEquals(view.x.length, 4);
 * assertEquals(view.explainedVarianceRatio[0] > 0.9, true);
 * ```
 *
 * @param fit Rows the components are fitted on, `[nFit, width]` flattened.
 * @param apply Rows projected, `[nApply, width]` flattened.
 * @param width Row width.
 * @returns The projected coordinates and the variance ratio each component explains.
 * @throws {RangeError} When a length is not a multiple of `width`.
 */
export function projectTo2d(fit: Float32Array, apply: Float32Array, width: number): Projection2d {
  if (fit.length % width !== 0 || apply.length % width !== 0) {
    throw new RangeError(
      `Cannot project with PCA: row lengths must be multiples of width (${width}), current lengths are ${fit.length} and ${apply.length}`,
    );
  }
  const xFit = tf.tensor2d(fit, [fit.length / width, width]);
  const xApply = tf.tensor2d(apply, [apply.length / width, width]);
  try {
    const pca = new PCA({ nComponents: 2 }).fit(xFit);
    const projected = pca.transform(xApply);
    const n = apply.length / width;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = projected[2 * i];
      y[i] = projected[2 * i + 1];
    }
    return { x, y, explainedVarianceRatio: Array.from(pca.explainedVarianceRatio) };
  } finally {
    tf.dispose([xFit, xApply]);
  }
}
