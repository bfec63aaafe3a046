/**
 * Every figure of the report, built in memory from the results, the artifacts and the test images: charts as
 * SVG and PNG, image grids as PNG. Parts absent from the artifacts (e.g. the autoencoder's) skip their
 * figures. Nothing is written here; {@linkcode buildFigures} returns the files' contents.
 *
 * @module
 */
import { PIXELS } from "../data/mod.ts";
import {
  confusionMatrixSpec,
  embeddingScatterSpec,
  imageGridPng,
  reconstructionGridPng,
  renderPng,
  renderSvg,
  type ResultRow,
  resultsBarSpec,
  type TopLevelSpec,
} from "../plot/mod.ts";
import { METRIC_NAMES, type Results } from "../pipeline/results.ts";
import { featuredMethod, METHODS, REPORT_FIGURES } from "../methods/mod.ts";
import { methodStages } from "../pipeline/reproduce.ts";
import { fixed, integer } from "../format/mod.ts";
import { normalizeSvgIds } from "./_svg_ids.ts";
import { lossCurvesSpec } from "./loss_curves_spec.ts";
import { matchedConfusion } from "./matched_confusion.ts";
import type { AutoencoderArtifacts, ReportInputArtifacts } from "./report_artifacts.ts";
import { METRIC_LABELS } from "./results_table.ts";
import { evenlySpacedIndices, firstIndicesPerGroup } from "./sample_indices.ts";

/** Where a figure belongs in `REPORT.md`. */
export type FigureSection = "dataset" | "architecture" | "results";

/** One file of a figure. */
export interface FigureFile {
  /** Path relative to the output folder, e.g. `figures/results_bar.svg`. */
  path: string;
  /** The contents: text (SVG) or bytes (PNG). */
  data: string | Uint8Array;
}

/** A figure: its files and how the report shows it. */
export interface ReportFigure {
  /** Stable id, also the file name without extension, e.g. `confusion_ae-gmm`. */
  id: string;
  /** The report section it belongs to. */
  section: FigureSection;
  /** Short title (the image's alt text). */
  title: string;
  /** One-sentence caption saying what is shown and from which seed. */
  caption: string;
  /** The PNG to embed, relative to the output folder. */
  image: string;
  /** Its files (a PNG, and an SVG for charts). */
  files: FigureFile[];
}

/** What the figures are drawn from. */
export interface FigureInput {
  /** The results (`results.json`). */
  results: Results;
  /** The artifacts (`artifacts.json`); without them only the dataset and results figures are drawn. */
  artifacts?: ReportInputArtifacts;
  /** Test images, 0–255, `[nImages, 784]` flattened (the whole test set or at least `nTest`). */
  testImages: Uint8Array;
  /** Test labels, `[nImages]`. */
  testLabels: Uint8Array;
  /** Class names by label. */
  classNames: readonly string[];
}

/** Options of {@linkcode buildFigures}. */
export interface BuildFiguresOptions {
  /**
   * Folder of the figures, relative to the output folder.
   *
   * @default {"figures"}
   */
  dir?: string;
  /**
   * Images per class in the dataset grid and per cluster in the cluster grids.
   *
   * @default {10}
   */
  samplesPerGroup?: number;
  /**
   * Most points in the embedding scatters (an evenly spaced subsample of the test set).
   *
   * @default {3000}
   */
  maxScatterPoints?: number;
  /**
   * Called with chart compiler and renderer warnings.
   *
   * @default {() => {}}
   */
  onWarning?: (message: string) => void;
  /**
   * Called after each figure is built.
   *
   * @default {() => {}}
   */
  onFigure?: (figure: ReportFigure) => void;
}

/** A file-name-safe version of an id. */
function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, "_");
}

/** Copies images by index (white for a missing slot), `rows × perRow` cells. */
function gatherImages(images: Uint8Array, rows: number[][], perRow: number): Uint8Array {
  const out = new Uint8Array(rows.length * perRow * PIXELS).fill(255);
  rows.forEach((indices, r) => {
    indices.slice(0, perRow).forEach((index, c) => {
      out.set(images.subarray(index * PIXELS, (index + 1) * PIXELS), (r * perRow + c) * PIXELS);
    });
  });
  return out;
}

/** The first seed (in `seeds` order) whose autoencoder artifacts have `part`. */
function firstWith<K extends keyof AutoencoderArtifacts>(
  artifacts: ReportInputArtifacts,
  part: K,
): { seed: string; value: NonNullable<AutoencoderArtifacts[K]> } | undefined {
  const keys = [...artifacts.seeds.map(String), ...Object.keys(artifacts.autoencoder)];
  for (const seed of keys) {
    const value = artifacts.autoencoder[seed]?.[part];
    if (value !== undefined && value !== null) {
      return { seed, value: value as NonNullable<AutoencoderArtifacts[K]> };
    }
  }
  return undefined;
}

