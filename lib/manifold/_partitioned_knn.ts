// Approximate k nearest neighbours by an inverted file: k-means cells of the reference rows, each query
// compared with the rows of the cells nearest to it only. Brute force costs O(n²·d) (70k rows: 22 s in
// 10-d, 50 s in a 48-d projection here); probing a few of √n cells compares each row with a few percent of
// the others. Queries are grouped by their nearest cell and each group is compared with the union of its
// members' probed cells in one matrix product, as in the exact search.
import * as tf from "@tensorflow/tfjs";
import { KMeans } from "../cluster/kmeans.ts";
import { exactNeighbours, type Neighbours, rerankNeighbours, selectRow, SLACK } from "./_exact_knn.ts";

/** Options of {@linkcode partitionedNeighbours}. */
export interface PartitionOptions {
  /** Cells probed per query. */
  nProbe: number;
  /** Seed of the k-means partition. */
  seed: number;
  /** Called with the share of query rows done after every group. */
  onProgress?: (done: number) => void;
}

/** Below this many reference rows the search is exact: the cells would not pay for themselves. */
const MIN_PARTITIONED_ROWS = 4096;

/** Rows the k-means partition is fitted on (a seeded sample of larger references; the cells need no more). */
const PARTITION_SAMPLE = 16384;

/**
 * The k nearest reference rows of every query row, looked up in the `nProbe` k-means cells (of √n) nearest
 * to the query, then re-measured in float64 and sorted (ties by index). Exact below 4,096 reference rows.
 * Pass the same array for a self-search, where each row finds itself first.
 *
 * @param queries Query rows, row-major.
 * @param reference Reference rows, row-major.
 * @param d Columns of both.
 * @param k Neighbours per query row (at most the reference rows).
 * @param options Probed cells, seed and progress.
 * @returns Indices and distances, nearest first.
 */
export function partitionedNeighbours(
  queries: Float32Array,
  reference: Float32Array,
  d: number,
  k: number,
  { nProbe, seed, onProgress }: PartitionOptions,
): Neighbours {
  const m = queries.length / d;
  const n = reference.length / d;
  const nCells = Math.round(Math.sqrt(n));
  if (n < MIN_PARTITIONED_ROWS || nProbe >= nCells) {
    return exactNeighbours(queries, reference, d, k, onProgress);
  }
  const kept = k + SLACK;
  const centres = fitCells(reference, n, d, nCells, seed);
  const cellOf = exactNeighbours(reference, centres, d, 1).indices;
  const probes = queries === reference && nProbe === 1
    ? cellOf
    : exactNeighbours(queries, centres, d, nProbe).indices;
  const members = groupBy(cellOf, nCells);
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
    const scores = groupScores(queries, reference, d, group, rows);
    for (let r = 0; r < group.length; r++) {
      selectRow(scores.dots, r * rows.length, scores.norms, bestScore, bestIndex);
      for (let c = 0; c < kept; c++) candidates[group[r] * kept + c] = rows[bestIndex[c]];
    }
    done += group.length;
    onProgress?.(done / m);
  }
  return rerankNeighbours(queries, reference, d, candidates, kept, k);
}

/** The k-means cell centres, fitted on a seeded sample of the reference rows. */
function fitCells(reference: Float32Array, n: number, d: number, nCells: number, seed: number): Float32Array {
  const stride = n / Math.min(n, PARTITION_SAMPLE);
  const sample = new Float32Array(Math.min(n, PARTITION_SAMPLE) * d);
  for (let i = 0; i < sample.length / d; i++) {
    const row = Math.floor(i * stride);
    sample.set(reference.subarray(row * d, (row + 1) * d), i * d);
  }
  const x = tf.tensor2d(sample, [sample.length / d, d]);
  try {
    return new KMeans({ nClusters: nCells, nInit: 1, maxIter: 10, seed }).fit(x).centers;
  } finally {
    x.dispose();
  }
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
