// UMAP's fuzzy simplicial set, as umap-learn 0.5 builds it: per-row bandwidths from the k-nearest-neighbour
// distances (`smooth_knn_dist`), directed memberships exp(-(d - rho) / sigma)
// (`compute_membership_strengths`), the fuzzy union w + wᵀ - w∘wᵀ, and the sampling schedule of the
// layout optimisation (`make_epochs_per_sample`). Graphs are typed arrays, edges sorted by (head, tail).

/** Edges of a weighted graph in coordinate form, sorted by head then tail. */
export interface EdgeList {
  /** Source row of every edge. */
  heads: Int32Array;
  /** Target row of every edge. */
  tails: Int32Array;
  /** Membership strength of every edge, in (0, 1]. */
  weights: Float64Array;
}

/** Bandwidths of the rows' memberships. */
export interface SmoothKnn {
  /** sigma of every row. */
  sigmas: Float64Array;
  /** rho of every row: the distance to its `localConnectivity`-th nearest non-identical neighbour. */
  rhos: Float64Array;
}

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/**
 * umap-learn's `smooth_knn_dist`: for every row, rho is the distance to its `localConnectivity`-th nearest
 * non-zero-distance neighbour (interpolated) and sigma is found by bisection such that the memberships
 * exp(-max(0, d - rho) / sigma) of neighbours 2…k sum to log2(k); sigma is at least 1e-3 of the row's
 * (rho > 0) or all rows' mean distance. Distances are rounded to float32 first, as umap-learn does.
 *
 * @param distances `[m, k]` row-major, each row sorted ascending.
 */
export function smoothKnnDist(
  distances: Float64Array,
  m: number,
  k: number,
  localConnectivity: number,
): SmoothKnn {
  const dist = Float32Array.from(distances);
  const target = Math.log2(k);
  const sigmas = new Float64Array(m);
  const rhos = new Float64Array(m);
  let meanAll = 0;
  for (let i = 0; i < dist.length; i++) meanAll += dist[i];
  meanAll /= Math.max(dist.length, 1);
  const nonZero = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    const row = i * k;
    let count = 0;
    let rowSum = 0;
    for (let j = 0; j < k; j++) {
      rowSum += dist[row + j];
      if (dist[row + j] > 0) nonZero[count++] = dist[row + j];
    }
    let rho = 0;
    if (count >= localConnectivity) {
      const index = Math.floor(localConnectivity);
      const interpolation = localConnectivity - index;
      if (index > 0) {
        rho = nonZero[index - 1];
        if (interpolation > SMOOTH_K_TOLERANCE) rho += interpolation * (nonZero[index] - nonZero[index - 1]);
      } else {
        rho = interpolation * nonZero[0];
      }
    } else if (count > 0) {
      rho = nonZero[count - 1];
    }
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let iter = 0; iter < 64; iter++) {
      let psum = 0;
      for (let j = 1; j < k; j++) {
        const d = dist[row + j] - rho;
        psum += d > 0 ? Math.exp(-d / mid) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? rowSum / k : meanAll);
    sigmas[i] = Math.max(mid, floor);
    rhos[i] = rho;
  }
  return { sigmas, rhos };
}

/**
 * umap-learn's `compute_membership_strengths`: the directed membership of each row to each of its
 * neighbours, `[m, k]` row-major. A row's own entry is 0 unless `bipartite` (queries against other rows).
 */
export function membershipStrengths(
  indices: Int32Array,
  distances: Float64Array,
  { sigmas, rhos }: SmoothKnn,
  k: number,
  bipartite: boolean,
): Float64Array {
  const m = sigmas.length;
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < k; j++) {
      const e = i * k + j;
      const d = Math.fround(distances[e]) - rhos[i];
      if (!bipartite && indices[e] === i) out[e] = 0;
      else if (d <= 0 || sigmas[i] === 0) out[e] = 1;
      else out[e] = Math.exp(-d / sigmas[i]);
    }
  }
  return out;
}

/**
 * The fuzzy simplicial set of a k-nearest-neighbour graph (umap-learn's `fuzzy_simplicial_set` with
 * `set_op_mix_ratio = 1`): memberships w of every row to its neighbours, symmetrised by the fuzzy union
 * w + wᵀ - w∘wᵀ. Both directions of every edge are listed; zero weights are dropped.
 *
 * @param indices `[n, k]` row-major neighbour indices, each row's own index among them (its membership is
 * 0; with duplicate rows, as in umap-learn, a duplicate may stand in its place).
 * @param distances `[n, k]` row-major distances, ascending per row.
 */
