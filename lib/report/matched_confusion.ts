/**
 * A confusion matrix between classes and clusters with the columns reordered so that each class's matched
 * cluster (Hungarian matching) sits on the diagonal.
 *
 * @module
 */
import { contingencyMatrix, matchClusters } from "../metrics/mod.ts";

/** Options of {@linkcode matchedConfusion}. */
export interface MatchedConfusionOptions {
  /**
   * Names of the classes by label; rows are all of `0 … classNames.length - 1`, so classes absent from
   * `labelsTrue` still get a row. Without names, rows are the distinct classes present.
   *
   * @default {undefined}
   */
  classNames?: readonly string[];
}

/** The result of {@linkcode matchedConfusion}. */
export interface MatchedConfusion {
  /** Counts `[nRows][nColumns]`: `matrix[i][j]` samples of class `rowClasses[i]` in `columnClusters[j]`. */
  matrix: number[][];
  /** The class of each row. */
  rowClasses: number[];
  /** The cluster of each column: first the cluster matched to each row's class, then unmatched clusters. */
  columnClusters: number[];
  /** The class each column's cluster is matched to, or `undefined` for unmatched clusters. */
  columnClasses: (number | undefined)[];
  /** Column captions, e.g. `c3: Trouser` or `c7 (unmatched)`. */
  columnNames: string[];
  /** Row captions: the class names, or the class numbers. */
  rowNames: string[];
  /** Samples on the diagonal (matched), so `nCorrect / nSamples` is the clustering accuracy. */
  nCorrect: number;
}

/**
 * Builds the class × cluster confusion matrix with clusters matched to classes one to one (maximum
 * agreement) and the columns ordered by their matched class, so the diagonal holds the matched counts.
 *
 * @example
 * ```ts
 * import { matchedConfusion } from "./matched_confusion.ts";
 * import { assertEquals } from "../std.ts";
 * const c = matchedConfusion([0, 0, 1, 1, 2, 2], [5, 5, 9, 9, 9, 7], { classNames: ["a", "b", "c"] });
 * assertEquals(c.matrix, [[2, 0, 0], [0, 2, 0], [0, 1, 1]]);
 * assertEquals(c.columnClusters, [5, 9, 7]);
 * assertEquals(c.columnNames, ["c5: a", "c9: b", "c7: c"]);
 * ```
 *
 * @param labelsTrue The true classes, shape `[nSamples]`.
 * @param labelsPred The clusters, shape `[nSamples]`.
 * @param options Class names.
 * @returns The reordered matrix with its row and column labels.
 * @throws {RangeError} When a class is outside `classNames`.
 */
export function matchedConfusion(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
  options: MatchedConfusionOptions = {},
): MatchedConfusion {
  const { classNames } = options;
  const table = contingencyMatrix(labelsTrue, labelsPred);
  const { mapping, nCorrect } = matchClusters(labelsTrue, labelsPred);
  let rowClasses: number[];
  if (classNames) {
    const outside = table.classes.find((c) => !(c >= 0 && c < classNames.length));
    if (outside !== undefined) {
      throw new RangeError(
        `Cannot build matched confusion matrix: classes must index classNames (length ${classNames.length}), current value is ${outside}`,
      );
    }
    rowClasses = classNames.map((_, i) => i);
  } else rowClasses = [...table.classes];
  const classToCluster = new Map([...mapping].map(([cluster, cls]) => [cls, cluster]));
  const columnClusters: number[] = [];
  const columnClasses: (number | undefined)[] = [];
  for (const cls of rowClasses) {
    const cluster = classToCluster.get(cls);
    if (cluster !== undefined) {
      columnClusters.push(cluster);
      columnClasses.push(cls);
    }
  }
  for (const cluster of table.clusters) {
    if (!mapping.has(cluster)) {
      columnClusters.push(cluster);
      columnClasses.push(undefined);
    }
  }
  const rowIndex = new Map(table.classes.map((c, i) => [c, i]));
  const colIndex = new Map(table.clusters.map((c, j) => [c, j]));
  const nCols = table.clusters.length;
  const matrix = rowClasses.map((cls) => {
    const i = rowIndex.get(cls);
    return columnClusters.map((
      cluster,
    ) => (i === undefined ? 0 : table.counts[i * nCols + colIndex.get(cluster)!]));
  });
  const name = (cls: number) => (classNames ? classNames[cls] : String(cls));
  return {
    matrix,
    rowClasses,
    columnClusters,
    columnClasses,
    columnNames: columnClusters.map((cluster, j) =>
      columnClasses[j] === undefined ? `c${cluster} (unmatched)` : `c${cluster}: ${name(columnClasses[j]!)}`
    ),
    rowNames: rowClasses.map(name),
    nCorrect,
  };
}
