/**
 * Vega-Lite spec comparing clustering methods on AMI / NMI / ARI / ACC, mean ± std over seeds, with the
 * report's reference values marked.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";

/** One method's score on one metric, aggregated over runs. */
export interface ResultRow {
  /** The method, e.g. "KMeans on latent codes". */
  method: string;
  /** The metric, e.g. "AMI". */
  metric: string;
  /** The mean score over runs. */
  mean: number;
  /** The standard deviation over runs (0 for a single run). */
  std: number;
  /** The value the reference report gives for this method and metric, if any. */
  reference?: number;
}

/** Options of {@linkcode resultsBarSpec}. */
export interface ResultsBarOptions {
  /**
   * The chart title.
   *
   * @default {"Clustering scores (mean ± std over seeds)"}
   */
  title?: string;
  /**
   * The subtitle, explaining the marks.
   *
   * @default {"Black tick: value reported in the reference"} when a row has a reference, else none
   */
  subtitle?: string;
  /**
   * The y-axis title.
   *
   * @default {"Score"}
   */
  yTitle?: string;
  /**
   * The width of one bar in pixels (methods are spaced by the padding of the grouped band scale).
   *
   * @default {22}
   */
  barWidth?: number;
  /**
   * The plot height in pixels.
   *
   * @default {280}
   */
  height?: number;
}

/**
 * Builds a grouped bar chart: one group per method (in the order rows first name them), one colored bar per
 * metric, a rule from `mean - std` to `mean + std`, and a black tick at `reference` where given.
 *
 * @example
 * ```ts
 * import { resultsBarSpec } from "./results_bar_spec.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = resultsBarSpec([
 *   { method: "KMeans", metric: "AMI", mean: 0.5, std: 0.02, reference: 0.51 },
 *   { method: "KMeans", metric: "ACC", mean: 0.55, std: 0.03 },
 * ]);
 * assertEquals((spec.data as { values: { upper: number }[] }).values[0].upper, 0.52);
 * ```
 *
 * @param rows The scores, shape `{ method, metric, mean, std, reference? }[]`, at least one.
 * @param options Titles and sizes.
 * @returns The Vega-Lite spec.
 */
export function resultsBarSpec(rows: ResultRow[], options: ResultsBarOptions = {}): TopLevelSpec {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new RangeError(
      "Cannot build results bar spec: rows must have at least 1 entry, current length is 0",
    );
  }
  const hasReference = rows.some((r) => r.reference !== undefined);
  const {
    title = "Clustering scores (mean ± std over seeds)",
    subtitle = hasReference ? "Black tick: value reported in the reference" : undefined,
    yTitle = "Score",
    barWidth = 22,
    height = 280,
  } = options;
  const methods = [...new Set(rows.map((r) => r.method))];
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const values = rows.map(({ method, metric, mean, std, reference }) => {
    if (!Number.isFinite(mean) || !(Number.isFinite(std) && std >= 0)) {
      throw new RangeError(
        `Cannot build results bar spec: mean must be finite and std finite and >= 0, current values are ${mean} and ${std} for ${method} ${metric}`,
      );
    }
    if (reference !== undefined && !Number.isFinite(reference)) {
      throw new RangeError(
        `Cannot build results bar spec: reference must be finite, current value is ${reference} for ${method} ${metric}`,
      );
    }
    return {
      method,
      metric,
      mean,
      std,
      lower: Math.round((mean - std) * 1e12) / 1e12,
      upper: Math.round((mean + std) * 1e12) / 1e12,
      reference: reference ?? null,
    };
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: subtitle === undefined ? title : { text: title, subtitle },
    width: { step: barWidth, for: "offset" },
    height,
    data: { values },
    encoding: {
      x: { field: "method", type: "nominal", sort: methods, title: "Method", axis: { labelAngle: 0 } },
      xOffset: { field: "metric", type: "nominal", sort: metrics },
    },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          y: { field: "mean", type: "quantitative", title: yTitle, stack: null },
          color: { field: "metric", type: "nominal", sort: metrics, title: "Metric" },
        },
      },
      {
        mark: { type: "rule", color: "#333" },
        encoding: {
          y: { field: "lower", type: "quantitative" },
          y2: { field: "upper" },
        },
      },
      {
        transform: [{ filter: "isValid(datum.reference)" }],
        mark: { type: "tick", color: "black", thickness: 2, opacity: 1 },
        encoding: { y: { field: "reference", type: "quantitative" } },
      },
    ],
  };
}