export function fuzzySimplicialSet(
  indices: Int32Array,
  distances: Float64Array,
  n: number,
  k: number,
  localConnectivity: number,
): EdgeList {
  const smooth = smoothKnnDist(distances, n, k, localConnectivity);
  const w = membershipStrengths(indices, distances, smooth, k, false);
  // Directed edges as CSR sorted by target, duplicates summed (as scipy's coo → csr does).
  const directed = toCsr(n, indices, w, k);
  const reverse = transposeCsr(n, directed);
  // Union of the two sparsity patterns, row by row (both sorted by column).
  const heads: number[] = [];
  const tails: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    let p = directed.offsets[i];
    let q = reverse.offsets[i];
    const pEnd = directed.offsets[i + 1];
    const qEnd = reverse.offsets[i + 1];
    while (p < pEnd || q < qEnd) {
      const cp = p < pEnd ? directed.columns[p] : n;
      const cq = q < qEnd ? reverse.columns[q] : n;
      const column = Math.min(cp, cq);
      const a = cp === column ? directed.values[p++] : 0;
      const b = cq === column ? reverse.values[q++] : 0;
      const value = a + b - a * b;
      if (value !== 0) {
        heads.push(i);
        tails.push(column);
        weights.push(value);
      }
    }
  }
  return {
    heads: Int32Array.from(heads),
    tails: Int32Array.from(tails),
    weights: Float64Array.from(weights),
  };
}

/**
 * Drops the edges weaker than max / `pruneEpochs` (with `pruneEpochs = nEpochs`, those that would be sampled
 * less than once) and returns the rest with umap-learn's `make_epochs_per_sample`: an edge of weight w is
 * sampled every max / w epochs of `nEpochs`.
 *
 * @example
 * ```ts
 * import { scheduleEdges } from "./_graph.ts";
 * import { assertEquals } from "../std.ts";
 * const heads = new Int32Array([0, 1, 2]);
 * const tails = new Int32Array([1, 0, 0]);
 * const edges = scheduleEdges({ heads, tails, weights: new Float64Array([1, 0.5, 0.001]) }, 100);
 * assertEquals(Array.from(edges.epochsPerSample), [1, 2]);
 * ```
 *
 * @param graph The weighted edges.
 * @param nEpochs Epochs of the optimisation.
 * @param pruneEpochs Epochs whose reciprocal sets the pruning threshold (umap-learn's fit uses its default
 * epochs when `nEpochs` ≤ 10).
 * @returns The kept edges with their sampling periods.
 */
export function scheduleEdges(
  graph: EdgeList,
  nEpochs: number,
  pruneEpochs = nEpochs,
): EdgeList & { epochsPerSample: Float64Array } {
  let max = 0;
  for (const w of graph.weights) max = Math.max(max, w);
  const keep: number[] = [];
  for (let e = 0; e < graph.weights.length; e++) {
    if (graph.weights[e] >= max / pruneEpochs && graph.weights[e] > 0) keep.push(e);
  }
  const heads = new Int32Array(keep.length);
  const tails = new Int32Array(keep.length);
  const weights = new Float64Array(keep.length);
  const epochsPerSample = new Float64Array(keep.length);
  keep.forEach((e, s) => {
    heads[s] = graph.heads[e];
    tails[s] = graph.tails[e];
    weights[s] = graph.weights[e];
    // n_epochs / (n_epochs · w / max), as umap-learn computes it.
    epochsPerSample[s] = nEpochs / (nEpochs * (graph.weights[e] / max));
  });
  return { heads, tails, weights, epochsPerSample };
}

interface Csr {
  offsets: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

/** `[n, k]` neighbour lists as CSR with columns sorted and duplicates summed; zero values dropped. */
function toCsr(n: number, indices: Int32Array, values: Float64Array, k: number): Csr {
  const offsets = new Int32Array(n + 1);
  const columns: number[] = [];
  const out: number[] = [];
  const order = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) order[j] = j;
    order.sort((x, y) => indices[i * k + x] - indices[i * k + y]);
    let last = -1;
    for (let j = 0; j < k; j++) {
      const e = i * k + order[j];
      if (values[e] === 0 || indices[e] < 0) continue;
      if (indices[e] === last) out[out.length - 1] += values[e];
      else {
        columns.push(indices[e]);
        out.push(values[e]);
        last = indices[e];
      }
    }
    offsets[i + 1] = columns.length;
  }
  return { offsets, columns: Int32Array.from(columns), values: Float64Array.from(out) };
}

/** The transpose of an `n×n` CSR matrix (columns come out sorted). */
function transposeCsr(n: number, m: Csr): Csr {
  const counts = new Int32Array(n + 1);
  for (const c of m.columns) counts[c + 1]++;
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const offsets = counts.slice();
  const next = counts.slice(0, n);
  const columns = new Int32Array(m.columns.length);
  const values = new Float64Array(m.columns.length);
  for (let i = 0; i < n; i++) {
    for (let p = m.offsets[i]; p < m.offsets[i + 1]; p++) {
      const at = next[m.columns[p]]++;
      columns[at] = i;
      values[at] = m.values[p];
    }
  }
  return { offsets, columns, values };
}
