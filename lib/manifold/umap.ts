/**
 * UMAP (uniform manifold approximation and projection) with scikit-learn's estimator shape, on top of
 * `umap-js`: seeded, with an optional exact nearest-neighbour graph computed on the WASM backend, a PCA
 * initialisation, and `transform` for rows unseen by `fit`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { UMAP as UmapJs } from "umap-js";
import { checkChoice, checkFitted, checkOption } from "../cluster/_validation.ts";
import { PCA } from "../decomposition/mod.ts";
import { deriveSeed, randomSeeded } from "../random/mod.ts";
import { exactNeighbours } from "./_exact_knn.ts";
import { placeRows } from "./_transform.ts";

/** How the nearest-neighbour graph is found. */
export type NeighbourSearch = "nn-descent" | "exact";

/** How the embedding starts. */
export type UMAPInit = "random" | "pca";

/** Options of {@linkcode UMAP}, with the names of `umap-learn` in camelCase. */
export interface UMAPOptions {
  /**
   * Dimension of the embedding.
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
   * Optimisation epochs of `fit`; by default umap-js's rule: 500 up to 2,500 rows, 400 up to 5,000, 300 up
   * to 7,500, else 200.
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
   * Nearest-neighbour search: `"nn-descent"` (umap-js's approximate random-projection forest and
   * NN-descent) or `"exact"` (all distances as matrix products on the WASM backend, O(n²·d); faster up to
   * a few tens of thousands of rows of low dimension).
   *
   * @default {"nn-descent"}
   */
  neighbourSearch?: NeighbourSearch;
  /**
   * Initial embedding: `"pca"` (the data's leading principal components scaled to [-10, 10], like
   * umap-learn's `init="pca"`) or `"random"` (uniform in [-10, 10], umap-js's only choice; umap-learn's
   * spectral initialisation is not available).
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
   * Seed of every random choice (search trees, initialisation, edge and negative sampling).
   *
   * @default {0}
   */
  seed?: number;
  /** Called after every optimisation epoch of `fit`. */
  onEpochEnd?: (epoch: number, nEpochs: number) => void;
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

/** The parts of umap-js's object used here that its types keep private. */
interface UmapJsInternals {
  embedding: number[][];
  optimizationState: { a: number; b: number };
}

interface UMAPState {
  data: Float32Array;
  embedding: Float32Array;
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
  /** The initialisation. */
  readonly init: UMAPInit;
  /** The distance. */
  readonly metric: "euclidean";
  /** The seed. */
  readonly seed: number;
  #onEpochEnd?: (epoch: number, nEpochs: number) => void;
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
      neighbourSearch = "nn-descent",
      init = "pca",
      metric = "euclidean",
      seed = 0,
      onEpochEnd,
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
    this.init = init;
    this.metric = metric;
    this.seed = seed;
    this.#onEpochEnd = onEpochEnd;
  }

