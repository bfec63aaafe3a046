/**
 * Spectral embedding and spectral clustering of a sparse symmetric affinity graph (for example UMAP's fuzzy
 * simplicial set), with scikit-learn's conventions, in float64 typed arrays.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { symmetricEigen } from "../decomposition/symmetric_eigen.ts";
import { type Prng, randomSeeded } from "../random/mod.ts";
import { KMeans } from "./kmeans.ts";
import { checkOption } from "./_validation.ts";

/**
 * A weighted undirected graph in coordinate (COO) form: edge `e` joins `rows[e]` and `cols[e]` with weight
 * `weights[e]`. The matrix must be symmetric (both `(i, j)` and `(j, i)` listed with the same weight): that
 * is the caller's job and is not checked. Duplicate entries are summed and self-loops (`rows[e] ===
 * cols[e]`) are ignored, as `scipy.sparse.csgraph.laplacian` does.
 */
export interface AffinityGraph {
  /** Number of nodes. */
  n: number;
  /** Row (source node) of every edge, in `[0, n)`. */
  rows: Int32Array;
  /** Column (target node) of every edge, in `[0, n)`. */
  cols: Int32Array;
  /** Weight of every edge: finite and >= 0. */
  weights: Float32Array | Float64Array;
}

/** Options of {@linkcode spectralEmbedding}. */
export interface SpectralEmbeddingOptions {
  /** Number of eigenvectors, in `[1, n]`. */
  nComponents: number;
  /**
   * Seed of the random start block (and of the vectors that replace numerically dependent ones).
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Maximum number of Rayleigh–Ritz iterations (each preceded by a Chebyshev filter of up to 24 products with
   * the normalised adjacency).
   *
   * @default {300}
   */
  maxIter?: number;
  /**
   * Convergence tolerance: the solver stops when every wanted unit eigenvector `v` with eigenvalue `λ` of the
   * normalised adjacency `A` has a residual `‖Av − λv‖₂ <= tol` (the spectrum of `A` lies in [-1, 1], so
   * this is also relative). Eigenvalues are then accurate to about `tol²/gap` and vectors to `tol/gap`.
   *
   * @default {1e-6}
   */
  tol?: number;
}

/** The result of {@linkcode spectralEmbedding}. */
export interface SpectralEmbedding {
  /**
   * Row-major `[n, nComponents]`: column `t` is the `t`-th eigenvector (by ascending Laplacian eigenvalue)
   * divided row-wise by `sqrt(degree)` (1 for an isolated node), its sign chosen so that its entry of
   * largest magnitude is positive (scikit-learn's `_deterministic_vector_sign_flip`).
   */
  embedding: Float64Array;
  /**
   * The `nComponents` smallest eigenvalues of the normalised Laplacian `L = I − D^-1/2 W D^-1/2`, ascending
   * (one minus those of the normalised adjacency), each in [0, 2] up to rounding.
   */
  eigenvalues: Float64Array;
  /** Number of Rayleigh–Ritz iterations run. */
  nIter: number;
  /** Number of block products with the normalised adjacency. */
  nMatvec: number;
  /** Whether every wanted residual reached `tol` within `maxIter` iterations. */
  converged: boolean;
}

/** Extra vectors in the iterated block beyond `nComponents`: they speed up convergence of the last ones. */
const OVERSAMPLE = 5;
/** Largest Chebyshev filter degree between two Rayleigh–Ritz steps. */
const MAX_DEGREE = 24;
/**
 * Largest amplification of the filter on [-1, 1]: it bounds the rounding error that orthonormalisation
 * leaves in the weakest direction of the block (about 1e-16 × this), hence the reachable residual.
 */
const MAX_GROWTH = 1e6;
/** A column whose norm drops below this fraction in orthonormalisation is replaced by a random one. */
const DEPENDENT = 1e-10;

