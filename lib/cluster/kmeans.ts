/**
 * K-means clustering (k-means++ initialisation, Lloyd iterations) with scikit-learn's semantics, the
 * distance products running on the WASM backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type Prng, randomSeeded } from "../random/mod.ts";
import { checkFeatureMatrix, checkFitted, checkOption, readMatrix } from "../validation/mod.ts";

/** Options of {@linkcode KMeans}, with scikit-learn's names. */
export interface KMeansOptions {
  /**
   * Number of clusters.
   *
   * @default {8}
   */
  nClusters?: number;
  /**
   * Number of k-means++ initialisations; the run with the lowest inertia is kept.
   *
   * @default {10}
   */
  nInit?: number;
  /**
   * Maximum number of Lloyd iterations of a run.
   *
   * @default {300}
   */
  maxIter?: number;
  /**
   * Convergence tolerance: a run stops when the summed squared centre shift is at most `tol` times the mean
   * per-feature variance of the data (scikit-learn's rule), or when no label changes.
   *
   * @default {1e-4}
   */
  tol?: number;
  /**
   * Seed of the initialisations.
   *
   * @default {0}
   */
  seed?: number;
}

interface KMeansState {
  centers: Float32Array;
  labels: Int32Array;
  inertia: number;
  nIter: number;
  converged: boolean;
  nFeatures: number;
  inertias: number[];
}

/** Largest `[rows, k]` distance product computed at once (16M floats = 64 MB). */
const MAX_PRODUCT_ELEMENTS = 1 << 24;

/**
 * K-means clustering: `fit(x)` runs `nInit` k-means++ initialisations, each followed by Lloyd iterations,
 * and keeps the lowest inertia; `predict(x)` assigns each row to its nearest centre.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { KMeans } from "./kmeans.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const x = tf.tensor2d([[0, 0], [0, 1], [10, 10], [10, 11]]);
 * const km = new KMeans({ nClusters: 2, seed: 0 }).fit(x);
 * assertEquals(km.labels[0] === km.labels[1], true);
 * assertEquals(km.labels[0] !== km.labels[2], true);
 * assertEquals(km.inertia, 1);
 * x.dispose();
 * ```
 */
export class KMeans {
  /** Number of clusters. */
  readonly nClusters: number;
  /** Number of initialisations. */
  readonly nInit: number;
  /** Maximum Lloyd iterations per run. */
  readonly maxIter: number;
  /** Relative convergence tolerance. */
  readonly tol: number;
  /** Seed of the initialisations. */
  readonly seed: number;
  #state?: KMeansState;

  /**
   * Stores the options; they are validated by {@linkcode KMeans.fit}.
   *
   * @param options The hyper-parameters.
   */
  constructor({ nClusters = 8, nInit = 10, maxIter = 300, tol = 1e-4, seed = 0 }: KMeansOptions = {}) {
    this.nClusters = nClusters;
    this.nInit = nInit;
    this.maxIter = maxIter;
    this.tol = tol;
    this.seed = seed;
  }

  /** Cluster centres, row-major `[nClusters, nFeatures]`. */
  get centers(): Float32Array {
    return this.#fitted().centers;
  }
  /** Cluster index of every training row, `[nSamples]`. */
  get labels(): Int32Array {
    return this.#fitted().labels;
  }
  /** Sum of squared distances of the training rows to their centres (best run). */
  get inertia(): number {
    return this.#fitted().inertia;
  }
  /** Lloyd iterations of the best run. */
  get nIter(): number {
    return this.#fitted().nIter;
  }
  /** Whether the best run converged before `maxIter`. */
  get converged(): boolean {
    return this.#fitted().converged;
  }
  /** Inertia of every run, in order. */
  get inertias(): readonly number[] {
    return this.#fitted().inertias;
  }
  /** Number of features seen by `fit`. */
  get nFeatures(): number {
    return this.#fitted().nFeatures;
  }

