/**
 * The data behind `index.html`'s interactive views, computed once from the results, the artifacts and the
 * test images: per seed and method the clusters (size, matched class, class mix, first members) and the
 * confusion matrix; the 2-D embedding of an evenly spaced subsample of the test set; and a small PNG
 * thumbnail of every test image the page shows.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { IMAGE_SIZE, PIXELS } from "../data/mod.ts";
import type { Results } from "../pipeline/results.ts";
import { featuredMethod } from "../methods/mod.ts";
import { confusionMatrixSpec, encodePng, type TopLevelSpec } from "../plot/mod.ts";
import { fixed } from "../format/mod.ts";
import { matchedConfusion } from "./matched_confusion.ts";
import type { ReportInputArtifacts } from "./report_artifacts.ts";
import { evenlySpacedIndices } from "./sample_indices.ts";

/** What {@linkcode buildExplorerData} is computed from. */
export interface ExplorerInput {
  /** The results (`results.json`): which methods, in which order, with which labels. */
  results: Results;
  /** The artifacts (`artifacts.json`): predictions per seed and method, the 2-D embeddings. */
  artifacts: ReportInputArtifacts;
  /** Test images, 0–255, `[nImages, 784]` flattened, `nImages >= artifacts.nTest`. */
  testImages: Uint8Array;
  /** Test labels, `[nImages]`. */
  testLabels: Uint8Array;
  /** Class names by label. */
  classNames: readonly string[];
}

/** Options of {@linkcode buildExplorerData}. */
export interface ExplorerOptions {
  /**
   * Most points in the embedding scatter: an evenly spaced subsample of the test set.
   *
   * @default {3000}
   */
  maxScatterPoints?: number;
  /**
   * Member images kept per cluster for the cluster explorer (the first ones in test-set order).
   *
   * @default {40}
   */
  membersPerCluster?: number;
}

/** One cluster of one method and seed. */
export interface ExplorerCluster {
  /** The cluster id as predicted. */
  id: number;
  /** `c3: Trouser` (matched class) or `c7 (unmatched)`. */
  name: string;
  /** The class it is matched to (Hungarian matching), or `null`. */
  matchedClass: number | null;
  /** Number of test images in it. */
  size: number;
  /** Test images of each class in it, shape `[nClasses]`. */
  classCounts: number[];
  /** Test-set indices of its first `membersPerCluster` images. */
  members: number[];
}

/** One method's clustering of the test set for one seed. */
export interface ExplorerRun {
  /** The method id. */
  method: string;
  /** The seed, as a string key. */
  seed: string;
  /** Matched accuracy (share of test images on the confusion matrix's diagonal). */
  accuracy: number;
  /** The clusters, in the confusion matrix's column order (matched class order, then unmatched). */
  clusters: ExplorerCluster[];
  /** The cluster of each scatter point (`pointIndices` order); empty without an embedding. */
  pointClusters: number[];
  /** The confusion matrix as a Vega-Lite spec (data inline). */
  confusion: TopLevelSpec;
}

/** A 2-D view of the test encodings, restricted to the scatter's points. */
export interface ExplorerEmbedding {
  /** First coordinate of each point (`pointIndices` order), 5 significant digits. */
  x: number[];
  /** Second coordinate of each point. */
  y: number[];
  /** The x axis title, e.g. `PC 1 (31.0% of variance)`. */
  xTitle: string;
  /** The y axis title. */
  yTitle: string;
}

/** Everything the page's interactive views show. */
export interface ExplorerData {
  /** Class names by label. */
  classNames: string[];
  /** Test images scored. */
  nTest: number;
  /** Seeds with predictions (string keys), in `artifacts.seeds` order. */
  seeds: string[];
  /** Methods with predictions, in `results.json` order. */
  methods: { id: string; label: string }[];
  /** The method shown first: the report's best row when it ran, else the first (`featuredMethod`). */
  defaultMethod: string | null;
  /** Test-set indices of the scatter's points; empty when the run has no 2-D embedding. */
  pointIndices: number[];
  /** The embeddings by seed key (only seeds that have one). */
  embeddings: Record<string, ExplorerEmbedding>;
  /** For each seed, the seed whose embedding its scatter uses (itself when it has one), or `null`. */
  embeddingSeed: Record<string, string | null>;
  /** `runs[seed][method]`. */
  runs: Record<string, Record<string, ExplorerRun>>;
  /** Thumbnails of every test image shown: ascending test indices, their labels and base64 PNGs (28×28). */
  images: { indices: number[]; labels: number[]; png: string[] };
}

/** A number with 5 significant digits (keeps the page small; the scatter needs no more). */
function round5(v: number): number {
  return Number(v.toPrecision(5));
}

