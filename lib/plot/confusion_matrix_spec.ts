/**
 * Vega-Lite spec of a confusion matrix between true classes and (matched) clusters, counts annotated.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";

/** Options of {@linkcode confusionMatrixSpec}. */
export interface ConfusionMatrixOptions {
  /**
   * The names of the rows (true classes), one per row, e.g. Fashion-MNIST's "T-shirt/top" … "Ankle boot".
   *
   * @default {["0", "1", …]}
   */
  classNames?: readonly string[];
  /**
   * The names of the columns (clusters). When clusters were matched to classes (Hungarian matching), the
   * columns are in class order and `classNames` serve.
   *
   * @default {classNames when the matrix is square, else ["Cluster 0", "Cluster 1", …]}
   */
  columnNames?: readonly string[];
  /**
   * The chart title.
   *
   * @default {"Confusion matrix"}
   */
  title?: string;
  /**
   * The x-axis (column) title.
   *
   * @default {"Cluster (matched to class)"}
   */
  xTitle?: string;
  /**
   * The y-axis (row) title.
   *
   * @default {"True class"}
   */
  yTitle?: string;
  /**
   * The side of one cell in pixels.
   *
   * @default {40}
   */
  cellSize?: number;
}

/**
 * Builds a heatmap of a confusion matrix, rows = true classes, columns = clusters (matched to classes),
 * each cell annotated with its count (white text on dark cells).
 *
 * @example
 * ```ts
 * import { confusionMatrixSpec } from "./confusion_matrix_spec.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = confusionMatrixSpec([[5, 1], [0, 4]], { classNames: ["Trouser", "Bag"] });
 * assertEquals((spec.data as { values: unknown[] }).values[1], {
 *   actual: "Trouser", predicted: "Bag", count: 1, row: 0, column: 1,
 * });
 * ```
 *
 * @param matrix The counts, shape `[nClasses][nClusters]`: `matrix[i][j]` samples of class `i` in cluster `j`.
 * @param options Names, titles and cell size.
 * @returns The Vega-Lite spec.
 */
export function confusionMatrixSpec(matrix: number[][], options: ConfusionMatrixOptions = {}): TopLevelSpec {
  if (!Array.isArray(matrix) || matrix.length === 0 || !Array.isArray(matrix[0]) || matrix[0].length === 0) {
    throw new RangeError(
      "Cannot build confusion matrix spec: matrix must have at least 1 row and 1 column, current value is empty",
    );
  }
  const nRows = matrix.length;
  const nColumns = matrix[0].length;
  const {
    classNames = Array.from({ length: nRows }, (_, i) => String(i)),
    columnNames = nRows === nColumns
      ? classNames
      : Array.from({ length: nColumns }, (_, j) => `Cluster ${j}`),
    title = "Confusion matrix",
    xTitle = "Cluster (matched to class)",
    yTitle = "True class",
    cellSize = 40,
  } = options;
  if (classNames.length !== nRows) {
    throw new RangeError(
      `Cannot build confusion matrix spec: classNames must have one name per row (${nRows}), current length is ${classNames.length}`,
    );
  }
  if (columnNames.length !== nColumns) {
    throw new RangeError(
      `Cannot build confusion matrix spec: columnNames must have one name per column (${nColumns}), current length is ${columnNames.length}`,
    );
  }
  const values: { actual: string; predicted: string; count: number; row: number; column: number }[] = [];
  let max = 0;
  for (let i = 0; i < nRows; i++) {
    if (!Array.isArray(matrix[i]) || matrix[i].length !== nColumns) {
      throw new TypeError(
        `Cannot build confusion matrix spec: every row must have ${nColumns} columns, row ${i} has ${
          matrix[i]?.length
        }`,
      );
    }
    for (let j = 0; j < nColumns; j++) {
      const count = matrix[i][j];
      if (!(Number.isFinite(count) && count >= 0)) {
        throw new RangeError(
          `Cannot build confusion matrix spec: counts must be finite and >= 0, current value at [${i}][${j}] is ${count}`,
        );
      }
      max = Math.max(max, count);
      values.push({ actual: classNames[i], predicted: columnNames[j], count, row: i, column: j });
    }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: { step: cellSize },
    height: { step: cellSize },
    data: { values },
    encoding: {
      x: {
        field: "predicted",
        type: "ordinal",
        sort: [...columnNames],
        title: xTitle,
        axis: { labelAngle: -40, orient: "bottom" },
      },
      y: { field: "actual", type: "ordinal", sort: [...classNames], title: yTitle },
    },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          color: {
            field: "count",
            type: "quantitative",
            title: "Count",
            scale: { scheme: "blues", domainMin: 0 },
          },
        },
      },
      {
        mark: { type: "text", fontSize: Math.max(7, Math.min(12, cellSize / 3.5)) },
        encoding: {
          text: { field: "count", type: "quantitative" },
          color: {
            condition: { test: `datum.count > ${max / 2}`, value: "white" },
            value: "black",
          },
        },
      },
    ],
  };
}