/**
 * Builds every figure the inputs allow, in report order: dataset samples; loss curves and reconstructions
 * (autoencoder artifacts); the results bar chart; per method a confusion matrix and a grid of samples per
 * cluster (first seed's predictions); the 2-D embedding coloured by cluster and by class.
 *
 * @example
 * ```ts
 * import { buildFigures } from "./figures.ts";
 * import { assertEquals } from "../std.ts";
 * const s = { mean: 0.5, std: 0, values: [0.5] };
 * const figures = await buildFigures({
 *   results: {
 *     methods: [{ id: "km", label: "KMeans", protocol: "inductive", seeds: [0], metrics: { ami: s, nmi: s, ari: s, acc: s } }],
 *     manifest: {},
 *   },
 *   testImages: new Uint8Array(4 * 784).fill(128),
 *   testLabels: new Uint8Array([0, 1, 0, 1]),
 *   classNames: ["Top", "Trouser"],
 * });
 * assertEquals(figures.map((f) => f.id), ["dataset_samples", "results_bar"]);
 * assertEquals(figures[1].files.map((f) => f.path), ["figures/results_bar.svg", "figures/results_bar.png"]);
 * ```
 *
 * @param input Results, artifacts, test images and class names.
 * @param options Folder, sample counts and callbacks.
 * @returns The figures, each with its files' contents.
 */