  /** The embedding of the fitted rows, `[nSamples, nComponents]` row-major. */
  get embedding(): Float32Array {
    return this.#fitted().embedding;
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
    checkOption(owner, "nComponents", this.nComponents, { integer: true, min: 1 });
    checkOption(owner, "nNeighbors", this.nNeighbors, { integer: true, min: 2 });
    checkOption(owner, "spread", this.spread, { min: Number.MIN_VALUE });
    checkOption(owner, "minDist", this.minDist, { min: 0, max: this.spread });
    if (this.nEpochs !== undefined) checkOption(owner, "nEpochs", this.nEpochs, { integer: true, min: 1 });
    if (this.transformEpochs !== undefined) {
      checkOption(owner, "transformEpochs", this.transformEpochs, { integer: true, min: 1 });
    }
    checkOption(owner, "learningRate", this.learningRate, { min: Number.MIN_VALUE });
    checkOption(owner, "negativeSampleRate", this.negativeSampleRate, { integer: true, min: 0 });
    checkChoice(owner, "neighbourSearch", this.neighbourSearch, ["nn-descent", "exact"]);
    checkChoice(owner, "init", this.init, ["random", "pca"]);
    checkChoice(owner, "metric", this.metric, ["euclidean"]);
    checkOption(owner, "seed", this.seed, { integer: true });
    const { data, n, d } = readRows(owner, x, width);
    if (n <= this.nNeighbors) {
      throw new RangeError(
        `Cannot fit UMAP: nSamples must be > nNeighbors (${this.nNeighbors}), current value is ${n}`,
      );
    }

    const random = randomSeeded(this.seed);
    const umap = new UmapJs({
      nComponents: this.nComponents,
      nNeighbors: this.nNeighbors,
      minDist: this.minDist,
      spread: this.spread,
      nEpochs: this.nEpochs,
      learningRate: this.learningRate,
      negativeSampleRate: this.negativeSampleRate,
      random,
    });
    const rows = toVectors(data, n, d);
    const t0 = performance.now();
    if (this.neighbourSearch === "exact") {
      const knn = exactNeighbours(data, data, d, this.nNeighbors);
      umap.setPrecomputedKNN(
        toVectors(knn.indices, n, this.nNeighbors),
        toVectors(knn.distances, n, this.nNeighbors),
      );
    } else {
      // umap-js runs its search inside initializeFit; run it here to time it apart.
      const internals = umap as unknown as { nearestNeighbors(x: number[][]): Record<string, number[][]> };
      const knn = internals.nearestNeighbors(rows);
      umap.setPrecomputedKNN(knn.knnIndices, knn.knnDistances);
    }
    const t1 = performance.now();
    const nEpochs = umap.initializeFit(rows);
    if (this.init === "pca") setInitialEmbedding(umap, pcaInit(data, n, d, this.nComponents, this.seed));
    const t2 = performance.now();
    for (let epoch = 0; epoch < nEpochs;) {
      epoch = umap.step();
      this.#onEpochEnd?.(epoch, nEpochs);
    }
    const t3 = performance.now();
    const embedding = new Float32Array(n * this.nComponents);
    umap.getEmbedding().forEach((row, i) => embedding.set(row, i * this.nComponents));
    const { a, b } = (umap as unknown as UmapJsInternals).optimizationState;
    this.#state = {
      data: data.slice(),
      embedding,
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
   * Places new rows in the fitted embedding as umap-learn's `transform` does: each row's exact nearest
   * fitted rows (matrix products on the WASM backend, O(nRows·nSamples·nFeatures)) give its fuzzy
   * memberships; it starts at their weighted mean embedding and is optimised against the fitted layout,
   * which stays unchanged, with a quarter of the learning rate. (umap-js's own `transform` is not used: its
   * start points land far from the fitted rows they should join.)
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
    const knn = exactNeighbours(data, state.data, d, this.nNeighbors);
    const out = placeRows({
      ...knn,
      k: this.nNeighbors,
      embedding: state.embedding,
      dim: this.nComponents,
      a: state.a,
      b: state.b,
      nEpochs: epochs,
      learningRate: this.learningRate,
      negativeSampleRate: this.negativeSampleRate,
      repulsionStrength: 1,
      prng: randomSeeded(deriveSeed(this.seed, "umap/transform")),
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

/** Row-major values as an array of plain number rows (what umap-js takes). */
function toVectors(
  data: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> },
  n: number,
  d: number,
): number[][] {
  const rows = new Array<number[]>(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(data.subarray(i * d, i * d + d));
  return rows;
}

/** The leading principal components of the data, scaled so the largest magnitude is 10. */
function pcaInit(data: Float32Array, n: number, d: number, k: number, seed: number): Float64Array {
  const kept = Math.min(k, d, n);
  const x = tf.tensor2d(data, [n, d]);
  let projected: Float32Array;
  try {
    projected = new PCA({ nComponents: kept, seed: deriveSeed(seed, "umap/pca") }).fit(x).transform(x);
  } finally {
    x.dispose();
  }
  let max = 0;
  for (const v of projected) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? 10 / max : 1;
  // Components beyond the data's rank start with small seeded noise.
  const noise = randomSeeded(deriveSeed(seed, "umap/init-noise"));
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      out[i * k + c] = c < kept ? projected[i * kept + c] * scale : (noise() - 0.5) * 1e-2;
    }
  }
  return out;
}

/** Overwrites umap-js's initial embedding in place (the optimiser holds references to its rows). */
function setInitialEmbedding(umap: UmapJs, values: Float64Array): void {
  const embedding = (umap as unknown as UmapJsInternals).embedding;
  const k = embedding[0].length;
  embedding.forEach((row, i) => {
    for (let c = 0; c < k; c++) row[c] = values[i * k + c];
  });
}
