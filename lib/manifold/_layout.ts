// UMAP's layout optimisation, umap-learn's `optimize_layout_euclidean`: stochastic gradient descent on the
// fuzzy cross-entropy, each edge sampled every `epochsPerSample` epochs (attraction) with
// `negativeSampleRate` random rows per sample (repulsion), learning rate decaying linearly to 0. One
// thread, in edge order, so a seed gives the same layout. The loop is native (native/layout.c, WebAssembly
// SIMD): on 70k rows in 10-d it took 51 s for 200 epochs as TypeScript on typed arrays and 21 s native,
// most of the difference being x^b, which the native loop reads from tables (umap-js took 306 s).
import { LAYOUT_WASM } from "./_layout_wasm.ts";

/** What the optimisation needs. */
export interface LayoutInput {
  /** The rows being laid out, `[nHead, dim]` row-major; updated in place. */
  headEmbedding: Float32Array;
  /**
   * The rows they are attracted to and repelled from, `[nTail, dim]`; the same array object as
   * `headEmbedding` when fitting (another view of the same memory counts as another array), the fitted
   * embedding (not modified) when placing new rows.
   */
  tailEmbedding: Float32Array;
  /** Edge sources (rows of `headEmbedding`). */
  heads: Int32Array;
  /** Edge targets (rows of `tailEmbedding`). */
  tails: Int32Array;
  /** Epochs between two samples of each edge. */
  epochsPerSample: Float64Array;
  /** Embedding dimension. */
  dim: number;
  /** Scale of the low-dimensional similarity 1 / (1 + a·d^(2b)). */
  a: number;
  /** Exponent (half of it) of that similarity. */
  b: number;
  /** Epochs. */
  nEpochs: number;
  /** Initial learning rate. */
  initialAlpha: number;
  /** Negative samples per positive sample. */
  negativeSampleRate: number;
  /** Weight of the repulsive term (gamma). */
  repulsionStrength: number;
  /** Whether the target of an edge moves too (fit: yes; transform: no). */
  moveOther: boolean;
  /** Seed of the negative sampling. */
  seed: number;
  /**
   * Called after every epoch with the number of epochs done (for progress: the embedding arrays are
   * written back once, after the last epoch).
   */
  onEpochEnd?: (epoch: number) => void;
}

/** The native loop's exports (see native/layout.c). */
interface LayoutKernel {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  optimize_layout(
    head: number,
    tail: number,
    heads: number,
    tails: number,
    epochsPerSample: number,
    nextSample: number,
    nextNegative: number,
    nEdges: number,
    nTail: number,
    dim: number,
    width: number,
    a: number,
    b: number,
    epochBegin: number,
    epochEnd: number,
    nEpochs: number,
    initialAlpha: number,
    negativeSampleRate: number,
    gamma: number,
    moveOther: number,
    taus: number,
  ): void;
}

/** Rows of at most this many floats fit the native loop. */
const MAX_DIM = 64;

/**
 * Runs the optimisation; `headEmbedding` holds the result (and `tailEmbedding` the moved targets when
 * `moveOther` is set and it is another array).
 *
 * @throws {RangeError} When `dim` is above 64.
 */
export function optimizeLayout(input: LayoutInput): void {
  const { headEmbedding: head, tailEmbedding: tail, heads, tails, epochsPerSample, dim, nEpochs } = input;
  if (dim > MAX_DIM) {
    throw new RangeError(
      `Cannot optimise the UMAP layout: nComponents must be <= ${MAX_DIM}, current value is ${dim}`,
    );
  }
  const nEdges = heads.length;
  const nHead = head.length / dim;
  const nTail = tail.length / dim;
  const selfLayout = head === tail;
  // Rows padded to whole 128-bit vectors.
  const width = Math.ceil(dim / 4) * 4;
  const kernel = new WebAssembly.Instance(
    new WebAssembly.Module(Uint8Array.fromBase64(LAYOUT_WASM)),
    {},
  ).exports as unknown as LayoutKernel;
  let end = Number(kernel.__heap_base.value);
  const place = (bytes: number) => {
    const at = Math.ceil(end / 16) * 16;
    end = at + bytes;
    return at;
  };
  const headAt = place(nHead * width * 4);
  const tailAt = selfLayout ? headAt : place(nTail * width * 4);
  const headsAt = place(nEdges * 4);
  const tailsAt = place(nEdges * 4);
  const epochsAt = place(nEdges * 8);
  const nextSampleAt = place(nEdges * 8);
  const nextNegativeAt = place(nEdges * 8);
  const tausAt = place(12);
  const memory = kernel.memory;
  if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  const buffer = memory.buffer;
  const copyRows = (rows: Float32Array, at: number, n: number, toNative: boolean) => {
    const padded = new Float32Array(buffer, at, n * width);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < dim; c++) {
        if (toNative) padded[i * width + c] = rows[i * dim + c];
        else rows[i * dim + c] = padded[i * width + c];
      }
    }
  };
  copyRows(head, headAt, nHead, true);
  if (!selfLayout) copyRows(tail, tailAt, nTail, true);
  new Int32Array(buffer, headsAt, nEdges).set(heads);
  new Int32Array(buffer, tailsAt, nEdges).set(tails);
  new Float64Array(buffer, epochsAt, nEdges).set(epochsPerSample);
  new Float64Array(buffer, nextSampleAt, nEdges).set(epochsPerSample);
  const nextNegative = new Float64Array(buffer, nextNegativeAt, nEdges);
  const rate = input.negativeSampleRate;
  for (let e = 0; e < nEdges; e++) nextNegative[e] = rate > 0 ? epochsPerSample[e] / rate : 0;
  new Int32Array(buffer, tausAt, 3).set(tausSeeds(input.seed));
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    kernel.optimize_layout(
      headAt,
      tailAt,
      headsAt,
      tailsAt,
      epochsAt,
      nextSampleAt,
      nextNegativeAt,
      nEdges,
      nTail,
      dim,
      width,
      input.a,
      input.b,
      epoch,
      epoch + 1,
      nEpochs,
      input.initialAlpha,
      rate,
      input.repulsionStrength,
      input.moveOther ? 1 : 0,
      tausAt,
    );
    input.onEpochEnd?.(epoch + 1);
  }
  copyRows(head, headAt, nHead, false);
  if (!selfLayout && input.moveOther) copyRows(tail, tailAt, nTail, false);
}

/**
 * Seeds of umap-learn's `tau_rand_int` generator (L'Ecuyer's three-component Tausworthe, taus88, on 32-bit
 * words), drawn from one integer through splitmix32; each component is forced above its minimum.
 */
export function tausSeeds(seed: number): [number, number, number] {
  let x = seed >>> 0;
  const next = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return [next() | 2, next() | 8, next() | 16];
}