export async function buildFigures(
  input: FigureInput,
  options: BuildFiguresOptions = {},
): Promise<ReportFigure[]> {
  const {
    dir = "figures",
    samplesPerGroup = 10,
    maxScatterPoints = 3000,
    onWarning = () => {},
    onFigure = () => {},
  } = options;
  const { results, artifacts, testImages, testLabels, classNames } = input;
  const figures: ReportFigure[] = [];
  const add = (figure: ReportFigure) => {
    figures.push(figure);
    onFigure(figure);
  };
  const chart = async (
    id: string,
    section: FigureSection,
    title: string,
    caption: string,
    spec: TopLevelSpec,
  ) => {
    const svg = normalizeSvgIds(await renderSvg(spec, { onWarning: (m) => onWarning(`${id}: ${m}`) }));
    const png = await renderPng(svg);
    const base = `${dir}/${safe(id)}`;
    add({
      id: safe(id),
      section,
      title,
      caption,
      image: `${base}.png`,
      files: [{ path: `${base}.svg`, data: svg }, { path: `${base}.png`, data: png }],
    });
  };
  const grid = (id: string, section: FigureSection, title: string, caption: string, png: Uint8Array) => {
    const path = `${dir}/${safe(id)}.png`;
    add({ id: safe(id), section, title, caption, image: path, files: [{ path, data: png }] });
  };
  const classes = classNames.map((_, i) => i);

  // Dataset: the first test images of each class.
  {
    const rows = firstIndicesPerGroup(testLabels, classes, samplesPerGroup);
    const png = await imageGridPng(gatherImages(testImages, rows, samplesPerGroup), {
      cols: samplesPerGroup,
      rowLabels: [...classNames],
    });
    grid(
      "dataset_samples",
      "dataset",
      "Fashion-MNIST samples",
      `The first ${samplesPerGroup} test images of each of the ${classNames.length} classes.`,
      png,
    );
  }

  // Autoencoder: loss curves (all seeds) and reconstructions (first seed that has them).
  if (artifacts) {
    const histories = artifacts.seeds
      .map((seed) => ({ seed, history: artifacts.autoencoder[String(seed)]?.history ?? [] }))
      .filter((h) => h.history.length > 0);
    if (histories.length > 0) {
      await chart(
        "loss_curves",
        "architecture",
        "Autoencoder training and validation loss",
        `Mean squared reconstruction error per epoch on the training and validation images, seed${
          histories.length > 1 ? "s" : ""
        } ${histories.map((h) => h.seed).join(", ")}.`,
        lossCurvesSpec(histories, { title: "Autoencoder training and validation loss", yTitle: "MSE" }),
      );
    }
    const recon = firstWith(artifacts, "reconstructions");
    if (recon) {
      const { indices, images } = recon.value;
      const count = Math.min(indices.length, samplesPerGroup);
      const bad = indices.find((i) => i < 0 || i >= testLabels.length);
      if (bad !== undefined) {
        throw new RangeError(
          `Cannot draw reconstructions: indices must be test-set indices in [0, ${testLabels.length}), current value is ${bad}`,
        );
      }
      const originals = gatherImages(testImages, [indices.slice(0, count)], count);
      const png = await reconstructionGridPng(originals, Float32Array.from(images.slice(0, count * PIXELS)), {
        count,
      });
      grid(
        "reconstructions",
        "architecture",
        "Original and reconstructed test images",
        `Top: test images ${
          indices.slice(0, count).join(", ")
        }; bottom: the autoencoder's reconstructions (seed ${recon.seed}).`,
        png,
      );
    }
  }

  // Results: bar chart of every metric, reference AMI marked.
  if (results.methods.length > 0) {
    const rows: ResultRow[] = results.methods.flatMap((m) =>
      METRIC_NAMES.map((n) => ({
        method: m.id,
        metric: METRIC_LABELS[n],
        mean: m.metrics[n].mean,
        std: m.metrics[n].std,
        ...(n === "ami" && m.reference ? { reference: m.reference.ami } : {}),
      }))
    );
    await chart(
      "results_bar",
      "results",
      "Clustering scores on the test set",
      "Test-set AMI, NMI, ARI and ACC per method, mean ± std over seeds (error bars); black ticks mark the report's AMI.",
      resultsBarSpec(rows, {
        title: "Test-set scores (mean ± std over seeds)",
        ...(results.methods.some((m) => m.reference) ? { subtitle: "Black tick: the report's AMI" } : {}),
      }),
    );
  }

  // Per method: confusion matrix and cluster samples, from the first seed's predictions.
  if (artifacts) {
    const labels = testLabels.subarray(0, artifacts.nTest);
    if (labels.length < artifacts.nTest) {
      throw new RangeError(
        `Cannot draw the cluster figures: artifacts.nTest (${artifacts.nTest}) exceeds the test images loaded (${testLabels.length})`,
      );
    }
    const seedKey = String(artifacts.seeds[0]);
    const predictions = artifacts.predictions[seedKey] ?? {};
    for (const m of results.methods) {
      const pred = predictions[m.id];
      if (!pred) continue;
      const c = matchedConfusion(labels, pred, { classNames });
      const acc = c.nCorrect / labels.length;
      await chart(
        `confusion_${m.id}`,
        "results",
        `Confusion matrix: ${m.label}`,
        `${m.label}: true class (rows) against cluster (columns, matched one to one to classes so the diagonal ` +
          `holds the matched counts), ${integer(labels.length)} test images, seed ${seedKey}, ACC ${
            fixed(acc)
          }.`,
        confusionMatrixSpec(c.matrix, {
          classNames: c.rowNames,
          columnNames: c.columnNames,
          title: `${m.label} (seed ${seedKey})`,
          xTitle: "Cluster: matched class",
          cellSize: 34,
        }),
      );
      const sizes = new Map<number, number>();
      for (const k of pred) sizes.set(k, (sizes.get(k) ?? 0) + 1);
      const rows = firstIndicesPerGroup(pred, c.columnClusters, samplesPerGroup);
      const rowLabels = c.columnClusters.map((k, j) => {
        const cls = c.columnClasses[j];
        return `c${k} → ${cls === undefined ? "unmatched" : classNames[cls]} (n=${sizes.get(k) ?? 0})`;
      });
      const png = await imageGridPng(gatherImages(testImages, rows, samplesPerGroup), {
        cols: samplesPerGroup,
        rowLabels,
      });
      grid(
        `clusters_${m.id}`,
        "results",
        `Samples per cluster: ${m.label}`,
        `${m.label}: the first ${samplesPerGroup} test images of each cluster (seed ${seedKey}); rows are labelled ` +
          "with the class each cluster is matched to and the cluster's size.",
        png,
      );
    }

    // The 2-D view of the encodings, by cluster and by class.
    const embedding = artifacts.autoencoder[seedKey]?.embedding2d !== undefined
      ? { seed: seedKey, value: artifacts.autoencoder[seedKey].embedding2d! }
      : firstWith(artifacts, "embedding2d");
    if (embedding) {
      const { x, y, explainedVarianceRatio: evr } = embedding.value;
      const seedPreds = artifacts.predictions[embedding.seed] ?? {};
      // Coloured by the featured method among those that cluster the autoencoder's encodings.
      const methodId = featuredMethod(
        METHODS.filter((m) => seedPreds[m.id] && methodStages([m]).includes(REPORT_FIGURES.stage)).map((m) =>
          m.id
        ),
      );
      const clusters = methodId ? seedPreds[methodId] : undefined;
      const picked = evenlySpacedIndices(x.length, maxScatterPoints);
      const points = picked.map((i) => ({
        x: x[i],
        y: y[i],
        cluster: clusters ? clusters[i] : 0,
        label: labels[i],
      }));
      const axis = (k: number) =>
        `PC ${k + 1}${evr?.[k] !== undefined ? ` (${fixed(100 * evr[k], 1)}% of variance)` : ""}`;
      const common = { xTitle: axis(0), yTitle: axis(1), width: 380, height: 380 };
      const what =
        `${integer(points.length)} of ${
          integer(x.length)
        } test encodings (evenly spaced), first two principal ` +
        `components, seed ${embedding.seed}`;
      if (clusters && methodId) {
        await chart(
          "embedding_clusters",
          "results",
          `Encodings coloured by ${methodId} cluster`,
          `${what}, coloured by the ${methodId} cluster.`,
          embeddingScatterSpec(points, {
            ...common,
            colorBy: "cluster",
            title: `Encodings by ${methodId} cluster`,
          }),
        );
      }
      await chart(
        "embedding_classes",
        "results",
        "Encodings coloured by true class",
        `${what}, coloured by the true class.`,
        embeddingScatterSpec(points, {
          ...common,
          colorBy: "label",
          classNames: [...classNames],
          title: "Encodings by true class",
        }),
      );
    }
  }
  return figures;
}
