// GaussianMixture's E-step densities (scikit-learn 1.2.1's `_estimate_log_gaussian_prob` plus log weights):
// `log w_c − ½(d·log 2π + ‖(x − μ_c)·P_c‖²) + log det P_c` with P_c the precision Cholesky factor. The
// n×d×d products run in float32 on the backend; every per-sample sum is float64.
import * as tf from "@tensorflow/tfjs";
import { argmaxRows } from "./_argmax_rows.ts";
import { type CenteredData, type CovarianceType, type MixtureParams } from "./_gaussian.ts";
import { logDetTriangular } from "./_linalg.ts";

const LOG_2PI = Math.log(2 * Math.PI);
/**
 * A (sample, component) pair is skipped when its log density is certainly more than this many nats below
 * the best computed one for the sample: its share of the sample's likelihood is then under e^-40 ≈ 4e-18,
 * below float64 resolution.
 */
export const SKIP_MARGIN = 40;

/**
 * Weighted log densities `log w_c + log N(x_i | μ_c, Σ_c)` (`_estimate_weighted_log_prob`), `[n, K]`
 * row-major. For full covariances, pairs whose density is negligible for the sample are `-Infinity` (see
 * {@linkcode fullWeightedLogProb}, whose `hint` and `carry` only affect speed).
 */
export function weightedLogProb(
  x: CenteredData,
  params: MixtureParams,
  type: CovarianceType,
  { hint, carry }: Pick<FullLogProbOptions, "hint" | "carry"> = {},
): Float64Array {
  if (type === "full") return fullWeightedLogProb(x, params, { hint, carry });
  const { xc, n, d, offset } = x;
  const { weights, means, precisionsCholesky: pc } = params;
  const k = weights.length;
  const out = new Float64Array(n * k);
  const shiftedMean = (c: number) => {
    const mu = new Float32Array(d);
    for (let j = 0; j < d; j++) mu[j] = means[c * d + j] - offset[j];
    return mu;
  };
  // For tied covariances x·P is shared by all components.
  const tiedY = type === "tied"
    ? tf.tidy(() => tf.matMul(xc, tf.tensor2d(Float32Array.from(pc), [d, d])))
    : undefined;
  try {
    for (let c = 0; c < k; c++) {
      let logDet: number;
      let scale = 1;
      let q: tf.Tensor1D;
      if (type === "tied") {
        logDet = logDetTriangular(pc, d);
        // μ·P in float64, then ‖x·P − μ·P‖².
        const muP = new Float32Array(d);
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let i = 0; i <= j; i++) s += (means[c * d + i] - offset[i]) * pc[i * d + j];
          muP[j] = s;
        }
        q = tf.tidy(() => tf.sum(tf.square(tf.sub(tiedY!, tf.tensor2d(muP, [1, d]))), 1));
      } else if (type === "diag") {
        const p = pc.subarray(c * d, (c + 1) * d);
        logDet = 0;
        for (let j = 0; j < d; j++) logDet += Math.log(p[j]);
        q = tf.tidy(() => {
          const diff = tf.sub(xc, tf.tensor2d(shiftedMean(c), [1, d]));
          return tf.sum(tf.square(tf.mul(diff, tf.tensor2d(Float32Array.from(p), [1, d]))), 1);
        });
      } else {
        logDet = d * Math.log(pc[c]);
        scale = pc[c] * pc[c];
        q = tf.tidy(() => tf.sum(tf.square(tf.sub(xc, tf.tensor2d(shiftedMean(c), [1, d]))), 1));
      }
      const values = q.dataSync();
      q.dispose();
      const constant = -0.5 * d * LOG_2PI + logDet + Math.log(weights[c]);
      for (let i = 0; i < n; i++) out[i * k + c] = constant - 0.5 * scale * values[i];
    }
  } finally {
    tiedY?.dispose();
  }
  return out;
}

/** Options of {@linkcode fullWeightedLogProb}. */
export interface FullLogProbOptions {
  /** Whether to skip pairs (default: when d ≥ 4(K − 1), where the bound product is cheap). */
  useBounds?: boolean;
  /** A likely component of every sample, computed first (default: the best upper bound). */
  hint?: Int32Array;
  /**
   * Bounds carried between the E-steps of one EM run: read (when set) and replaced by this call. Distances
   * of the previous parameters, bounded for the new ones, rule out more pairs than the mean-difference
   * bound alone.
   */
  carry?: BoundCarry;
}

/** Lower bounds of the distances ‖(x_i − μ_c)·P_c‖ (`[n, K]`) valid for `params`. */
export interface BoundCarry {
  params?: MixtureParams;
  lower?: Float64Array;
}

