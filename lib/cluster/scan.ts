/**
 * SCAN's clustering step (Van Gansbeke et al. 2020, "SCAN: Learning to Classify Images without Labels") on
 * fixed feature rows: a small network (one ReLU hidden layer, softmax output) is trained so that every row
 * and one of its nearest neighbours get the same confident cluster, while the clusters' mean probabilities
 * stay spread over all clusters:
 *
 *   loss = −mean_batch log(p(row) · p(neighbour)) − entropyWeight · H(mean_batch p(row)).
 *
 * Unlike SCAN, which starts its heads from random weights, the network here first learns a given partition
 * (cross-entropy on `initialLabels`, e.g. a Gaussian mixture's clusters) and is then refined by the loss
 * above: started from random weights, the final partition depends strongly on the start, and the loss does
 * not tell the good starts from the bad ones. From one start, the network's own seed still matters; with
 * `nInit` networks the one whose final consistency loss is lowest is kept (SCAN's rule for its heads). New
 * rows are clustered by the network alone (inductive).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { checkFeatureMatrix, checkFitted, checkOption, readMatrix } from "../validation/mod.ts";
import { exactNeighbours } from "../neighbors/mod.ts";
import { permutation, type Prng, randomSeeded } from "../random/seeded.ts";

/** Options of {@linkcode ScanClustering}. */
export interface ScanClusteringOptions {
  /**
   * Number of clusters (the network's outputs); `initialLabels` must lie in `0 … nClusters − 1`.
   *
   * @default {10}
   */
  nClusters?: number;
  /**
   * Nearest neighbours (Euclidean, exact, among the fitted rows) each row may be paired with.
   *
   * @default {20}
   */
  nNeighbors?: number;
  /**
   * Units of the hidden ReLU layer.
   *
   * @default {128}
   */
  hiddenUnits?: number;
  /**
   * Weight of the entropy of the batch's mean cluster probabilities (SCAN's 5).
   *
   * @default {5}
   */
  entropyWeight?: number;
  /**
   * Adam's learning rate, for both phases.
   *
   * @default {0.001}
   */
  learningRate?: number;
  /**
   * Rows per batch; the rows left over after the last whole batch of an epoch are not used in it.
   *
   * @default {256}
   */
  batchSize?: number;
  /**
   * Epochs of cross-entropy on `initialLabels` before the refinement.
   *
   * @default {3}
   */
  warmEpochs?: number;
  /**
   * Epochs of the neighbour-consistency loss.
   *
   * @default {20}
   */
  epochs?: number;
  /**
   * Networks trained from fresh weights (each with its own warm-up); the one with the lowest final
   * consistency loss is kept.
   *
   * @default {1}
   */
  nInit?: number;
  /**
   * Epochs of self-labelling after the refinement (SCAN's third step), on the kept network: each row whose
   * most probable cluster has probability above `selfLabelThreshold` becomes that cluster's label, and the
   * network learns it from the row's paired neighbour, by cross-entropy weighted against the batch's
   * frequency of each label among the confident rows. 0 skips the step.
   *
   * @default {0}
   */
  selfLabelEpochs?: number;
  /**
   * The probability a row's most probable cluster must exceed for the row to be self-labelled.
   *
   * @default {0.99}
   */
  selfLabelThreshold?: number;
  /**
   * Adam's learning rate of the self-labelling epochs.
   *
   * @default {0.0001}
   */
  selfLabelLearningRate?: number;
  /**
   * Which row the self-labelling network learns a confident row's label from: its paired neighbour (the
   * neighbour stands in for SCAN's augmented view) or the row itself.
   *
   * @default {"neighbour"}
   */
  selfLabelView?: "neighbour" | "row";
  /**
   * How the `nInit` networks cluster new rows: `"lowest-loss"` keeps the one with the lowest final
   * consistency loss (SCAN's rule for its heads); `"average"` keeps all of them and averages their cluster
   * probabilities (every network learnt the same `initialLabels` first, so their clusters correspond).
   * Self-labelling trains each kept network.
   *
   * @default {"lowest-loss"}
   */
  combine?: "lowest-loss" | "average";
  /**
   * Seed of the weights, the row order and the neighbour draws.
   *
   * @default {0}
   */
  seed?: number;
  /** Called after every epoch with its number (1-based, counted over all initialisations) and the total. */
  onEpochEnd?: (epoch: number, nEpochs: number) => void;
}