  /**
   * Clusters the rows of `x`.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @returns This estimator, fitted.
   * @throws {RangeError} When an option is out of range, `nClusters > nSamples`, or `x` holds NaN/Inf.
   * @throws {TypeError} When `x` is not a 2-D tensor.
   */
  fit(x: tf.Tensor2D): this {
    const owner = "fit KMeans";
    checkOption(owner, "nClusters", this.nClusters, { integer: true, min: 1 });
    checkOption(owner, "nInit", this.nInit, { integer: true, min: 1 });
    checkOption(owner, "maxIter", this.maxIter, { integer: true, min: 1 });
    checkOption(owner, "tol", this.tol, { min: 0 });
    checkOption(owner, "seed", this.seed, { integer: true });
    checkFeatureMatrix(owner, x);
    const [n, d] = x.shape;
    if (this.nClusters > n) {
      throw new RangeError(
        `Cannot fit KMeans: nClusters must be <= nSamples (${n}), current value is ${this.nClusters}`,
      );
    }
    const data = readMatrix(owner, x);
    const rowNorms = squaredRowNorms(data, n, d);
    const tolerance = this.tol * meanVariance(data, n, d);
    const prng = randomSeeded(this.seed);
    let best: KMeansState | undefined;
    const inertias: number[] = [];
    for (let run = 0; run < this.nInit; run++) {
      const initial = kmeansPlusPlus(x, data, rowNorms, this.nClusters, prng);
      const result = lloyd(x, data, rowNorms, initial, this.maxIter, tolerance);
      inertias.push(result.inertia);
      // sklearn keeps the first run with the strictly lowest inertia.
      if (!best || result.inertia < best.inertia) best = { ...result, nFeatures: d, inertias };
    }
    this.#state = best!;
    return this;
  }

  /**
   * Assigns each row of `x` to its nearest centre.
   *
   * @param x The data, `[nSamples, nFeatures]` with the fitted number of features.
   * @returns The cluster index of every row, `[nSamples]`.
   * @throws {Error} When called before `fit`.
   * @throws {TypeError} When `x` has another number of features.
   */
  predict(x: tf.Tensor2D): Int32Array {
    const state = this.#fitted();
    checkFeatureMatrix("predict with KMeans", x, state.nFeatures);
    return assign(x, state.centers, this.nClusters).labels;
  }

  /**
   * Fits on `x` and returns the training labels.
   *
   * @param x The data, `[nSamples, nFeatures]`.
   * @returns The cluster index of every row.
   */
  fitPredict(x: tf.Tensor2D): Int32Array {
    return this.fit(x).labels;
  }

  #fitted(): KMeansState {
    return checkFitted(this.#state, "KMeans");
  }
}

/** Squared Euclidean norm of every row, in float64. */
function squaredRowNorms(data: Float32Array, n: number, d: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * d, end = j + d; j < end; j++) s += data[j] * data[j];
    norms[i] = s;
  }
  return norms;
}

/** Mean over features of the per-feature variance (sklearn's `_tolerance` scale). */
function meanVariance(data: Float32Array, n: number, d: number): number {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) {
      const v = data[row + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  }
  let total = 0;
  for (let j = 0; j < d; j++) {
    const m = mean[j] / n;
    total += Math.max(sq[j] / n - m * m, 0);
  }
  return total / d;
}

/**
 * Squared distances from every row of `x` to each of `centers` (`[k, d]` row-major), as `[n, k]` row-major
 * float32. Uses ‖x‖² − 2x·c + ‖c‖² with the product on the backend, clamped at 0.
 */
