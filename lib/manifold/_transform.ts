// UMAP's out-of-sample step, as umap-learn's `UMAP.transform`: each new row's fuzzy membership to its k
// nearest fitted rows, a start at the weighted mean of their embeddings, then SGD on the fuzzy cross-entropy
// against the fitted layout, which stays fixed (initial learning rate / 4). umap-js 1.4's own `transform`
// is not used: its start points land far from the fitted rows they should join.
import type { Prng } from "../random/mod.ts";

/** What places new rows. */
export interface PlaceRowsInput {
  /** Neighbour indices into the fitted rows, `[m, k]` row-major, nearest first. */
  indices: Int32Array;
  /** Distances to them, `[m, k]` row-major. */
  distances: Float64Array;
  /** Neighbours per row. */
  k: number;
  /** The fitted embedding, `[n, dim]` row-major (not modified). */
  embedding: Float32Array;
  /** Embedding dimension. */
  dim: number;
  /** Curve parameters of the low-dimensional similarity 1 / (1 + a·d^(2b)). */
  a: number;
  b: number;
  /** Optimisation epochs. */
  nEpochs: number;
  /** The fit's initial learning rate (divided by 4 here). */
  learningRate: number;
  /** Negative samples per positive edge. */
  negativeSampleRate: number;
  /** Weight of the repulsive term. */
  repulsionStrength: number;
  /** The random stream of negative sampling. */
  prng: Prng;
}

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/**
 * umap-learn's `smooth_knn_dist` with `local_connectivity = 0` (its transform's setting): the bandwidth
 * sigma of each row such that the memberships exp(-d/sigma) of neighbours 2…k sum to log2(k).
 */
export function smoothKnnSigmas(distances: Float64Array, m: number, k: number): Float64Array {
  const target = Math.log2(k);
  const sigmas = new Float64Array(m);
  let meanAll = 0;
  for (let i = 0; i < distances.length; i++) meanAll += distances[i];
  meanAll /= Math.max(distances.length, 1);
  for (let i = 0; i < m; i++) {
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let iter = 0; iter < 64; iter++) {
      let psum = 0;
      for (let j = 1; j < k; j++) {
        const dist = distances[i * k + j];
        psum += dist > 0 ? Math.exp(-dist / mid) : 1;
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
    sigmas[i] = Math.max(mid, MIN_K_DIST_SCALE * meanAll);
  }
  return sigmas;
}

/** Places `m` new rows; returns their embedding, `[m, dim]` row-major. */
export function placeRows(input: PlaceRowsInput): Float32Array {
  const {
    indices,
    distances,
    k,
    embedding,
    dim,
    a,
    b,
    nEpochs,
    negativeSampleRate,
    repulsionStrength,
    prng,
  } = input;
  const m = indices.length / k;
  const nVertices = embedding.length / dim;
  const sigmas = smoothKnnSigmas(distances, m, k);
  // Memberships, row-normalised (l1).
  const weights = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const w = sigmas[i] > 0 ? Math.exp(-distances[i * k + j] / sigmas[i]) : 1;
      weights[i * k + j] = w;
      sum += w;
    }
    for (let j = 0; j < k; j++) weights[i * k + j] = sum > 0 ? weights[i * k + j] / sum : 1 / k;
  }
  // Start at the weighted mean of the neighbours' embeddings.
  const out = new Float32Array(m * dim);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < k; j++) {
      const w = weights[i * k + j];
      const from = indices[i * k + j] * dim;
      for (let c = 0; c < dim; c++) out[i * dim + c] += w * embedding[from + c];
    }
  }
  // Edges weaker than max / nEpochs are dropped; the others are sampled in proportion to their weight.
  let max = 0;
  for (const w of weights) max = Math.max(max, w);
  const edges: number[] = [];
  for (let e = 0; e < weights.length; e++) if (weights[e] >= max / nEpochs && weights[e] > 0) edges.push(e);
  const epochsPerSample = new Float64Array(edges.length);
  edges.forEach((e, s) => epochsPerSample[s] = max / weights[e]);
  const epochsPerNegative = epochsPerSample.map((v) => v / negativeSampleRate);
  const nextSample = epochsPerSample.slice();
  const nextNegative = epochsPerNegative.slice();
  const initialAlpha = input.learningRate / 4;
  const current = new Float64Array(dim);
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const alpha = initialAlpha * (1 - epoch / nEpochs);
    for (let s = 0; s < edges.length; s++) {
      if (nextSample[s] > epoch) continue;
      const e = edges[s];
      const head = Math.floor(e / k) * dim;
      const tail = indices[e] * dim;
      for (let c = 0; c < dim; c++) current[c] = out[head + c];
      let d2 = 0;
      for (let c = 0; c < dim; c++) d2 += (current[c] - embedding[tail + c]) ** 2;
      if (d2 > 0) {
        const coeff = (-2 * a * b * Math.pow(d2, b - 1)) / (a * Math.pow(d2, b) + 1);
        for (let c = 0; c < dim; c++) {
          current[c] += clip(coeff * (current[c] - embedding[tail + c])) * alpha;
        }
      }
      nextSample[s] += epochsPerSample[s];
      const nNegative = Math.floor((epoch - nextNegative[s]) / epochsPerNegative[s]);
      for (let p = 0; p < nNegative; p++) {
        const other = Math.floor(prng() * nVertices) * dim;
        let n2 = 0;
        for (let c = 0; c < dim; c++) n2 += (current[c] - embedding[other + c]) ** 2;
        if (n2 <= 0) continue;
        const coeff = (2 * repulsionStrength * b) / ((0.001 + n2) * (a * Math.pow(n2, b) + 1));
        for (let c = 0; c < dim; c++) {
          current[c] += clip(coeff * (current[c] - embedding[other + c])) * alpha;
        }
      }
      nextNegative[s] += nNegative * epochsPerNegative[s];
      for (let c = 0; c < dim; c++) out[head + c] = current[c];
    }
  }
  return out;
}

function clip(v: number): number {
  return v > 4 ? 4 : v < -4 ? -4 : v;
}
