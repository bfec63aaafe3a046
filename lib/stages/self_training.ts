/**
 * The self-training stages: the KMeans start DEC and IDEC share (`ae-dec-start`), and DEC's and IDEC's
 * self-training of the report's trained encoder from it (`ae-dec`, `ae-idec`; inductive).
 *
 * @module
 */
import type { DECVariant } from "../cluster/mod.ts";
import { restoreCheckpointWeights } from "../model/mod.ts";
import { artifactArrays, buildSeedAutoencoder, defineStage, type Stage } from "../pipeline/mod.ts";
import { decStage, sharedDecStart } from "./beyond.ts";
import { deriveSeed } from "../random/mod.ts";
import { autoencoderCheckpointDir, type AutoencoderOutput, reportAutoencoderStage } from "./autoencoder.ts";
import { readValidatedClustering, type ValidatedClusteringOutput } from "./_clustering.ts";

type OnEncodings = { autoencoder: Stage<AutoencoderOutput, Record<never, never>> };

/** The shared start's centres, `[k, latentSize]` row-major. */
export interface DecStartOutput {
  /** The centres. */
  centers: Float32Array;
}

/** One KMeans of the report autoencoder's training codes: the centres DEC and IDEC both start from. */
export const decStartStage: Stage<DecStartOutput, OnEncodings> = defineStage({
  id: "ae-dec-start",
  description: "KMeans on the report autoencoder's codes: the centres DEC and IDEC start from",
  scope: "split",
  inputs: { autoencoder: reportAutoencoderStage },
  settings: (config) => ({ kmeansNInit: config.beyond.dec.kmeansNInit, k: config.kmeans.nClusters }),
  compute: ({ autoencoder }, { config, seed }) => {
    const { fit, width } = autoencoder.encodings;
    const centers = sharedDecStart(fit, width, {
      config,
      beyond: config.beyond,
      seed: deriveSeed(seed, "ae-dec-start"),
    });
    return Promise.resolve({ json: { nCenters: centers.length / width, width }, arrays: { centers } });
  },
  read: (artifact) => artifactArrays("ae-dec-start", artifact, { centers: "Float32Array" }),
});

/** A self-training stage's output: its clusters and its KMeans start's. */
export interface DecOutput extends ValidatedClusteringOutput {
  /** The start's clusters of the validation images. */
  startValidationPred: Int32Array;
  /** The start's clusters of the test images. */
  startTestPred: Int32Array;
}

function selfTrainingStage(
  variant: DECVariant,
): Stage<DecOutput, OnEncodings & { start: Stage<DecStartOutput, OnEncodings> }> {
  const id = `ae-${variant}`;
  return defineStage({
    id,
    description: `${variant.toUpperCase()} self-training of the report's trained encoder (inductive)`,
    scope: "split",
    inputs: { autoencoder: reportAutoencoderStage, start: decStartStage },
    settings: (config) => ({ dec: config.beyond.dec, variant, k: config.kmeans.nClusters }),
    compute: async (
      { autoencoder, start },
      { data, config, seed, split: seedSplit, cacheDir, inputKeys, report },
    ) => {
      const split = seedSplit();
      const net = buildSeedAutoencoder(config.autoencoder, seed);
      try {
        await restoreCheckpointWeights(net, autoencoderCheckpointDir(cacheDir, inputKeys.autoencoder)).catch(
          (error) => {
            throw new Error(
              `Cannot run ${variant.toUpperCase()}: the trained autoencoder's checkpoint is unreadable (${
                error instanceof Error ? error.message : error
              }); rerun with --force to retrain it`,
            );
          },
        );
        // The stage's codes are the checkpoint's (bit for bit): no re-encoding.
        const codes = autoencoder.encodings;
        return await decStage(
          { fit: split.trainImages, validation: split.validationImages, test: data.testImages },
          {
            net,
            variant,
            initialCenters: start.centers,
            embeddings: { fit: codes.fit, validation: codes.validation, test: codes.test },
            validationLabels: split.validationLabels,
            config,
            beyond: config.beyond,
            protocol: "inductive",
            seed: deriveSeed(seed, id),
            report,
          },
        );
      } finally {
        net.autoencoder.dispose();
      }
    },
    read: (artifact) => ({
      ...readValidatedClustering(id, artifact),
      ...artifactArrays(id, artifact, { startValidationPred: "Int32Array", startTestPred: "Int32Array" }),
    }),
  });
}

/** DEC (Xie et al. 2016). */
export const decSelfTrainingStage: Stage<
  DecOutput,
  OnEncodings & { start: Stage<DecStartOutput, OnEncodings> }
> = selfTrainingStage("dec");

/** IDEC (Guo et al. 2017). */
export const idecSelfTrainingStage: Stage<
  DecOutput,
  OnEncodings & { start: Stage<DecStartOutput, OnEncodings> }
> = selfTrainingStage("idec");