function squaredDistances(
  x: tf.Tensor2D,
  rowNorms: Float64Array,
  centers: Float32Array,
  k: number,
): Float32Array {
  const [n, d] = x.shape;
  const centersT = new Float32Array(d * k);
  const centerNorms = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = centers[c * d + j];
      centersT[j * k + c] = v;
      s += v * v;
    }
    centerNorms[c] = s;
  }
  const out = new Float32Array(n * k);
  const ct = tf.tensor2d(centersT, [d, k]);
  // One product unless the [n, k] result would be large (slicing x copies it, so avoid it otherwise).
  const chunk = n * k <= MAX_PRODUCT_ELEMENTS ? n : Math.max(1, Math.floor(MAX_PRODUCT_ELEMENTS / k));
  try {
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const product = tf.tidy(() => tf.matMul(rows === n ? x : x.slice([start, 0], [rows, d]), ct));
      const dots = product.dataSync() as Float32Array;
      product.dispose();
      for (let i = 0; i < rows; i++) {
        const r = start + i;
        for (let c = 0; c < k; c++) {
          const v = rowNorms[r] - 2 * dots[i * k + c] + centerNorms[c];
          out[r * k + c] = v > 0 ? v : 0;
        }
      }
    }
  } finally {
    ct.dispose();
  }
  return out;
}

/** Nearest centre of every row and the squared distance to it. */
function assign(
  x: tf.Tensor2D,
  centers: Float32Array,
  k: number,
  rowNorms?: Float64Array,
): { labels: Int32Array; distances: Float32Array } {
  const [n, d] = x.shape;
  const norms = rowNorms ?? squaredRowNorms(x.dataSync() as Float32Array, n, d);
  const dist = squaredDistances(x, norms, centers, k);
  const labels = new Int32Array(n);
  const distances = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let bestC = 0;
    let bestD = dist[i * k];
    for (let c = 1; c < k; c++) {
      const v = dist[i * k + c];
      if (v < bestD) {
        bestD = v;
        bestC = c;
      }
    }
    labels[i] = bestC;
    distances[i] = bestD;
  }
  return { labels, distances };
}

/**
 * Greedy k-means++ as scikit-learn does it: each new centre is the best of `2 + ⌊ln k⌋` candidates sampled
 * proportionally to the squared distance to the nearest chosen centre.
 */
function kmeansPlusPlus(
  x: tf.Tensor2D,
  data: Float32Array,
  rowNorms: Float64Array,
  k: number,
  prng: Prng,
): Float32Array {
  const [n, d] = x.shape;
  const trials = 2 + Math.floor(Math.log(k));
  const centers = new Float32Array(k * d);
  const first = Math.floor(prng() * n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(squaredDistances(x, rowNorms, centers.subarray(0, d), 1));
  let potential = closest.reduce((a, b) => a + b, 0);
  const cumulative = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cumulative[i] = acc += closest[i];
    const candidates = new Float32Array(trials * d);
    const ids: number[] = [];
    for (let t = 0; t < trials; t++) {
      const id = Math.min(searchSorted(cumulative, prng() * potential), n - 1);
      ids.push(id);
      candidates.set(data.subarray(id * d, id * d + d), t * d);
    }
    const dist = squaredDistances(x, rowNorms, candidates, trials);
    let bestT = 0;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      let pot = 0;
      for (let i = 0; i < n; i++) pot += Math.min(closest[i], dist[i * trials + t]);
      if (pot < bestPotential) {
        bestPotential = pot;
        bestT = t;
      }
    }
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i], dist[i * trials + bestT]);
    potential = bestPotential;
    centers.set(data.subarray(ids[bestT] * d, ids[bestT] * d + d), c * d);
  }
  return centers;
}

