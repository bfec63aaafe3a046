/**
 * Vega-Lite templates of `index.html`'s interactive charts. Each has empty inline data (`data.values: []`):
 * the page fills in the points of the seed and method chosen, so one template serves every choice.
 *
 * @module
 */
import type { TopLevelSpec } from "../plot/mod.ts";

/** Options of {@linkcode explorerScatterSpec}. */
export interface ExplorerScatterOptions {
  /**
   * Which field colours the points: the `"cluster"` or the true class (`"className"`).
   *
   * @default {"cluster"}
   */
  colorBy?: "cluster" | "className";
  /**
   * The class names, in legend order (used when `colorBy` is `"className"`).
   *
   * @default {[]}
   */
  classNames?: readonly string[];
  /**
   * The most clusters of any method: up to 10 take the `tableau10` scheme, more `tableau20`.
   *
   * @default {10}
   */
  nClusters?: number;
  /**
   * The plot width in pixels.
   *
   * @default {460}
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
 * The embedding scatter: one circle per point `{x, y, index, cluster, clusterName, className, image}`,
 * coloured by cluster or class, zoomable (scales bound to drag and wheel), with a tooltip that shows the
 * image (vega-tooltip shows a field named `image` as a picture) and the point's class, cluster and index.
 *
 * @example
 * ```ts
 * import { explorerScatterSpec } from "./explorer_specs.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = explorerScatterSpec({ colorBy: "className", classNames: ["Top", "Trouser"] });
 * assertEquals(spec.data, { values: [] });
 * const { encoding } = spec as unknown as { encoding: { color: { field: string }; tooltip: { field: string }[] } };
 * assertEquals(encoding.color.field, "className");
 * assertEquals(encoding.tooltip[0].field, "image");
 * ```
 *
 * @param options Colouring, legend order and size.
 * @returns The Vega-Lite spec, without data.
 */
export function explorerScatterSpec(options: ExplorerScatterOptions = {}): TopLevelSpec {
  const { colorBy = "cluster", classNames = [], nClusters = 10, width = 460, height = 420 } = options;
  const color = colorBy === "cluster"
    ? {
      field: "cluster",
      type: "nominal" as const,
      title: "Cluster",
      scale: { scheme: nClusters <= 10 ? "tableau10" : "tableau20" },
    }
    : {
      field: "className",
      type: "nominal" as const,
      title: "True class",
      sort: [...classNames],
      scale: { domain: [...classNames], scheme: "tableau10" },
    };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width,
    height,
    data: { values: [] },
    params: [{ name: "zoom", select: "interval", bind: "scales" }],
    mark: { type: "circle", size: 18, opacity: 0.7 },
    encoding: {
      x: { field: "x", type: "quantitative", title: "PC 1", scale: { zero: false } },
      y: { field: "y", type: "quantitative", title: "PC 2", scale: { zero: false } },
      color,
      tooltip: [
        { field: "image" },
        { field: "className", title: "True class" },
        { field: "clusterName", title: "Cluster" },
        { field: "index", title: "Test image" },
      ],
    },
  };
}

/**
 * The class mix of one cluster: a horizontal bar per class `{className, count}`, in class order, coloured
 * as the scatter colours classes.
 *
 * @example
 * ```ts
 * import { classMixSpec } from "./explorer_specs.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = classMixSpec(["Top", "Trouser"]);
 * assertEquals((spec as { mark: { type: string } }).mark.type, "bar");
 * ```
 *
 * @param classNames The class names, in bar order.
 * @returns The Vega-Lite spec, without data.
 */
export function classMixSpec(classNames: readonly string[]): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 260,
    height: { step: 18 },
    data: { values: [] },
    mark: { type: "bar" },
    encoding: {
      y: { field: "className", type: "nominal", sort: [...classNames], title: null },
      x: { field: "count", type: "quantitative", title: "Test images in the cluster" },
      color: {
        field: "className",
        type: "nominal",
        sort: [...classNames],
        scale: { domain: [...classNames], scheme: "tableau10" },
        legend: null,
      },
      tooltip: [
        { field: "className", title: "Class" },
        { field: "count", title: "Images" },
        { field: "share", title: "Share", format: ".1%" },
      ],
    },
  };
}