/**
 * Spectral embedding of a graph, like scikit-learn 1.2's `spectral_embedding(adjacency, n_components,
 * norm_laplacian=True, drop_first=False)`: the eigenvectors of the normalised adjacency `D^-1/2 W D^-1/2`
 * with the largest eigenvalues (those of the normalised Laplacian with the smallest), each divided row-wise by
 * `sqrt(degree)` and sign-flipped so its largest-magnitude entry is positive.
 *
 * The degree of a node is the sum of the weights of its edges to other nodes. An isolated node (degree 0)
 * is treated as scikit-learn (scipy's `csgraph.laplacian`) does: its `sqrt(degree)` is taken as 1, so its
 * row of the normalised adjacency is zero and it contributes an eigenvalue 1 to the Laplacian; no NaN
 * appears.
 *
 * The Laplacian eigenvalue 0 is solved exactly: each connected component with an edge contributes one,
 * with the eigenvector `sqrt(degree)` on the component (so a column of the embedding is constant on it and
 * 0 elsewhere). When there are more such components than `nComponents`, the largest ones (by node count)
 * are taken; scikit-learn returns an arbitrary basis of that space instead, so only the span agrees.
 *
 * The other eigenvectors come from subspace iteration on a block of `nComponents + 5` vectors (fewer the
 * exact ones) with Rayleigh–Ritz: before each Rayleigh–Ritz step the block is passed through a Chebyshev
 * polynomial of the normalised adjacency, of degree up to 24, that damps its spectrum below the smallest
 * current Ritz value (down to -1, a known bound) and amplifies what lies above (a block Krylov filter: Zhou
 * & Saad's Chebyshev-filtered subspace iteration), then it is orthonormalised by classical Gram–Schmidt
 * with reorthogonalisation. The small projected matrix is diagonalised by cyclic Jacobi. Leading pairs
 * that reach `tol` are locked and leave the block. The start block is seeded random; nodes are renumbered
 * internally in breadth-first order for memory locality. The cost of an iteration is about 25 sparse
 * products of an `[n, nComponents + 5]` block; the number of iterations grows as the gap between the
 * wanted eigenvalues and the rest shrinks. An eigenvalue other than 0 with a multiplicity above the block
 * size stalls the iteration (`converged: false`).
 *
 * @example
 * ```ts
 * import { spectralEmbedding } from "./spectral.ts";
 * import { assertAlmostEquals, assertEquals } from "../std.ts";
 * // Two triangles joined by a light edge: one zero Laplacian eigenvalue, the second small.
 * const edges = [[0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5]];
 * const rows: number[] = [], cols: number[] = [], weights: number[] = [];
 * for (const [a, b] of [...edges, [2, 3]]) {
 *   rows.push(a, b);
 *   cols.push(b, a);
 *   weights.push(a === 2 && b === 3 ? 0.1 : 1, a === 2 && b === 3 ? 0.1 : 1);
 * }
 * const graph = {
 *   n: 6,
 *   rows: Int32Array.from(rows),
 *   cols: Int32Array.from(cols),
 *   weights: Float64Array.from(weights),
 * };
 * const { embedding, eigenvalues, converged } = spectralEmbedding(graph, { nComponents: 2 });
 * assertEquals(converged, true);
 * assertAlmostEquals(eigenvalues[0], 0, 1e-12);
 * assertEquals(eigenvalues[1] > 0 && eigenvalues[1] < 0.1, true);
 * // The second coordinate separates the triangles.
 * assertEquals(Math.sign(embedding[0 * 2 + 1]) !== Math.sign(embedding[5 * 2 + 1]), true);
 * ```
 *
 * @param graph The symmetric affinity graph.
 * @param options The number of components and the solver settings.
 * @returns The embedding, the Laplacian eigenvalues, the iteration count and whether the solver converged.
 * @throws {TypeError} When a graph array has the wrong type or length.
 * @throws {RangeError} When `n`, an index, a weight or an option is out of range.
 */
export function spectralEmbedding(
  graph: AffinityGraph,
  options: SpectralEmbeddingOptions,
): SpectralEmbedding {
  return embed("compute the spectral embedding", graph, options);
}

/** Options of {@linkcode SpectralClustering}, with scikit-learn's names. */
export interface SpectralClusteringOptions {
  /**
   * Number of clusters.
   *
   * @default {8}
   */
  nClusters?: number;
  /**
   * Number of eigenvectors of the embedding clustered by k-means.
   *
   * @default {nClusters}
   */
  nComponents?: number;
  /**
   * Number of k-means initialisations on the embedding; the one with the lowest inertia is kept.
   *
   * @default {10}
   */
  nInit?: number;
  /**
   * Seed of the eigensolver's start block and of k-means.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Maximum number of Rayleigh–Ritz iterations of the eigensolver (see {@linkcode spectralEmbedding}).
   *
   * @default {300}
   */
  maxIter?: number;
  /**
   * Residual tolerance of the eigensolver (see {@linkcode spectralEmbedding}).
   *
   * @default {1e-6}
   */
  tol?: number;
}