/**
 * Computes the interactive views' data. Clusters follow {@linkcode matchedConfusion}'s column order;
 * members are the first images of each cluster in test-set order; the scatter shows
 * {@linkcode evenlySpacedIndices} of the test set. Thumbnails are the 28×28 test images as grayscale PNGs.
 *
 * @example
 * ```ts
 * import { buildExplorerData } from "./explorer_data.ts";
 * import { assertEquals } from "../std.ts";
 * const s = { mean: 1, std: 0, values: [1] };
 * const data = await buildExplorerData({
 *   results: {
 *     methods: [{ id: "km", label: "KMeans", protocol: "inductive", seeds: [0], metrics: { ami: s, nmi: s, ari: s, acc: s } }],
 *     manifest: {},
 *   },
 *   artifacts: { seeds: [0], nTest: 4, predictions: { "0": { km: [5, 5, 2, 5] } }, autoencoder: {} },
 *   testImages: new Uint8Array(4 * 784),
 *   testLabels: new Uint8Array([0, 0, 1, 1]),
 *   classNames: ["Top", "Trouser"],
 * }, { membersPerCluster: 2 });
 * const [c5, c2] = data.runs["0"].km.clusters;
 * assertEquals([c5.name, c5.size, c5.classCounts, c5.members], ["c5: Top", 3, [2, 1], [0, 1]]);
 * assertEquals([c2.name, c2.classCounts, c2.members], ["c2: Trouser", [0, 1], [2]]);
 * assertEquals(data.runs["0"].km.accuracy, 0.75);
 * assertEquals(data.images.indices, [0, 1, 2]);
 * ```
 *
 * @param input Results, artifacts, test images and class names.
 * @param options Scatter size and members kept per cluster.
 * @returns The data, JSON-serialisable.
 * @throws {RangeError} When an option is not an integer >= 1, or `artifacts.nTest` exceeds the test images.
 */
export async function buildExplorerData(
  input: ExplorerInput,
  options: ExplorerOptions = {},
): Promise<ExplorerData> {
  const { maxScatterPoints = 3000, membersPerCluster = 40 } = options;
  for (
    const [name, v] of [["maxScatterPoints", maxScatterPoints], ["membersPerCluster", membersPerCluster]]
  ) {
    if (!Number.isInteger(v) || (v as number) < 1) {
      throw new RangeError(
        `Cannot build the explorer data: ${name} must be an integer >= 1, current value is ${v}`,
      );
    }
  }
  const { results, artifacts, testImages, testLabels, classNames } = input;
  const { nTest } = artifacts;
  if (testLabels.length < nTest || testImages.length < nTest * PIXELS) {
    throw new RangeError(
      `Cannot build the explorer data: artifacts.nTest (${nTest}) exceeds the test images loaded (${testLabels.length})`,
    );
  }
  const labels = testLabels.subarray(0, nTest);
  const seeds = artifacts.seeds.map(String).filter((s) => artifacts.predictions[s] !== undefined);
  const methods = results.methods
    .filter((m) => seeds.some((s) => artifacts.predictions[s][m.id] !== undefined))
    .map((m) => ({ id: m.id, label: m.label }));

  // The embeddings: each seed's own, else the first seed's that has one.
  const embeddingSeeds = [...artifacts.seeds.map(String), ...Object.keys(artifacts.autoencoder)]
    .filter((s, i, all) => all.indexOf(s) === i && artifacts.autoencoder[s]?.embedding2d !== undefined);
  const pointIndices = embeddingSeeds.length > 0 ? evenlySpacedIndices(nTest, maxScatterPoints) : [];
  const embeddings: Record<string, ExplorerEmbedding> = {};
  for (const seed of embeddingSeeds) {
    const { x, y, explainedVarianceRatio: evr } = artifacts.autoencoder[seed].embedding2d!;
    const axis = (k: number) =>
      `PC ${k + 1}${evr?.[k] !== undefined ? ` (${fixed(100 * evr[k], 1)}% of variance)` : ""}`;
    embeddings[seed] = {
      x: pointIndices.map((i) => round5(x[i])),
      y: pointIndices.map((i) => round5(y[i])),
      xTitle: axis(0),
      yTitle: axis(1),
    };
  }
  const embeddingSeed = Object.fromEntries(
    seeds.map((s) => [s, embeddings[s] ? s : embeddingSeeds[0] ?? null]),
  );

  const shown = new Set<number>(pointIndices);
  const runs: Record<string, Record<string, ExplorerRun>> = {};
  for (const seed of seeds) {
    runs[seed] = {};
    for (const { id, label } of methods) {
      const pred = artifacts.predictions[seed][id];
      if (!pred) continue;
      const c = matchedConfusion(labels, pred, { classNames });
      const column = new Map(c.columnClusters.map((k, j) => [k, j]));
      const clusters: ExplorerCluster[] = c.columnClusters.map((k, j) => ({
        id: k,
        name: c.columnNames[j],
        matchedClass: c.columnClasses[j] ?? null,
        size: 0,
        classCounts: c.matrix.map((row) => row[j]),
        members: [],
      }));
      for (let i = 0; i < pred.length; i++) {
        const cluster = clusters[column.get(pred[i])!];
        cluster.size++;
        if (cluster.members.length < membersPerCluster) {
          cluster.members.push(i);
          shown.add(i);
        }
      }
      runs[seed][id] = {
        method: id,
        seed,
        accuracy: c.nCorrect / nTest,
        clusters,
        pointClusters: pointIndices.map((i) => pred[i]),
        confusion: confusionMatrixSpec(c.matrix, {
          classNames: c.rowNames,
          columnNames: c.columnNames,
          title: `${label} (seed ${seed})`,
          xTitle: "Cluster: matched class",
          cellSize: 30,
        }),
      };
    }
  }

  const indices = [...shown].sort((a, b) => a - b);
  const png = await Promise.all(indices.map(async (i) => {
    const bytes = await encodePng({
      data: testImages.subarray(i * PIXELS, (i + 1) * PIXELS),
      width: IMAGE_SIZE,
      height: IMAGE_SIZE,
      channels: 1,
    });
    return Buffer.from(bytes).toString("base64");
  }));
  return {
    classNames: [...classNames],
    nTest,
    seeds,
    methods,
    defaultMethod: featuredMethod(methods.map((m) => m.id)) ?? null,
    pointIndices,
    embeddings,
    embeddingSeed,
    runs,
    images: { indices, labels: indices.map((i) => labels[i]), png },
  };
}
