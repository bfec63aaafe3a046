/**
 * Vega-Lite spec of an autoencoder's training curve: training and validation loss per epoch.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";

/** One epoch of a training history, as reported by the `onEpochEnd` callback. */
export interface LossHistoryEntry {
  /** The epoch number, usually 1-based. */
  epoch: number;
  /** The mean training loss of the epoch. */
  loss: number;
  /** The validation loss after the epoch; omitted or non-finite values draw no point. */
  valLoss?: number;
}

/** Options of {@linkcode lossCurveSpec}. */
export interface LossCurveOptions {
  /**
   * The chart title.
   *
   * @default {"Training and validation loss"}
   */
  title?: string;
  /**
   * The y-axis title, e.g. the loss function's name.
   *
   * @default {"Loss"}
   */
  yTitle?: string;
  /**
   * Whether the y axis is logarithmic.
   *
   * @default {false}
   */
  logScale?: boolean;
  /**
   * The plot width in pixels.
   *
   * @default {420}
   */
  width?: number;
  /**
   * The plot height in pixels.
   *
   * @default {260}
   */
  height?: number;
}

/**
 * Builds a line chart of training and validation loss against the epoch, one colored line per split
 * ("train", "validation"), data inline.
 *
 * @example
 * ```ts
 * import { lossCurveSpec } from "./loss_curve_spec.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = lossCurveSpec([{ epoch: 1, loss: 0.4, valLoss: 0.5 }, { epoch: 2, loss: 0.3, valLoss: 0.35 }]);
 * assertEquals((spec.data as { values: unknown[] }).values.length, 4);
 * ```
 *
 * @param history The epochs, shape `{ epoch, loss, valLoss? }[]`, at least one entry.
 * @param options Title, axis and size options.
 * @returns The Vega-Lite spec.
 */
export function lossCurveSpec(history: LossHistoryEntry[], options: LossCurveOptions = {}): TopLevelSpec {
  const {
    title = "Training and validation loss",
    yTitle = "Loss",
    logScale = false,
    width = 420,
    height = 260,
  } = options;
  if (!Array.isArray(history) || history.length === 0) {
    throw new RangeError(
      `Cannot build loss curve spec: history must have at least 1 entry, current length is ${
        Array.isArray(history) ? 0 : "not an array"
      }`,
    );
  }
  const values: { epoch: number; split: string; loss: number }[] = [];
  for (const { epoch, loss, valLoss } of history) {
    if (!Number.isFinite(epoch)) {
      throw new TypeError(
        `Cannot build loss curve spec: epoch must be a finite number, current value is ${epoch}`,
      );
    }
    if (Number.isFinite(loss)) values.push({ epoch, split: "train", loss });
    if (valLoss !== undefined && Number.isFinite(valLoss)) {
      values.push({ epoch, split: "validation", loss: valLoss });
    }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width,
    height,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "Epoch", axis: { tickMinStep: 1 } },
      y: {
        field: "loss",
        type: "quantitative",
        title: yTitle,
        scale: logScale ? { type: "log" } : { zero: false },
      },
      color: {
        field: "split",
        type: "nominal",
        title: "Split",
        scale: { domain: ["train", "validation"] },
      },
    },
  };
}
