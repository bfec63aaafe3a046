/**
 * The methods: one file per report row (or per pair of rows that differ only in protocol), registered in
 * {@linkcode METHODS}. `reproduce`, the report and the notebooks read this list; adding a row is its file,
 * one line below and its tests.
 *
 * @module
 */
import type { AnyMethod, ReportFigures } from "../pipeline/mod.ts";
import { autoencoderFigures, type AutoencoderOutput, reportAutoencoderStage } from "../stages/mod.ts";
import { aeGmm } from "./ae_gmm.ts";
import { aeGmmUnscaled } from "./ae_gmm_unscaled.ts";
import { aeKMeans } from "./ae_kmeans.ts";
import { aeKMeansUnscaled } from "./ae_kmeans_unscaled.ts";
import { aeUmapGmm, aeUmapGmmTransductive } from "./ae_umap_gmm.ts";
import { kmeansRaw } from "./kmeans_raw.ts";
import { aeDec, aeIdec } from "./self_training.ts";
import { stackUmapGmm, stackUmapGmmTransductive } from "./stack_umap_gmm.ts";
import { stackUmapGmmScan } from "./stack_umap_gmm_scan.ts";

export { aeGmm, aeGmmUnscaled, aeKMeans, aeKMeansUnscaled, aeUmapGmm, aeUmapGmmTransductive, kmeansRaw };
export { aeDec, aeIdec, stackUmapGmm, stackUmapGmmScan, stackUmapGmmTransductive };

/** Every method, in the order the report lists them. */
export const METHODS: readonly AnyMethod[] = [
  kmeansRaw,
  aeKMeans,
  aeGmm,
  aeKMeansUnscaled,
  aeGmmUnscaled,
  aeUmapGmm,
  aeUmapGmmTransductive,
  stackUmapGmm,
  stackUmapGmmTransductive,
  stackUmapGmmScan,
  aeDec,
  aeIdec,
];

/** The report's autoencoder figures (losses, reconstructions, 2-D embedding), drawn when its stage runs. */
export const REPORT_FIGURES: ReportFigures<AutoencoderOutput> = {
  stage: reportAutoencoderStage,
  extract: (output, data, config) =>
    autoencoderFigures(output, config.autoencoder.architecture, data.testLabels, config.kmeans.nClusters),
};