interface SpectralClusteringState {
  labels: Int32Array;
  embedding: Float64Array;
  eigenvalues: Float64Array;
  nIter: number;
  converged: boolean;
  inertia: number;
}

/**
 * Spectral clustering of a precomputed affinity graph, like scikit-learn 1.2's
 * `SpectralClustering(affinity="precomputed", assign_labels="kmeans")`: `fit(graph)` computes the
 * {@linkcode spectralEmbedding} with `nComponents` eigenvectors, then runs {@linkcode KMeans} with `nInit`
 * initialisations on its rows. The WASM tensor backend must be initialised (k-means runs on it).
 *
 * @example
 * ```ts
 * import { SpectralClustering } from "./spectral.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * // Two 4-cliques joined by one light edge.
 * const rows: number[] = [], cols: number[] = [], weights: number[] = [];
 * const link = (a: number, b: number, w: number) => {
 *   rows.push(a, b);
 *   cols.push(b, a);
 *   weights.push(w, w);
 * };
 * for (const base of [0, 4]) {
 *   for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) link(base + i, base + j, 1);
 * }
 * link(3, 4, 0.05);
 * const graph = { n: 8, rows: Int32Array.from(rows), cols: Int32Array.from(cols), weights: Float32Array.from(weights) };
 * const labels = new SpectralClustering({ nClusters: 2 }).fitPredict(graph);
 * assertEquals(new Set(labels.subarray(0, 4)).size, 1);
 * assertEquals(new Set(labels.subarray(4)).size, 1);
 * assertEquals(labels[0] !== labels[4], true);
 * ```
 */
export class SpectralClustering {
  /** Number of clusters. */
  readonly nClusters: number;
  /** Number of eigenvectors in the embedding. */
  readonly nComponents: number;
  /** Number of k-means initialisations. */
  readonly nInit: number;
  /** Seed of the eigensolver and of k-means. */
  readonly seed: number;
  /** Maximum Rayleigh–Ritz iterations of the eigensolver. */
  readonly maxIter: number;
  /** Residual tolerance of the eigensolver. */
  readonly tol: number;
  #state?: SpectralClusteringState;

  /**
   * Stores the options; they are validated by {@linkcode SpectralClustering.fit}.
   *
   * @param options The hyper-parameters.
   */
  constructor(
    { nClusters = 8, nComponents = nClusters, nInit = 10, seed = 0, maxIter = 300, tol = 1e-6 }:
      SpectralClusteringOptions = {},
  ) {
    this.nClusters = nClusters;
    this.nComponents = nComponents;
    this.nInit = nInit;
    this.seed = seed;
    this.maxIter = maxIter;
    this.tol = tol;
  }

  /** Cluster index of every node, `[n]`. */
  get labels(): Int32Array {
    return this.#fitted().labels;
  }
  /** The spectral embedding clustered by k-means, row-major `[n, nComponents]`. */
  get embedding(): Float64Array {
    return this.#fitted().embedding;
  }
  /** The `nComponents` smallest eigenvalues of the normalised Laplacian, ascending, `[nComponents]`. */
  get eigenvalues(): Float64Array {
    return this.#fitted().eigenvalues;
  }
  /** Rayleigh–Ritz iterations of the eigensolver. */
  get nIter(): number {
    return this.#fitted().nIter;
  }
  /** Whether the eigensolver reached `tol` within `maxIter` iterations. */
  get converged(): boolean {
    return this.#fitted().converged;
  }
  /** K-means inertia of the labels on the embedding. */
  get inertia(): number {
    return this.#fitted().inertia;
  }

