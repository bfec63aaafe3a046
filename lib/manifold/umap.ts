/**
 * UMAP (uniform manifold approximation and projection, McInnes et al. 2018) with scikit-learn's estimator
 * shape: umap-learn 0.5's algorithm (smooth k-NN bandwidths, fuzzy union, `find_ab_params`, the sampled
 * SGD layout and its `transform`) on typed arrays, with nearest neighbours from matrix products on the
 * WASM backend (exact, or looked up in k-means cells) and the layout loop in native WebAssembly SIMD,
 * seeded throughout. 70,000 × 343 rows to 10-d (200 epochs) take 38 s here, umap-learn 67 s.
 *
 * Written here rather than wrapping `umap-js`: umap-js keeps rows as arrays of numbers and took 57 s
 * (neighbours) + 62 s (graph) + 306 s (200 epochs) for 70,000 × 343 rows on this machine, and its
 * `transform` placed unseen rows badly.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { checkChoice, checkFitted, checkOption } from "../validation/mod.ts";
import { PCA } from "../decomposition/mod.ts";
import { deriveSeed, randomSeeded } from "../random/mod.ts";
import { findAbParams } from "./_curve.ts";
import { type Neighbours, rerankNeighbours } from "../neighbors/mod.ts";
import { buildPartition, type Partition, partitionedNeighbours } from "./_partitioned_knn.ts";
import { fuzzySimplicialSet, scheduleEdges } from "./_graph.ts";
import { optimizeLayout } from "./_layout.ts";
import { placeRows } from "./_transform.ts";

/**
 * Version of this implementation's numerics; part of the cache keys of stages that use it, so that cached
 * embeddings of an older version are not reused.
 */
export const UMAP_IMPLEMENTATION = "umap-learn-0.5.3-port/3";

/** How the nearest-neighbour graph is found. */
export type NeighbourSearch = "exact" | "projected" | "partitioned";

/** How the embedding starts. */
export type UMAPInit = "random" | "pca";

/** Options of {@linkcode UMAP}, with the names of `umap-learn` in camelCase. */
export interface UMAPOptions {
  /**
   * Dimension of the embedding (at most 64, the native layout loop's row size).
   *
   * @default {2}
   */
  nComponents?: number;
  /**
   * Size of the local neighbourhood (the row itself included).
   *
   * @default {15}
   */
  nNeighbors?: number;
  /**
   * Smallest distance between embedded points; 0 packs clusters tightly (as N2D does).
   *
   * @default {0.1}
   */
  minDist?: number;
  /**
   * Scale of the embedded points; `minDist` must not exceed it.
   *
   * @default {1}
   */
  spread?: number;
  /**
   * Optimisation epochs of `fit`; by default umap-learn's rule: 500 up to 10,000 rows, else 200.
   *
   * @default {undefined}
   */
  nEpochs?: number;
  /**
   * Optimisation epochs of `transform`; by default `nEpochs / 3` when `nEpochs` is set, else 100 for up to
   * 10,000 new rows and 30 above (umap-learn's rule).
   *
   * @default {undefined}
   */
  transformEpochs?: number;
  /**
   * Initial learning rate of the layout optimisation.
   *
   * @default {1}
   */
  learningRate?: number;
  /**
   * Negative samples per positive edge.
   *
   * @default {5}
   */
  negativeSampleRate?: number;
  /**
   * Nearest-neighbour search: `"exact"` (all distances as matrix products on the WASM backend,
   * O(n²·d)); `"projected"` (the `searchCandidates` nearest rows in a PCA projection to
   * `searchComponents` dimensions, O(n²·searchComponents), re-ranked by their exact distance: 99% of the
   * exact neighbours on 343-d autoencoder codes at a fraction of the cost); or `"partitioned"` (as
   * `"projected"` when the rows have more than `searchComponents` features, with the candidates looked up
   * in the `searchProbes` nearest of √n k-means cells instead of among all rows: 99.9% of the exact
   * neighbours of 70,000 10-d codes in 4 s instead of 22 s).
   *
   * @default {"exact"}
   */
  neighbourSearch?: NeighbourSearch;
  /**
   * Dimension of the projection of a `"projected"` or `"partitioned"` search (none when the data have no
   * more features).
   *
   * @default {48}
   */
  searchComponents?: number;
  /**
   * Candidates per row in the projection of a `"projected"` or `"partitioned"` search; by default
   * `3 · nNeighbors`.
   *
   * @default {undefined}
   */
  searchCandidates?: number;
  /**
   * Cells probed per row by a `"partitioned"` search.
   *
   * @default {8}
   */
  searchProbes?: number;
  /**
   * Number of nearest neighbours each row is assumed connected to (umap-learn's `local_connectivity`).
   *
   * @default {1}
   */
  localConnectivity?: number;
  /**
   * Weight of the repulsive samples (umap-learn's `repulsion_strength`).
   *
   * @default {1}
   */
  repulsionStrength?: number;
  /**
   * Initial embedding: `"pca"` (the data's leading principal components) or `"random"` (uniform), both
   * rescaled to [0, 10] per dimension as umap-learn does. (umap-learn's default, a spectral layout of the
   * graph, is not implemented; PCA is the informative start used here instead.)
   *
   * @default {"pca"}
   */
  init?: UMAPInit;
  /**
   * The distance; only `"euclidean"`.
   *
   * @default {"euclidean"}
   */
  metric?: "euclidean";
  /**
   * Seed of every random choice (search projection, initialisation, negative sampling).
   *
   * @default {0}
   */
  seed?: number;
  /** Called after every optimisation epoch of `fit`. */
  onEpochEnd?: (epoch: number, nEpochs: number) => void;
  /** Called with the share of rows done after every block of the neighbour search of `fit`. */
  onSearchProgress?: (done: number) => void;
}