/** First index whose cumulative value is >= `value` (numpy's `searchsorted`, side left). */
function searchSorted(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Lloyd iterations from `initial` centres, accelerated with Elkan's triangle-inequality bounds: a row whose
 * upper bound to its centre is below its lower bounds to every other centre keeps its label without any
 * distance computation; the remaining rows are gathered and their distances computed in one product.
 * Cluster sums are kept in float64 and updated only for rows whose label changed. The result is that of
 * plain Lloyd iterations (sklearn's "lloyd" and "elkan" give the same answer).
 */
function lloyd(
  x: tf.Tensor2D,
  data: Float32Array,
  rowNorms: Float64Array,
  initial: Float32Array,
  maxIter: number,
  tolerance: number,
): Omit<KMeansState, "nFeatures" | "inertias"> {
  const [n, d] = x.shape;
  const k = initial.length / d;
  let centers = initial;
  const labels = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n * k);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const halfGap = new Float64Array(k * k);
  const move = (i: number, to: number) => {
    const from = labels[i];
    if (from === to) return false;
    const row = i * d;
    if (from >= 0) {
      counts[from]--;
      for (let j = 0, base = from * d; j < d; j++) sums[base + j] -= data[row + j];
    }
    counts[to]++;
    for (let j = 0, base = to * d; j < d; j++) sums[base + j] += data[row + j];
    labels[i] = to;
    return true;
  };
  let nIter = 0;
  let strict = false;
  let active: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  const scratch: Scratch = { buffer: new Float32Array(0) };
  while (nIter < maxIter) {
    nIter++;
    // Exact distances for the rows whose bounds could not rule out a label change.
    const dist = distancesOfRows(x, data, rowNorms, active, centers, k, scratch);
    let changed = 0;
    for (let a = 0; a < active.length; a++) {
      const i = active[a];
      let bestC = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const v = Math.sqrt(dist[a * k + c]);
        lower[i * k + c] = v;
        if (v < bestD) {
          bestD = v;
          bestC = c;
        }
      }
      upper[i] = bestD;
      if (move(i, bestC)) changed++;
    }
    if (changed === 0) {
      strict = true;
      break;
    }
    relocateEmptyClusters(data, d, labels, upper, sums, counts, lower, k);
    const updated = new Float32Array(k * d);
    const drift = new Float64Array(k);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      let moved = 0;
      for (let j = 0; j < d; j++) {
        const v = sums[c * d + j] / counts[c];
        updated[c * d + j] = v;
        const delta = v - centers[c * d + j];
        moved += delta * delta;
      }
      drift[c] = Math.sqrt(moved);
      shift += moved;
    }
    centers = updated;
    if (shift <= tolerance) break;
    // Bounds after the move: upper grows by its centre's drift, each lower bound shrinks by that centre's.
    centerHalfGaps(centers, k, d, halfGap);
    const next: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = labels[i];
      const u = upper[i] + drift[a];
      upper[i] = u;
      let needed = false;
      for (let c = 0; c < k; c++) {
        const l = lower[i * k + c] - drift[c];
        lower[i * k + c] = l;
        if (c !== a && u > l && u > halfGap[a * k + c]) needed = true;
      }
      if (needed) next.push(i);
    }
    active = Int32Array.from(next);
  }
  // As sklearn: labels must match the final centres, so finish with one full assignment step.
  const final = strict ? labels : assign(x, centers, k, rowNorms).labels;
  return {
    centers,
    labels: final,
    inertia: inertiaOf(data, d, centers, final),
    nIter,
    converged: nIter < maxIter || strict,
  };
}

/** Half the distance between every pair of centres, `[k, k]`. */
function centerHalfGaps(centers: Float32Array, k: number, d: number, out: Float64Array): void {
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const delta = centers[a * d + j] - centers[b * d + j];
        s += delta * delta;
      }
      out[a * k + b] = out[b * k + a] = Math.sqrt(s) / 2;
    }
  }
}

/** A growable scratch buffer, reused across iterations: fresh large typed arrays cost page faults. */
interface Scratch {
  buffer: Float32Array;
}

/**
 * Squared distances `[rows.length, k]` of the given rows; gathers them into `scratch` (in JS: tfjs-wasm's
 * `gather` and `slice` are far slower than a typed-array copy) unless all rows are asked for.
 */
