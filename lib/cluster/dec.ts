/**
 * Deep embedded clustering: DEC (Xie, Girshick & Farhadi 2016) and IDEC (Guo et al. 2017) self-training of
 * a pretrained encoder and cluster centres, with the soft assignment and target distribution they share.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { encode } from "../model/mod.ts";
import { deriveSeed, permutation, randomSeeded } from "../random/mod.ts";
import { checkChoice, checkFitted, checkOption } from "../validation/mod.ts";
import { argmaxRows } from "./_argmax_rows.ts";
import { KMeans, nearestCenters } from "./kmeans.ts";

/** Which self-training objective. */
export type DECVariant = "dec" | "idec";

/** The networks DEC trains: an {@linkcode Autoencoder}-shaped object fits. */
export interface DECNetwork {
  /** Images in, flat embeddings `[nSamples, nFeatures]` out; fine-tuned in place by `fit`. */
  encoder: tf.LayersModel;
  /** Images in, reconstructions out, sharing the encoder's layers; required by IDEC. */
  autoencoder?: tf.LayersModel;
}

/** Options of {@linkcode DEC}. */
export interface DECOptions {
  /**
   * Number of clusters.
   *
   * @default {10}
   */
  nClusters?: number;
  /**
   * `"dec"`: minimise KL(P‖Q) alone; `"idec"`: minimise the reconstruction MSE + `gamma` × KL(P‖Q),
   * keeping the decoder so the embedding keeps the data's local structure.
   *
   * @default {"dec"}
   */
  variant?: DECVariant;
  /**
   * Degrees of freedom of the Student-t kernel of the soft assignment.
   *
   * @default {1}
   */
  alpha?: number;
  /**
   * IDEC's weight of the clustering loss (the papers' γ; ignored by DEC).
   *
   * @default {0.1}
   */
  gamma?: number;
  /**
   * The optimiser: `"sgd"` (with momentum, as DEC) or `"adam"` (as IDEC). Defaults to `"sgd"` for DEC and
   * `"adam"` for IDEC.
   *
   * @default {undefined}
   */
  optimizer?: "sgd" | "adam";
  /**
   * The learning rate; defaults to 0.01 for SGD and 0.001 for Adam.
   *
   * @default {undefined}
   */
  learningRate?: number;
  /**
   * SGD's momentum.
   *
   * @default {0.9}
   */
  momentum?: number;
  /**
   * Images per training batch.
   *
   * @default {256}
   */
  batchSize?: number;
  /**
   * Training batches at most.
   *
   * @default {20000}
   */
  maxIter?: number;
  /**
   * Batches between recomputations of the target distribution on the full data.
   *
   * @default {140}
   */
  updateInterval?: number;
  /**
   * Stop when fewer than this fraction of the labels change between two target updates.
   *
   * @default {0.001}
   */
  tol?: number;
  /**
   * KMeans initialisations of the centres.
   *
   * @default {20}
   */
  kmeansNInit?: number;
  /**
   * Centres to start from instead of KMeans on the embeddings, row-major `[nClusters, nFeatures]` (e.g. one
   * KMeans shared by DEC and IDEC on the same encoder); each embedding starts in its nearest centre's cluster.
   *
   * @default {undefined}
   */
  initialCenters?: Float32Array;
  /**
   * Seed of the KMeans initialisation and the batch order.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Images per forward pass when encoding the full data.
   *
   * @default {1024}
   */
  predictBatchSize?: number;
  /** Called after every target update. */
  onUpdate?: (update: DECUpdate) => void;
  /**
   * Keeps the state (encoder weights and centres) of the target update whose predictions of
   * `monitor.images` score highest by `monitor.score`, the KMeans start (update 0) included, instead of the
   * last one; on a tie the earlier state is kept. Self-training that drifts away from what the start got
   * right then ends where it was best on held-out images (e.g. a validation split scored by AMI).
   *
   * @default {undefined}
   */
  monitor?: DECMonitor;
  /**
   * With a `monitor`: stop after this many target updates in a row that score no higher than the best so
   * far. The kept state is the best one either way, so a run that would never have found a better one ends
   * with the same result, sooner.
   *
   * @default {Infinity}
   */
  patience?: number;
}

