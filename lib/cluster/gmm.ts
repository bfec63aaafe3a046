/**
 * Gaussian mixture models fitted by expectation–maximisation, with scikit-learn 1.2.1's
 * `GaussianMixture` semantics (k-means initialisation, four covariance types, log-space EM, sklearn's
 * precision-Cholesky formulas). From the same initial labels it reproduces sklearn's iterations, lower
 * bound and parameters (tests/gmm_sklearn_test.ts).
 *
 * Numerics: the n×d×d products (Mahalanobis distances, scatter matrices) run as float32 matrix products on
 * the tensor backend, on data centred in float64 first; the d×d work (Cholesky factors, triangular
 * inverses, log-determinants) and every per-sample sum are float64. For full covariances in high
 * dimension two exact shortcuts cut the cost: the E-step skips (sample, component) pairs whose density is
 * provably more than 40 nats below the sample's best (e^-40 is below float64 resolution), using cheap lower
 * bounds of the distances; the M-step updates each scatter matrix only with the samples whose
 * responsibilities changed.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { deriveSeed } from "../random/mod.ts";
import { argmaxRows } from "./_argmax_rows.ts";
import {
  centerData,
  type CovarianceType,
  type MixtureParams,
  normalizeLogProb,
  nParameters,
} from "./_gaussian.ts";
import { weightedLogProb } from "./_e_step.ts";
import { type EmResult, mean, runEm } from "./_em.ts";
import { KMeans } from "./kmeans.ts";
import { checkChoice, checkFeatureMatrix, checkFitted, checkOption, readMatrix } from "../validation/mod.ts";

export type { CovarianceType } from "./_gaussian.ts";

/**
 * The accepted values of {@linkcode GaussianMixtureOptions.covarianceType}.
 *
 * @example
 * ```ts
 * import { COVARIANCE_TYPES } from "./gmm.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(COVARIANCE_TYPES, ["full", "tied", "diag", "spherical"]);
 * ```
 */
export const COVARIANCE_TYPES: readonly CovarianceType[] = ["full", "tied", "diag", "spherical"];

/** Options of {@linkcode GaussianMixture}, with scikit-learn's names. */
export interface GaussianMixtureOptions {
  /**
   * Number of mixture components.
   *
   * @default {1}
   */
  nComponents?: number;
  /**
   * Covariance parametrisation: `"full"` (each component its own general covariance matrix), `"tied"` (one
   * general covariance matrix shared by all components), `"diag"` (each component its own diagonal
   * covariance) or `"spherical"` (each component its own single variance).
   *
   * @default {"full"}
   */
  covarianceType?: CovarianceType;
  /**
   * Non-negative regularisation added to the diagonal of every covariance, so they stay positive definite.
   *
   * @default {1e-6}
   */
  regCovar?: number;
  /**
   * Convergence threshold: EM stops when the lower bound (mean log-likelihood per sample) changes by less
   * than `tol` between iterations.
   *
   * @default {1e-3}
   */
  tol?: number;
  /**
   * Maximum number of EM iterations per initialisation (0 keeps the k-means initialisation).
   *
   * @default {100}
   */
  maxIter?: number;
  /**
   * Number of initialisations; the one with the highest lower bound is kept, or with `fit`'s `heldOut` rows
   * the one under which they are likeliest.
   *
   * @default {1}
   */
  nInit?: number;
  /**
   * Seed of the k-means initialisations.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Keep every mixing weight at `1 / nComponents` instead of estimating the weights: the prior that the
   * clusters are of equal size (not in scikit-learn). The means and covariances are estimated as usual, and
   * `predict` weighs every component equally.
   *
   * @default {false}
   */
  uniformWeights?: boolean;
}

/** Options of {@linkcode GaussianMixture.fit}. */
export interface GaussianMixtureFitOptions {
  /**
   * Rows held out from the fit, `[nHeldOut, nFeatures]`. When given, the initialisation kept is the one
   * under which these rows have the highest mean log-likelihood, instead of the one with the highest lower
   * bound on the fitted rows (not in scikit-learn). No labels are involved: it prefers the partition that
   * generalises to unseen rows over one that fits the training rows' idiosyncrasies most tightly.
   */
  heldOut?: tf.Tensor2D;
}

/** What one initialisation of {@linkcode GaussianMixture.fit} reached. */
export interface GaussianMixtureInitScore {
  /** Lower bound (mean log-likelihood per fitted row) of its last E-step. */
  lowerBound: number;
  /** Mean log-likelihood of the held-out rows, when `fit` was given some. */
  heldOutScore?: number;
}