function distancesOfRows(
  x: tf.Tensor2D,
  data: Float32Array,
  rowNorms: Float64Array,
  rows: Int32Array,
  centers: Float32Array,
  k: number,
  scratch: Scratch,
): Float32Array {
  const [n, d] = x.shape;
  if (rows.length === n) return squaredDistances(x, rowNorms, centers, k);
  if (rows.length === 0) return new Float32Array(0);
  if (scratch.buffer.length < rows.length * d) {
    scratch.buffer = new Float32Array(Math.min(n, Math.max(rows.length, 2 * scratch.buffer.length / d)) * d);
  }
  const gathered = scratch.buffer.subarray(0, rows.length * d);
  const norms = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    gathered.set(data.subarray(rows[r] * d, rows[r] * d + d), r * d);
    norms[r] = rowNorms[rows[r]];
  }
  const sub = tf.tensor2d(gathered, [rows.length, d]);
  try {
    return squaredDistances(sub, norms, centers, k);
  } finally {
    sub.dispose();
  }
}

/**
 * Moves each empty cluster onto the row farthest from its centre (scikit-learn's relocation), updating
 * labels, sums, counts and that row's bounds in place.
 */
function relocateEmptyClusters(
  data: Float32Array,
  d: number,
  labels: Int32Array,
  upper: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  lower: Float64Array,
  k: number,
): void {
  const empty: number[] = [];
  counts.forEach((count, c) => count === 0 && empty.push(c));
  if (empty.length === 0) return;
  const order = Array.from(upper.keys()).sort((a, b) => upper[b] - upper[a]);
  let next = 0;
  for (const c of empty) {
    // Never take the last member of a cluster.
    while (counts[labels[order[next]]] <= 1) next++;
    const i = order[next++];
    const from = labels[i];
    counts[from]--;
    counts[c]++;
    for (let j = 0; j < d; j++) {
      sums[from * d + j] -= data[i * d + j];
      sums[c * d + j] += data[i * d + j];
    }
    labels[i] = c;
    // The row sits on its new centre; its bounds are no longer valid, so force a recomputation.
    upper[i] = Infinity;
    for (let b = 0; b < k; b++) lower[i * k + b] = 0;
  }
}

/** Exact float64 inertia of a labelling. */
function inertiaOf(data: Float32Array, d: number, centers: Float32Array, labels: Int32Array): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = i * d;
    const base = labels[i] * d;
    for (let j = 0; j < d; j++) {
      const delta = data[row + j] - centers[base + j];
      total += delta * delta;
    }
  }
  return total;
}

/**
 * The index of the nearest centre (squared Euclidean distance; the first on a tie) of every row: what
 * {@linkcode KMeans.predict} gives for those centres, for rows and centres held as arrays.
 *
 * @example
 * ```ts
 * import { nearestCenters } from "./kmeans.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const labels = nearestCenters(Float32Array.of(0, 0, 9, 9, 1, 0), Float32Array.of(0, 0, 10, 10), 2);
 * assertEquals(Array.from(labels), [0, 1, 0]);
 * ```
 *
 * @param rows Row-major `[n, d]`.
 * @param centers Row-major `[k, d]`.
 * @param k Number of centres.
 * @returns `[n]` centre indices.
 * @throws {RangeError} When `centers` does not hold `k` rows or `rows` is not a whole number of rows of their width.
 */
export function nearestCenters(rows: Float32Array, centers: Float32Array, k: number): Int32Array {
  const d = centers.length / k;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(d) || d < 1 || rows.length % d !== 0) {
    throw new RangeError(
      `Cannot find the nearest centres: centers must hold k = ${k} rows and rows whole rows of their width, current lengths are ${centers.length} and ${rows.length}`,
    );
  }
  const x = tf.tensor2d(rows, [rows.length / d, d]);
  try {
    return assign(x, centers, k).labels;
  } finally {
    x.dispose();
  }
}
