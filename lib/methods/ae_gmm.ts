/**
 * `ae-gmm`: a Gaussian mixture on the report autoencoder's encodings after the scaling and PCA with the
 * best validation AMI (the report's third pipeline, its features chosen on the validation split).
 *
 * @module
 */
import { defineMethod, protocolRow } from "../pipeline/mod.ts";
import { encodingGmmClusteringStage } from "../stages/mod.ts";
import { REPORT_AE_GMM } from "./_published.ts";

/** Autoencoder + Gaussian mixture, features chosen on validation. */
export const aeGmm = defineMethod({
  id: "ae-gmm",
  label: () => "Autoencoder + Gaussian mixture (features chosen on validation)",
  protocol: "inductive",
  section: "report",
  notebook: "06-autoencoder-gmm",
  stages: { gmm: encodingGmmClusteringStage },
  row: ({ gmm }, context) => protocolRow("inductive", gmm, context, gmm.json),
  reference: REPORT_AE_GMM,
  reasons: {
    "selection.gmmCovarianceTypes": "full only: diagonal mixtures never won on a validation split",
  },
});