interface GaussianMixtureState {
  params: MixtureParams;
  /** Column means of the training data; tensors are centred by them before the float32 products. */
  offset: Float64Array;
  nFeatures: number;
  converged: boolean;
  nIter: number;
  lowerBound: number;
  labels: Int32Array;
  initScores: GaussianMixtureInitScore[];
  bestInit: number;
}

/**
 * Gaussian mixture model (scikit-learn's `GaussianMixture`): `fit(x)` runs EM from `nInit` k-means
 * initialisations (each a `KMeans` with `nInit: 1`, whose labels give one-hot responsibilities for a first
 * M-step) and keeps the one with the highest lower bound (or, given held-out rows, the one under which
 * they are likeliest); a final E-step makes the training labels agree with `predict`.
 *
 * Learned attributes, read-only after `fit`, row-major, shapes as scikit-learn's:
 * - `weights`: `[nComponents]`;
 * - `means`: `[nComponents, nFeatures]`;
 * - `covariances`: full `[nComponents, nFeatures, nFeatures]`, tied `[nFeatures, nFeatures]`,
 *   diag `[nComponents, nFeatures]`, spherical `[nComponents]`;
 * - `precisionsCholesky`: the same shapes; for full and tied the upper-triangular `P` with `P·Pᵀ` the
 *   precision (inverse covariance) matrix, for diag and spherical `1/√covariance`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { GaussianMixture } from "./gmm.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assert, assertAlmostEquals, assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const x = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11]]);
 * const gm = new GaussianMixture({ nComponents: 2, covarianceType: "spherical" }).fit(x);
 * assert(gm.converged);
 * assertEquals(gm.predict(x), gm.labels);
 * assertEquals(gm.labels[0] === gm.labels[3] && gm.labels[4] === gm.labels[7], true);
 * assertAlmostEquals(gm.weights[0], 0.5, 1e-9);
 * assertAlmostEquals(gm.covariances[0], 0.25 + 1e-6, 1e-6);
 * x.dispose();
 * ```
 */
export class GaussianMixture {
  /** Number of mixture components. */
  readonly nComponents: number;
  /** Covariance parametrisation. */
  readonly covarianceType: CovarianceType;
  /** Regularisation added to the covariance diagonals. */
  readonly regCovar: number;
  /** Convergence threshold on the change of the lower bound. */
  readonly tol: number;
  /** Maximum EM iterations per initialisation. */
  readonly maxIter: number;
  /** Number of initialisations. */
  readonly nInit: number;
  /** Seed of the initialisations. */
  readonly seed: number;
  /** Whether the mixing weights stay at `1 / nComponents`. */
  readonly uniformWeights: boolean;
  #state?: GaussianMixtureState;

  /**
   * Stores the options; they are validated by {@linkcode GaussianMixture.fit}.
   *
   * @param options The hyper-parameters.
   */
  constructor(
    {
      nComponents = 1,
      covarianceType = "full",
      regCovar = 1e-6,
      tol = 1e-3,
      maxIter = 100,
      nInit = 1,
      seed = 0,
      uniformWeights = false,
    }: GaussianMixtureOptions = {},
  ) {
    this.nComponents = nComponents;
    this.covarianceType = covarianceType;
    this.regCovar = regCovar;
    this.tol = tol;
    this.maxIter = maxIter;
    this.nInit = nInit;
    this.seed = seed;
    this.uniformWeights = uniformWeights;
  }