/** Seconds spent in the parts of {@linkcode UMAP.fit}. */
export interface UMAPTimings {
  /** The nearest-neighbour search. */
  neighbours: number;
  /** The fuzzy graph, the search graph for `transform` and the initial embedding. */
  graph: number;
  /** The layout optimisation. */
  optimize: number;
}

interface UMAPState {
  data: Float32Array;
  /** The fitted rows in the search projection, with the projection (a search with a projection only). */
  projection?: { pca: PCA; rows: Float32Array; components: number };
  /** The k-means cells of the fitted search rows (a `"partitioned"` search of 4,096 rows or more only). */
  partition?: Partition;
  embedding: Float32Array;
  knnIndices: Int32Array;
  a: number;
  b: number;
  nSamples: number;
  nFeatures: number;
  nEpochs: number;
  timings: UMAPTimings;
}

/**
 * UMAP: `fit(x)` builds the fuzzy k-nearest-neighbour graph of the rows and lays it out in `nComponents`
 * dimensions; `transform(x)` places new rows against the fitted layout without changing it.
 * Same seed and data give the same embedding; `transform` restarts its own seeded stream on every call, so
 * its result does not depend on earlier calls.
 *
 * @example
 * ```ts
 * import { UMAP } from "./umap.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assert, assertEquals } from "../std.ts";
 * await initTensorBackend();
 * // Two tight groups of 20 points in 3-d.
 * const x = new Float32Array(40 * 3).map((_, i) => (i < 60 ? 0 : 5) + ((i * 7919) % 13) / 130);
 * const umap = new UMAP({ nComponents: 2, nNeighbors: 5, nEpochs: 50, seed: 1 }).fit(x, 3);
 * assertEquals(umap.embedding.length, 40 * 2);
 * const e = umap.embedding;
 * const gap = Math.hypot(e[0] - e[78], e[1] - e[79]);
 * const within = Math.hypot(e[0] - e[2], e[1] - e[3]);
 * assert(gap > within);
 * ```
 */
