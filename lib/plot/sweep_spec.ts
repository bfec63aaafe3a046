/**
 * Vega-Lite spec of an autoencoder sweep: each setting's validation reconstruction error against the epoch
 * (the selection criterion) beside its test AMI (display only), with the selected point marked.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";

/** One evaluated setting of a sweep. */
export interface SweepSpecPoint {
  /** The setting, e.g. `report/lr=0.001`. */
  setting: string;
  /** Epochs trained. */
  epoch: number;
  /** Validation MSE. */
  valLoss: number;
  /** Test AMI (display only). */
  testAmi: number;
}

/** Options of {@linkcode sweepSpec}. */
export interface SweepSpecOptions {
  /**
   * The chart title.
   *
   * @default {"Autoencoder sweep"}
   */
  title?: string;
  /** The selected point (lowest validation MSE), drawn as a black ring; none when omitted. */
  selected?: { setting: string; epoch: number };
  /**
   * Width of each panel in pixels.
   *
   * @default {300}
   */
  width?: number;
  /**
   * Height of each panel in pixels.
   *
   * @default {220}
   */
  height?: number;
}

/**
 * Builds two panels side by side sharing the epoch axis and the colour per setting: validation MSE (log
 * scale, the criterion) and test AMI (labelled display only), lines with points, the selected point ringed.
 *
 * @example
 * ```ts
 * import { sweepSpec } from "./sweep_spec.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = sweepSpec(
 *   [{ setting: "report/lr=0.001", epoch: 5, valLoss: 0.02, testAmi: 0.5 }],
 *   { selected: { setting: "report/lr=0.001", epoch: 5 } },
 * );
 * assertEquals((spec.data as { values: unknown[] }).values.length, 1);
 * ```
 *
 * @param points The evaluated points, at least one.
 * @param options Title, selection and sizes.
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When `points` is empty.
 */
export function sweepSpec(points: SweepSpecPoint[], options: SweepSpecOptions = {}): TopLevelSpec {
  const { title = "Autoencoder sweep", selected, width = 300, height = 220 } = options;
  if (!Array.isArray(points) || points.length === 0) {
    throw new RangeError(
      `Cannot build sweep spec: points must have at least 1 entry, current length is ${
        Array.isArray(points) ? 0 : "not an array"
      }`,
    );
  }
  const values = points.map((p) => ({
    ...p,
    selected: selected !== undefined && p.setting === selected.setting && p.epoch === selected.epoch,
  }));
  const panel = (field: "valLoss" | "testAmi", yTitle: string, log: boolean) => ({
    width,
    height,
    title: field === "valLoss" ? "Validation MSE (selection criterion)" : "Test AMI (display only)",
    layer: [
      {
        mark: { type: "line" as const, point: true },
        encoding: {
          x: { field: "epoch", type: "quantitative" as const, title: "Epoch", axis: { tickMinStep: 1 } },
          y: {
            field,
            type: "quantitative" as const,
            title: yTitle,
            scale: log ? { type: "log" as const, zero: false } : { zero: false },
          },
          color: { field: "setting", type: "nominal" as const, title: "Setting" },
          tooltip: [
            { field: "setting", type: "nominal" as const },
            { field: "epoch", type: "quantitative" as const },
            { field: "valLoss", type: "quantitative" as const, format: ".5f" },
            { field: "testAmi", type: "quantitative" as const, format: ".4f" },
          ],
        },
      },
      {
        transform: [{ filter: "datum.selected" }],
        mark: { type: "point" as const, size: 220, color: "black", strokeWidth: 2, filled: false },
        encoding: {
          x: { field: "epoch", type: "quantitative" as const },
          y: { field, type: "quantitative" as const },
        },
      },
    ],
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: title,
      subtitle: "Chosen by the lowest validation MSE (ringed); the test AMI is never used to choose",
    },
    data: { values },
    hconcat: [panel("valLoss", "Validation MSE", true), panel("testAmi", "Test AMI", false)],
    resolve: { scale: { color: "shared" } },
  } as TopLevelSpec;
}
