/**
 * Vega-Lite spec of a 2-D embedding (e.g. PCA or t-SNE of the latent codes) colored by cluster or class.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";

/** One sample of a 2-D embedding. */
export interface EmbeddingPoint {
  /** The first coordinate. */
  x: number;
  /** The second coordinate. */
  y: number;
  /** The cluster the sample was assigned to. */
  cluster: number;
  /** The sample's true class index. */
  label: number;
}

/** Options of {@linkcode embeddingScatterSpec}. */
export interface EmbeddingScatterOptions {
  /**
   * Which field colors the points: the assigned `"cluster"` or the true `"label"`.
   *
   * @default {"cluster"}
   */
  colorBy?: "cluster" | "label";
  /**
   * Names of the classes by label index; used in the legend when `colorBy` is `"label"`.
   *
   * @default {undefined} (the label numbers)
   */
  classNames?: readonly string[];
  /**
   * The chart title.
   *
   * @default {"Embedding colored by cluster"} or {"Embedding colored by class"}
   */
  title?: string;
  /**
   * The x-axis title.
   *
   * @default {"Dimension 1"}
   */
  xTitle?: string;
  /**
   * The y-axis title.
   *
   * @default {"Dimension 2"}
   */
  yTitle?: string;
  /**
   * The area of each point in square pixels.
   *
   * @default {8}
   */
  pointSize?: number;
  /**
   * The opacity of each point, in (0, 1].
   *
   * @default {0.6}
   */
  opacity?: number;
  /**
   * The plot width in pixels.
   *
   * @default {420}
   */
  width?: number;
  /**
   * The plot height in pixels.
   *
   * @default {420}
   */
  height?: number;
}

/**
 * Builds a scatter plot of 2-D points colored by assigned cluster or by true class, data inline.
 *
 * @example
 * ```ts
 * import { embeddingScatterSpec } from "./embedding_scatter_spec.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = embeddingScatterSpec(
 *   [{ x: 0, y: 1, cluster: 2, label: 1 }],
 *   { colorBy: "label", classNames: ["T-shirt/top", "Trouser"] },
 * );
 * assertEquals((spec.data as { values: unknown[] }).values, [
 *   { x: 0, y: 1, cluster: 2, label: 1, className: "Trouser" },
 * ]);
 * ```
 *
 * @param points The samples, shape `{ x, y, cluster, label }[]`, at least one.
 * @param options Coloring, names, titles and sizes.
 * @returns The Vega-Lite spec.
 */
export function embeddingScatterSpec(
  points: EmbeddingPoint[],
  options: EmbeddingScatterOptions = {},
): TopLevelSpec {
  const {
    colorBy = "cluster",
    classNames,
    title = colorBy === "cluster" ? "Embedding colored by cluster" : "Embedding colored by class",
    xTitle = "Dimension 1",
    yTitle = "Dimension 2",
    pointSize = 8,
    opacity = 0.6,
    width = 420,
    height = 420,
  } = options;
  if (colorBy !== "cluster" && colorBy !== "label") {
    throw new RangeError(
      `Cannot build embedding scatter spec: colorBy must be "cluster" or "label", current value is "${colorBy}"`,
    );
  }
  if (!Array.isArray(points) || points.length === 0) {
    throw new RangeError(
      "Cannot build embedding scatter spec: points must have at least 1 entry, current length is 0",
    );
  }
  const values = points.map(({ x, y, cluster, label }) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new TypeError(
        `Cannot build embedding scatter spec: x and y must be finite numbers, current value is (${x}, ${y})`,
      );
    }
    if (classNames === undefined) return { x, y, cluster, label };
    const className = classNames[label];
    if (className === undefined) {
      throw new RangeError(
        `Cannot build embedding scatter spec: label must index classNames (length ${classNames.length}), current value is ${label}`,
      );
    }
    return { x, y, cluster, label, className };
  });
  const categories = new Set(points.map((p) => (colorBy === "cluster" ? p.cluster : p.label))).size;
  const scheme = categories <= 10 ? "tableau10" : "tableau20";
  const color = colorBy === "cluster"
    ? { field: "cluster", type: "nominal" as const, title: "Cluster", scale: { scheme } }
    : classNames === undefined
    ? { field: "label", type: "nominal" as const, title: "Class", scale: { scheme } }
    : {
      field: "className",
      type: "nominal" as const,
      title: "Class",
      sort: classNames ? [...classNames] : undefined,
      scale: { scheme },
    };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width,
    height,
    data: { values },
    mark: { type: "circle", size: pointSize, opacity },
    encoding: {
      x: { field: "x", type: "quantitative", title: xTitle, scale: { zero: false } },
      y: { field: "y", type: "quantitative", title: yTitle, scale: { zero: false } },
      color,
    },
  };
}