export class UMAP {
  /** Embedding dimension. */
  readonly nComponents: number;
  /** Neighbourhood size. */
  readonly nNeighbors: number;
  /** Smallest embedded distance. */
  readonly minDist: number;
  /** Scale of the embedding. */
  readonly spread: number;
  /** Fit epochs, when set. */
  readonly nEpochs: number | undefined;
  /** Transform epochs, when set. */
  readonly transformEpochs: number | undefined;
  /** Initial learning rate. */
  readonly learningRate: number;
  /** Negative samples per edge. */
  readonly negativeSampleRate: number;
  /** The nearest-neighbour search. */
  readonly neighbourSearch: NeighbourSearch;
  /** Dimension of a projected search. */
  readonly searchComponents: number;
  /** Candidates per row of a projected search, when set. */
  readonly searchCandidates: number | undefined;
  /** Cells probed per row by a partitioned search. */
  readonly searchProbes: number;
  /** Assumed local connectivity. */
  readonly localConnectivity: number;
  /** Weight of the repulsive samples. */
  readonly repulsionStrength: number;
  /** The initialisation. */
  readonly init: UMAPInit;
  /** The distance. */
  readonly metric: "euclidean";
  /** The seed. */
  readonly seed: number;
  #onEpochEnd?: (epoch: number, nEpochs: number) => void;
  #onSearchProgress?: (done: number) => void;
  #state?: UMAPState;

  /**
   * Stores the options; they are validated by {@linkcode UMAP.fit}.
   *
   * @param options The hyper-parameters.
   */
  constructor(
    {
      nComponents = 2,
      nNeighbors = 15,
      minDist = 0.1,
      spread = 1,
      nEpochs,
      transformEpochs,
      learningRate = 1,
      negativeSampleRate = 5,
      neighbourSearch = "exact",
      searchComponents = 48,
      searchCandidates,
      searchProbes = 8,
      localConnectivity = 1,
      repulsionStrength = 1,
      init = "pca",
      metric = "euclidean",
      seed = 0,
      onEpochEnd,
      onSearchProgress,
    }: UMAPOptions = {},
  ) {
    this.nComponents = nComponents;
    this.nNeighbors = nNeighbors;
    this.minDist = minDist;
    this.spread = spread;
    this.nEpochs = nEpochs;
    this.transformEpochs = transformEpochs;
    this.learningRate = learningRate;
    this.negativeSampleRate = negativeSampleRate;
    this.neighbourSearch = neighbourSearch;
    this.searchComponents = searchComponents;
    this.searchCandidates = searchCandidates;
    this.searchProbes = searchProbes;
    this.localConnectivity = localConnectivity;
    this.repulsionStrength = repulsionStrength;
    this.init = init;
    this.metric = metric;
    this.seed = seed;
    this.#onEpochEnd = onEpochEnd;
    this.#onSearchProgress = onSearchProgress;
  }

  /** The embedding of the fitted rows, `[nSamples, nComponents]` row-major. */
  get embedding(): Float32Array {
    return this.#fitted().embedding;
  }
  /** The neighbours of every fitted row found by the search, `[nSamples, nNeighbors]`, nearest first. */
  get knnIndices(): Int32Array {
    return this.#fitted().knnIndices;
  }
  /** Number of rows seen by `fit`. */
  get nSamples(): number {
    return this.#fitted().nSamples;
  }
  /** Number of features seen by `fit`. */
  get nFeatures(): number {
    return this.#fitted().nFeatures;
  }
  /** Epochs the fit ran. */
  get nEpochsRun(): number {
    return this.#fitted().nEpochs;
  }
  /** Seconds spent in each part of the fit. */
  get timings(): UMAPTimings {
    return this.#fitted().timings;
  }

