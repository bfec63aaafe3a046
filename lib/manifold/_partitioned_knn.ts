// Approximate k nearest neighbours by an inverted file: k-means cells of the reference rows, each query
// compared with the rows of the cells nearest to it only. Brute force costs O(n²·d) (70k rows: 22 s in
// 10-d, 50 s in a 48-d projection here); probing a few of √n cells compares each row with a few percent of
// the others. Queries are grouped by their nearest cell and each group is compared with the union of its
// members' probed cells in matrix products, as in the exact search.
import * as tf from "@tensorflow/tfjs";
import { KMeans } from "../cluster/kmeans.ts";
import {
  BLOCK_ELEMENTS,
  exactNeighbours,
  type Neighbours,
  rerankNeighbours,
  selectRow,
  SLACK,
} from "../neighbors/mod.ts";

/** A k-means partition of reference rows: the inverted file of {@linkcode partitionedNeighbours}. */
export interface Partition {
  /** Cell centres, `[nCells, d]` row-major. */
  centres: Float32Array;
  /** The reference rows in each cell. */
  members: Int32Array[];
  /** Columns of the rows. */
  d: number;
  /** Number of reference rows partitioned. */
  nRows: number;
}

/** Options of {@linkcode partitionedNeighbours}. */
export interface PartitionOptions {
  /** Cells probed per query. */
  nProbe: number;
  /** The reference rows' partition from {@linkcode buildPartition}; the search is exact without one. */
  partition?: Partition;
  /** Called with the share of query rows done after every block. */
  onProgress?: (done: number) => void;
}

/** Below this many reference rows the search is exact: the cells would not pay for themselves. */
export const MIN_PARTITIONED_ROWS = 4096;

/** Rows the k-means partition is fitted on (an evenly spaced sample of larger references). */
const PARTITION_SAMPLE = 16384;

/**
 * Partitions the reference rows into √n k-means cells (centres fitted on an evenly spaced sample of at
 * most 16,384 rows, every row assigned to its nearest centre). Fitted once, it serves every later search
 * against the same rows.
 *
 * @param reference Reference rows, row-major.
 * @param d Columns.
 * @param seed Seed of the k-means initialisation.
 * @returns The partition, or `undefined` below 4,096 rows (where the search is exact).
 */
export function buildPartition(reference: Float32Array, d: number, seed: number): Partition | undefined {
  const n = reference.length / d;
  if (n < MIN_PARTITIONED_ROWS) return undefined;
  const nCells = Math.round(Math.sqrt(n));
  const nSample = Math.min(n, PARTITION_SAMPLE);
  const stride = n / nSample;
  const sample = new Float32Array(nSample * d);
  for (let i = 0; i < nSample; i++) {
    const row = Math.floor(i * stride);
    sample.set(reference.subarray(row * d, (row + 1) * d), i * d);
  }
  const x = tf.tensor2d(sample, [nSample, d]);
  let centres: Float32Array;
  try {
    centres = new KMeans({ nClusters: nCells, nInit: 1, maxIter: 10, seed }).fit(x).centers;
  } finally {
    x.dispose();
  }
  const members = groupBy(exactNeighbours(reference, centres, d, 1).indices, nCells);
  return { centres, members, d, nRows: n };
}

/**
 * The k nearest reference rows of every query row, looked up in the `nProbe` cells of `partition` nearest
 * to the query, then re-measured in float64 and sorted (ties by index); exact without a partition or when
 * every cell is probed. Pass the same array for a self-search, where each row finds itself first.
 *
 * @example
 * ```ts
 * import { buildPartition, partitionedNeighbours } from "./_partitioned_knn.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const rows = new Float32Array(5000 * 2).map((_, i) => Math.sin(i * 0.37) * 10);
 * const partition = buildPartition(rows, 2, 0);
 * const found = partitionedNeighbours(rows, rows, 2, 3, { nProbe: 8, partition });
 * assertEquals(found.indices[3 * 42], 42);
 * ```
 *
 * @param queries Query rows, row-major.
 * @param reference Reference rows, row-major (the rows `partition` was built on).
 * @param d Columns of both.
 * @param k Neighbours per query row (at most the reference rows).
 * @param options Probed cells, the partition and progress.
 * @returns Indices and distances, nearest first.
 * @throws {RangeError} When `partition` was built on rows of another shape.
 */
