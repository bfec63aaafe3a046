/**
 * N2D's rows' stages (`ae-umap-gmm-inductive`, `ae-umap-gmm-transductive`): UMAP of the dense
 * autoencoder's codes, then a full-covariance Gaussian mixture on the embedding, under either protocol.
 *
 * @module
 */
import { UMAP_IMPLEMENTATION } from "../manifold/mod.ts";
import { defineStage, type Protocol, type Stage } from "../pipeline/mod.ts";
import { aeUmapGmmStage } from "./beyond.ts";
import { deriveSeed } from "../random/mod.ts";
import { type AutoencoderOutput, denseAutoencoderStage } from "./autoencoder.ts";
import { readValidatedClustering, type ValidatedClusteringOutput } from "./_clustering.ts";

type OnDenseCodes = { autoencoder: Stage<AutoencoderOutput, Record<never, never>> };

function umapGmmStage(protocol: Protocol): Stage<ValidatedClusteringOutput, OnDenseCodes> {
  const id = `ae-umap-gmm-${protocol}`;
  return defineStage({
    id,
    description: `UMAP of the dense autoencoder's codes, then a Gaussian mixture (${protocol})`,
    scope: "split",
    inputs: { autoencoder: denseAutoencoderStage },
    settings: (config) => ({
      umap: config.beyond.umap,
      implementation: UMAP_IMPLEMENTATION,
      gmm: config.gmm,
      k: config.kmeans.nClusters,
      protocol,
    }),
    // One seed for both protocols: they differ only in the rows fitted.
    compute: ({ autoencoder }, { config, seed, report }) =>
      aeUmapGmmStage(autoencoder.encodings, {
        config,
        beyond: config.beyond,
        protocol,
        seed: deriveSeed(seed, "ae-umap-gmm"),
        report,
      }),
    read: (artifact) => readValidatedClustering(id, artifact),
  });
}

/** N2D's row, inductive: fitted on the training codes, the test codes placed by `UMAP.transform`. */
export const umapGmmInductiveStage: Stage<ValidatedClusteringOutput, OnDenseCodes> = umapGmmStage(
  "inductive",
);

/** N2D's row, transductive: fitted on every image's codes. */
export const umapGmmTransductiveStage: Stage<ValidatedClusteringOutput, OnDenseCodes> = umapGmmStage(
  "transductive",
);
