/**
 * `ae-dec` and `ae-idec`: DEC (Xie et al. 2016) and IDEC (Guo et al. 2017) self-training of the report's
 * trained encoder from one shared KMeans start on its codes, within a batch budget (inductive). Each row
 * records its start's validation and test scores, so its gain over its own start is on record.
 *
 * @module
 */
import type { DECVariant } from "../cluster/mod.ts";
import { defineMethod, protocolRow, score } from "../pipeline/mod.ts";
import { decSelfTrainingStage, idecSelfTrainingStage } from "../stages/mod.ts";
import { selfTrainingNotes } from "./_notes.ts";
import { DEC_BY_N2D } from "./_published.ts";

const REASONS = {
  "beyond.dec.maxIter": "700 batches, not 20,000: the best validation AMI is reached well before",
  "beyond.dec.selectOnValidation": "keeps self-training from drifting below its own KMeans start",
  "beyond.dec.patience": "2: no later target update beat the best after two updates without a gain",
};

function selfTrainingMethod(variant: DECVariant) {
  return defineMethod({
    id: `ae-${variant}`,
    label: (config) =>
      `Autoencoder + ${variant.toUpperCase()} self-training (${
        variant === "dec" ? "Xie et al. 2016" : "Guo et al. 2017"
      }, at most ${config.beyond.dec.maxIter} batches)`,
    protocol: "inductive",
    section: "self-training",
    notebook: "11-dec-idec",
    stages: { dec: variant === "dec" ? decSelfTrainingStage : idecSelfTrainingStage },
    row: ({ dec }, context) =>
      protocolRow("inductive", dec, context, {
        ...dec.json,
        // The start's own scores beside the row's, so a gain (or a loss) over the KMeans start is on record.
        start: {
          validation: score(context.split.validationLabels, dec.startValidationPred),
          test: score(context.data.testLabels, dec.startTestPred),
          validationSelf: score(context.split.validationLabels, dec.validationPred),
        },
      }),
    ...(variant === "dec"
      ? {
        published: [{
          ...DEC_BY_N2D,
          source:
            "DEC as reported by N2D (McConville et al., 2020), all 70k images (ours: inductive, test set)",
        }],
      }
      : {}),
    reasons: REASONS,
    notes: selfTrainingNotes,
  });
}

/** DEC. */
export const aeDec = selfTrainingMethod("dec");

/** IDEC. */
export const aeIdec = selfTrainingMethod("idec");