  /**
   * Clusters the nodes of `graph`.
   *
   * @param graph The symmetric affinity graph.
   * @returns This estimator, fitted.
   * @throws {RangeError} When an option is out of range (`nClusters` above the number of nodes included), or
   * an index or weight of the graph is.
   * @throws {TypeError} When a graph array has the wrong type or length.
   */
  fit(graph: AffinityGraph): this {
    const owner = "fit SpectralClustering";
    checkOption(owner, "nClusters", this.nClusters, { integer: true, min: 1 });
    checkOption(owner, "nComponents", this.nComponents, { integer: true, min: 1 });
    checkOption(owner, "nInit", this.nInit, { integer: true, min: 1 });
    checkOption(owner, "seed", this.seed, { integer: true });
    const n = checkGraphSize(owner, graph);
    checkOption(owner, "nClusters", this.nClusters, { integer: true, min: 1, max: n });
    const result = embed(owner, graph, {
      nComponents: this.nComponents,
      seed: this.seed,
      maxIter: this.maxIter,
      tol: this.tol,
    });
    const k = this.nComponents;
    const x = tf.tensor2d(Float32Array.from(result.embedding), [n, k]);
    try {
      const km = new KMeans({ nClusters: this.nClusters, nInit: this.nInit, seed: this.seed }).fit(x);
      this.#state = {
        labels: km.labels,
        embedding: result.embedding,
        eigenvalues: result.eigenvalues,
        nIter: result.nIter,
        converged: result.converged,
        inertia: km.inertia,
      };
    } finally {
      x.dispose();
    }
    return this;
  }

  /**
   * Fits on `graph` and returns the labels.
   *
   * @param graph The symmetric affinity graph.
   * @returns The cluster index of every node, `[n]`.
   */
  fitPredict(graph: AffinityGraph): Int32Array {
    return this.fit(graph).labels;
  }

  #fitted(): SpectralClusteringState {
    if (this.#state === undefined) {
      throw new Error("Cannot use SpectralClustering before fit: call fit(graph) first");
    }
    return this.#state;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The eigensolver.

/**
 * The normalised adjacency `D^-1/2 W D^-1/2` in CSR form, without the diagonal, its nodes renumbered in
 * breadth-first order so that the rows a product reads are close in memory.
 */
interface NormalisedAdjacency {
  n: number;
  rowStart: Int32Array;
  colIndex: Int32Array;
  values: Float64Array;
  /** `sqrt(degree)` of every node (original numbering), or 1 for an isolated node. */
  sqrtDegree: Float64Array;
  /** New number of every node: row `position[i]` of the CSR matrix is node `i`. */
  position: Int32Array;
  /**
   * The connected components are numbered contiguously: component `c` holds rows `componentStarts[c]` to
   * `componentStarts[c + 1] - 1` (a single row is an isolated node).
   */
  componentStarts: Int32Array;
}

function embed(owner: string, graph: AffinityGraph, options: SpectralEmbeddingOptions): SpectralEmbedding {
  const { nComponents, seed = 0, maxIter = 300, tol = 1e-6 } = options ?? {} as SpectralEmbeddingOptions;
  const n = checkGraphSize(owner, graph);
  checkOption(owner, "nComponents", nComponents, { integer: true, min: 1, max: n });
  checkOption(owner, "seed", seed, { integer: true });
  checkOption(owner, "maxIter", maxIter, { integer: true, min: 1 });
  checkOption(owner, "tol", tol, { min: 0 });
  const adjacency = normalisedAdjacency(owner, graph);
  const k = nComponents;
  const p = Math.min(n, k + OVERSAMPLE);
  const solved = topEigenvectors(adjacency, k, p, randomSeeded(seed), maxIter, tol);

  const embedding = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const scale = 1 / adjacency.sqrtDegree[i];
    const row = adjacency.position[i] * k;
    for (let t = 0; t < k; t++) embedding[i * k + t] = solved.vectors[row + t] * scale;
  }
  signFlip(embedding, n, k);
  const eigenvalues = new Float64Array(k);
  for (let t = 0; t < k; t++) eigenvalues[t] = 1 - solved.values[t];
  return {
    embedding,
    eigenvalues,
    nIter: solved.nIter,
    nMatvec: solved.nMatvec,
    converged: solved.converged,
  };
}