/**
 * Full-covariance weighted log densities, `[n, K]` row-major.
 *
 * The exact distance ‖(x − μ_c)·P_c‖² costs n·d² per component. In high dimension nearly every sample has
 * one component whose density exceeds the others' by hundreds or thousands of nats, so most other distances
 * need not be exact. For each component, U_c, an orthonormal basis of the whitened mean differences
 * (μ_o − μ_c)·P_c, gives ‖(x − μ_c)·P_c·U_c‖² ≤ ‖(x − μ_c)·P_c‖², so one `[n, d] × [d, K(K−1)]` product
 * bounds every log density from above. The exact density is computed first for each sample's most promising
 * component (`hint`, else the best bound), then for every component whose bound comes within
 * {@linkcode SKIP_MARGIN} nats of the best exact one; the others stay `-Infinity`, which changes each
 * sample's log-likelihood by less than float64 resolution.
 */
export function fullWeightedLogProb(
  x: CenteredData,
  params: MixtureParams,
  { useBounds, hint, carry }: FullLogProbOptions = {},
): Float64Array {
  const { data, xc, n, d, offset } = x;
  const { weights, means, precisionsCholesky: pc } = params;
  const k = weights.length;
  const constant = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    constant[c] = -0.5 * d * LOG_2PI + logDetTriangular(pc.subarray(c * d * d, (c + 1) * d * d), d) +
      Math.log(weights[c]);
  }
  const out = new Float64Array(n * k).fill(-Infinity);
  const factors: (tf.Tensor2D | undefined)[] = new Array(k);
  // Exact log densities of component c for `rows`: (x − μ_c) in float64, the product in float32.
  let scratch = new Float32Array(0);
  const exact = (c: number, rows: Int32Array) => {
    const m = rows.length;
    if (m === 0) return;
    factors[c] ??= tf.tensor2d(Float32Array.from(pc.subarray(c * d * d, (c + 1) * d * d)), [d, d]);
    // One buffer for every group of this call: the tensor made from it is consumed before the next group.
    if (scratch.length < m * d) scratch = new Float32Array(m * d);
    const diff = scratch.subarray(0, m * d);
    const base = c * d;
    for (let r = 0; r < m; r++) {
      const row = rows[r] * d;
      for (let j = 0; j < d; j++) diff[r * d + j] = data[row + j] - means[base + j];
    }
    const q = tf.tidy(() => tf.sum(tf.square(tf.matMul(tf.tensor2d(diff, [m, d]), factors[c]!)), 1));
    const values = q.dataSync();
    q.dispose();
    for (let r = 0; r < m; r++) out[rows[r] * k + c] = constant[c] - 0.5 * values[r];
  };
  try {
    if (!(useBounds ?? (k > 1 && d >= 4 * (k - 1)))) {
      const all = Int32Array.from({ length: n }, (_, i) => i);
      for (let c = 0; c < k; c++) exact(c, all);
      return out;
    }
    const rank = k - 1;
    const width = k * rank;
    const w = new Float32Array(d * width);
    const shift = new Float32Array(width);
    for (let c = 0; c < k; c++) {
      const g = meanDifferenceFactor(pc.subarray(c * d * d, (c + 1) * d * d), means, c, k, d);
      const columns = g.length / d;
      for (let t = 0; t < columns; t++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const v = g[j * columns + t];
          w[j * width + c * rank + t] = v;
          s += (means[c * d + j] - offset[j]) * v;
        }
        shift[c * rank + t] = s;
      }
    }
    const boundTensor = tf.tidy(() => {
      const projected = tf.sub(tf.matMul(xc, tf.tensor2d(w, [d, width])), tf.tensor2d(shift, [1, width]));
      return tf.sum(tf.reshape(tf.square(projected), [n, k, rank]), 2);
    });
    const bound = boundTensor.dataSync();
    boundTensor.dispose();
    // Lower bounds of the squared distances, with slack for the float32 rounding of the bounds.
    const lower = new Float64Array(n * k);
    for (let i = 0; i < n * k; i++) lower[i] = bound[i] * (1 - 1e-4);
    if (carry?.params && carry.lower) {
      for (let c = 0; c < k; c++) {
        const { scale, offset: drift } = distanceDrift(carry.params, params, c, d);
        for (let i = c; i < n * k; i += k) {
          const v = scale * carry.lower[i] - drift;
          if (v > 0 && v * v > lower[i]) lower[i] = v * v;
        }
      }
    }
    const upper = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) upper[i * k + c] = constant[c] - 0.5 * lower[i * k + c];
    }
    const first = hint ?? argmaxRows(upper, n, k);
    groupRows(n, k, (i, c) => first[i] === c).forEach((rows, c) => exact(c, rows));
    groupRows(n, k, (i, c) => c !== first[i] && upper[i * k + c] > out[i * k + first[i]] - SKIP_MARGIN)
      .forEach((rows, c) => exact(c, rows));
    if (carry) {
      // Distances (not squared) for the next E-step: exact ones (less float32 slack) or the bounds.
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < k; c++) {
          const v = out[i * k + c];
          lower[i * k + c] = v === -Infinity
            ? Math.sqrt(lower[i * k + c])
            : Math.sqrt(Math.max(0, 2 * (constant[c] - v))) * (1 - 1e-5);
        }
      }
      carry.params = params;
      carry.lower = lower;
    }
    return out;
  } finally {
    for (const f of factors) f?.dispose();
  }
}