/** Options of {@linkcode DEC.fit}. */
export interface DECFitOptions {
  /**
   * The pretrained encoder's embeddings of the images, `[nSamples, nFeatures]`, when already computed (e.g.
   * cached beside the encoder); they must be what the encoder gives, which `fit` does not recompute.
   */
  embeddings?: Float32Array;
}

/** Held-out images and the score of their predictions (higher is better); see {@linkcode DECOptions.monitor}. */
export interface DECMonitor {
  /** The images, as for {@linkcode DEC.fit}. */
  images: Float32Array;
  /** Scores the clusters predicted for `images`. */
  score: (predictions: Int32Array) => number;
}

/** One recomputation of the target distribution. */
export interface DECUpdate {
  /** Training batches done before it. */
  iteration: number;
  /** Fraction of the labels that changed since the previous update (the KMeans labels for the first). */
  changed: number;
  /** Mean training loss over the batches since the previous update (NaN for the first). */
  loss: number;
  /** The monitor's score of this update's state, when a monitor is set. */
  score?: number;
}

interface DECState {
  centers: Float32Array;
  initialCenters: Float32Array;
  labels: Int32Array;
  initialLabels: Int32Array;
  nIter: number;
  converged: boolean;
  history: DECUpdate[];
  nFeatures: number;
  selectedIteration: number;
}

const EPSILON = 1e-7;

/**
 * The Student-t soft assignment of DEC: q_ij ∝ (1 + ‖z_i − μ_j‖² / α)^(−(α+1)/2), normalised over j.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { softAssignment } from "./dec.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertAlmostEquals } from "../std.ts";
 * await initTensorBackend();
 * const q = softAssignment(tf.tensor2d([[0, 0]]), tf.tensor2d([[0, 0], [1, 0]]));
 * // 1 / (1 + 0) and 1 / (1 + 1), normalised: 2/3 and 1/3.
 * const [a, b] = q.dataSync();
 * assertAlmostEquals(a, 2 / 3, 1e-6);
 * assertAlmostEquals(b, 1 / 3, 1e-6);
 * q.dispose();
 * ```
 *
 * @param z Embeddings, `[nSamples, nFeatures]`.
 * @param centers Cluster centres, `[nClusters, nFeatures]`.
 * @param alpha Degrees of freedom of the kernel.
 * @returns The assignment, `[nSamples, nClusters]`, rows summing to 1.
 */
export function softAssignment(z: tf.Tensor2D, centers: tf.Tensor2D, alpha = 1): tf.Tensor2D {
  return tf.tidy(() => {
    const zNorms = tf.sum(tf.square(z), 1, true);
    const cNorms = tf.sum(tf.square(centers), 1).reshape([1, -1]);
    const d2 = tf.relu(zNorms.add(cNorms).sub(tf.matMul(z, centers, false, true).mul(2)));
    const kernel = tf.pow(d2.div(alpha).add(1), -(alpha + 1) / 2);
    return kernel.div(tf.sum(kernel, 1, true)) as tf.Tensor2D;
  });
}

/**
 * DEC's target distribution: p_ij = (q_ij² / f_j) / Σ_j' (q_ij'² / f_j'), with the cluster frequencies
 * f_j = Σ_i q_ij. Squaring sharpens confident assignments; dividing by f_j keeps large clusters from
 * swallowing the others.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { targetDistribution } from "./dec.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertAlmostEquals } from "../std.ts";
 * await initTensorBackend();
 * const p = targetDistribution(tf.tensor2d([[0.5, 0.5], [0.5, 0.5]]));
 * assertAlmostEquals(p.dataSync()[0], 0.5, 1e-6);
 * p.dispose();
 * ```
 *
 * @param q A soft assignment, `[nSamples, nClusters]`.
 * @returns The target, `[nSamples, nClusters]`, rows summing to 1.
 */
