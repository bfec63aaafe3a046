// One EM run of GaussianMixture from given initial labels (scikit-learn 1.2.1's `BaseMixture.fit_predict`
// inner loop): M-step from one-hot responsibilities, then E/M steps until the lower bound (mean
// log-likelihood) changes by less than `tol`.
import { argmaxRows } from "./_argmax_rows.ts";
import { type CenteredData, type CovarianceType, type MixtureParams, normalizeLogProb } from "./_gaussian.ts";
import { type BoundCarry, weightedLogProb } from "./_e_step.ts";
import { createScatterCache, estimateParams } from "./_m_step.ts";

/** Settings of {@linkcode runEm}. */
export interface EmSettings {
  k: number;
  type: CovarianceType;
  regCovar: number;
  tol: number;
  maxIter: number;
  /** Keep the mixing weights at 1/k (every M-step's estimate is replaced). */
  uniformWeights?: boolean;
}

/** Outcome of {@linkcode runEm}. */
export interface EmResult {
  params: MixtureParams;
  converged: boolean;
  nIter: number;
  /** Lower bound of the last E-step (-Infinity when `maxIter` is 0). */
  lowerBound: number;
  /** Most probable component of every sample at the last E-step (the initial labels when none ran). */
  labels: Int32Array;
}

/**
 * Runs EM on `x` from `initial` labels (`[n]`, values in `[0, k)`).
 *
 * @throws {RangeError} When a covariance cannot be factored or the log-likelihood is not finite.
 */
export function runEm(x: CenteredData, initial: Int32Array, settings: EmSettings): EmResult {
  const { n } = x;
  const { k, type, regCovar, tol, maxIter, uniformWeights = false } = settings;
  const cache = createScatterCache(n, k);
  const mStep = (resp: Float64Array) => {
    const params = estimateParams(x, resp, k, type, regCovar, cache);
    if (uniformWeights) params.weights.fill(1 / k);
    return params;
  };
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) resp[i * k + initial[i]] = 1;
  let params = mStep(resp);
  let lowerBound = -Infinity;
  let converged = false;
  let nIter = 0;
  // The labels of the previous E-step make the full-covariance E-step faster (it computes them first).
  let labels = initial;
  const carry: BoundCarry = {};
  for (let iter = 1; iter <= maxIter; iter++) {
    const previous = lowerBound;
    const logResp = weightedLogProb(x, params, type, { hint: labels, carry });
    lowerBound = mean(normalizeLogProb(logResp, n, k));
    if (!Number.isFinite(lowerBound)) {
      throw new RangeError(
        `Cannot fit GaussianMixture: the log-likelihood is not finite, scale the input data or increase ` +
          `regCovar; current lower bound is ${lowerBound}`,
      );
    }
    labels = argmaxRows(logResp, n, k);
    for (let i = 0; i < logResp.length; i++) logResp[i] = Math.exp(logResp[i]);
    params = mStep(logResp);
    nIter = iter;
    if (Math.abs(lowerBound - previous) < tol) {
      converged = true;
      break;
    }
  }
  return { params, converged, nIter, lowerBound, labels };
}

/** Mean of `values` (float64). */
export function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
