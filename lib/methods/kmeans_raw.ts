/**
 * `kmeans-raw`: the report's first pipeline, KMeans (k = 10) on the raw pixels of the training images,
 * predicting the test set.
 *
 * @module
 */
import { defineMethod } from "../pipeline/mod.ts";
import { kmeansRawStage } from "../stages/mod.ts";
import { REPORT_KMEANS_RAW } from "./_published.ts";

/** KMeans on raw pixels. */
export const kmeansRaw = defineMethod({
  id: "kmeans-raw",
  label: () => "KMeans on raw pixels",
  protocol: "inductive",
  section: "report",
  notebook: "03-kmeans",
  stages: { kmeans: kmeansRawStage },
  // Fitted on every training image, as the report (not only the seed's training split).
  row: ({ kmeans }, { data }) => ({
    testPred: kmeans.testPred,
    fitTruth: data.trainLabels,
    fitPred: kmeans.fitPred,
    scoreTruth: data.testLabels,
    scorePred: kmeans.testPred,
    details: kmeans.json,
  }),
  reference: REPORT_KMEANS_RAW,
});