export function targetDistribution(q: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const weight = tf.square(q).div(tf.sum(q, 0, true));
    return weight.div(tf.sum(weight, 1, true)) as tf.Tensor2D;
  });
}

/**
 * Deep embedded clustering: `fit(images)` encodes the images with the pretrained encoder, initialises the
 * centres by KMeans on the embeddings, then trains the encoder and the centres on seeded mini-batches to
 * minimise KL(P‖Q) between the target distribution P (recomputed on all images every `updateInterval`
 * batches, see {@linkcode targetDistribution}) and the soft assignment Q ({@linkcode softAssignment});
 * IDEC adds the reconstruction error. It stops when fewer than `tol` of the labels change between two
 * updates (`converged`), after `maxIter` batches, or, with a `monitor`, after `patience` updates without a
 * better score. The encoder (and, for IDEC, the decoder) is fine-tuned
 * in place, without dropout; `predict` uses it as left by `fit`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { DEC } from "./dec.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const input = tf.input({ shape: [2] });
 * const encoder = tf.model({
 *   inputs: input,
 *   outputs: tf.layers.dense({ units: 2, kernelInitializer: "identity" }).apply(input) as tf.SymbolicTensor,
 * });
 * const images = new Float32Array([0, 0, 0.1, 0, 0, 0.1, 5, 5, 5.1, 5, 5, 5.1]);
 * const dec = new DEC({ encoder }, { nClusters: 2, batchSize: 3, updateInterval: 2, maxIter: 20 }).fit(images);
 * assertEquals(dec.labels[0] === dec.labels[2], true);
 * assertEquals(dec.labels[0] !== dec.labels[3], true);
 * assertEquals(dec.converged, true);
 * encoder.dispose();
 * ```
 */
export class DEC {
  /** The networks trained. */
  readonly network: DECNetwork;
  /** Number of clusters. */
  readonly nClusters: number;
  /** The objective. */
  readonly variant: DECVariant;
  /** Degrees of freedom of the kernel. */
  readonly alpha: number;
  /** IDEC's clustering-loss weight. */
  readonly gamma: number;
  /** The optimiser, when set. */
  readonly optimizer: "sgd" | "adam" | undefined;
  /** The learning rate, when set. */
  readonly learningRate: number | undefined;
  /** SGD's momentum. */
  readonly momentum: number;
  /** Images per batch. */
  readonly batchSize: number;
  /** Batches at most. */
  readonly maxIter: number;
  /** Batches between target updates. */
  readonly updateInterval: number;
  /** Label-change tolerance. */
  readonly tol: number;
  /** KMeans initialisations. */
  readonly kmeansNInit: number;
  /** The seed. */
  readonly seed: number;
  /** Images per forward pass when encoding. */
  readonly predictBatchSize: number;
  /** Updates without a better monitor score before stopping. */
  readonly patience: number;
  #onUpdate?: (update: DECUpdate) => void;
  #monitor?: DECMonitor;
  #startCenters?: Float32Array;
  #state?: DECState;

  /**
   * Stores the networks and options; they are validated by {@linkcode DEC.fit}.
   *
   * @param network The pretrained encoder (and autoencoder for IDEC).
   * @param options The hyper-parameters.
   */
  constructor(
    network: DECNetwork,
    {
      nClusters = 10,
      variant = "dec",
      alpha = 1,
      gamma = 0.1,
      optimizer,
      learningRate,
      momentum = 0.9,
      batchSize = 256,
      maxIter = 20000,
      updateInterval = 140,
      tol = 0.001,
      kmeansNInit = 20,
      initialCenters,
      seed = 0,
      predictBatchSize = 1024,
      onUpdate,
      monitor,
      patience = Infinity,
    }: DECOptions = {},
  ) {
    this.network = network;
    this.nClusters = nClusters;
    this.variant = variant;
    this.alpha = alpha;
    this.gamma = gamma;
    this.optimizer = optimizer;
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.batchSize = batchSize;
    this.maxIter = maxIter;
    this.updateInterval = updateInterval;
    this.tol = tol;
    this.kmeansNInit = kmeansNInit;
    this.#startCenters = initialCenters;
    this.seed = seed;
    this.predictBatchSize = predictBatchSize;
    this.#onUpdate = onUpdate;
    this.#monitor = monitor;
    this.patience = patience;
  }