export function partitionedNeighbours(
  queries: Float32Array,
  reference: Float32Array,
  d: number,
  k: number,
  { nProbe, partition, onProgress }: PartitionOptions,
): Neighbours {
  const m = queries.length / d;
  const n = reference.length / d;
  if (partition === undefined || nProbe >= partition.members.length) {
    return exactNeighbours(queries, reference, d, k, onProgress);
  }
  if (partition.d !== d || partition.nRows !== n) {
    throw new RangeError(
      `Cannot search neighbours: the partition is of ${partition.nRows} × ${partition.d} rows, the reference ${n} × ${d}`,
    );
  }
  const { centres, members } = partition;
  const nCells = members.length;
  const kept = Math.min(n, k + SLACK);
  const probes = exactNeighbours(queries, centres, d, nProbe).indices;
  const groups = groupBy(Int32Array.from({ length: m }, (_, i) => probes[i * nProbe]), nCells);
  const candidates = new Int32Array(m * kept);
  const bestScore = new Float32Array(kept);
  const bestIndex = new Int32Array(kept);
  const inUnion = new Uint8Array(nCells);
  let done = 0;
  for (const group of groups) {
    if (group.length === 0) continue;
    // The union of the group's probed cells.
    const cells: number[] = [];
    for (const q of group) {
      for (let p = 0; p < nProbe; p++) {
        const cell = probes[q * nProbe + p];
        if (!inUnion[cell]) inUnion[cell] = 1, cells.push(cell);
      }
    }
    for (const cell of cells) inUnion[cell] = 0;
    let rows = Int32Array.from(cells.flatMap((cell) => Array.from(members[cell])));
    // Too few rows in the probed cells (tiny cells): compare with all of them.
    if (rows.length < kept) rows = Int32Array.from({ length: n }, (_, i) => i);
    // Blocks of queries as in the exact search, so that a crowded cell cannot ask for a huge product.
    const blockRows = Math.max(1, Math.floor(BLOCK_ELEMENTS / rows.length));
    for (let start = 0; start < group.length; start += blockRows) {
      const block = group.subarray(start, start + blockRows);
      const scores = groupScores(queries, reference, d, block, rows);
      for (let r = 0; r < block.length; r++) {
        selectRow(scores.dots, r * rows.length, scores.norms, bestScore, bestIndex);
        for (let c = 0; c < kept; c++) candidates[block[r] * kept + c] = rows[bestIndex[c]];
      }
      done += block.length;
      onProgress?.(done / m);
    }
  }
  return rerankNeighbours(queries, reference, d, candidates, kept, k);
}

/** Indices 0..labels.length-1 grouped by label. */
function groupBy(labels: Int32Array, nLabels: number): Int32Array[] {
  const counts = new Int32Array(nLabels);
  for (const label of labels) counts[label]++;
  const groups = Array.from(counts, (count) => new Int32Array(count));
  counts.fill(0);
  labels.forEach((label, i) => groups[label][counts[label]++] = i);
  return groups;
}

/**
 * Products q·r of the group's query rows with the candidate rows, and the candidates' squared norms, both
 * centred on the candidates' mean (see `exactNeighbours`): ‖r‖² − 2q·r ranks the candidates of a row.
 */
function groupScores(
  queries: Float32Array,
  reference: Float32Array,
  d: number,
  group: Int32Array,
  rows: Int32Array,
): { dots: Float32Array; norms: Float32Array } {
  const mean = new Float64Array(d);
  for (const row of rows) for (let f = 0; f < d; f++) mean[f] += reference[row * d + f];
  for (let f = 0; f < d; f++) mean[f] /= rows.length;
  const centred = (source: Float32Array, at: Int32Array) => {
    const out = new Float32Array(at.length * d);
    at.forEach((row, i) => {
      for (let f = 0; f < d; f++) out[i * d + f] = source[row * d + f] - mean[f];
    });
    return out;
  };
  const candidateRows = centred(reference, rows);
  const norms = new Float32Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    let s = 0;
    for (let f = 0; f < d; f++) s += candidateRows[j * d + f] ** 2;
    norms[j] = s;
  }
  const product = tf.tidy(() =>
    tf.matMul(
      tf.tensor2d(centred(queries, group), [group.length, d]),
      tf.tensor2d(candidateRows, [rows.length, d]),
      false,
      true,
    )
  );
  const dots = product.dataSync() as Float32Array;
  product.dispose();
  return { dots, norms };
}