/** Checks `graph` is an object with an integer `n >= 1` and returns `n`. */
function checkGraphSize(owner: string, graph: AffinityGraph): number {
  if (graph === null || typeof graph !== "object") {
    throw new TypeError(
      `Cannot ${owner}: graph must be an object { n, rows, cols, weights }, current value is ${graph}`,
    );
  }
  checkOption(owner, "graph.n", graph.n, { integer: true, min: 1 });
  return graph.n;
}

/** Validates the edges and builds the CSR normalised adjacency (self-loops dropped, duplicates kept). */
function normalisedAdjacency(owner: string, graph: AffinityGraph): NormalisedAdjacency {
  const { n, rows, cols, weights } = graph;
  for (const [name, array] of [["rows", rows], ["cols", cols]] as const) {
    if (!(array instanceof Int32Array)) {
      throw new TypeError(
        `Cannot ${owner}: graph.${name} must be an Int32Array, current type is ${typeName(array)}`,
      );
    }
  }
  if (!(weights instanceof Float32Array || weights instanceof Float64Array)) {
    throw new TypeError(
      `Cannot ${owner}: graph.weights must be a Float32Array or a Float64Array, current type is ${
        typeName(weights)
      }`,
    );
  }
  const nnz = rows.length;
  if (cols.length !== nnz || weights.length !== nnz) {
    throw new TypeError(
      `Cannot ${owner}: graph.cols and graph.weights must have the length of graph.rows (${nnz}), current lengths are ${cols.length} and ${weights.length}`,
    );
  }
  const degree = new Float64Array(n);
  const count = new Int32Array(n + 1);
  for (let e = 0; e < nnz; e++) {
    const r = rows[e];
    const c = cols[e];
    const w = weights[e];
    if (!(r >= 0 && r < n)) {
      throw new RangeError(
        `Cannot ${owner}: graph.rows must hold node indices in [0, ${n - 1}], current value at ${e} is ${r}`,
      );
    }
    if (!(c >= 0 && c < n)) {
      throw new RangeError(
        `Cannot ${owner}: graph.cols must hold node indices in [0, ${n - 1}], current value at ${e} is ${c}`,
      );
    }
    if (!(w >= 0 && w < Infinity)) {
      throw new RangeError(
        `Cannot ${owner}: graph.weights must hold finite values >= 0, current value at ${e} is ${w}`,
      );
    }
    if (r === c || w === 0) continue;
    degree[r] += w;
    count[r + 1]++;
  }
  const sqrtDegree = new Float64Array(n);
  for (let i = 0; i < n; i++) sqrtDegree[i] = degree[i] > 0 ? Math.sqrt(degree[i]) : 1;
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i] + count[i + 1];
  const fill = rowStart.slice(0, n);
  const colIndex = new Int32Array(rowStart[n]);
  const values = new Float64Array(rowStart[n]);
  for (let e = 0; e < nnz; e++) {
    const r = rows[e];
    const c = cols[e];
    const w = weights[e];
    if (r === c || w === 0) continue;
    const at = fill[r]++;
    colIndex[at] = c;
    values[at] = w / (sqrtDegree[r] * sqrtDegree[c]);
  }
  const { position, componentStarts } = breadthFirstPositions(n, rowStart, colIndex);
  return { n, ...permuteCsr(n, rowStart, colIndex, values, position), sqrtDegree, position, componentStarts };
}

/**
 * Breadth-first numbering of the nodes, each connected component from its lowest unvisited node: neighbours
 * get nearby numbers, which makes the block products 1.5–2× faster on a kNN graph in arbitrary order, and
 * each component gets a contiguous range, starting at the returned `componentStarts` (with `n` last).
 */
function breadthFirstPositions(
  n: number,
  rowStart: Int32Array,
  colIndex: Int32Array,
): { position: Int32Array; componentStarts: Int32Array } {
  const position = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const starts: number[] = [];
  let tail = 0;
  for (let start = 0; start < n; start++) {
    if (position[start] >= 0) continue;
    starts.push(tail);
    position[start] = tail;
    queue[tail++] = start;
    for (let head = tail - 1; head < tail; head++) {
      const u = queue[head];
      for (let e = rowStart[u], end = rowStart[u + 1]; e < end; e++) {
        const v = colIndex[e];
        if (position[v] < 0) {
          position[v] = tail;
          queue[tail++] = v;
        }
      }
    }
  }
  starts.push(n);
  return { position, componentStarts: Int32Array.from(starts) };
}