  /** Cluster centres in the embedding space, row-major `[nClusters, nFeatures]`. */
  get centers(): Float32Array {
    return this.#fitted().centers;
  }
  /** Cluster of every training image (argmax of the final soft assignment), `[nSamples]`. */
  get labels(): Int32Array {
    return this.#fitted().labels;
  }
  /** The KMeans centres the self-training started from, row-major `[nClusters, nFeatures]`. */
  get initialCenters(): Float32Array {
    return this.#fitted().initialCenters;
  }
  /** The KMeans labels the self-training started from, `[nSamples]`. */
  get initialLabels(): Int32Array {
    return this.#fitted().initialLabels;
  }
  /** Training batches run. */
  get nIter(): number {
    return this.#fitted().nIter;
  }
  /** Whether the label changes fell below `tol` before `maxIter`. */
  get converged(): boolean {
    return this.#fitted().converged;
  }
  /** The target update whose state the estimator kept: the last one, or the monitor's best. */
  get selectedIteration(): number {
    return this.#fitted().selectedIteration;
  }
  /** Every target update, in order. */
  get history(): readonly DECUpdate[] {
    return this.#fitted().history;
  }

  /**
   * Self-trains the encoder and the centres on `images`.
   *
   * @param images The images, `[nSamples, …inputShape]` flattened, as the encoder takes them.
   * @param options The images' embeddings, when already computed.
   * @returns This estimator, fitted.
   * @throws {RangeError} When an option is out of range, `nClusters > nSamples`, or the embeddings are
   * not `nSamples` rows of the encoder's output width.
   * @throws {TypeError} When the images do not fit the encoder, or IDEC lacks an autoencoder.
   */
  fit(images: Float32Array, { embeddings: given }: DECFitOptions = {}): this {
    const owner = "fit DEC";
    checkOption(owner, "nClusters", this.nClusters, { integer: true, min: 1 });
    checkChoice(owner, "variant", this.variant, ["dec", "idec"]);
    checkOption(owner, "alpha", this.alpha, { min: Number.MIN_VALUE });
    checkOption(owner, "gamma", this.gamma, { min: 0 });
    const optimizerName = this.optimizer ?? (this.variant === "dec" ? "sgd" : "adam");
    checkChoice(owner, "optimizer", optimizerName, ["sgd", "adam"]);
    const learningRate = this.learningRate ?? (optimizerName === "sgd" ? 0.01 : 0.001);
    checkOption(owner, "learningRate", learningRate, { min: Number.MIN_VALUE });
    checkOption(owner, "momentum", this.momentum, { min: 0, max: 1 });
    checkOption(owner, "batchSize", this.batchSize, { integer: true, min: 1 });
    checkOption(owner, "maxIter", this.maxIter, { integer: true, min: 0 });
    checkOption(owner, "updateInterval", this.updateInterval, { integer: true, min: 1 });
    checkOption(owner, "tol", this.tol, { min: 0 });
    checkOption(owner, "kmeansNInit", this.kmeansNInit, { integer: true, min: 1 });
    checkOption(owner, "seed", this.seed, { integer: true });
    checkOption(owner, "predictBatchSize", this.predictBatchSize, { integer: true, min: 1 });
    if (this.patience !== Infinity) checkOption(owner, "patience", this.patience, { integer: true, min: 1 });
    const { encoder, autoencoder } = this.network;
    if (!(encoder instanceof tf.LayersModel)) {
      throw new TypeError(
        `Cannot ${owner}: network.encoder must be a tf.LayersModel, current type is ${typeof encoder}`,
      );
    }
    if (this.variant === "idec" && !(autoencoder instanceof tf.LayersModel)) {
      throw new TypeError(
        `Cannot ${owner}: IDEC needs network.autoencoder (a tf.LayersModel), current type is ${typeof autoencoder}`,
      );
    }
    const inputShape = encoder.inputs[0].shape.slice(1) as number[];
    const size = inputShape.reduce((a, b) => a * b, 1);
    const n = countImages(owner, images, size);
    if (this.nClusters > n) {
      throw new RangeError(
        `Cannot ${owner}: nClusters must be <= nSamples (${n}), current value is ${this.nClusters}`,
      );
    }

    const width = encoder.outputs[0].shape.slice(1).reduce((a: number, b) => a * (b ?? NaN), 1);
    if (given !== undefined && given.length !== n * width) {
      throw new RangeError(
        `Cannot ${owner}: embeddings must hold nSamples × nFeatures = ${n} × ${width} values, current length is ${given.length}`,
      );
    }
    const embeddings = given ?? encode(encoder, images, { batchSize: this.predictBatchSize });
    const d = embeddings.length / n;
    const kmeans = this.#start(owner, embeddings, d);
    const initialCenters = tf.tensor2d(kmeans.centers, [this.nClusters, d]);
    const centers = tf.variable(initialCenters, true);
    initialCenters.dispose();
    const trained = this.variant === "idec" ? autoencoder! : encoder;
    const variables = [...trained.trainableWeights.map((w) => w.read() as tf.Variable), centers];
    const optimizer = optimizerName === "sgd"
      ? tf.train.momentum(learningRate, this.momentum)
      : tf.train.adam(learningRate);
    const forward = this.variant === "idec" ? jointForward(encoder, autoencoder!) : undefined;

    const history: DECUpdate[] = [];
    let labels = kmeans.labels;
    let target: Float32Array = new Float32Array(0);
    let converged = false;
    let stale = 0;
    let lossSum = 0;
    let lossCount = 0;
    let epoch = 0;
    let order = permutation(n, randomSeeded(deriveSeed(this.seed, `dec/batches/${epoch}`)));
    let position = 0;
    let iteration = 0;
    let trainedSinceUpdate = false;
    let best:
      | { score: number; iteration: number; labels: Int32Array; centers: Float32Array; weights: tf.Tensor[] }
      | undefined;
    if (this.#monitor !== undefined) countImages(`${owner} (monitor.images)`, this.#monitor.images, size);
    try {
      for (; iteration <= this.maxIter; iteration++) {
        if (iteration % this.updateInterval === 0 || iteration === this.maxIter) {
          // The start's embeddings are the pretrained encoder's: the first update needs no second encoding.
          const q = iteration === 0
            ? this.#assignEmbeddings(embeddings, centers, n)
            : this.#assign(images, centers, n);
          const current = argmaxRows(q, n, this.nClusters);
          const changed = fractionChanged(labels, current);
          labels = current;
          const update: DECUpdate = { iteration, changed, loss: lossCount > 0 ? lossSum / lossCount : NaN };
          if (this.#monitor) {
            const m = this.#monitor;
            const nMonitor = countImages(owner, m.images, size);
            update.score = m.score(
              argmaxRows(this.#assign(m.images, centers, nMonitor), nMonitor, this.nClusters),
            );
            if (best === undefined || update.score > best.score) {
              stale = 0;
              tf.dispose(best?.weights ?? []);
              best = {
                score: update.score,
                iteration,
                labels: current,
                centers: centers.dataSync().slice() as Float32Array,
                weights: trained.getWeights().map((w) => w.clone()),
              };
            } else {
              stale++;
            }
          }
          history.push(update);
          this.#onUpdate?.(update);
          lossSum = 0;
          lossCount = 0;
          trainedSinceUpdate = false;
          if (iteration > 0 && changed < this.tol) {
            converged = true;
            break;
          }
          if (iteration === this.maxIter || stale >= this.patience) break;
          target = targetValues(q, n, this.nClusters);
        }
        const count = Math.min(this.batchSize, n - position);
        const batch = order.subarray(position, position + count);
        position += count;
        if (position >= n) {
          epoch++;
          order = permutation(n, randomSeeded(deriveSeed(this.seed, `dec/batches/${epoch}`)));
          position = 0;
        }
        const x = tf.tensor(gather(images, batch, size), [count, ...inputShape], "float32");
        const p = tf.tensor2d(gather(target, batch, this.nClusters), [count, this.nClusters]);
        const cost = optimizer.minimize(
          () => {
            if (forward) {
              const [z, reconstruction] = forward.apply(x, { training: false }) as tf.Tensor[];
              const q = softAssignment(z as tf.Tensor2D, centers, this.alpha);
              const mse = tf.mean(tf.squaredDifference(reconstruction.reshape(x.shape), x));
              return mse.add(klDivergence(p, q).mul(this.gamma)) as tf.Scalar;
            }
            const z = encoder.apply(x, { training: false }) as tf.Tensor2D;
            return klDivergence(p, softAssignment(z, centers, this.alpha));
          },
          true,
          variables,
        )!;
        lossSum += cost.dataSync()[0];
        lossCount++;
        trainedSinceUpdate = true;
        tf.dispose([cost, x, p]);
      }
      if (trainedSinceUpdate) labels = argmaxRows(this.#assign(images, centers, n), n, this.nClusters);
      let finalCenters = centers.dataSync().slice() as Float32Array;
      let selectedIteration = Math.min(iteration, this.maxIter);
      if (
        best !== undefined && (trainedSinceUpdate || best.iteration !== history[history.length - 1].iteration)
      ) {
        // Back to the monitor's best state: its weights (the encoder's, and the decoder's for IDEC), centres
        // and labels.
        trained.setWeights(best.weights);
        finalCenters = best.centers;
        labels = best.labels;
        selectedIteration = best.iteration;
      }
      this.#state = {
        centers: finalCenters,
        selectedIteration,
        initialCenters: kmeans.centers,
        labels,
        initialLabels: kmeans.labels,
        nIter: Math.min(iteration, this.maxIter),
        converged,
        history,
        nFeatures: d,
      };
    } finally {
      tf.dispose(best?.weights ?? []);
      optimizer.dispose();
      // tfjs 4.22's MomentumOptimizer.dispose skips the learning-rate scalar of its SGD base class.
      if (optimizerName === "sgd") (optimizer as unknown as { c: tf.Tensor }).c.dispose();
      centers.dispose();
    }
    return this;
  }

  /**
   * The soft assignment of images to the fitted clusters.
   *
   * @param images The images, as for {@linkcode DEC.fit}.
   * @returns Q, `[nSamples, nClusters]` row-major.
   * @throws {Error} When called before `fit`.
   */
  predictProba(images: Float32Array): Float32Array {
    const state = this.#fitted();
    const size = (this.network.encoder.inputs[0].shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
    const n = countImages("predict with DEC", images, size);
    const centers = tf.tensor2d(state.centers, [this.nClusters, state.nFeatures]);
    try {
      return this.#assign(images, centers, n);
    } finally {
      centers.dispose();
    }
  }

  /**
   * The cluster of every image: the argmax of its soft assignment.
   *
   * @param images The images, as for {@linkcode DEC.fit}.
   * @returns `[nSamples]` cluster indices.
   * @throws {Error} When called before `fit`.
   */
  predict(images: Float32Array): Int32Array {
    const q = this.predictProba(images);
    return argmaxRows(q, q.length / this.nClusters, this.nClusters);
  }

  /** Q of all images: encoded a batch at a time, then assigned. */
  #assign(images: Float32Array, centers: tf.Tensor2D, n: number): Float32Array {
    return this.#assignEmbeddings(
      encode(this.network.encoder, images, { batchSize: this.predictBatchSize }),
      centers,
      n,
    );
  }

  /** Q of `n` embeddings `z`, in chunks. */
  #assignEmbeddings(z: Float32Array, centers: tf.Tensor2D, n: number): Float32Array {
    const d = z.length / n;
    const out = new Float32Array(n * this.nClusters);
    const chunk = 8192;
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const q = tf.tidy(() =>
        softAssignment(tf.tensor2d(z.subarray(start * d, (start + rows) * d), [rows, d]), centers, this.alpha)
      );
      out.set(q.dataSync(), start * this.nClusters);
      q.dispose();
    }
    return out;
  }

  /** The start: the given centres with each embedding's nearest, or KMeans on the embeddings. */
  #start(owner: string, embeddings: Float32Array, d: number): { centers: Float32Array; labels: Int32Array } {
    const given = this.#startCenters;
    if (given !== undefined) {
      if (given.length !== this.nClusters * d) {
        throw new RangeError(
          `Cannot ${owner}: initialCenters must hold nClusters × nFeatures = ${this.nClusters} × ${d} values, current length is ${given.length}`,
        );
      }
      return { centers: Float32Array.from(given), labels: nearestCenters(embeddings, given, this.nClusters) };
    }
    const z0 = tf.tensor2d(embeddings, [embeddings.length / d, d]);
    try {
      const kmeans = new KMeans({
        nClusters: this.nClusters,
        nInit: this.kmeansNInit,
        seed: deriveSeed(this.seed, "dec/kmeans"),
      }).fit(z0);
      return { centers: kmeans.centers, labels: kmeans.labels };
    } finally {
      z0.dispose();
    }
  }

  #fitted(): DECState {
    return checkFitted(this.#state, "DEC");
  }
}