  /**
   * Embeds the rows of `x`.
   *
   * @param x The data: a `[nSamples, nFeatures]` tensor, or a row-major `Float32Array` with `width`.
   * @param width The row width when `x` is a `Float32Array`.
   * @returns This estimator, fitted.
   * @throws {RangeError} When an option is out of range, `nSamples <= nNeighbors`, or `x` holds NaN/Inf.
   * @throws {TypeError} When `x` is not a 2-D tensor or a `Float32Array` of whole rows.
   */
  fit(x: tf.Tensor2D | Float32Array, width?: number): this {
    const owner = "fit UMAP";
    checkOption(owner, "nComponents", this.nComponents, { integer: true, min: 1, max: 64 });
    checkOption(owner, "nNeighbors", this.nNeighbors, { integer: true, min: 2 });
    checkOption(owner, "spread", this.spread, { min: Number.MIN_VALUE });
    checkOption(owner, "minDist", this.minDist, { min: 0, max: this.spread });
    if (this.nEpochs !== undefined) checkOption(owner, "nEpochs", this.nEpochs, { integer: true, min: 1 });
    if (this.transformEpochs !== undefined) {
      checkOption(owner, "transformEpochs", this.transformEpochs, { integer: true, min: 1 });
    }
    checkOption(owner, "learningRate", this.learningRate, { min: Number.MIN_VALUE });
    checkOption(owner, "negativeSampleRate", this.negativeSampleRate, { integer: true, min: 0 });
    checkChoice(owner, "neighbourSearch", this.neighbourSearch, ["exact", "projected", "partitioned"]);
    checkOption(owner, "searchProbes", this.searchProbes, { integer: true, min: 1 });
    checkOption(owner, "searchComponents", this.searchComponents, { integer: true, min: 1 });
    if (this.searchCandidates !== undefined) {
      checkOption(owner, "searchCandidates", this.searchCandidates, { integer: true, min: this.nNeighbors });
    }
    checkOption(owner, "localConnectivity", this.localConnectivity, { min: 0 });
    checkOption(owner, "repulsionStrength", this.repulsionStrength, { min: 0 });
    checkChoice(owner, "init", this.init, ["random", "pca"]);
    checkChoice(owner, "metric", this.metric, ["euclidean"]);
    checkOption(owner, "seed", this.seed, { integer: true });
    const { data, n, d } = readRows(owner, x, width);
    if (n <= this.nNeighbors) {
      throw new RangeError(
        `Cannot fit UMAP: nSamples must be > nNeighbors (${this.nNeighbors}), current value is ${n}`,
      );
    }
    // umap-learn's curve fit fails for small spreads (spread 0.1, minDist 0 gives a = -37, b = -19 there
    // and a = -33, b = -17 here); such a curve has no meaning as a similarity, so it is refused.
    const { a, b } = findAbParams(this.spread, this.minDist);
    if (!(a > 0 && b > 0)) {
      throw new RangeError(
        `Cannot fit UMAP: spread ${this.spread} with minDist ${this.minDist} gives no usable similarity curve ` +
          `(a = ${a.toPrecision(4)}, b = ${b.toPrecision(4)}; both must be > 0); use a larger spread`,
      );
    }
    const k = this.nComponents;
    const defaultEpochs = n <= 10000 ? 500 : 200;
    const nEpochs = this.nEpochs ?? defaultEpochs;

    const t0 = performance.now();
    let projection: UMAPState["projection"];
    const components = Math.min(this.searchComponents, n);
    if (this.neighbourSearch !== "exact" && components < d) {
      const pca = new PCA({ nComponents: components });
      projection = { pca, rows: projectRows(pca, data, n, d, true), components };
    }
    const searchRows = projection?.rows ?? data;
    const searchWidth = projection?.components ?? d;
    const partition = this.neighbourSearch === "partitioned"
      ? buildPartition(searchRows, searchWidth, deriveSeed(this.seed, "umap/cells"))
      : undefined;
    const knn = this.#neighbours(
      searchRows,
      searchRows,
      searchWidth,
      data,
      data,
      d,
      partition,
      this.#onSearchProgress,
    );
    const t1 = performance.now();
    const graph = fuzzySimplicialSet(knn.indices, knn.distances, n, this.nNeighbors, this.localConnectivity);
    // As umap-learn: very short runs still prune as a default-length run would.
    const edges = scheduleEdges(graph, nEpochs, nEpochs > 10 ? nEpochs : defaultEpochs);
    const embedding = initialEmbedding(this.init, data, n, d, k, this.seed, projection);
    const t2 = performance.now();
    optimizeLayout({
      headEmbedding: embedding,
      tailEmbedding: embedding,
      heads: edges.heads,
      tails: edges.tails,
      epochsPerSample: edges.epochsPerSample,
      dim: k,
      a,
      b,
      nEpochs,
      initialAlpha: this.learningRate,
      negativeSampleRate: this.negativeSampleRate,
      repulsionStrength: this.repulsionStrength,
      moveOther: true,
      seed: deriveSeed(this.seed, "umap/layout"),
      onEpochEnd: (epoch) => this.#onEpochEnd?.(epoch, nEpochs),
    });
    const t3 = performance.now();
    this.#state = {
      data: data.slice(),
      projection,
      partition,
      embedding,
      knnIndices: knn.indices,
      a,
      b,
      nSamples: n,
      nFeatures: d,
      nEpochs,
      timings: { neighbours: (t1 - t0) / 1000, graph: (t2 - t1) / 1000, optimize: (t3 - t2) / 1000 },
    };
    return this;
  }

  /**
   * Places new rows in the fitted embedding as umap-learn's `transform` does: each row's nearest fitted
   * rows (found as in `fit`) give its fuzzy memberships; it starts at their weighted mean embedding and is
   * optimised against the fitted layout, which stays unchanged, with a quarter of the learning rate.
   *
   * @param x The rows: a `[nRows, nFeatures]` tensor, or a row-major `Float32Array` with `width`.
   * @param width The row width when `x` is a `Float32Array`.
   * @returns Their embedding, `[nRows, nComponents]` row-major.
   * @throws {Error} When called before `fit`.
   * @throws {TypeError} When `x` has another number of features than the fitted rows.
   */
  transform(x: tf.Tensor2D | Float32Array, width?: number): Float32Array {
    const state = this.#fitted();
    const owner = "transform with UMAP";
    const { data, n, d } = readRows(owner, x, width);
    if (d !== state.nFeatures) {
      throw new TypeError(
        `Cannot ${owner}: x must have ${state.nFeatures} features as seen in fit, current value is ${d}`,
      );
    }
    const epochs = this.transformEpochs ??
      (this.nEpochs !== undefined ? Math.max(1, Math.floor(this.nEpochs / 3)) : n <= 10000 ? 100 : 30);
    const { projection, partition } = state;
    const knn = this.#neighbours(
      projection ? projectRows(projection.pca, data, n, d, false) : data,
      projection?.rows ?? state.data,
      projection?.components ?? d,
      data,
      state.data,
      d,
      partition,
    );
    const out = placeRows({
      ...knn,
      k: this.nNeighbors,
      localConnectivity: this.localConnectivity,
      embedding: state.embedding,
      dim: this.nComponents,
      a: state.a,
      b: state.b,
      nEpochs: epochs,
      learningRate: this.learningRate,
      negativeSampleRate: this.negativeSampleRate,
      repulsionStrength: this.repulsionStrength,
      seed: deriveSeed(this.seed, "umap/transform"),
    });
    return out;
  }

  /**
   * Fits on `x` and returns its embedding.
   *
   * @param x The data, as for {@linkcode UMAP.fit}.
   * @param width The row width when `x` is a `Float32Array`.
   * @returns The embedding, `[nSamples, nComponents]` row-major.
   */
  fitTransform(x: tf.Tensor2D | Float32Array, width?: number): Float32Array {
    return this.fit(x, width).embedding;
  }

  /**
   * The `nNeighbors` nearest reference rows of every query row. When the search rows are a projection
   * (`width` below the features `d`), the `searchCandidates` nearest there are re-ranked by their distance
   * in the full rows. The search is exact without a partition of the reference search rows.
   */
  #neighbours(
    queries: Float32Array,
    reference: Float32Array,
    width: number,
    fullQueries: Float32Array,
    fullReference: Float32Array,
    d: number,
    partition: Partition | undefined,
    onProgress?: (done: number) => void,
  ): Neighbours {
    const nReference = reference.length / width;
    const k = width < d
      ? Math.min(nReference, this.searchCandidates ?? 3 * this.nNeighbors)
      : this.nNeighbors;
    // Exact without a partition.
    const found = partitionedNeighbours(queries, reference, width, k, {
      nProbe: this.searchProbes,
      partition,
      onProgress,
    });
    return width < d
      ? rerankNeighbours(fullQueries, fullReference, d, found.indices, k, this.nNeighbors)
      : found;
  }

  #fitted(): UMAPState {
    return checkFitted(this.#state, "UMAP");
  }
}

