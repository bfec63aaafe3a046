/**
 * The clusterings of the report autoencoder's encodings: KMeans and a Gaussian mixture after the feature
 * pipeline with the best validation AMI (`ae-kmeans`, `ae-gmm`), and the report-faithful mixture on the
 * unscaled encodings (`ae-gmm-unscaled`).
 *
 * @module
 */
import { artifactArrays, defineStage, type Stage } from "../pipeline/mod.ts";
import {
  type CandidateResult,
  encodingGmmStage,
  encodingKMeansStage,
  unscaledGmmStage,
} from "./cluster_stages.ts";
import { deriveSeed } from "../random/mod.ts";
import { type AutoencoderOutput, reportAutoencoderStage } from "./autoencoder.ts";
import { type ClusteringOutput, readClustering } from "./_clustering.ts";

/** The facts of a selection among candidates on the validation split. */
export interface SelectionJson {
  /** The candidate kept. */
  selected: string;
  /** Every candidate's validation AMI and facts. */
  candidates: CandidateResult[];
  [fact: string]: unknown;
}

/** The `ae-kmeans` stage's output: the selected candidate's clusters, and the unscaled candidate's. */
export interface EncodingKMeansOutput extends ClusteringOutput<SelectionJson> {
  /** The clusters of KMeans on the unscaled encodings (the report's own method). */
  unscaled: { fitPred: Int32Array; testPred: Int32Array };
}

type OnEncodings = { autoencoder: Stage<AutoencoderOutput, Record<never, never>> };

/** KMeans on the encodings after the scaling (`config.selection.kmeansFeatures`) with the best validation AMI. */
export const encodingKMeansClusteringStage: Stage<EncodingKMeansOutput, OnEncodings> = defineStage({
  id: "ae-kmeans",
  description: "KMeans on the report autoencoder's encodings, the scaling chosen on validation",
  scope: "split",
  inputs: { autoencoder: reportAutoencoderStage },
  settings: (config) => ({ kmeans: config.kmeans, features: config.selection.kmeansFeatures }),
  compute: ({ autoencoder }, { config, seed, split, report }) =>
    encodingKMeansStage(
      autoencoder.encodings,
      split().validationLabels,
      config,
      deriveSeed(seed, "ae-kmeans"),
      report,
    ),
  read: (artifact) => {
    const unscaled = artifactArrays("ae-kmeans", artifact, {
      "none:fitPred": "Int32Array",
      "none:testPred": "Int32Array",
    });
    return {
      ...readClustering<SelectionJson>("ae-kmeans", artifact),
      unscaled: { fitPred: unscaled["none:fitPred"], testPred: unscaled["none:testPred"] },
    };
  },
});

/** A Gaussian mixture on the encodings after the scaling and PCA with the best validation AMI. */
export const encodingGmmClusteringStage: Stage<ClusteringOutput<SelectionJson>, OnEncodings> = defineStage({
  id: "ae-gmm",
  description:
    "a Gaussian mixture on the report autoencoder's encodings, scaling and PCA chosen on validation",
  scope: "split",
  inputs: { autoencoder: reportAutoencoderStage },
  settings: (config) => ({
    gmm: config.gmm,
    selection: config.selection,
    nComponents: config.kmeans.nClusters,
  }),
  compute: ({ autoencoder }, { config, seed, split, report }) =>
    encodingGmmStage(
      autoencoder.encodings,
      split().validationLabels,
      config,
      deriveSeed(seed, "ae-gmm"),
      report,
    ),
  read: (artifact) => readClustering<SelectionJson>("ae-gmm", artifact),
});

/** The report's mixture on the unscaled encodings (covariance type by validation log-likelihood). */
export const unscaledGmmClusteringStage: Stage<ClusteringOutput, OnEncodings> = defineStage({
  id: "ae-gmm-unscaled",
  description: "a Gaussian mixture on the unscaled encodings, as the report",
  scope: "split",
  inputs: { autoencoder: reportAutoencoderStage },
  settings: (config) => ({ gmm: config.gmm, nComponents: config.kmeans.nClusters }),
  // The same seed as `ae-gmm`'s: both mixtures start from the same k-means initialisation.
  compute: ({ autoencoder }, { config, seed, report }) =>
    unscaledGmmStage(autoencoder.encodings, config, deriveSeed(seed, "ae-gmm"), report),
  read: (artifact) => readClustering("ae-gmm-unscaled", artifact),
});