/** The CSR matrix with row and column `i` renamed `position[i]`. */
function permuteCsr(
  n: number,
  rowStart: Int32Array,
  colIndex: Int32Array,
  values: Float64Array,
  position: Int32Array,
): { rowStart: Int32Array; colIndex: Int32Array; values: Float64Array } {
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[position[i] + 1] = rowStart[i + 1] - rowStart[i];
  for (let r = 0; r < n; r++) start[r + 1] += start[r];
  const cols = new Int32Array(colIndex.length);
  const vals = new Float64Array(values.length);
  for (let i = 0; i < n; i++) {
    let at = start[position[i]];
    for (let e = rowStart[i], end = rowStart[i + 1]; e < end; e++, at++) {
      cols[at] = position[colIndex[e]];
      vals[at] = values[e];
    }
  }
  return { rowStart: start, colIndex: cols, values: vals };
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return value.constructor?.name ?? "object";
}

interface Eigenpairs {
  /** Eigenvalues of the normalised adjacency, descending, `[k]`. */
  values: Float64Array;
  /** The matching orthonormal eigenvectors, row-major `[n, k]` in the adjacency's numbering. */
  vectors: Float64Array;
  nIter: number;
  nMatvec: number;
  converged: boolean;
}

/**
 * The `k` largest eigenpairs of the normalised adjacency.
 *
 * The eigenvalue 1 is known exactly: its eigenspace is spanned by `sqrt(degree)` on each connected component
 * with an edge. Those vectors are taken as they are (the largest components first) and locked; when there
 * are at least `k` of them no iteration is needed. The remaining pairs come from Chebyshev-filtered subspace
 * iteration on an active block of `p` minus the locked vectors, kept orthogonal to the locked ones; each
 * leading Ritz pair whose residual reaches `tol` is locked in turn and leaves the block.
 */
function topEigenvectors(
  a: NormalisedAdjacency,
  k: number,
  p: number,
  prng: Prng,
  maxIter: number,
  tol: number,
): Eigenpairs {
  const n = a.n;
  const locked = new Float64Array(n * k);
  const lockedValues = new Float64Array(k);
  let l = lockComponents(a, k, locked);
  lockedValues.fill(1, 0, l);
  let nIter = 0;
  let nMatvec = 0;
  let q = p - l;
  let converged = l >= k;
  if (!converged) {
    let y = new Float64Array(n * q);
    const ay = new Float64Array(n * q);
    let x = new Float64Array(n * q);
    const ax = new Float64Array(n * q);
    let spare = new Float64Array(n * q);
    for (let i = 0; i < n * q; i++) y[i] = prng() - 0.5;
    orthonormalise(y, n, q, locked, k, l, prng);
    multiply(a, y, ay, q);
    nMatvec++;
    let ritz = rayleighRitz(y, ay, x, ax, n, q);
    nIter++;
    for (;;) {
      // Lock the leading converged pairs: copy them out and drop them from the block.
      let t = 0;
      while (l + t < k && ritz.residuals[t] <= tol) t++;
      if (t > 0) {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < t; j++) locked[i * k + l + j] = x[i * q + j];
        }
        for (let j = 0; j < t; j++) lockedValues[l + j] = ritz.values[j];
        l += t;
        if (l === k) break;
        dropLeadingColumns(x, n, q, t);
        dropLeadingColumns(ax, n, q, t);
        ritz = { values: ritz.values.subarray(t), residuals: ritz.residuals.subarray(t) };
        q -= t;
      }
      if (nIter >= maxIter) break;
      // Damp [-1, cut], amplify (cut, 1]: the cut is the smallest Ritz value of the block.
      const cut = Math.min(Math.max(ritz.values[q - 1], -1 + 1e-9), 1 - 1e-12);
      const half = (cut + 1) / 2;
      const centre = (cut - 1) / 2;
      const growth = Math.acosh((1 - centre) / half);
      const degree = Math.max(2, Math.min(MAX_DEGREE, Math.floor(Math.acosh(MAX_GROWTH) / growth)));
      // Chebyshev recurrence T_{j+1} = 2 (A − c) T_j / e − T_{j−1}, from T_0 = X and T_1 = (A − c) X / e.
      let prev = x;
      let cur = y;
      for (let i = 0; i < n * q; i++) cur[i] = (ax[i] - centre * x[i]) / half;
      let next = spare;
      for (let j = 1; j < degree; j++) {
        chebyshevStep(a, cur, prev, next, q, 2 / half, -2 * centre / half);
        nMatvec++;
        [prev, cur, next] = [cur, next, prev];
      }
      // `cur` holds the filtered block; the two other buffers are free.
      y = cur;
      x = prev;
      spare = next;
      orthonormalise(y, n, q, locked, k, l, prng);
      multiply(a, y, ay, q);
      nMatvec++;
      ritz = rayleighRitz(y, ay, x, ax, n, q);
      nIter++;
    }
    converged = l >= k;
    // Not converged: complete with the best current Ritz pairs.
    for (let j = 0; l < k; j++, l++) {
      for (let i = 0; i < n; i++) locked[i * k + l] = x[i * q + j];
      lockedValues[l] = ritz.values[j];
    }
  }
  // A pair locked late may exceed one locked earlier: sort the columns by value, descending.
  const order = Array.from({ length: k }, (_, j) => j).sort((i, j) => lockedValues[j] - lockedValues[i]);
  const values = Float64Array.from(order, (j) => lockedValues[j]);
  const vectors = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) vectors[i * k + j] = locked[i * k + order[j]];
  }
  return { values, vectors, nIter, nMatvec, converged };
}