/** Reads a tensor or a Float32Array with its width into row-major values, checking shape and finiteness. */
function readRows(
  owner: string,
  x: tf.Tensor2D | Float32Array,
  width: number | undefined,
): { data: Float32Array; n: number; d: number } {
  let data: Float32Array;
  let n: number;
  let d: number;
  if (x instanceof Float32Array) {
    if (width === undefined || !Number.isInteger(width) || width < 1 || x.length % width !== 0) {
      throw new TypeError(
        `Cannot ${owner}: width must be an integer >= 1 that divides x.length (${x.length}), current value is ${width}`,
      );
    }
    data = x;
    d = width;
    n = x.length / width;
  } else if (x && typeof x === "object" && "rank" in x && x.rank === 2) {
    [n, d] = x.shape;
    data = x.dtype === "float32" ? x.dataSync() as Float32Array : Float32Array.from(x.dataSync());
  } else {
    throw new TypeError(
      `Cannot ${owner}: x must be a 2-D tensor or a Float32Array with a width, current type is ${typeof x}`,
    );
  }
  if (n < 1 || d < 1) {
    throw new TypeError(`Cannot ${owner}: x must not be empty, current shape is [${n}, ${d}]`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(
        `Cannot ${owner}: x must hold finite values, current value at [${Math.floor(i / d)}, ${i % d}] is ${
          data[i]
        }`,
      );
    }
  }
  return { data, n, d };
}

