/**
 * `ae-gmm-unscaled`: the report's own third pipeline, a full-covariance Gaussian mixture (scikit-learn's
 * default) on the unscaled 343-d encodings.
 *
 * @module
 */
import { defineMethod, protocolRow } from "../pipeline/mod.ts";
import { unscaledGmmClusteringStage } from "../stages/mod.ts";
import { unscaledGmmNotes } from "./_notes.ts";
import { REPORT_AE_GMM } from "./_published.ts";

/** Autoencoder + Gaussian mixture on unscaled encodings. */
export const aeGmmUnscaled = defineMethod({
  id: "ae-gmm-unscaled",
  label: () => "Autoencoder + Gaussian mixture on unscaled encodings (as the report)",
  protocol: "inductive",
  section: "report",
  notebook: "06-autoencoder-gmm",
  stages: { gmm: unscaledGmmClusteringStage },
  row: ({ gmm }, context) => protocolRow("inductive", gmm, context, gmm.json),
  reference: REPORT_AE_GMM,
  notes: unscaledGmmNotes,
  reasons: {
    "gmm.covarianceTypes":
      "full, scikit-learn's default: diagonal ones had a lower validation log-likelihood",
  },
});
