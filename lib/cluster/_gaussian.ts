// Shared pieces of GaussianMixture's numerics (scikit-learn 1.2.1's `_gaussian_mixture.py`): parameter
// types, the centred data, parameter counts and log-space normalisation. The E-step is in `_e_step.ts`, the
// M-step in `_m_step.ts`.
import * as tf from "@tensorflow/tfjs";

/** Covariance parametrisations, with scikit-learn's names. */
export type CovarianceType = "full" | "tied" | "diag" | "spherical";

/** Parameters of a fitted mixture, in float64, shapes as scikit-learn's attributes. */
export interface MixtureParams {
  /** `[K]` mixing weights. */
  weights: Float64Array;
  /** `[K, d]` component means. */
  means: Float64Array;
  /** full `[K, d, d]`, tied `[d, d]`, diag `[K, d]`, spherical `[K]`. */
  covariances: Float64Array;
  /** Same shapes as `covariances`; upper-triangular factors for full and tied. */
  precisionsCholesky: Float64Array;
}

/** The data of a fit: the raw rows and a float32 tensor of the rows minus their column means. */
export interface CenteredData {
  /** Row-major `[n, d]` input values. */
  data: Float32Array;
  n: number;
  d: number;
  /** Column means subtracted in `xc`. */
  offset: Float64Array;
  /** `[n, d]` float32 tensor of `data - offset`. */
  xc: tf.Tensor2D;
}

/**
 * Builds the float32 tensor of `data - offset` used by the E- and M-steps: `offset` is the column means of
 * `data` (a fit's rows) unless given (other rows, centred as the fit's were).
 */
export function centerData(data: Float32Array, n: number, d: number, offset?: Float64Array): CenteredData {
  if (offset === undefined) {
    offset = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      for (let j = 0; j < d; j++) offset[j] += data[row + j];
    }
    for (let j = 0; j < d; j++) offset[j] /= n;
  }
  return { data, n, d, offset, xc: centerTensor(data, n, d, offset) };
}

/** `data - offset` as a float32 `[n, d]` tensor (the subtraction in float64). */
function centerTensor(data: Float32Array, n: number, d: number, offset: Float64Array): tf.Tensor2D {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) out[row + j] = data[row + j] - offset[j];
  }
  return tf.tensor2d(out, [n, d]);
}

/** Number of free parameters, as sklearn's `GaussianMixture._n_parameters`. */
export function nParameters(type: CovarianceType, k: number, d: number): number {
  const cov = type === "full"
    ? k * d * (d + 1) / 2
    : type === "diag"
    ? k * d
    : type === "tied"
    ? d * (d + 1) / 2
    : k;
  return cov + d * k + k - 1;
}

/**
 * Normalises weighted log densities in place into log responsibilities (log-sum-exp per row) and returns
 * the per-row log-sum-exp (the log-likelihood of each sample).
 */
export function normalizeLogProb(logProb: Float64Array, n: number, k: number): Float64Array {
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (logProb[row + c] > max) max = logProb[row + c];
    if (max === -Infinity) {
      // No component gives this row a positive density: log-likelihood -Infinity, uniform posterior.
      norm[i] = -Infinity;
      for (let c = 0; c < k; c++) logProb[row + c] = -Math.log(k);
      continue;
    }
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(logProb[row + c] - max);
    const lse = max + Math.log(s);
    norm[i] = lse;
    for (let c = 0; c < k; c++) logProb[row + c] -= lse;
  }
  return norm;
}
