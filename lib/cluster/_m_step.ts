// GaussianMixture's M-step (scikit-learn 1.2.1's `_estimate_gaussian_parameters` and
// `_compute_precision_cholesky`). Means and diagonal variances are float64 sums; full and tied scatter
// matrices are float32 products on the tensor backend, accumulated in float64 and, within one EM run,
// updated only for the samples whose responsibilities changed.
import * as tf from "@tensorflow/tfjs";
import type { CenteredData, CovarianceType, MixtureParams } from "./_gaussian.ts";
import { choleskyLower, inverseLowerTransposed } from "./_linalg.ts";

/** float64 machine epsilon, as `np.finfo(np.float64).eps` in sklearn's `nk`. */
const EPS = 2.220446049250313e-16;
/**
 * A sample whose responsibility for component c is below `PRUNE * nk / n` is left out of that component's
 * sums: the mass left out is at most `PRUNE * nk`, far below float32 resolution, and in high dimension it
 * removes nearly every (sample, other component) pair from the n·d² scatter products.
 */
const PRUNE = 1e-9;
/** A cached scatter is rebuilt from scratch when the changed responsibility mass exceeds this share. */
const REBUILD_SHARE = 0.1;
/** …or after this many incremental updates, so float32 rounding cannot accumulate. */
const REBUILD_EVERY = 10;
/** Below this many rows a scatter update is summed in float64 JS instead of a backend product. */
const SMALL_UPDATE = 32;

/**
 * Per-component scatter matrices kept between the M-steps of one EM run: `scatter[c]` is
 * Σ_i r_ic (x_i − ref_c)(x_i − ref_c)ᵀ for the responsibilities `used` it was built from.
 */
export interface ScatterCache {
  ref: (Float64Array | undefined)[];
  scatter: (Float64Array | undefined)[];
  /** `[n, K]` responsibilities (after pruning) that `scatter` holds. */
  used: Float64Array;
  updates: Int32Array;
}

/** An empty cache for an EM run over `n` samples and `k` components. */
export function createScatterCache(n: number, k: number): ScatterCache {
  return {
    ref: new Array(k).fill(undefined),
    scatter: new Array(k).fill(undefined),
    used: new Float64Array(n * k),
    updates: new Int32Array(k),
  };
}

/** Error raised when a covariance cannot be factored. */
export function illDefined(what: string, regCovar: number): RangeError {
  return new RangeError(
    `Cannot fit GaussianMixture: ${what} is not positive definite (for instance caused by singleton or ` +
      `collapsed samples), increase regCovar, or scale the input data; current regCovar is ${regCovar}`,
  );
}

/**
 * M-step: weights (normalised to sum to 1), means and covariances from the responsibilities `resp`
 * (`[n, K]` row-major), and the precision Cholesky factors.
 *
 * @param cache Scatter matrices of the previous M-step of the same EM run (full and tied only).
 * @throws {RangeError} When a covariance is not positive definite even when recomputed in float64.
 */