  /** Mixing weights, `[nComponents]` (a copy). */
  get weights(): Float64Array {
    return this.#fitted().params.weights.slice();
  }
  /** Component means, row-major `[nComponents, nFeatures]` (a copy). */
  get means(): Float64Array {
    return this.#fitted().params.means.slice();
  }
  /**
   * Covariances (a copy), row-major: full `[nComponents, nFeatures, nFeatures]`, tied
   * `[nFeatures, nFeatures]`, diag `[nComponents, nFeatures]`, spherical `[nComponents]`.
   */
  get covariances(): Float64Array {
    return this.#fitted().params.covariances.slice();
  }
  /**
   * Cholesky factors of the precision matrices (a copy), shaped as {@linkcode GaussianMixture.covariances};
   * upper triangular for full and tied.
   */
  get precisionsCholesky(): Float64Array {
    return this.#fitted().params.precisionsCholesky.slice();
  }
  /** Whether the kept initialisation converged (lower bound change below `tol`) within `maxIter`. */
  get converged(): boolean {
    return this.#fitted().converged;
  }
  /** EM iterations run by the kept initialisation. */
  get nIter(): number {
    return this.#fitted().nIter;
  }
  /** Lower bound (mean log-likelihood per training sample) of the kept initialisation's last E-step. */
  get lowerBound(): number {
    return this.#fitted().lowerBound;
  }
  /** What each initialisation reached, in order (a copy); `bestInit` indexes the kept one. */
  get initScores(): GaussianMixtureInitScore[] {
    return this.#fitted().initScores.map((score) => ({ ...score }));
  }
  /** Index of the kept initialisation in {@linkcode GaussianMixture.initScores}. */
  get bestInit(): number {
    return this.#fitted().bestInit;
  }
  /** Most probable component of every training row, `[nSamples]`, equal to `predict` on the same data. */
  get labels(): Int32Array {
    return this.#fitted().labels;
  }
  /** Number of features seen by `fit`. */
  get nFeatures(): number {
    return this.#fitted().nFeatures;
  }
  /**
   * Number of free parameters of the fitted model (scikit-learn's `_n_parameters`; `nComponents - 1` fewer
   * with `uniformWeights`), used by BIC and AIC.
   */
  get nParameters(): number {
    const free = nParameters(this.covarianceType, this.nComponents, this.#fitted().nFeatures);
    return this.uniformWeights ? free - (this.nComponents - 1) : free;
  }

  /**
   * Estimates the mixture parameters of the rows of `x` with EM.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @param options Held-out rows that pick among the `nInit` initialisations.
   * @returns This estimator, fitted.
   * @throws {RangeError} When an option is out of range, `nSamples < 2`, `nComponents > nSamples`, `x`
   * or `heldOut` holds NaN or infinite values, or a covariance cannot be made positive definite.
   * @throws {TypeError} When `x` is not a non-empty 2-D tensor, or `heldOut` not one with `x`'s features.
   */
  fit(x: tf.Tensor2D, { heldOut }: GaussianMixtureFitOptions = {}): this {
    const owner = "fit GaussianMixture";
    checkOption(owner, "nComponents", this.nComponents, { integer: true, min: 1 });
    checkChoice(owner, "covarianceType", this.covarianceType, COVARIANCE_TYPES);
    checkOption(owner, "regCovar", this.regCovar, { min: 0 });
    checkOption(owner, "tol", this.tol, { min: 0 });
    checkOption(owner, "maxIter", this.maxIter, { integer: true, min: 0 });
    checkOption(owner, "nInit", this.nInit, { integer: true, min: 1 });
    checkOption(owner, "seed", this.seed, { integer: true });
    if (typeof this.uniformWeights !== "boolean") {
      throw new TypeError(
        `Cannot ${owner}: uniformWeights must be a boolean, current value is ${String(this.uniformWeights)}`,
      );
    }
    checkFeatureMatrix(owner, x);
    const [n, d] = x.shape;
    if (n < 2) {
      throw new RangeError(`Cannot fit GaussianMixture: nSamples must be >= 2, current value is ${n}`);
    }
    const k = this.nComponents;
    if (k > n) {
      throw new RangeError(
        `Cannot fit GaussianMixture: nComponents must be <= nSamples (${n}), current value is ${k}`,
      );
    }
    if (heldOut !== undefined) checkFeatureMatrix(`${owner} (heldOut)`, heldOut, d);
    const data = readMatrix(owner, x);
    const centered = centerData(data, n, d);
    const type = this.covarianceType;
    const held = heldOut === undefined
      ? undefined
      : centerData(readMatrix(`${owner} (heldOut)`, heldOut), heldOut.shape[0], d, centered.offset);
    const settings = {
      k,
      type,
      regCovar: this.regCovar,
      tol: this.tol,
      maxIter: this.maxIter,
      uniformWeights: this.uniformWeights,
    };
    try {
      let best: EmResult | undefined;
      let bestInit = 0;
      const initScores: GaussianMixtureInitScore[] = [];
      const criterion = (score: GaussianMixtureInitScore) => score.heldOutScore ?? score.lowerBound;
      for (let init = 0; init < this.nInit; init++) {
        const seed = deriveSeed(this.seed, `gmm init ${init}`);
        const initial = new KMeans({ nClusters: k, nInit: 1, seed }).fit(x).labels;
        const result = runEm(centered, initial, settings);
        const score: GaussianMixtureInitScore = { lowerBound: result.lowerBound };
        if (held) {
          const logProb = weightedLogProb(held, result.params, type);
          score.heldOutScore = mean(normalizeLogProb(logProb, held.n, k));
        }
        initScores.push(score);
        // sklearn keeps the first initialisation with the strictly highest lower bound.
        if (!best || criterion(score) > criterion(initScores[bestInit])) {
          best = result;
          bestInit = init;
        }
      }
      const { params, converged, nIter, lowerBound, labels: hint } = best!;
      // Final E-step so that the training labels agree with predict(x).
      const logProb = weightedLogProb(centered, params, type, { hint });
      this.#state = {
        params,
        offset: centered.offset,
        nFeatures: d,
        converged,
        nIter,
        lowerBound,
        labels: argmaxRows(logProb, n, k),
        initScores,
        bestInit,
      };
    } finally {
      centered.xc.dispose();
      held?.xc.dispose();
    }
    return this;
  }