/**
 * `G = P·U` (`[d, r]` row-major, r ≤ K − 1) where U is an orthonormal basis of the whitened mean differences
 * (μ_o − μ_c)·P for o ≠ c, P the upper-triangular precision Cholesky factor of component c. Since
 * U·Uᵀ ≼ I, ‖(x − μ_c)·G‖² ≤ ‖(x − μ_c)·P‖² for every x.
 */
export function meanDifferenceFactor(
  p: Float64Array,
  means: Float64Array,
  c: number,
  k: number,
  d: number,
): Float64Array {
  const basis: Float64Array[] = [];
  for (let o = 0; o < k; o++) {
    if (o === c) continue;
    // v = (μ_o − μ_c)·P, P upper triangular.
    const diff = new Float64Array(d);
    for (let j = 0; j < d; j++) diff[j] = means[o * d + j] - means[c * d + j];
    const v = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const di = diff[i];
      if (di === 0) continue;
      for (let j = i; j < d; j++) v[j] += di * p[i * d + j];
    }
    const norm0 = Math.hypot(...v);
    if (!(norm0 > 0)) continue;
    // Modified Gram–Schmidt, twice for orthogonality to rounding level.
    for (let pass = 0; pass < 2; pass++) {
      for (const u of basis) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += u[j] * v[j];
        for (let j = 0; j < d; j++) v[j] -= dot * u[j];
      }
    }
    const norm = Math.hypot(...v);
    if (!(norm > 1e-8 * norm0)) continue;
    for (let j = 0; j < d; j++) v[j] /= norm;
    basis.push(v);
  }
  const r = basis.length;
  const g = new Float64Array(d * r);
  for (let i = 0; i < d; i++) {
    for (let t = 0; t < r; t++) {
      const u = basis[t];
      let s = 0;
      for (let j = i; j < d; j++) s += p[i * d + j] * u[j];
      g[i * r + t] = s;
    }
  }
  return g;
}

/**
 * How the distance ‖(x − μ)·P‖ of component c can shrink from `before` to `after`: with
 * y' = (x − μ')·P' = y·M + (μ − μ')·P' and M = P⁻¹·P', ‖y'‖ ≥ ‖y‖·σ_min(M) − ‖(μ − μ')·P'‖, and
 * σ_min(M) = 1/‖P'⁻¹·P‖₂ ≥ 1/(1 + ‖P'⁻¹·P − I‖₂), the last norm bounded by min(‖·‖_F, √(‖·‖₁‖·‖_∞)).
 */
export function distanceDrift(
  before: MixtureParams,
  after: MixtureParams,
  c: number,
  d: number,
): { scale: number; offset: number } {
  const p0 = before.precisionsCholesky.subarray(c * d * d, (c + 1) * d * d);
  const p1 = after.precisionsCholesky.subarray(c * d * d, (c + 1) * d * d);
  // Z = P'⁻¹·P by back substitution (both upper triangular), then Z − I.
  const z = new Float64Array(d * d);
  for (let i = d - 1; i >= 0; i--) {
    const ri = i * d;
    for (let col = i; col < d; col++) z[ri + col] = p0[ri + col];
    for (let j = i + 1; j < d; j++) {
      const a = p1[ri + j];
      if (a === 0) continue;
      const rj = j * d;
      for (let col = j; col < d; col++) z[ri + col] -= a * z[rj + col];
    }
    const inv = 1 / p1[ri + i];
    for (let col = i; col < d; col++) z[ri + col] *= inv;
  }
  for (let i = 0; i < d; i++) z[i * d + i] -= 1;
  let frobenius = 0;
  let rowMax = 0;
  const columnSums = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let rowSum = 0;
    for (let j = i; j < d; j++) {
      const v = Math.abs(z[i * d + j]);
      frobenius += v * v;
      rowSum += v;
      columnSums[j] += v;
    }
    rowMax = Math.max(rowMax, rowSum);
  }
  const norm = Math.min(Math.sqrt(frobenius), Math.sqrt(rowMax * Math.max(...columnSums)));
  // ‖(μ − μ')·P'‖.
  const shift = new Float64Array(d);
  for (let j = 0; j < d; j++) shift[j] = before.means[c * d + j] - after.means[c * d + j];
  let offset = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i <= j; i++) s += shift[i] * p1[i * d + j];
    offset += s * s;
  }
  // Relative slack for the rounding of this float64 computation.
  return { scale: (1 - 1e-9) / (1 + norm), offset: Math.sqrt(offset) * (1 + 1e-9) };
}

/** For each component, the rows `i` for which `take(i, c)` holds. */
function groupRows(n: number, k: number, take: (i: number, c: number) => boolean): Int32Array[] {
  const groups: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) if (take(i, c)) groups[c].push(i);
  }
  return groups.map((g) => Int32Array.from(g));
}