export function estimateParams(
  x: CenteredData,
  resp: Float64Array,
  k: number,
  type: CovarianceType,
  regCovar: number,
  cache?: ScatterCache,
): MixtureParams {
  const { data, n, d } = x;
  const nk = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) nk[c] += resp[i * k + c];
  }
  for (let c = 0; c < k; c++) nk[c] += 10 * EPS;
  // Responsibilities after pruning, the rows that matter for each component, and float64 weighted means.
  const used = new Float64Array(n * k);
  const members: Int32Array[] = [];
  const means = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const threshold = PRUNE * nk[c] / n;
    const rows: number[] = [];
    const base = c * d;
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + c];
      if (r <= 0 || r < threshold) continue;
      used[i * k + c] = r;
      rows.push(i);
      const row = i * d;
      for (let j = 0; j < d; j++) means[base + j] += r * data[row + j];
    }
    for (let j = 0; j < d; j++) means[base + j] /= nk[c];
    members.push(Int32Array.from(rows));
  }
  let total = 0;
  for (let c = 0; c < k; c++) total += nk[c];
  const weights = nk.map((v) => v / total);
  const params: MixtureParams = {
    weights,
    means,
    covariances: new Float64Array(0),
    precisionsCholesky: new Float64Array(0),
  };
  const context: ScatterContext = { x, k, used, members, means, cache };
  if (type === "full") {
    params.covariances = new Float64Array(k * d * d);
    params.precisionsCholesky = new Float64Array(k * d * d);
    for (let c = 0; c < k; c++) {
      const { cov, prec } = factor(context, [c], nk[c], regCovar, `the covariance of component ${c}`);
      params.covariances.set(cov, c * d * d);
      params.precisionsCholesky.set(prec, c * d * d);
    }
  } else if (type === "tied") {
    const all = Array.from({ length: k }, (_, c) => c);
    const { cov, prec } = factor(context, all, total, regCovar, "the tied covariance");
    params.covariances = cov;
    params.precisionsCholesky = prec;
  } else {
    params.covariances = diagonalCovariances(context, nk, type, regCovar);
    params.precisionsCholesky = params.covariances.map((v, i) => {
      if (!(v > 0)) {
        const c = type === "diag" ? Math.floor(i / d) : i;
        throw illDefined(`the ${type} covariance of component ${c}`, regCovar);
      }
      return 1 / Math.sqrt(v);
    });
  }
  if (cache) cache.used = used;
  return params;
}

interface ScatterContext {
  x: CenteredData;
  k: number;
  /** Pruned responsibilities of this M-step, `[n, K]`. */
  used: Float64Array;
  members: Int32Array[];
  means: Float64Array;
  cache?: ScatterCache;
}

/** Diagonal (`[K, d]`) or spherical (`[K]`) covariances, summed in float64. */
function diagonalCovariances(
  { x, k, used, members, means }: ScatterContext,
  nk: Float64Array,
  type: CovarianceType,
  regCovar: number,
): Float64Array {
  const { data, d } = x;
  const diag = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const base = c * d;
    for (const i of members[c]) {
      const r = used[i * k + c];
      const row = i * d;
      for (let j = 0; j < d; j++) {
        const delta = data[row + j] - means[base + j];
        diag[base + j] += r * delta * delta;
      }
    }
    for (let j = 0; j < d; j++) diag[base + j] = diag[base + j] / nk[c] + regCovar;
  }
  if (type === "diag") return diag;
  const spherical = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += diag[c * d + j];
    spherical[c] = s / d;
  }
  return spherical;
}

/**
 * Covariance `Σ_{c ∈ group} scatter_c / scale + regCovar·I` and its upper-triangular precision Cholesky
 * factor. When float32 rounding leaves a nearly singular covariance indefinite, the scatter is recomputed
 * exactly in float64 before giving up.
 */
function factor(
  context: ScatterContext,
  group: number[],
  scale: number,
  regCovar: number,
  what: string,
): { cov: Float64Array; prec: Float64Array } {
  const d = context.x.d;
  for (let attempt = 0; attempt < 2; attempt++) {
    const exact = attempt === 1;
    const cov = new Float64Array(d * d);
    for (const c of group) {
      const s = componentScatter(context, c, exact);
      for (let i = 0; i < s.length; i++) cov[i] += s[i];
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const v = (cov[i * d + j] + cov[j * d + i]) / (2 * scale);
        cov[i * d + j] = v;
        cov[j * d + i] = v;
      }
      cov[i * d + i] = cov[i * d + i] / scale + regCovar;
    }
    const l = choleskyLower(cov, d);
    if (l) return { cov, prec: inverseLowerTransposed(l, d) };
  }
  throw illDefined(what, regCovar);
}

/**
 * Σ_i r_ic (x_i − μ_c)(x_i − μ_c)ᵀ (`[d, d]`, float64). With a cache, the stored scatter about its
 * reference point is updated with the rows whose responsibility changed, then moved to μ_c exactly:
 * Σ r (x − μ)(x − μ)ᵀ = S_ref − δ·s1ᵀ − s1·δᵀ + N·δ·δᵀ with δ = μ − ref, s1 = Σ r (x − ref), N = Σ r.
 */
