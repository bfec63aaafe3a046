/**
 * The notebooks' tables as {@linkcode Table}s (display them with `tableBundle`): the data set and its class
 * counts, pixel statistics, a section of the configuration, the autoencoder's layers and training history,
 * the candidates a selection chose among, and the metrics beside the report's.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { CLASS_NAMES, type FashionMnist, IMAGE_SIZE } from "../data/mod.ts";
import { type MethodResult, METRIC_NAMES, type ReproduceConfig, type Results } from "../pipeline/mod.ts";
import { featureName } from "../preprocessing/mod.ts";
import { compareWithReference, METRIC_LABELS, scoredOnLabel, type TrainingEpoch } from "../report/mod.ts";
import { fixedOrDash, integer, jsonCell, meanStdOrMean, withSign } from "../format/mod.ts";
import type { Table } from "./media_bundle.ts";

/** The parts of a {@linkcode ReproduceConfig} that {@linkcode configTable} shows. */
export type ConfigPart = "data" | "kmeans" | "autoencoder" | "gmm" | "selection";

/** Options of {@linkcode classCountsTable}. */
export interface ClassCountsOptions {
  /**
   * Class names by label.
   *
   * @default {CLASS_NAMES}
   */
  classNames?: readonly string[];
}

/** Options of {@linkcode metricsTable}. */
export interface MetricsTableOptions {
  /**
   * Method ids to show, in order.
   *
   * @default {every method}
   */
  ids?: string[];
  /**
   * Which scores: on the test set (with the report's AMI beside ours) or on the data each method was fitted
   * on.
   *
   * @default {"test"}
   */
  split?: "test" | "train";
}

/** Options of {@linkcode candidatesTable}. */
export interface CandidatesTableOptions {
  /**
   * The seed whose selection is shown.
   *
   * @default {the method's first seed}
   */
  seed?: number;
}

/**
 * The two splits of the data set: images, image size, pixel range, classes.
 *
 * @example
 * ```ts
 * import { datasetTable } from "./tables.ts";
 * import type { FashionMnist } from "../data/mod.ts";
 * import { assertEquals } from "../std.ts";
 * const split = { count: 2, images: new Uint8Array(2 * 784), labels: Uint8Array.of(0, 9) };
 * const table = datasetTable({ train: split, test: split } as FashionMnist);
 * assertEquals(table.rows[0], ["training", "2", "28×28", "0–255 (uint8)", "2"]);
 * ```
 *
 * @param data The loaded data set.
 * @returns The table.
 */
export function datasetTable(data: FashionMnist): Table {
  const row = (name: string, split: FashionMnist["train"]) => [
    name,
    integer(split.count),
    `${IMAGE_SIZE}×${IMAGE_SIZE}`,
    "0–255 (uint8)",
    String(new Set(split.labels).size),
  ];
  return {
    headers: ["Split", "Images", "Image size", "Pixel values", "Classes present"],
    rows: [row("training", data.train), row("test", data.test)],
    align: ["l", "r", "l", "l", "r"],
  };
}

/**
 * Images of each class in each split, with a total row.
 *
 * @example
 * ```ts
 * import { classCountsTable } from "./tables.ts";
 * import { assertEquals } from "../std.ts";
 * const table = classCountsTable({ train: [0, 1, 1], test: [1] }, { classNames: ["a", "b"] });
 * assertEquals(table.rows, [["0", "a", "1", "0"], ["1", "b", "2", "1"], ["", "total", "3", "1"]]);
 * ```
 *
 * @param splits Classes of each split's images, by split name.
 * @param options Class names.
 * @returns The table.
 * @throws {RangeError} When a label has no class name.
 */
export function classCountsTable(
  splits: Record<string, ArrayLike<number>>,
  options: ClassCountsOptions = {},
): Table {
  const { classNames = CLASS_NAMES } = options;
  const names = Object.keys(splits);
  const counts = names.map((name) => {
    const out = new Array<number>(classNames.length).fill(0);
    const labels = splits[name];
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i];
      if (!(c >= 0 && c < classNames.length)) {
        throw new RangeError(
          `Cannot count classes: labels must index classNames (length ${classNames.length}), current value is ${c}`,
        );
      }
      out[c]++;
    }
    return out;
  });
  return {
    headers: ["Label", "Class", ...names],
    rows: [
      ...classNames.map((name, c) => [String(c), name, ...counts.map((k) => integer(k[c]))]),
      ["", "total", ...names.map((name) => integer(splits[name].length))],
    ],
    align: ["r", "l", ...names.map(() => "r" as const)],
  };
}

