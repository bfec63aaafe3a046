/**
 * The notebooks' charts as Vega-Lite specs (data inline): class shares per split, a method's matched
 * confusion matrix, the autoencoder's loss curves, a 2-D embedding coloured by cluster or class, and the
 * results bar chart with the report's AMI marked. Display them with `chartBundle`.
 *
 * @module
 */
import { CLASS_NAMES } from "../data/mod.ts";
import { METRIC_NAMES, type Results } from "../pipeline/mod.ts";
import {
  confusionMatrixSpec,
  embeddingScatterSpec,
  type ResultRow,
  resultsBarSpec,
  type TopLevelSpec,
} from "../plot/mod.ts";
import {
  type Embedding2dArtifacts,
  evenlySpacedIndices,
  lossCurvesSpec,
  matchedConfusion,
  METRIC_LABELS,
} from "../report/mod.ts";
import { type PipelineRun, testPredictions } from "./pipeline_run.ts";

/** Options of {@linkcode classSharesSpec}. */
export interface ClassSharesOptions {
  /**
   * Class names by label.
   *
   * @default {CLASS_NAMES}
   */
  classNames?: readonly string[];
  /**
   * The chart title.
   *
   * @default {"Share of each class per split"}
   */
  title?: string;
}

/** Options of {@linkcode confusionChartSpec}. */
export interface ConfusionChartOptions {
  /**
   * The chart title.
   *
   * @default {"<method id>: classes × clusters (seed <seed>)"}
   */
  title?: string;
}

/** Options of {@linkcode embeddingChartSpec}. */
export interface EmbeddingChartOptions {
  /**
   * Cluster of every point; required when `colorBy` is `"cluster"`.
   *
   * @default {undefined}
   */
  clusters?: ArrayLike<number>;
  /**
   * What colours the points.
   *
   * @default {"cluster"} when `clusters` is given, else {"label"}
   */
  colorBy?: "cluster" | "label";
  /**
   * Class names by label.
   *
   * @default {CLASS_NAMES}
   */
  classNames?: readonly string[];
  /**
   * Most points drawn (an evenly spaced subsample).
   *
   * @default {3000}
   */
  maxPoints?: number;
  /**
   * The chart title.
   *
   * @default {"2-D embedding coloured by cluster"} or {"… by class"}
   */
  title?: string;
}

/** Options of {@linkcode resultsChartSpec}. */
export interface ResultsChartOptions {
  /**
   * Method ids to show, in order.
   *
   * @default {every method}
   */
  ids?: string[];
  /**
   * The chart title.
   *
   * @default {"Test-set scores"}
   */
  title?: string;
}

/**
 * A grouped bar chart of the share of each class in each split (e.g. training, validation, test), with the
 * counts in the tooltips: how balanced the classes are and whether a split kept the balance.
 *
 * @example
 * ```ts
 * import { classSharesSpec } from "./charts.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = classSharesSpec({ train: [0, 1, 1, 1], test: [0, 1] }, { classNames: ["a", "b"] });
 * const values = (spec.data as { values: { split: string; className: string; share: number }[] }).values;
 * assertEquals(values.map((v) => v.share), [0.25, 0.75, 0.5, 0.5]);
 * ```
 *
 * @param splits Classes of each split's images, by split name.
 * @param options Class names and title.
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When there is no split, a split is empty, or a label has no class name.
 */
