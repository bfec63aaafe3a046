/**
 * `ae-umap-gmm` and `ae-umap-gmm-transductive`: N2D (McConville et al. 2020) — UMAP of the dense
 * autoencoder's codes to 10 dimensions, then a full-covariance Gaussian mixture — under both protocols.
 *
 * @module
 */
import { defineMethod, type Protocol, protocolRow } from "../pipeline/mod.ts";
import { denseAutoencoderStage, umapGmmInductiveStage, umapGmmTransductiveStage } from "../stages/mod.ts";
import { autoencoderChoiceNotes } from "./_notes.ts";
import { AE_KMEANS_BY_N2D, DEC_BY_N2D, N2D } from "./_published.ts";

const REASONS = {
  "beyond.denseAutoencoder.epochs":
    "4: more lower the MSE but not the validation scores of the rows built on the codes",
  "beyond.umap.neighbourSearch":
    "partitioned: nearly every exact neighbour, at a fraction of the exact search's cost",
};

function n2dMethod(protocol: Protocol) {
  return defineMethod({
    id: protocol === "inductive" ? "ae-umap-gmm" : "ae-umap-gmm-transductive",
    label: () => `Dense autoencoder + UMAP + Gaussian mixture (N2D's settings, ${protocol})`,
    protocol,
    section: "beyond",
    notebook: "08-n2d-umap-gmm",
    stages: {
      mixture: protocol === "inductive" ? umapGmmInductiveStage : umapGmmTransductiveStage,
      autoencoder: denseAutoencoderStage,
    },
    row: ({ mixture, autoencoder }, context) =>
      protocolRow(protocol, mixture, context, {
        ...mixture.json,
        autoencoderChoice: {
          chosen: "dense",
          criterion: "fixed: N2D's dense net (config.beyond.denseAutoencoder)",
          candidates: [{
            architecture: "dense",
            bestValLoss: autoencoder.json.bestValLoss,
            bestEpoch: autoencoder.json.bestEpoch,
            trainSeconds: autoencoder.json.trainSeconds,
          }],
        },
      }),
    ...(protocol === "transductive" ? { published: [N2D, DEC_BY_N2D, AE_KMEANS_BY_N2D] } : {}),
    reasons: REASONS,
    // One sentence for both protocols' rows: the inductive row's, or the transductive one's when alone.
    notes: (self, all) =>
      protocol === "inductive" || !all.some((m) => m.id === "ae-umap-gmm")
        ? autoencoderChoiceNotes(self)
        : [],
  });
}

/** N2D's pipeline, inductive: fitted on the training split, the test set placed by `UMAP.transform`. */
export const aeUmapGmm = n2dMethod("inductive");

/** N2D's pipeline, transductive (N2D's own protocol): fitted on all 70k images, scored on all. */
export const aeUmapGmmTransductive = n2dMethod("transductive");