/**
 * Pixel statistics of scaled images (values in [0, 1]): mean, standard deviation, range and the share of
 * exactly-zero (background) pixels, per split.
 *
 * @example
 * ```ts
 * import { pixelStatsTable } from "./tables.ts";
 * import { assertEquals } from "../std.ts";
 * const table = pixelStatsTable({ train: Float32Array.of(0, 1, 0, 1) }, { width: 2 });
 * assertEquals(table.rows[0], ["train", "2", "0.5000", "0.5000", "0.0000", "1.0000", "50.0%"]);
 * ```
 *
 * @param splits Scaled pixels of each split, `[nImages, width]` flattened, by split name.
 * @param options The row width (pixels per image).
 * @returns The table.
 */
export function pixelStatsTable(
  splits: Record<string, Float32Array>,
  options: { width?: number } = {},
): Table {
  const { width = IMAGE_SIZE * IMAGE_SIZE } = options;
  const rows = Object.entries(splits).map(([name, pixels]) => {
    let sum = 0;
    let sumSq = 0;
    let min = Infinity;
    let max = -Infinity;
    let zeros = 0;
    for (let i = 0; i < pixels.length; i++) {
      const v = pixels[i];
      sum += v;
      sumSq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) zeros++;
    }
    const n = pixels.length;
    const mean = sum / n;
    return [
      name,
      integer(n / width),
      fixedOrDash(mean),
      fixedOrDash(Math.sqrt(Math.max(sumSq / n - mean * mean, 0))),
      fixedOrDash(min),
      fixedOrDash(max),
      `${(100 * zeros / n).toFixed(1)}%`,
    ];
  });
  return {
    headers: ["Split", "Images", "Mean", "Std", "Min", "Max", "Zero pixels"],
    rows,
    align: ["l", "r", "r", "r", "r", "r", "r"],
  };
}

/**
 * One part of a run's configuration as setting/value rows.
 *
 * @example
 * ```ts
 * import { configTable } from "./tables.ts";
 * import { DEFAULT_CONFIG } from "../pipeline/mod.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(configTable(DEFAULT_CONFIG, "kmeans").rows[1], ["k-means++ initialisations (nInit)", "10"]);
 * ```
 *
 * @param config The configuration.
 * @param part Which part.
 * @returns The table.
 * @throws {RangeError} When `part` is unknown.
 */
export function configTable(config: ReproduceConfig, part: ConfigPart): Table {
  const all = (limit: number | undefined, total: number) =>
    limit === undefined ? `all ${integer(total)}` : `first ${integer(limit)}`;
  const nTrain = Math.min(config.trainLimit ?? 60000, 60000);
  let rows: string[][];
  switch (part) {
    case "data":
      rows = [
        ["Training images", all(config.trainLimit, 60000)],
        ["Test images (scored)", all(config.testLimit, 10000)],
        ["Autoencoder training split", integer(nTrain - config.validationSize)],
        ["Validation split (early stopping, selection)", integer(config.validationSize)],
      ];
      break;
    case "kmeans":
      rows = [
        ["Clusters (nClusters)", String(config.kmeans.nClusters)],
        ["k-means++ initialisations (nInit)", String(config.kmeans.nInit)],
        ["Iterations at most (maxIter)", String(config.kmeans.maxIter)],
        ["Relative tolerance (tol)", String(config.kmeans.tol)],
      ];
      break;
    case "autoencoder":
      rows = [
        ["Architecture", config.autoencoder.architecture],
        ["Epochs at most", String(config.autoencoder.epochs)],
        ["Batch size", String(config.autoencoder.batchSize)],
        ["Optimizer", `Adam, learning rate ${config.autoencoder.learningRate}`],
        ["Loss", "mean squared error"],
        ["Early-stopping patience (epochs, validation MSE)", String(config.autoencoder.patience)],
      ];
      break;
    case "gmm":
      rows = [
        ["Components", String(config.kmeans.nClusters)],
        [
          "Covariance types (report-faithful, chosen by validation likelihood)",
          config.gmm.covarianceTypes.join(", "),
        ],
        ["Covariance regularisation (regCovar)", String(config.gmm.regCovar)],
        ["EM tolerance (tol)", String(config.gmm.tol)],
        ["EM iterations at most (maxIter)", String(config.gmm.maxIter)],
      ];
      break;
    case "selection":
      rows = [
        ["Features tried before KMeans", config.selection.kmeansFeatures.map(featureName).join(", ")],
        ["Features tried before the mixture", config.selection.gmmFeatures.map(featureName).join(", ")],
        ["Covariance types tried with each", config.selection.gmmCovarianceTypes.join(", ")],
        ["Criterion", "AMI on the validation split (never the test set)"],
      ];
      break;
    default:
      throw new RangeError(
        `Cannot build config table: part must be data, kmeans, autoencoder, gmm or selection, current value is "${part}"`,
      );
  }
  return { headers: ["Setting", "Value"], rows };
}