/** Mean losses of one epoch of {@linkcode ScanClustering.fit}. */
export interface ScanEpoch {
  /**
   * `"warm"` (cross-entropy on the initial labels), `"scan"` (neighbour consistency) or `"self"`
   * (self-labelling).
   */
  phase: "warm" | "scan" | "self";
  /**
   * Warm-up: the cross-entropy; refinement: `−log(p(row) · p(neighbour))`; self-labelling: the weighted
   * cross-entropy of the confident rows. Means over the batches.
   */
  loss: number;
  /** Self-labelling only: the share of the epoch's rows that were confident enough to be labelled. */
  confident?: number;
  /** The entropy of the batch's mean cluster probabilities (refinement only; NaN in the warm-up). */
  entropy: number;
}

interface FittedScan {
  /**
   * The kept networks, each `[nFeatures, hiddenUnits]`, `[hiddenUnits]`, `[hiddenUnits, nClusters]`,
   * `[nClusters]`.
   */
  networks: tf.Variable[][];
  nFeatures: number;
  neighbours: Int32Array;
  history: ScanEpoch[];
  /** Each initialisation's final-epoch loss. */
  finalLoss: number[];
  bestInit: number;
}

const OWNER = "fit the SCAN clustering";

/**
 * SCAN's neighbour-consistency clustering, warm-started from a partition: options in the constructor,
 * `fit(x, initialLabels)`, `predict(x)`, `predictProba(x)`, fitted `neighbours`, `history`, `finalLoss` and
 * `bestInit`. The network's weights are the estimator's to free: {@linkcode ScanClustering.dispose}.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { ScanClustering } from "./scan.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * // Two well-separated groups of 40 rows, started from a partition that has 8 rows on the wrong side.
 * const rows = Array.from({ length: 80 }, (_, i) => [i < 40 ? -3 : 3, (i % 7) / 7]);
 * const start = rows.map((_, i) => (i < 40) === (i % 10 !== 0) ? 0 : 1);
 * const x = tf.tensor2d(rows);
 * const scan = new ScanClustering({ nClusters: 2, nNeighbors: 5, batchSize: 16, epochs: 30 }).fit(x, start);
 * const labels = scan.predict(x);
 * assertEquals(new Set(labels.slice(0, 40)).size + new Set(labels.slice(40)).size, 2);
 * scan.dispose();
 * x.dispose();
 * ```
 */
export class ScanClustering {
  readonly #options: ScanClusteringOptions;
  #fitted?: FittedScan;

  /**
   * Stores the options; they are validated by {@linkcode ScanClustering.fit}.
   *
   * @param options The estimator's settings.
   */
  constructor(options: ScanClusteringOptions = {}) {
    this.#options = { ...options };
  }

  /** Row-major `[nRows, nNeighbors]` indices of each fitted row's neighbours, nearest first (a copy). */
  get neighbours(): Int32Array {
    return this.#state().neighbours.slice();
  }

  /** Mean losses of every epoch of the kept initialisation, warm-up first (a copy). */
  get history(): ScanEpoch[] {
    return this.#state().history.map((epoch) => ({ ...epoch }));
  }

  /** Each initialisation's final-epoch loss (its last {@linkcode ScanEpoch.loss}), in order (a copy). */
  get finalLoss(): number[] {
    return this.#state().finalLoss.slice();
  }

  /** Index of the kept initialisation in {@linkcode ScanClustering.finalLoss}. */
  get bestInit(): number {
    return this.#state().bestInit;
  }