/** KL(P‖Q) summed over clusters, averaged over rows (Keras's `kld`). */
function klDivergence(p: tf.Tensor2D, q: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const pc = tf.clipByValue(p, EPSILON, 1);
    const qc = tf.clipByValue(q, EPSILON, 1);
    return tf.mean(tf.sum(pc.mul(tf.log(pc.div(qc))), 1)) as tf.Scalar;
  });
}

/**
 * One model giving both the embedding and the reconstruction in a single forward pass when the encoder and
 * the autoencoder share their input (as the workspace's builders do); otherwise both models run.
 */
function jointForward(
  encoder: tf.LayersModel,
  autoencoder: tf.LayersModel,
): { apply: tf.LayersModel["apply"] } {
  if (encoder.inputs[0] === autoencoder.inputs[0]) {
    return tf.model({ inputs: encoder.inputs, outputs: [encoder.outputs[0], autoencoder.outputs[0]] });
  }
  return {
    apply: (x, kwargs) => [encoder.apply(x, kwargs) as tf.Tensor, autoencoder.apply(x, kwargs) as tf.Tensor],
  };
}

/** The target distribution of Q as row-major values. */
function targetValues(q: Float32Array, n: number, k: number): Float32Array {
  const t = tf.tensor2d(q, [n, k]);
  const p = targetDistribution(t);
  const values = p.dataSync().slice() as Float32Array;
  tf.dispose([t, p]);
  return values;
}

function countImages(owner: string, images: Float32Array, size: number): number {
  if (!(images instanceof Float32Array)) {
    throw new TypeError(`Cannot ${owner}: images must be a Float32Array, current type is ${typeof images}`);
  }
  const n = images.length / size;
  if (!Number.isInteger(n) || n < 1) {
    throw new TypeError(
      `Cannot ${owner}: images must hold at least one whole input of ${size} values, current length is ${images.length}`,
    );
  }
  return n;
}

function gather(values: Float32Array, rows: Int32Array, width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    out.set(values.subarray(rows[r] * width, rows[r] * width + width), r * width);
  }
  return out;
}

function fractionChanged(a: Int32Array, b: Int32Array): number {
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) changed++;
  return changed / a.length;
}