/**
 * A model's layers: name, type, output shape and trainable parameters, with a total row.
 *
 * @example
 * ```ts
 * import { layersTable } from "./tables.ts";
 * import { buildAutoencoder } from "../model/mod.ts";
 * import { initTensorBackend } from "../backend/mod.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildAutoencoder("report");
 * const table = layersTable(net.autoencoder);
 * assertEquals(table.rows.at(-1), ["total", "", "", "2,500"]);
 * net.autoencoder.dispose();
 * ```
 *
 * @param model The model.
 * @returns The table.
 */
export function layersTable(model: tf.LayersModel): Table {
  const shape = (s: unknown) =>
    Array.isArray(s) ? s.map((d) => (d === null ? "n" : String(d))).join("×") : String(s);
  return {
    headers: ["Layer", "Type", "Output shape", "Parameters"],
    rows: [
      ...model.layers.map((layer) => [
        layer.name,
        layer.getClassName(),
        shape(layer.outputShape),
        integer(layer.countParams()),
      ]),
      ["total", "", "", integer(model.countParams())],
    ],
    align: ["l", "l", "l", "r"],
  };
}

/**
 * A training history: training and validation MSE and seconds per epoch, the best validation epoch marked.
 *
 * @example
 * ```ts
 * import { trainingTable } from "./tables.ts";
 * import { assertEquals } from "../std.ts";
 * const table = trainingTable([{ epoch: 1, loss: 0.05, valLoss: 0.04, seconds: 12 }, { epoch: 2, loss: 0.03, valLoss: 0.045 }]);
 * assertEquals(table.rows[0], ["1", "0.05000", "0.04000 (best)", "12.0"]);
 * ```
 *
 * @param history The epochs.
 * @returns The table.
 */
export function trainingTable(history: TrainingEpoch[]): Table {
  const withVal = history.filter((e) => e.valLoss !== undefined);
  const best = withVal.reduce<TrainingEpoch | undefined>(
    (b, e) => (b === undefined || e.valLoss! < b.valLoss! ? e : b),
    undefined,
  );
  return {
    headers: ["Epoch", "Training MSE", "Validation MSE", "Seconds"],
    rows: history.map((e) => [
      String(e.epoch),
      fixedOrDash(e.loss, 5),
      e.valLoss === undefined ? "—" : `${fixedOrDash(e.valLoss, 5)}${e === best ? " (best)" : ""}`,
      e.seconds === undefined ? "—" : e.seconds.toFixed(1),
    ]),
    align: ["r", "r", "r", "r"],
  };
}

const CANDIDATE_COLUMNS: [string, string][] = [
  ["name", "Candidate"],
  ["covarianceType", "Covariance"],
  ["validationAmi", "Validation AMI"],
  ["validationLogLikelihood", "Validation log-likelihood"],
  ["trainLogLikelihood", "Training log-likelihood"],
  ["inertia", "Inertia"],
  ["nIter", "Iterations"],
  ["converged", "Converged"],
  ["fitSeconds", "Fit seconds"],
  ["features", "Features"],
];

/**
 * The candidates a method chose among on the validation split (feature scalings, covariance types) with
 * what decided, for one seed; the chosen one is marked.
 *
 * @example
 * ```ts
 * import { candidatesTable } from "./tables.ts";
 * import type { MethodResult } from "../pipeline/mod.ts";
 * import { assertEquals } from "../std.ts";
 * const method = {
 *   id: "ae-kmeans", seeds: [0],
 *   details: { perSeed: [{ seed: 0, selected: "l2", candidates: [
 *     { name: "none", validationAmi: 0.47 }, { name: "l2", validationAmi: 0.57 },
 *   ] }] },
 * } as unknown as MethodResult;
 * assertEquals(candidatesTable(method).rows, [["", "none", "0.4700"], ["✓", "l2", "0.5700"]]);
 * ```
 *
 * @param method The method's results.
 * @param options The seed.
 * @returns The table.
 * @throws {RangeError} When the method recorded no candidates for the seed.
 */
export function candidatesTable(method: MethodResult, options: CandidatesTableOptions = {}): Table {
  const { seed = method.seeds[0] } = options;
  const perSeed = (method.details?.perSeed ?? []) as Record<string, unknown>[];
  const entry = perSeed.find((d) => d.seed === seed);
  const candidates = entry?.candidates as Record<string, unknown>[] | undefined;
  if (!entry || !Array.isArray(candidates) || candidates.length === 0) {
    throw new RangeError(`Cannot list candidates: method "${method.id}" recorded none for seed ${seed}`);
  }
  const keys = new Set(candidates.flatMap((c) => Object.keys(c)));
  const columns = CANDIDATE_COLUMNS.filter(([key]) => keys.has(key));
  const chosen = (c: Record<string, unknown>) =>
    entry.selected !== undefined ? c.name === entry.selected : c.covarianceType === entry.covarianceType &&
      c.validationLogLikelihood === entry.validationLogLikelihood;
  return {
    headers: ["Chosen", ...columns.map(([, title]) => title)],
    rows: candidates.map((c) => [chosen(c) ? "✓" : "", ...columns.map(([key]) => jsonCell(c[key]))]),
    align: [
      "l",
      ...columns.map(([key]) => (key === "name" || key === "covarianceType" ? "l" : "r") as "l" | "r"),
    ],
  };
}