  /**
   * Fits on `x` and returns the training labels.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @returns The most probable component of every row, `[nSamples]`.
   */
  fitPredict(x: tf.Tensor2D): Int32Array {
    return this.fit(x).labels;
  }

  /**
   * Most probable component of each row of `x`.
   *
   * @param x The data, `[nSamples, nFeatures]` with the fitted number of features.
   * @returns The component index of every row, `[nSamples]`.
   * @throws {Error} When called before `fit`.
   * @throws {TypeError} When `x` is not a 2-D tensor with the fitted number of features.
   * @throws {RangeError} When `x` holds NaN or infinite values.
   */
  predict(x: tf.Tensor2D): Int32Array {
    const { logProb, n } = this.#weightedLogProb(x, "predict with GaussianMixture");
    return argmaxRows(logProb, n, this.nComponents);
  }

  /**
   * Posterior probability of each component for each row of `x` (the responsibilities).
   *
   * @param x The data, `[nSamples, nFeatures]` with the fitted number of features.
   * @returns Row-major `[nSamples, nComponents]` probabilities; each row sums to 1.
   * @throws {Error} When called before `fit`.
   * @throws {TypeError} When `x` is not a 2-D tensor with the fitted number of features.
   * @throws {RangeError} When `x` holds NaN or infinite values.
   */
  predictProba(x: tf.Tensor2D): Float64Array {
    const { logProb, n } = this.#weightedLogProb(x, "predict with GaussianMixture");
    normalizeLogProb(logProb, n, this.nComponents);
    for (let i = 0; i < logProb.length; i++) logProb[i] = Math.exp(logProb[i]);
    return logProb;
  }

  /**
   * Log-likelihood of each row of `x` under the mixture, `log Σ_c w_c N(x | μ_c, Σ_c)`.
   *
   * @param x The data, `[nSamples, nFeatures]` with the fitted number of features.
   * @returns The log density of every row, `[nSamples]`.
   * @throws {Error} When called before `fit`.
   * @throws {TypeError} When `x` is not a 2-D tensor with the fitted number of features.
   * @throws {RangeError} When `x` holds NaN or infinite values.
   */
  scoreSamples(x: tf.Tensor2D): Float64Array {
    const { logProb, n } = this.#weightedLogProb(x, "score with GaussianMixture");
    return normalizeLogProb(logProb, n, this.nComponents);
  }

  /**
   * Mean log-likelihood per row of `x` (scikit-learn's `score`).
   *
   * @param x The data, `[nSamples, nFeatures]` with the fitted number of features.
   * @returns The mean of {@linkcode GaussianMixture.scoreSamples}.
   */
  score(x: tf.Tensor2D): number {
    return mean(this.scoreSamples(x));
  }

  /**
   * Bayesian information criterion on `x`: `-2·score(x)·nSamples + nParameters·ln(nSamples)`; lower is
   * better.
   *
   * @param x The data, `[nSamples, nFeatures]` with the fitted number of features.
   * @returns The BIC.
   */
  bic(x: tf.Tensor2D): number {
    const n = x.shape[0];
    return -2 * this.score(x) * n + this.nParameters * Math.log(n);
  }

  /**
   * Akaike information criterion on `x`: `-2·score(x)·nSamples + 2·nParameters`; lower is better.
   *
   * @param x The data, `[nSamples, nFeatures]` with the fitted number of features.
   * @returns The AIC.
   */
  aic(x: tf.Tensor2D): number {
    return -2 * this.score(x) * x.shape[0] + 2 * this.nParameters;
  }

  #weightedLogProb(x: tf.Tensor2D, owner: string): { logProb: Float64Array; n: number } {
    const state = this.#fitted();
    checkFeatureMatrix(owner, x, state.nFeatures);
    const [n, d] = x.shape;
    const centered = centerData(readMatrix(owner, x), n, d, state.offset);
    try {
      return { logProb: weightedLogProb(centered, state.params, this.covarianceType), n };
    } finally {
      centered.xc.dispose();
    }
  }

  #fitted(): GaussianMixtureState {
    return checkFitted(this.#state, "GaussianMixture");
  }
}