function componentScatter(context: ScatterContext, c: number, exact: boolean): Float64Array {
  const { x, k, used, members, means, cache } = context;
  const { data, n, d } = x;
  const mean = means.subarray(c * d, (c + 1) * d);
  const cached = cache?.scatter[c];
  if (!cache || !cached || exact) {
    const rows = members[c];
    const weights = Float64Array.from(rows, (i) => used[i * k + c]);
    const s = weightedScatter(data, d, rows, weights, mean, exact);
    if (cache) {
      cache.scatter[c] = s.slice();
      cache.ref[c] = mean.slice();
      cache.updates[c] = 0;
    }
    return s;
  }
  const ref = cache.ref[c]!;
  const changedRows: number[] = [];
  const delta: number[] = [];
  let changedMass = 0;
  let mass = 0;
  for (let i = 0; i < n; i++) {
    const now = used[i * k + c];
    mass += now;
    const change = now - cache.used[i * k + c];
    if (change !== 0) {
      changedRows.push(i);
      delta.push(change);
      changedMass += Math.abs(change);
    }
  }
  if (changedMass > REBUILD_SHARE * mass || cache.updates[c] >= REBUILD_EVERY) {
    cache.scatter[c] = undefined;
    return componentScatter(context, c, false);
  }
  if (changedRows.length > 0) {
    const update = weightedScatter(
      data,
      d,
      Int32Array.from(changedRows),
      Float64Array.from(delta),
      ref,
      changedRows.length < SMALL_UPDATE,
    );
    for (let i = 0; i < cached.length; i++) cached[i] += update[i];
  }
  cache.updates[c]++;
  // Move the scatter from ref to the mean.
  const s1 = new Float64Array(d);
  for (const i of members[c]) {
    const r = used[i * k + c];
    const row = i * d;
    for (let j = 0; j < d; j++) s1[j] += r * (data[row + j] - ref[j]);
  }
  const shift = new Float64Array(d);
  for (let j = 0; j < d; j++) shift[j] = mean[j] - ref[j];
  const out = cached.slice();
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      out[a * d + b] += -shift[a] * s1[b] - s1[a] * shift[b] + mass * shift[a] * shift[b];
    }
  }
  return out;
}

/**
 * Σ_r w_r (x_r − center)(x_r − center)ᵀ over `rows` (`[d, d]`); weights may be negative. The float32 path
 * builds the centred rows A (scaled by √|w|) and the sign-scaled Aᵀ and runs Aᵀ·A on the backend (the
 * transposed operand is built here: a transposed-operand matMul is slow on WASM); the exact path sums in
 * float64.
 */
function weightedScatter(
  data: Float32Array,
  d: number,
  rows: Int32Array,
  weights: Float64Array,
  center: Float64Array,
  exact: boolean,
): Float64Array {
  const m = rows.length;
  if (m === 0) return new Float64Array(d * d);
  if (exact) {
    const out = new Float64Array(d * d);
    const delta = new Float64Array(d);
    for (let r = 0; r < m; r++) {
      const row = rows[r] * d;
      for (let j = 0; j < d; j++) delta[j] = data[row + j] - center[j];
      const w = weights[r];
      for (let a = 0; a < d; a++) {
        const va = w * delta[a];
        const ra = a * d;
        for (let b = 0; b <= a; b++) out[ra + b] += va * delta[b];
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < a; b++) out[b * d + a] = out[a * d + b];
    }
    return out;
  }
  const a = new Float32Array(m * d);
  const at = new Float32Array(d * m);
  for (let r = 0; r < m; r++) {
    const w = weights[r];
    const root = Math.sqrt(Math.abs(w));
    const sign = w < 0 ? -root : root;
    const row = rows[r] * d;
    for (let j = 0; j < d; j++) {
      const v = data[row + j] - center[j];
      a[r * d + j] = root * v;
      at[j * m + r] = sign * v;
    }
  }
  const product = tf.tidy(() => tf.matMul(tf.tensor2d(at, [d, m]), tf.tensor2d(a, [m, d])));
  const out = Float64Array.from(product.dataSync());
  product.dispose();
  return out;
}