/**
 * Metrics per method (mean ± std over seeds): on the test set with the report's AMI and the difference, or
 * on the data each method was fitted on.
 *
 * @example
 * ```ts
 * import { metricsTable } from "./tables.ts";
 * import { assertEquals } from "../std.ts";
 * const s = { mean: 0.5101, std: 0, values: [0.5101] };
 * const table = metricsTable({
 *   methods: [{
 *     id: "kmeans-raw", label: "KMeans on raw pixels", protocol: "inductive", seeds: [0],
 *     metrics: { ami: s, nmi: s, ari: s, acc: s }, reference: { ami: 0.5001, source: "report" },
 *   }],
 *   manifest: {},
 * });
 * assertEquals(table.headers.slice(2, 5), ["Scored on", "AMI", "NMI"]);
 * assertEquals(table.rows[0].slice(-2), ["0.5001", "+0.0100"]);
 * ```
 *
 * @param results The results.
 * @param options Which methods and which split.
 * @returns The table.
 * @throws {RangeError} When an id names no method.
 */
export function metricsTable(results: Results, options: MetricsTableOptions = {}): Table {
  const { ids = results.methods.map((m) => m.id), split = "test" } = options;
  const methods = ids.map((id) => {
    const m = results.methods.find((r) => r.id === id);
    if (!m) {
      throw new RangeError(
        `Cannot build metrics table: ids must name methods of the results, current value is "${id}"`,
      );
    }
    return m;
  });
  const metricHeaders = METRIC_NAMES.map((n) => METRIC_LABELS[n]);
  if (split === "train") {
    return {
      headers: ["Id", "Method", ...metricHeaders.map((h) => `${h} (fitted data)`), "AMI (scored)"],
      rows: methods.map((m) => [
        m.id,
        m.label,
        ...METRIC_NAMES.map((n) => (m.trainMetrics ? meanStdOrMean(m.trainMetrics[n]) : "—")),
        meanStdOrMean(m.metrics.ami),
      ]),
      align: ["l", "l", "r", "r", "r", "r", "r"],
    };
  }
  return {
    headers: ["Id", "Method", "Scored on", ...metricHeaders, "Report AMI", "Ours − report"],
    rows: methods.map((m) => [
      m.id,
      m.label,
      scoredOnLabel(m.protocol, results.manifest),
      ...METRIC_NAMES.map((n) => meanStdOrMean(m.metrics[n])),
      m.reference ? fixedOrDash(m.reference.ami) : "—",
      m.reference ? withSign(m.metrics.ami.mean - m.reference.ami) : "—",
    ]),
    align: ["l", "l", "l", "r", "r", "r", "r", "r", "r"],
  };
}

/**
 * Each method with a published number against the report: our test AMI, the report's, the difference, and
 * whether ours meets it.
 *
 * @example
 * ```ts
 * import { comparisonTable } from "./tables.ts";
 * import { assertEquals } from "../std.ts";
 * const s = { mean: 0.49, std: 0, values: [0.49] };
 * const table = comparisonTable({
 *   methods: [{
 *     id: "kmeans-raw", label: "KMeans", protocol: "inductive", seeds: [0],
 *     metrics: { ami: s, nmi: s, ari: s, acc: s }, reference: { ami: 0.5001, source: "report" },
 *   }],
 *   manifest: {},
 * });
 * assertEquals(table.rows[0], ["kmeans-raw", "KMeans", "0.4900", "0.5001", "-0.0101", "no"]);
 * ```
 *
 * @param results The results.
 * @returns The table.
 */
export function comparisonTable(results: Results): Table {
  return {
    headers: ["Id", "Method", "Our AMI", "Report AMI", "Difference", "Meets the report"],
    rows: compareWithReference(results).map((c) => [
      c.id,
      c.label,
      c.std > 0 ? `${fixedOrDash(c.ours)} ± ${fixedOrDash(c.std)}` : fixedOrDash(c.ours),
      fixedOrDash(c.reference),
      withSign(c.difference),
      c.met ? "yes" : c.withinOneStd ? "within 1 std" : "no",
    ]),
    align: ["l", "l", "r", "r", "r", "l"],
  };
}