/**
 * Writes the unit eigenvectors of eigenvalue 1 (`sqrt(degree)` on one component with an edge, 0 elsewhere)
 * of the largest components, at most `k`, into the first columns of the row-major `[n, k]` `locked`.
 *
 * @returns How many were written.
 */
function lockComponents(a: NormalisedAdjacency, k: number, locked: Float64Array): number {
  const { n, componentStarts } = a;
  const size = (c: number) => componentStarts[c + 1] - componentStarts[c];
  const components: number[] = [];
  for (let c = 0; c + 1 < componentStarts.length; c++) if (size(c) >= 2) components.push(c);
  components.sort((c, d) => size(d) - size(c) || c - d);
  const count = Math.min(k, components.length);
  const sqrtDegree = new Float64Array(n);
  for (let i = 0; i < n; i++) sqrtDegree[a.position[i]] = a.sqrtDegree[i];
  for (let j = 0; j < count; j++) {
    const c = components[j];
    let volume = 0;
    for (let r = componentStarts[c]; r < componentStarts[c + 1]; r++) volume += sqrtDegree[r] ** 2;
    const scale = 1 / Math.sqrt(volume);
    for (let r = componentStarts[c]; r < componentStarts[c + 1]; r++) {
      locked[r * k + j] = sqrtDegree[r] * scale;
    }
  }
  return count;
}

/** Removes the first `t` columns of the row-major `[n, q]` block in place, leaving `[n, q - t]`. */
function dropLeadingColumns(block: Float64Array, n: number, q: number, t: number): void {
  const width = q - t;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) block[i * width + j] = block[i * q + t + j];
  }
}

/** `out = A x` for a row-major `[n, p]` block. */
function multiply(a: NormalisedAdjacency, x: Float64Array, out: Float64Array, p: number): void {
  const { n, rowStart, colIndex, values } = a;
  out.fill(0, 0, n * p);
  for (let i = 0; i < n; i++) {
    const base = i * p;
    for (let e = rowStart[i], end = rowStart[i + 1]; e < end; e++) {
      const w = values[e];
      const src = colIndex[e] * p;
      for (let t = 0; t < p; t++) out[base + t] += w * x[src + t];
    }
  }
}

/** `out = alpha A cur + beta cur − prev` for row-major `[n, p]` blocks. */
function chebyshevStep(
  a: NormalisedAdjacency,
  cur: Float64Array,
  prev: Float64Array,
  out: Float64Array,
  p: number,
  alpha: number,
  beta: number,
): void {
  const { n, rowStart, colIndex, values } = a;
  const acc = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    for (let e = rowStart[i], end = rowStart[i + 1]; e < end; e++) {
      const w = values[e];
      const src = colIndex[e] * p;
      for (let t = 0; t < p; t++) acc[t] += w * cur[src + t];
    }
    const base = i * p;
    for (let t = 0; t < p; t++) out[base + t] = alpha * acc[t] + beta * cur[base + t] - prev[base + t];
  }
}