export function classSharesSpec(
  splits: Record<string, ArrayLike<number>>,
  options: ClassSharesOptions = {},
): TopLevelSpec {
  const { classNames = CLASS_NAMES, title = "Share of each class per split" } = options;
  const names = Object.keys(splits);
  if (names.length === 0) {
    throw new RangeError(
      "Cannot build class shares spec: splits must name at least 1 split, current count is 0",
    );
  }
  const values = names.flatMap((split) => {
    const labels = splits[split];
    if (labels.length === 0) {
      throw new RangeError(`Cannot build class shares spec: split "${split}" must not be empty`);
    }
    const counts = new Array<number>(classNames.length).fill(0);
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i];
      if (!(c >= 0 && c < classNames.length)) {
        throw new RangeError(
          `Cannot build class shares spec: labels must index classNames (length ${classNames.length}), current value is ${c}`,
        );
      }
      counts[c]++;
    }
    return counts.map((count, c) => ({
      split,
      className: classNames[c],
      count,
      share: count / labels.length,
    }));
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: { step: 12, for: "offset" },
    height: 220,
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "className",
        type: "nominal",
        sort: [...classNames],
        title: "Class",
        axis: { labelAngle: -40 },
      },
      xOffset: { field: "split", type: "nominal", sort: names },
      y: { field: "share", type: "quantitative", title: "Share of the split", axis: { format: "%" } },
      color: { field: "split", type: "nominal", sort: names, title: "Split" },
      tooltip: [
        { field: "split", type: "nominal", title: "Split" },
        { field: "className", type: "nominal", title: "Class" },
        { field: "count", type: "quantitative", title: "Images", format: "," },
        { field: "share", type: "quantitative", title: "Share", format: ".2%" },
      ],
    },
  } as TopLevelSpec;
}

/**
 * A method's confusion matrix on the test set (the run's figure seed): true class in rows, cluster in
 * columns, the columns matched one to one to classes so that the diagonal holds the matched counts.
 *
 * @example
 * ```ts
 * import { confusionChartSpec } from "./charts.ts";
 * import type { PipelineRun } from "./pipeline_run.ts";
 * import { assertEquals } from "../std.ts";
 * const run = {
 *   seed: 0,
 *   artifacts: { predictions: { "0": { km: [1, 1, 0, 0] } } },
 *   testLabels: Uint8Array.of(0, 0, 1, 1),
 *   classNames: ["Top", "Trouser"],
 * } as unknown as PipelineRun;
 * const spec = confusionChartSpec(run, "km");
 * assertEquals(spec.title, "km: classes × clusters (seed 0)");
 * ```
 *
 * @param run The run.
 * @param id The method's id.
 * @param options The title.
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When the run has no predictions of the method.
 */
export function confusionChartSpec(
  run: PipelineRun,
  id: string,
  options: ConfusionChartOptions = {},
): TopLevelSpec {
  const pred = testPredictions(run, id);
  const { title = `${id}: classes × clusters (seed ${run.seed})` } = options;
  const c = matchedConfusion(run.testLabels, pred, { classNames: run.classNames });
  return confusionMatrixSpec(c.matrix, {
    classNames: c.rowNames,
    columnNames: c.columnNames,
    title,
    xTitle: "Cluster: matched class",
    cellSize: 34,
  });
}

/**
 * The autoencoder's training and validation MSE per epoch, one line pair per seed of the run.
 *
 * @example
 * ```ts
 * import { lossChartSpec } from "./charts.ts";
 * import type { PipelineRun } from "./pipeline_run.ts";
 * import { assertEquals } from "../std.ts";
 * const run = {
 *   artifacts: { seeds: [0], autoencoder: { "0": { history: [{ epoch: 1, loss: 0.03, valLoss: 0.02 }] } } },
 * } as unknown as PipelineRun;
 * assertEquals((lossChartSpec(run).data as { values: unknown[] }).values.length, 2);
 * ```
 *
 * @param run The run.
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When the run has no training history.
 */
export function lossChartSpec(run: PipelineRun): TopLevelSpec {
  const histories = run.artifacts.seeds
    .map((seed) => ({ seed, history: run.artifacts.autoencoder[String(seed)]?.history ?? [] }))
    .filter((h) => h.history.length > 0);
  if (histories.length === 0) {
    throw new RangeError("Cannot build loss chart: the run has no autoencoder training history");
  }
  return lossCurvesSpec(histories, { title: "Autoencoder training and validation loss", yTitle: "MSE" });
}

