// UMAP's out-of-sample step, as umap-learn's `UMAP.transform`: each new row's fuzzy membership to its k
// nearest fitted rows (local connectivity 0), a start at the membership-weighted mean of their embeddings,
// then the layout optimisation of the new rows alone against the fitted layout, which stays fixed, at a
// quarter of the fit's learning rate.
import { membershipStrengths, scheduleEdges, smoothKnnDist } from "./_graph.ts";
import { optimizeLayout } from "./_layout.ts";

/** What places new rows. */
export interface PlaceRowsInput {
  /** Neighbour indices into the fitted rows, `[m, k]` row-major, nearest first. */
  indices: Int32Array;
  /** Distances to them, `[m, k]` row-major. */
  distances: Float64Array;
  /** Neighbours per row. */
  k: number;
  /** The fit's local connectivity (the memberships use one less, at least 0, as umap-learn's transform). */
  localConnectivity: number;
  /** The fitted embedding, `[n, dim]` row-major (not modified). */
  embedding: Float32Array;
  /** Embedding dimension. */
  dim: number;
  /** Scale of the low-dimensional similarity 1 / (1 + a·d^(2b)). */
  a: number;
  /** Exponent (half of it) of that similarity. */
  b: number;
  /** Optimisation epochs. */
  nEpochs: number;
  /** The fit's initial learning rate (divided by 4 here). */
  learningRate: number;
  /** Negative samples per positive edge. */
  negativeSampleRate: number;
  /** Weight of the repulsive term. */
  repulsionStrength: number;
  /** Seed of the negative sampling. */
  seed: number;
}

/** Places `m` new rows; returns their embedding, `[m, dim]` row-major. */
export function placeRows(input: PlaceRowsInput): Float32Array {
  const { indices, distances, k, embedding, dim, nEpochs } = input;
  const m = indices.length / k;
  const smooth = smoothKnnDist(distances, m, k, Math.max(0, input.localConnectivity - 1));
  const memberships = membershipStrengths(indices, distances, smooth, k, true);
  // Start at the mean of the neighbours' embeddings weighted by the row-normalised memberships.
  const out = new Float32Array(m * dim);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += memberships[i * k + j];
    for (let j = 0; j < k; j++) {
      const w = sum > 0 ? memberships[i * k + j] / sum : 1 / k;
      const from = indices[i * k + j] * dim;
      for (let c = 0; c < dim; c++) out[i * dim + c] += w * embedding[from + c];
    }
  }
  const heads = new Int32Array(m * k);
  for (let e = 0; e < heads.length; e++) heads[e] = Math.floor(e / k);
  const edges = scheduleEdges({ heads, tails: indices, weights: memberships }, nEpochs);
  optimizeLayout({
    headEmbedding: out,
    tailEmbedding: embedding,
    heads: edges.heads,
    tails: edges.tails,
    epochsPerSample: edges.epochsPerSample,
    dim,
    a: input.a,
    b: input.b,
    nEpochs,
    initialAlpha: input.learningRate / 4,
    negativeSampleRate: input.negativeSampleRate,
    repulsionStrength: input.repulsionStrength,
    moveOther: false,
    seed: input.seed,
  });
  return out;
}