/**
 * Orthonormalises the columns of the row-major `[n, q]` block `y` in place, and against the first `l`
 * columns of the row-major `[n, stride]` orthonormal `locked`, by classical Gram–Schmidt with one
 * reorthogonalisation ("twice is enough"); a column that is numerically dependent on the previous ones is
 * replaced by a random one.
 */
function orthonormalise(
  y: Float64Array,
  n: number,
  q: number,
  locked: Float64Array,
  stride: number,
  l: number,
  prng: Prng,
): void {
  const hLocked = new Float64Array(l);
  const h = new Float64Array(q);
  for (let j = 0; j < q; j++) {
    for (let attempt = 0;; attempt++) {
      const before = columnNorm(y, n, q, j);
      for (let pass = 0; pass < 2 && j + l > 0; pass++) {
        hLocked.fill(0);
        h.fill(0, 0, j);
        for (let i = 0; i < n; i++) {
          const row = i * q;
          const lrow = i * stride;
          const v = y[row + j];
          for (let b = 0; b < l; b++) hLocked[b] += locked[lrow + b] * v;
          for (let b = 0; b < j; b++) h[b] += y[row + b] * v;
        }
        for (let i = 0; i < n; i++) {
          const row = i * q;
          const lrow = i * stride;
          let s = 0;
          for (let b = 0; b < l; b++) s += locked[lrow + b] * hLocked[b];
          for (let b = 0; b < j; b++) s += y[row + b] * h[b];
          y[row + j] -= s;
        }
      }
      const after = columnNorm(y, n, q, j);
      if (after > DEPENDENT * before && after > 0 && Number.isFinite(after)) {
        for (let i = 0; i < n; i++) y[i * q + j] /= after;
        break;
      }
      if (attempt >= 8) throw new Error(`Cannot orthonormalise the block: column ${j} stays dependent`);
      for (let i = 0; i < n; i++) y[i * q + j] = prng() - 0.5;
    }
  }
}

function columnNorm(y: Float64Array, n: number, p: number, j: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += y[i * p + j] * y[i * p + j];
  return Math.sqrt(s);
}

/**
 * Rayleigh–Ritz on the orthonormal block `q` with `aq = A q`: diagonalises `H = qᵀ A q`, writes the Ritz
 * vectors `q V` to `x` and `A q V` to `ax`, and returns the Ritz values (descending) and the residual norms
 * `‖A x_t − θ_t x_t‖`.
 */
function rayleighRitz(
  q: Float64Array,
  aq: Float64Array,
  x: Float64Array,
  ax: Float64Array,
  n: number,
  p: number,
): { values: Float64Array; residuals: Float64Array } {
  const h = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let r = 0; r < p; r++) {
      const v = q[row + r];
      for (let c = 0; c < p; c++) h[r * p + c] += v * aq[row + c];
    }
  }
  for (let r = 0; r < p; r++) {
    for (let c = r + 1; c < p; c++) h[r * p + c] = h[c * p + r] = (h[r * p + c] + h[c * p + r]) / 2;
  }
  const { values, vectors } = symmetricEigen(h, p);
  const residuals = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let t = 0; t < p; t++) {
      let sx = 0;
      let sa = 0;
      for (let r = 0; r < p; r++) {
        const v = vectors[r * p + t];
        sx += q[row + r] * v;
        sa += aq[row + r] * v;
      }
      x[row + t] = sx;
      ax[row + t] = sa;
      const d = sa - values[t] * sx;
      residuals[t] += d * d;
    }
  }
  for (let t = 0; t < p; t++) residuals[t] = Math.sqrt(residuals[t]);
  return { values, residuals };
}

/** Negates each column whose entry of largest magnitude (the first such) is negative, in place. */
function signFlip(embedding: Float64Array, n: number, k: number): void {
  for (let t = 0; t < k; t++) {
    let best = 0;
    let at = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(embedding[i * k + t]);
      if (v > best) {
        best = v;
        at = i;
      }
    }
    if (embedding[at * k + t] < 0) {
      for (let i = 0; i < n; i++) embedding[i * k + t] = -embedding[i * k + t];
    }
  }
}
