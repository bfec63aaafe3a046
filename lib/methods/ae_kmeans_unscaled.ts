/**
 * `ae-kmeans-unscaled`: the report's own second pipeline, KMeans on the unscaled 343-d encodings (the
 * unscaled candidate of the `ae-kmeans` stage).
 *
 * @module
 */
import { defineMethod, protocolRow } from "../pipeline/mod.ts";
import { encodingKMeansClusteringStage } from "../stages/mod.ts";
import { unscaledKMeansNotes } from "./_notes.ts";
import { REPORT_AE_KMEANS } from "./_published.ts";

/** Autoencoder + KMeans on unscaled encodings. */
export const aeKMeansUnscaled = defineMethod({
  id: "ae-kmeans-unscaled",
  label: () => "Autoencoder + KMeans on unscaled encodings (as the report)",
  protocol: "inductive",
  section: "report",
  notebook: "05-autoencoder-kmeans",
  stages: { kmeans: encodingKMeansClusteringStage },
  row: ({ kmeans }, context) =>
    protocolRow("inductive", kmeans.unscaled, context, {
      ...kmeans.json.candidates.find((c) => c.name === "none"),
    }),
  reference: REPORT_AE_KMEANS,
  notes: unscaledKMeansNotes,
});