/**
 * A scatter of a 2-D embedding (e.g. the first two principal components of pixels or encodings), an evenly
 * spaced subsample of at most `maxPoints` points, coloured by cluster or by true class.
 *
 * @example
 * ```ts
 * import { embeddingChartSpec } from "./charts.ts";
 * import { assertEquals } from "../std.ts";
 * const embedding = { x: [0, 1, 2, 3], y: [1, 0, 1, 0], explainedVarianceRatio: [0.3, 0.2] };
 * const spec = embeddingChartSpec(embedding, [0, 1, 0, 1], { maxPoints: 2, classNames: ["a", "b"] });
 * assertEquals((spec.data as { values: unknown[] }).values.length, 2);
 * ```
 *
 * @param embedding The points' coordinates, and the variance ratio of each axis when known.
 * @param labels The true class of every point.
 * @param options Clusters, colouring, names, subsample size and title.
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When lengths differ, or `colorBy` is `"cluster"` without `clusters`.
 */
export function embeddingChartSpec(
  embedding: Embedding2dArtifacts,
  labels: ArrayLike<number>,
  options: EmbeddingChartOptions = {},
): TopLevelSpec {
  const {
    clusters,
    colorBy = clusters ? "cluster" : "label",
    classNames = CLASS_NAMES,
    maxPoints = 3000,
  } = options;
  const n = embedding.x.length;
  if (embedding.y.length !== n || labels.length !== n || (clusters && clusters.length !== n)) {
    throw new RangeError(
      `Cannot build embedding chart: x, y, labels and clusters must have one entry per point (${n}), current lengths are ${embedding.y.length}, ${labels.length} and ${
        clusters?.length ?? "none"
      }`,
    );
  }
  if (colorBy === "cluster" && !clusters) {
    throw new RangeError(
      'Cannot build embedding chart: colorBy "cluster" needs clusters, current value is none',
    );
  }
  const {
    title = colorBy === "cluster" ? "2-D embedding coloured by cluster" : "2-D embedding coloured by class",
  } = options;
  const evr = embedding.explainedVarianceRatio;
  const axis = (k: number) =>
    `PC ${k + 1}${evr?.[k] !== undefined ? ` (${(100 * evr[k]).toFixed(1)}% of variance)` : ""}`;
  const points = evenlySpacedIndices(n, maxPoints).map((i) => ({
    x: embedding.x[i],
    y: embedding.y[i],
    cluster: clusters ? clusters[i] : 0,
    label: labels[i],
  }));
  return embeddingScatterSpec(points, {
    colorBy,
    classNames: [...classNames],
    title,
    xTitle: axis(0),
    yTitle: axis(1),
    width: 380,
    height: 380,
  });
}

/**
 * The test-set scores (AMI, NMI, ARI, ACC; mean ± std over seeds) of the run's methods as grouped bars,
 * with the report's AMI marked by a black tick where it published one.
 *
 * @example
 * ```ts
 * import { resultsChartSpec } from "./charts.ts";
 * import { assertEquals } from "../std.ts";
 * const s = { mean: 0.5, std: 0, values: [0.5] };
 * const results = {
 *   methods: [{ id: "km", label: "KMeans", protocol: "inductive" as const, seeds: [0], metrics: { ami: s, nmi: s, ari: s, acc: s } }],
 *   manifest: {},
 * };
 * assertEquals((resultsChartSpec(results).data as { values: unknown[] }).values.length, 4);
 * ```
 *
 * @param results The results.
 * @param options Which methods, and the title.
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When an id names no method.
 */
export function resultsChartSpec(results: Results, options: ResultsChartOptions = {}): TopLevelSpec {
  const { ids = results.methods.map((m) => m.id), title = "Test-set scores" } = options;
  const rows: ResultRow[] = ids.flatMap((id) => {
    const m = results.methods.find((r) => r.id === id);
    if (!m) {
      throw new RangeError(
        `Cannot build results chart: ids must name methods of the results, current value is "${id}"`,
      );
    }
    return METRIC_NAMES.map((name) => ({
      method: m.id,
      metric: METRIC_LABELS[name],
      mean: m.metrics[name].mean,
      std: m.metrics[name].std,
      ...(name === "ami" && m.reference ? { reference: m.reference.ami } : {}),
    }));
  });
  const hasReference = rows.some((r) => r.reference !== undefined);
  return resultsBarSpec(rows, {
    title: `${title} (mean ± std over seeds)`,
    ...(hasReference ? { subtitle: "Black tick: the report's AMI" } : {}),
  });
}
