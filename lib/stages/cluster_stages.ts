/**
 * The clustering stages of the pipelines: KMeans and Gaussian mixtures fitted on one set of rows and
 * predicting others, and the selection of a feature pipeline (scaling, PCA) and covariance type among
 * candidates by the validation split — never by the test set.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type CovarianceType, GaussianMixture, KMeans } from "../cluster/mod.ts";
import { ami } from "../metrics/mod.ts";
import { featureName, type FeatureSpec, fitFeatures } from "../preprocessing/mod.ts";
import type { GmmSelection, ReproduceConfig, RowSets, StageArtifact, StageReport } from "../pipeline/mod.ts";

/** What one candidate of a selection gave. */
export interface CandidateResult {
  /** The candidate's name, e.g. `l2` or `standardize+pca10/full`. */
  name: string;
  /** AMI of its validation predictions against the validation labels: the selection criterion. */
  validationAmi: number;
  /** Seconds to fit. */
  fitSeconds: number;
  /** Estimator facts (inertia, iterations, convergence, log-likelihood). */
  [key: string]: unknown;
}

interface Fitted {
  fitPred: Int32Array;
  validationPred: Int32Array;
  testPred: Int32Array;
  facts: Record<string, unknown>;
}

function withTensors<T>(rows: RowSets, f: (fit: tf.Tensor2D, val: tf.Tensor2D, test: tf.Tensor2D) => T): T {
  const w = rows.width;
  const tensors = [rows.fit, rows.validation, rows.test].map((r) => tf.tensor2d(r, [r.length / w, w]));
  try {
    return f(tensors[0], tensors[1], tensors[2]);
  } finally {
    tf.dispose(tensors);
  }
}

/**
 * KMeans fitted on `rows.fit`, predicting the three sets.
 *
 * @param rows The row sets.
 * @param config The KMeans settings.
 * @param seed The seed.
 * @returns Predictions and facts.
 */
export function fitPredictKMeans(rows: RowSets, config: ReproduceConfig["kmeans"], seed: number): Fitted {
  return withTensors(rows, (fit, val, test) => {
    const t0 = performance.now();
    const km = new KMeans({ ...config, seed }).fit(fit);
    const fitSeconds = (performance.now() - t0) / 1000;
    return {
      fitPred: km.labels,
      validationPred: km.predict(val),
      testPred: km.predict(test),
      facts: {
        inertia: km.inertia,
        nIter: km.nIter,
        converged: km.converged,
        fitSeconds,
        features: rows.width,
      },
    };
  });
}

/**
 * A Gaussian mixture fitted on `rows.fit`, predicting the three sets; also scores the validation rows.
 *
 * @param rows The row sets.
 * @param config The run's config (components, EM settings).
 * @param covarianceType The covariance type.
 * @param seed The seed.
 * @param options EM starts, which rows' likelihood picks among them, and whether the mixing weights stay
 *   uniform.
 * @returns Predictions and facts (with the validation mean log-likelihood).
 */
export function fitPredictGmm(
  rows: RowSets,
  config: ReproduceConfig,
  covarianceType: CovarianceType,
  seed: number,
  { nInit = 1, uniformWeights = false, selectOn = "fit" }: {
    nInit?: number;
    uniformWeights?: boolean;
    selectOn?: GmmSelection;
  } = {},
): Fitted {
  return withTensors(rows, (fit, val, test) => {
    const t0 = performance.now();
    const gmm = new GaussianMixture({
      nComponents: config.kmeans.nClusters,
      covarianceType,
      regCovar: config.gmm.regCovar,
      tol: config.gmm.tol,
      maxIter: config.gmm.maxIter,
      nInit,
      seed,
      uniformWeights,
    }).fit(fit, selectOn === "validation" ? { heldOut: val } : {});
    const fitSeconds = (performance.now() - t0) / 1000;
    return {
      fitPred: gmm.labels,
      validationPred: gmm.predict(val),
      testPred: gmm.predict(test),
      facts: {
        covarianceType,
        nInit,
        ...(uniformWeights ? { uniformWeights } : {}),
        ...(selectOn === "validation"
          ? {
            selectOn,
            starts: gmm.initScores.map((start) => ({
              trainLogLikelihood: start.lowerBound,
              validationLogLikelihood: start.heldOutScore,
            })),
          }
          : {}),
        // With held-out selection the fit already scored the kept start's validation rows.
        validationLogLikelihood: gmm.initScores[gmm.bestInit].heldOutScore ?? gmm.score(val),
        trainLogLikelihood: gmm.lowerBound,
        converged: gmm.converged,
        nIter: gmm.nIter,
        fitSeconds,
        features: rows.width,
      },
    };
  });
}

/**
 * KMeans on raw pixels: fitted on the training images, predicting the test images.
 *
 * @param fit Training rows.
 * @param test Test rows.
 * @param width Row width.
 * @param config The KMeans settings.
 * @param seed The seed.
 * @returns The stage artifact (`fitPred`, `testPred`).
 */
export async function kmeansStage(
  fit: Float32Array,
  test: Float32Array,
  width: number,
  config: ReproduceConfig["kmeans"],
  seed: number,
): Promise<StageArtifact<Record<string, unknown>>> {
  await Promise.resolve();
  const r = fitPredictKMeans({ fit, validation: test.subarray(0, width), test, width }, config, seed);
  return { json: r.facts, arrays: { fitPred: r.fitPred, testPred: r.testPred } };
}

/**
 * Selects among candidates by validation AMI: each candidate is fitted on the training rows, predicts the
 * validation rows, and the one whose validation predictions agree best with the validation labels wins.
 * The arrays hold the winner's `fitPred`/`testPred` and, as `<name>:fitPred`/`<name>:testPred`, those of any
 * candidate listed in `keep` (e.g. the report-faithful one).
 */
