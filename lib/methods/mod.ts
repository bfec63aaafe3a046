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
export { PUBLISHED_RESULTS } from "./_published.ts";

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

/**
 * The method a view shows first among `ids`: the report's best row (the highest published report AMI) when
 * one of them has a report number, else the first.
 *
 * @example
 * ```ts
 * import { featuredMethod } from "./mod.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(featuredMethod(["kmeans-raw", "ae-kmeans", "ae-gmm"]), "ae-gmm");
 * assertEquals(featuredMethod(["stack-umap-gmm", "x"]), "stack-umap-gmm");
 * assertEquals(featuredMethod([]), undefined);
 * ```
 *
 * @param ids The methods on offer.
 * @returns The id to show first, or `undefined` when `ids` is empty.
 */
export function featuredMethod(ids: readonly string[]): string | undefined {
  const withReference = METHODS.filter((m) => ids.includes(m.id) && m.reference !== undefined);
  // Registry order breaks ties (a `-unscaled` variant shares its row's report number).
  const best = withReference.reduce<AnyMethod | undefined>(
    (b, m) => (b === undefined || m.reference!.ami > b.reference!.ami ? m : b),
    undefined,
  );
  return best?.id ?? ids[0];
}

/**
 * The ids of the methods the named notebooks show (each method names its notebook), in registry order.
 *
 * @example
 * ```ts
 * import { notebookMethods } from "./mod.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * assertEquals(notebookMethods("03-kmeans"), ["kmeans-raw"]);
 * assertThrows(() => notebookMethods("99-none"), RangeError, 'no method names notebook "99-none"');
 * ```
 *
 * @param notebooks Notebook names (file names without `.ipynb`).
 * @returns The method ids.
 * @throws {RangeError} When no method names one of the notebooks.
 */
export function notebookMethods(...notebooks: string[]): string[] {
  for (const name of notebooks) {
    if (!METHODS.some((m) => m.notebook === name)) {
      const known = [...new Set(METHODS.map((m) => m.notebook).filter((n) => n !== undefined))];
      throw new RangeError(
        `Cannot list the notebook's methods: no method names notebook "${name}"; the notebooks are ${
          known.join(", ")
        }`,
      );
    }
  }
  return METHODS.filter((m) => m.notebook !== undefined && notebooks.includes(m.notebook)).map((m) => m.id);
}