/** Projects rows with a PCA, fitting it first when `fit`. */
function projectRows(pca: PCA, data: Float32Array, n: number, d: number, fit: boolean): Float32Array {
  const x = tf.tensor2d(data, [n, d]);
  try {
    if (fit) pca.fit(x);
    return pca.transform(x);
  } finally {
    x.dispose();
  }
}

/**
 * The starting layout: the leading principal components (plus noise of 1e-4 so coincident rows differ) or
 * uniform noise, then each dimension rescaled to [0, 10] as umap-learn does before optimising.
 */
function initialEmbedding(
  init: UMAPInit,
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  seed: number,
  search?: UMAPState["projection"],
): Float32Array {
  const noise = randomSeeded(deriveSeed(seed, "umap/init"));
  const out = new Float32Array(n * k);
  if (init === "pca") {
    const kept = Math.min(k, d, n);
    // The search's projection already holds the leading components: reuse its first columns.
    const reuse = search !== undefined && search.components >= kept;
    const width = reuse ? search.components : kept;
    const projected = reuse ? search.rows : projectRows(
      new PCA({ nComponents: kept }),
      data,
      n,
      d,
      true,
    );
    let max = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < kept; c++) max = Math.max(max, Math.abs(projected[i * width + c]));
    }
    const scale = max > 0 ? 10 / max : 1;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        out[i * k + c] = (c < kept ? projected[i * width + c] * scale : 0) + (noise() - 0.5) * 2e-4;
      }
    }
  } else {
    for (let i = 0; i < out.length; i++) out[i] = noise() * 20 - 10;
  }
  for (let c = 0; c < k; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, out[i * k + c]);
      hi = Math.max(hi, out[i * k + c]);
    }
    const scale = hi > lo ? 10 / (hi - lo) : 1;
    for (let i = 0; i < n; i++) out[i * k + c] = (out[i * k + c] - lo) * scale;
  }
  return out;
}