  /**
   * Finds each row's neighbours, learns `initialLabels`, then refines by neighbour consistency.
   *
   * @param x Rows, `[nRows, nFeatures]`.
   * @param initialLabels The partition to start from, one label in `0 … nClusters − 1` per row.
   * @param neighbourSpace The same rows in the space their neighbours are found in (e.g. an embedding of
   *   them), `[nRows, width]`; by default `x` itself.
   * @returns This estimator, fitted.
   * @throws {RangeError} On an invalid option, too few rows, or a label out of range.
   * @throws {TypeError} When `x` is not a finite 2-D matrix, or `initialLabels` has another length.
   */
  fit(x: tf.Tensor2D, initialLabels: ArrayLike<number>, neighbourSpace?: tf.Tensor2D): this {
    const o = withDefaults(this.#options);
    checkOption(OWNER, "nClusters", o.nClusters, { integer: true, min: 2 });
    checkOption(OWNER, "hiddenUnits", o.hiddenUnits, { integer: true, min: 1 });
    checkOption(OWNER, "entropyWeight", o.entropyWeight, { min: 0 });
    checkOption(OWNER, "learningRate", o.learningRate, { min: Number.MIN_VALUE });
    checkOption(OWNER, "batchSize", o.batchSize, { integer: true, min: 2 });
    checkOption(OWNER, "warmEpochs", o.warmEpochs, { integer: true, min: 0 });
    checkOption(OWNER, "epochs", o.epochs, { integer: true, min: 0 });
    checkOption(OWNER, "nInit", o.nInit, { integer: true, min: 1 });
    checkOption(OWNER, "selfLabelEpochs", o.selfLabelEpochs, { integer: true, min: 0 });
    checkOption(OWNER, "selfLabelThreshold", o.selfLabelThreshold, { min: 0, max: 1 });
    checkOption(OWNER, "selfLabelLearningRate", o.selfLabelLearningRate, { min: Number.MIN_VALUE });
    if (o.combine !== "lowest-loss" && o.combine !== "average") {
      throw new RangeError(
        `Cannot ${OWNER}: combine must be "lowest-loss" or "average", current value is ${
          JSON.stringify(o.combine)
        }`,
      );
    }
    if (o.selfLabelView !== "neighbour" && o.selfLabelView !== "row") {
      throw new RangeError(
        `Cannot ${OWNER}: selfLabelView must be "neighbour" or "row", current value is ${
          JSON.stringify(o.selfLabelView)
        }`,
      );
    }
    checkOption(OWNER, "seed", o.seed, { integer: true });
    checkFeatureMatrix(OWNER, x);
    const [nRows, nFeatures] = x.shape;
    checkOption(OWNER, "nNeighbors", o.nNeighbors, { integer: true, min: 1, max: nRows - 1 });
    checkOption(OWNER, "batchSize", o.batchSize, { integer: true, min: 2, max: nRows });
    if (initialLabels.length !== nRows) {
      throw new TypeError(
        `Cannot ${OWNER}: initialLabels must hold one label per row of x (${nRows}), current length is ${initialLabels.length}`,
      );
    }
    for (let i = 0; i < nRows; i++) {
      const label = initialLabels[i];
      if (!Number.isInteger(label) || label < 0 || label >= o.nClusters) {
        throw new RangeError(
          `Cannot ${OWNER}: initialLabels must be integers in 0 … ${
            o.nClusters - 1
          }, current value at row ${i} is ${label}`,
        );
      }
    }
    let space = x;
    if (neighbourSpace !== undefined) {
      checkFeatureMatrix(`${OWNER} (neighbourSpace)`, neighbourSpace);
      if (neighbourSpace.shape[0] !== nRows) {
        throw new TypeError(
          `Cannot ${OWNER}: neighbourSpace must hold one row per row of x (${nRows}), current rows: ${
            neighbourSpace.shape[0]
          }`,
        );
      }
      space = neighbourSpace;
    }
    const neighbours = neighbourTable(readMatrix(OWNER, space), nRows, space.shape[1], o.nNeighbors);
    this.dispose();
    const prng = randomSeeded(o.seed);
    // Progress counts every epoch: each initialisation's warm-up and refinement, then the self-labelling of
    // each kept network.
    const trainEpochs = o.nInit * (o.warmEpochs + o.epochs);
    const totalEpochs = trainEpochs + (o.combine === "average" ? o.nInit : 1) * o.selfLabelEpochs;
    const runs: TrainedNetwork[] = [];
    try {
      for (let init = 0; init < o.nInit; init++) {
        runs.push(
          trainNetwork(
            x,
            initialLabels,
            neighbours,
            o,
            prng,
            (epoch, nEpochs) => o.onEpochEnd?.(init * nEpochs + epoch, totalEpochs),
          ),
        );
      }
    } catch (error) {
      for (const run of runs) tf.dispose(run.weights);
      throw error;
    }
    // SCAN's own rule for its heads: the lowest final loss, here the consistency term (the entropy term is
    // near its ceiling for every run), as no label may choose.
    const finalLoss = runs.map((run) => run.history.at(-1)?.loss ?? Infinity);
    const bestInit = finalLoss.indexOf(Math.min(...finalLoss));
    const kept = o.combine === "average" ? runs : [runs[bestInit]];
    runs.forEach((run) => !kept.includes(run) && tf.dispose(run.weights));
    const networks = kept.map((run) => run.weights);
    const { history } = runs[bestInit];
    try {
      kept.forEach((run, k) =>
        selfLabel(
          x,
          run.weights,
          neighbours,
          o,
          prng,
          run.history,
          (epoch) => o.onEpochEnd?.(trainEpochs + k * o.selfLabelEpochs + epoch, totalEpochs),
        )
      );
    } catch (error) {
      tf.dispose(networks);
      throw error;
    }
    this.#fitted = { networks, nFeatures, neighbours, history, finalLoss, bestInit };
    return this;
  }

  /**
   * Cluster probabilities of the rows under the fitted network.
   *
   * @param x Rows, `[nRows, nFeatures]` with the fitted width.
   * @returns Row-major `[nRows, nClusters]` probabilities.
   * @throws {Error} When the estimator is not fitted.
   * @throws {TypeError} When `x` is not a finite matrix of the fitted width.
   */
  predictProba(x: tf.Tensor2D): Float32Array {
    const fitted = this.#state();
    checkFeatureMatrix("predict with the SCAN clustering", x, fitted.nFeatures);
    const p = tf.tidy(() => probabilities(fitted.networks, x));
    try {
      return Float32Array.from(p.dataSync());
    } finally {
      p.dispose();
    }
  }

  /**
   * The most probable cluster of each row.
   *
   * @param x Rows, `[nRows, nFeatures]` with the fitted width.
   * @returns One label per row.
   * @throws {Error} When the estimator is not fitted.
   * @throws {TypeError} When `x` is not a finite matrix of the fitted width.
   */
  predict(x: tf.Tensor2D): Int32Array {
    const fitted = this.#state();
    checkFeatureMatrix("predict with the SCAN clustering", x, fitted.nFeatures);
    const labels = tf.tidy(() =>
      fitted.networks.length === 1
        ? tf.argMax(logits(fitted.networks[0], x), 1)
        : tf.argMax(probabilities(fitted.networks, x), 1)
    );
    try {
      return Int32Array.from(labels.dataSync());
    } finally {
      labels.dispose();
    }
  }

  /** Frees the network's weights; the estimator is unfitted afterwards. */
  dispose(): void {
    if (this.#fitted) tf.dispose(this.#fitted.networks);
    this.#fitted = undefined;
  }

  #state(): FittedScan {
    return checkFitted(this.#fitted, "ScanClustering");
  }
}

/** The two terms of SCAN's loss on a batch (see {@linkcode scanLoss}). */
export interface ScanLoss {
  /** `−mean_i log(p_i · q_i)`, the rows' disagreement with their paired neighbours. */
  consistency: tf.Scalar;
  /** `H(mean_i p_i)`, the entropy of the anchors' mean cluster probabilities (natural log). */
  entropy: tf.Scalar;
}

/**
 * The terms of SCAN's loss for a batch of anchor rows' cluster probabilities `p` and their paired
 * neighbours' `q` (each `[batch, nClusters]`, rows summing to 1); the network minimises
 * `consistency − entropyWeight · entropy`. A 1e-8 inside each log keeps zero probabilities finite.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { scanLoss } from "./scan.ts";
 * import { assertAlmostEquals } from "../std.ts";
 * const p = tf.tensor2d([[1, 0], [0, 1]]);
 * const { consistency, entropy } = scanLoss(p, p); // each row agrees with itself; clusters balanced
 * assertAlmostEquals(consistency.dataSync()[0], 0, 1e-6);
 * assertAlmostEquals(entropy.dataSync()[0], Math.log(2), 1e-6);
 * ```
 *
 * @param p The anchors' probabilities.
 * @param q Their neighbours' probabilities.
 * @returns The two scalar terms (the caller's to free).
 */
export function scanLoss(p: tf.Tensor2D, q: tf.Tensor2D): ScanLoss {
  return tf.tidy(() => {
    const consistency: tf.Scalar = tf.neg(tf.mean(tf.log(tf.add(tf.sum(tf.mul(p, q), 1), 1e-8))));
    const mean = tf.mean(p, 0);
    const entropy: tf.Scalar = tf.neg(tf.sum(tf.mul(mean, tf.log(tf.add(mean, 1e-8)))));
    return { consistency, entropy };
  });
}

/** A network trained by one initialisation of {@linkcode ScanClustering.fit}. */
interface TrainedNetwork {
  weights: tf.Variable[];
  history: ScanEpoch[];
}

/** One initialisation: fresh weights from `prng`, the warm-up on `initialLabels`, then SCAN's loss. */
function trainNetwork(
  x: tf.Tensor2D,
  initialLabels: ArrayLike<number>,
  neighbours: Int32Array,
  o: ReturnType<typeof withDefaults>,
  prng: Prng,
  onEpoch: (epoch: number, nEpochs: number) => void,
): TrainedNetwork {
  const [nRows, nFeatures] = x.shape;
  const weights = initialWeights(nFeatures, o.hiddenUnits, o.nClusters, prng);
  const optimizer = tf.train.adam(o.learningRate);
  const history: ScanEpoch[] = [];
  const totalEpochs = o.warmEpochs + o.epochs;
  const nBatches = Math.floor(nRows / o.batchSize);
  const anchorRows = new Int32Array(o.batchSize);
  const pairedRows = new Int32Array(o.batchSize);
  try {
    const targets = tf.oneHot(tf.tensor1d(Int32Array.from(initialLabels), "int32"), o.nClusters);
    try {
      for (let epoch = 0; epoch < o.warmEpochs; epoch++) {
        const order = permutation(nRows, prng);
        let loss = 0;
        for (let b = 0; b < nBatches; b++) {
          anchorRows.set(order.subarray(b * o.batchSize, (b + 1) * o.batchSize));
          loss += step(optimizer, () => {
            const index = tf.tensor1d(anchorRows, "int32");
            return [
              tf.losses.softmaxCrossEntropy(
                tf.gather(targets, index),
                logits(weights, tf.gather(x, index)),
              ),
            ];
          });
        }
        history.push({ phase: "warm", loss: loss / nBatches, entropy: NaN });
        onEpoch(epoch + 1, totalEpochs);
      }
    } finally {
      targets.dispose();
    }
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const order = permutation(nRows, prng);
      let consistency = 0;
      let entropy = 0;
      for (let b = 0; b < nBatches; b++) {
        for (let r = 0; r < o.batchSize; r++) {
          const row = order[b * o.batchSize + r];
          anchorRows[r] = row;
          pairedRows[r] = neighbours[row * o.nNeighbors + Math.floor(prng() * o.nNeighbors)];
        }
        let batchEntropy = 0;
        consistency += step(optimizer, () => {
          const both = tf.gather(x, tf.tensor1d(Int32Array.from([...anchorRows, ...pairedRows]), "int32"));
          const p = tf.softmax(logits(weights, both));
          const [anchors, paired] = tf.split(p, 2) as [tf.Tensor2D, tf.Tensor2D];
          const { consistency: agreement, entropy: h } = scanLoss(anchors, paired);
          batchEntropy = h.dataSync()[0];
          return [tf.sub(agreement, tf.mul(h, o.entropyWeight)), agreement];
        });
        entropy += batchEntropy;
      }
      history.push({ phase: "scan", loss: consistency / nBatches, entropy: entropy / nBatches });
      onEpoch(o.warmEpochs + epoch + 1, totalEpochs);
    }
  } catch (error) {
    tf.dispose(weights);
    throw error;
  } finally {
    optimizer.dispose();
  }
  return { weights, history };
}

/** The labels and weights of one self-labelling batch (see {@linkcode selfLabelTargets}). */
export interface SelfLabelTargets {
  /** Each row's most probable cluster. */
  targets: Int32Array;
  /**
   * 0 for a row not confident enough; else the number of confident rows over the number of confident rows
   * with its label, so each label present weighs the same in total.
   */
  weights: Float32Array;
  /** Rows whose most probable cluster has probability above the threshold. */
  nConfident: number;
}

/**
 * SCAN's self-labels of a batch: each row's most probable cluster, kept when its probability exceeds
 * `threshold`, weighted by the inverse of its label's share of the kept rows.
 *
 * @example
 * ```ts
 * import { selfLabelTargets } from "./scan.ts";
 * import { assertEquals } from "../std.ts";
 * const p = Float32Array.of(0.995, 0.005, 0.999, 0.001, 0.2, 0.8, 0.001, 0.999);
 * const { targets, weights, nConfident } = selfLabelTargets(p, 2, 0.99);
 * assertEquals([Array.from(targets), Array.from(weights), nConfident], [[0, 0, 1, 1], [1.5, 1.5, 0, 3], 3]);
 * ```
 *
 * @param probabilities Row-major `[nRows, nClusters]` cluster probabilities.
 * @param nClusters Clusters per row.
 * @param threshold The probability a row's most probable cluster must exceed.
 * @returns The labels, their weights and the number of confident rows.
 */
export function selfLabelTargets(
  probabilities: ArrayLike<number>,
  nClusters: number,
  threshold: number,
): SelfLabelTargets {
  const nRows = probabilities.length / nClusters;
  const targets = new Int32Array(nRows);
  const weights = new Float32Array(nRows);
  const counts = new Int32Array(nClusters);
  let nConfident = 0;
  for (let r = 0; r < nRows; r++) {
    let best = 0;
    for (let c = 1; c < nClusters; c++) {
      if (probabilities[r * nClusters + c] > probabilities[r * nClusters + best]) best = c;
    }
    targets[r] = best;
    if (probabilities[r * nClusters + best] > threshold) {
      weights[r] = 1;
      counts[best]++;
      nConfident++;
    }
  }
  for (let r = 0; r < nRows; r++) if (weights[r] > 0) weights[r] = nConfident / counts[targets[r]];
  return { targets, weights, nConfident };
}

/**
 * SCAN's self-labelling on the kept network, in place: per batch, the anchors' most probable clusters
 * above the threshold are their labels (read without gradient), learnt from the paired neighbours' logits
 * with each label weighted by the inverse of its share of the batch's confident anchors, so a large
 * confident cluster does not absorb the others.
 */
function selfLabel(
  x: tf.Tensor2D,
  weights: tf.Variable[],
  neighbours: Int32Array,
  o: ReturnType<typeof withDefaults>,
  prng: Prng,
  history: ScanEpoch[],
  onEpoch: (epoch: number) => void,
): void {
  if (o.selfLabelEpochs === 0) return;
  const nRows = x.shape[0];
  const nBatches = Math.floor(nRows / o.batchSize);
  const optimizer = tf.train.adam(o.selfLabelLearningRate);
  const anchorRows = new Int32Array(o.batchSize);
  const pairedRows = new Int32Array(o.batchSize);
  try {
    for (let epoch = 0; epoch < o.selfLabelEpochs; epoch++) {
      const order = permutation(nRows, prng);
      let loss = 0;
      let confident = 0;
      let lossBatches = 0;
      for (let b = 0; b < nBatches; b++) {
        for (let r = 0; r < o.batchSize; r++) {
          const row = order[b * o.batchSize + r];
          anchorRows[r] = row;
          pairedRows[r] = o.selfLabelView === "row"
            ? row
            : neighbours[row * o.nNeighbors + Math.floor(prng() * o.nNeighbors)];
        }
        const probabilities = tf.tidy(() =>
          tf.softmax(logits(weights, tf.gather(x, tf.tensor1d(anchorRows, "int32"))))
        );
        const p = probabilities.dataSync();
        probabilities.dispose();
        const { targets, weights: rowWeights, nConfident } = selfLabelTargets(
          p,
          o.nClusters,
          o.selfLabelThreshold,
        );
        confident += nConfident;
        if (nConfident === 0) continue;
        lossBatches++;
        loss += step(optimizer, () => {
          const w = tf.tensor1d(rowWeights);
          const logProbabilities = tf.logSoftmax(
            logits(weights, tf.gather(x, tf.tensor1d(pairedRows, "int32"))),
          );
          const picked = tf.sum(
            tf.mul(logProbabilities, tf.oneHot(tf.tensor1d(targets, "int32"), o.nClusters)),
            1,
          );
          return [tf.div(tf.neg(tf.sum(tf.mul(picked, w))), tf.sum(w))];
        });
      }
      history.push({
        phase: "self",
        loss: lossBatches > 0 ? loss / lossBatches : NaN,
        entropy: NaN,
        confident: confident / (nBatches * o.batchSize),
      });
      onEpoch(epoch + 1);
    }
  } finally {
    optimizer.dispose();
  }
}

/** The options with their defaults filled in. */
function withDefaults(options: ScanClusteringOptions): Required<Omit<ScanClusteringOptions, "onEpochEnd">> & {
  onEpochEnd?: ScanClusteringOptions["onEpochEnd"];
} {
  return {
    nClusters: 10,
    nNeighbors: 20,
    hiddenUnits: 128,
    entropyWeight: 5,
    learningRate: 0.001,
    batchSize: 256,
    warmEpochs: 3,
    epochs: 20,
    nInit: 1,
    selfLabelEpochs: 0,
    selfLabelThreshold: 0.99,
    selfLabelLearningRate: 0.0001,
    selfLabelView: "neighbour",
    combine: "lowest-loss",
    seed: 0,
    ...options,
  };
}

/** Each row's `k` nearest other rows, nearest first (the row itself dropped, wherever its duplicates rank it). */
function neighbourTable(rows: Float32Array, nRows: number, nFeatures: number, k: number): Int32Array {
  const { indices } = exactNeighbours(rows, rows, nFeatures, k + 1);
  const table = new Int32Array(nRows * k);
  for (let i = 0; i < nRows; i++) {
    let kept = 0;
    for (let j = 0; j <= k && kept < k; j++) {
      const other = indices[i * (k + 1) + j];
      if (other !== i) table[i * k + kept++] = other;
    }
  }
  return table;
}

/** He-normal weights (Box–Muller draws from `prng`) and zero biases. */
function initialWeights(nFeatures: number, hidden: number, nClusters: number, prng: Prng): tf.Variable[] {
  const normal = (fanIn: number, size: number) => {
    const values = new Float32Array(size);
    const scale = Math.sqrt(2 / fanIn);
    for (let i = 0; i < size; i++) {
      values[i] = scale * Math.sqrt(-2 * Math.log(1 - prng())) * Math.cos(2 * Math.PI * prng());
    }
    return values;
  };
  return [
    tf.variable(tf.tensor2d(normal(nFeatures, nFeatures * hidden), [nFeatures, hidden])),
    tf.variable(tf.zeros([hidden])),
    tf.variable(tf.tensor2d(normal(hidden, hidden * nClusters), [hidden, nClusters])),
    tf.variable(tf.zeros([nClusters])),
  ];
}

/** The networks' mean cluster probabilities of the rows. */
function probabilities(networks: tf.Variable[][], x: tf.Tensor2D): tf.Tensor2D {
  if (networks.length === 1) return tf.softmax(logits(networks[0], x));
  return tf.div(tf.addN(networks.map((weights) => tf.softmax(logits(weights, x)))), networks.length);
}

/** The network's logits of the rows. */
function logits(weights: tf.Variable[], x: tf.Tensor2D): tf.Tensor2D {
  const [w1, b1, w2, b2] = weights;
  return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
}

/**
 * One Adam step on the first scalar `losses` returns; returns the second one's value (the first when the
 * step reports what it minimises).
 */
function step(optimizer: tf.Optimizer, losses: () => [tf.Scalar, tf.Scalar?]): number {
  let reported = NaN;
  const cost = optimizer.minimize(() => {
    const [total, shown] = losses();
    if (shown) reported = shown.dataSync()[0];
    return total;
  }, true);
  if (cost === null) throw new Error(`Cannot ${OWNER}: the optimiser returned no loss`);
  try {
    return Number.isNaN(reported) ? cost.dataSync()[0] : reported;
  } finally {
    cost.dispose();
  }
}
