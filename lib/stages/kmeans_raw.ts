/**
 * The `kmeans-raw` stage: KMeans on the training pixels (scaled to [0, 1]), predicting the test set.
 *
 * @module
 */
import { defineStage, type Stage } from "../pipeline/mod.ts";
import { kmeansStage } from "./cluster_stages.ts";
import { deriveSeed } from "../random/mod.ts";
import { PIXELS } from "../data/mod.ts";
import { type ClusteringOutput, readClustering } from "./_clustering.ts";

/** KMeans on the raw pixels of every training image (not only the seed's training split). */
export const kmeansRawStage: Stage<ClusteringOutput, Record<never, never>> = defineStage({
  id: "kmeans-raw",
  description: "KMeans on the training pixels, predicting the test set",
  scope: "seed",
  inputs: {},
  settings: (config) => ({ kmeans: config.kmeans }),
  compute: (_inputs, { data, config, seed, report }) => {
    report(
      0,
      `KMeans(${config.kmeans.nClusters}, nInit=${config.kmeans.nInit}) on ${data.nTrain}×${PIXELS} pixels`,
    );
    return kmeansStage(
      data.trainImages,
      data.testImages,
      PIXELS,
      config.kmeans,
      deriveSeed(seed, "kmeans-raw"),
    );
  },
  read: (artifact) => readClustering("kmeans-raw", artifact),
});