async function selectByValidation(
  candidates: { name: string; run: () => Fitted }[],
  validationLabels: ArrayLike<number>,
  report: StageReport,
  keep: string[],
  describe: string,
): Promise<StageArtifact<Record<string, unknown>>> {
  const results: CandidateResult[] = [];
  const arrays: Record<string, Int32Array> = {};
  let best: { name: string; fitted: Fitted; validationAmi: number } | undefined;
  for (const [i, candidate] of candidates.entries()) {
    report(i / candidates.length, `${describe}: candidate ${candidate.name} (${i + 1}/${candidates.length})`);
    // Let progress output flush between candidates.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const fitted = candidate.run();
    const validationAmi = ami(validationLabels, fitted.validationPred);
    results.push({
      name: candidate.name,
      validationAmi,
      fitSeconds: fitted.facts.fitSeconds as number,
      ...fitted.facts,
    });
    if (keep.includes(candidate.name)) {
      arrays[`${candidate.name}:fitPred`] = fitted.fitPred;
      arrays[`${candidate.name}:testPred`] = fitted.testPred;
    }
    if (!best || validationAmi > best.validationAmi) best = { name: candidate.name, fitted, validationAmi };
  }
  return {
    json: {
      selected: best!.name,
      ...best!.fitted.facts,
      choice:
        "highest AMI on the validation split (labels of the 15k held-out training images; the test set " +
        "is never used for choices)",
      candidates: results,
    },
    arrays: { ...arrays, fitPred: best!.fitted.fitPred, testPred: best!.fitted.testPred },
  };
}

/**
 * KMeans on encodings with the feature pipeline chosen on the validation split among
 * `config.selection.kmeansFeatures`; keeps the unscaled candidate's predictions as the report-faithful variant.
 *
 * @param rows The encodings.
 * @param validationLabels Labels of the validation rows.
 * @param config The run's config.
 * @param seed The seed.
 * @param report Progress.
 * @returns The stage artifact.
 */
export function encodingKMeansStage(
  rows: RowSets,
  validationLabels: ArrayLike<number>,
  config: ReproduceConfig,
  seed: number,
  report: StageReport,
): Promise<StageArtifact<Record<string, unknown>>> {
  const candidates = config.selection.kmeansFeatures.map((spec) => ({
    name: featureName(spec),
    run: () => fitPredictKMeans(transformRows(rows, spec), config.kmeans, seed),
  }));
  return selectByValidation(
    candidates,
    validationLabels,
    report,
    ["none"],
    `KMeans(${config.kmeans.nClusters})`,
  );
}

/**
 * A Gaussian mixture on encodings with the feature pipeline and covariance type chosen on the validation
 * split among `config.selection.gmmFeatures × config.selection.gmmCovarianceTypes`.
 *
 * @param rows The encodings.
 * @param validationLabels Labels of the validation rows.
 * @param config The run's config.
 * @param seed The seed.
 * @param report Progress.
 * @returns The stage artifact.
 */
export function encodingGmmStage(
  rows: RowSets,
  validationLabels: ArrayLike<number>,
  config: ReproduceConfig,
  seed: number,
  report: StageReport,
): Promise<StageArtifact<Record<string, unknown>>> {
  const candidates = config.selection.gmmFeatures.flatMap((spec) => {
    let transformed: RowSets | undefined;
    return config.selection.gmmCovarianceTypes.map((covarianceType) => ({
      name: `${featureName(spec)}/${covarianceType}`,
      run: () => fitPredictGmm(transformed ??= transformRows(rows, spec), config, covarianceType, seed),
    }));
  });
  return selectByValidation(
    candidates,
    validationLabels,
    report,
    [],
    `GaussianMixture(${config.kmeans.nClusters})`,
  );
}

/**
 * The report-faithful Gaussian mixture: on the unscaled encodings, with the covariance type of
 * `config.gmm.covarianceTypes` that gives the highest validation log-likelihood (a label-free choice).
 *
 * @param rows The encodings.
 * @param config The run's config.
 * @param seed The seed.
 * @param report Progress.
 * @returns The stage artifact.
 */
export async function unscaledGmmStage(
  rows: RowSets,
  config: ReproduceConfig,
  seed: number,
  report: StageReport,
): Promise<StageArtifact<Record<string, unknown>>> {
  const candidates: Record<string, unknown>[] = [];
  let best: Fitted | undefined;
  for (const [i, covarianceType] of config.gmm.covarianceTypes.entries()) {
    report(
      i / config.gmm.covarianceTypes.length,
      `GaussianMixture(${config.kmeans.nClusters}, ${covarianceType}) on ×${rows.width}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    const fitted = fitPredictGmm(rows, config, covarianceType, seed);
    candidates.push(fitted.facts);
    if (
      !best ||
      (fitted.facts.validationLogLikelihood as number) > (best.facts.validationLogLikelihood as number)
    ) best = fitted;
  }
  return {
    json: {
      ...best!.facts,
      choice: "highest mean log-likelihood per sample on the validation encodings (no labels used)",
      candidates,
    },
    arrays: { fitPred: best!.fitPred, testPred: best!.testPred },
  };
}

/** Applies a feature pipeline fitted on `rows.fit` to the three sets. */
function transformRows(rows: RowSets, spec: FeatureSpec): RowSets {
  if (spec.scaling === "none" && !spec.pcaComponents) return rows;
  const features = fitFeatures(spec, rows.fit, rows.width);
  return {
    fit: features.apply(rows.fit),
    validation: features.apply(rows.validation),
    test: features.apply(rows.test),
    width: features.width,
  };
}
