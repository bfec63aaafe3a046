/**
 * `ae-kmeans`: KMeans on the report autoencoder's encodings after the feature scaling with the best
 * validation AMI (the report's second pipeline, its scaling chosen on the validation split).
 *
 * @module
 */
import { defineMethod, protocolRow } from "../pipeline/mod.ts";
import { encodingKMeansClusteringStage } from "../stages/mod.ts";
import { REPORT_AE_KMEANS } from "./_published.ts";

/** Autoencoder + KMeans, scaling chosen on validation. */
export const aeKMeans = defineMethod({
  id: "ae-kmeans",
  label: () => "Autoencoder + KMeans (feature scaling chosen on validation)",
  protocol: "inductive",
  section: "report",
  notebook: "05-autoencoder-kmeans",
  stages: { kmeans: encodingKMeansClusteringStage },
  row: ({ kmeans }, context) => protocolRow("inductive", kmeans, context, kmeans.json),
  reference: REPORT_AE_KMEANS,
  reasons: {
    "autoencoder.epochs":
      "8: its codes cluster no worse on validation than after 10, for a fifth less training",
    "selection.kmeansFeatures": "none or L2: standardised codes never won on a validation split",
  },
});
