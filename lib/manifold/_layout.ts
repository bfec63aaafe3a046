// UMAP's layout optimisation, umap-learn's `optimize_layout_euclidean` on typed arrays: stochastic gradient
// descent on the fuzzy cross-entropy, each edge sampled every `epochsPerSample` epochs (attraction) with
// `negativeSampleRate` random rows per sample (repulsion), learning rate decaying linearly to 0. One
// thread, in edge order, so a seed gives the same layout. (umap-js keeps rows as arrays of numbers and
// spent 306 s on 200 epochs of 70k rows here; this loop does the same work in a fraction of that.)

/** What the optimisation needs. */
export interface LayoutInput {
  /** The rows being laid out, `[nHead, dim]` row-major; updated in place. */
  headEmbedding: Float32Array;
  /**
   * The rows they are attracted to and repelled from, `[nTail, dim]`; the same array as `headEmbedding`
   * when fitting, the fitted embedding (not modified) when placing new rows.
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
  /** Called after every epoch with the number of epochs done. */
  onEpochEnd?: (epoch: number) => void;
}

/** Runs the optimisation; `headEmbedding` holds the result. */
export function optimizeLayout(input: LayoutInput): void {
  const {
    headEmbedding: head,
    tailEmbedding: tail,
    heads,
    tails,
    epochsPerSample,
    dim,
    a,
    b,
    nEpochs,
    initialAlpha,
    negativeSampleRate,
    repulsionStrength: gamma,
    moveOther,
  } = input;
  const nTail = tail.length / dim;
  const nEdges = heads.length;
  const epochsPerNegative = new Float64Array(nEdges);
  const nextSample = new Float64Array(nEdges);
  const nextNegative = new Float64Array(nEdges);
  for (let e = 0; e < nEdges; e++) {
    epochsPerNegative[e] = epochsPerSample[e] / negativeSampleRate;
    nextSample[e] = epochsPerSample[e];
    nextNegative[e] = epochsPerNegative[e];
  }
  // The Tausworthe state lives in locals: the hot loop below draws ~5 numbers per positive sample.
  let [s0, s1, s2] = tausSeeds(input.seed);
  const current = new Float64Array(dim);
  const rowScale = nTail / 4294967296;
  const selfLayout = head === tail;
  const twoAb = 2 * a * b;
  const twoGammaB = 2 * gamma * b;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    // umap-learn updates the rate after each epoch: epochs 0 and 1 both run at the initial rate.
    const alpha = initialAlpha * (1 - Math.max(0, epoch - 1) / nEpochs);
    for (let e = 0; e < nEdges; e++) {
      if (nextSample[e] > epoch) continue;
      const j = heads[e];
      const cj = j * dim;
      const ck = tails[e] * dim;
      // The head row is updated in float64 locals and stored once per sample.
      let d2 = 0;
      for (let c = 0; c < dim; c++) {
        const v = head[cj + c];
        current[c] = v;
        const diff = v - tail[ck + c];
        d2 += diff * diff;
      }
      if (d2 > 0) {
        const pow = Math.pow(d2, b);
        const coeff = (-twoAb * pow / d2) / (a * pow + 1);
        for (let c = 0; c < dim; c++) {
          const g = clip(coeff * (current[c] - tail[ck + c])) * alpha;
          current[c] += g;
          if (moveOther) tail[ck + c] -= g;
        }
      }
      nextSample[e] += epochsPerSample[e];
      const nNegative = negativeSampleRate > 0
        ? Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e])
        : 0;
      for (let p = 0; p < nNegative; p++) {
        // Int32 arithmetic throughout (uint32 values above 2^31 would leave V8's small integers).
        s0 = ((s0 & -2) << 12) ^ (((s0 << 13) ^ s0) >>> 19);
        s1 = ((s1 & -8) << 4) ^ (((s1 << 2) ^ s1) >>> 25);
        s2 = ((s2 & -16) << 17) ^ (((s2 << 3) ^ s2) >>> 11);
        // A uniform row by scaling (umap-learn takes the remainder; a division costs more here).
        const k = Math.floor(((s0 ^ s1 ^ s2) >>> 0) * rowScale);
        if (k === j && selfLayout) continue;
        const ck2 = k * dim;
        let n2 = 0;
        for (let c = 0; c < dim; c++) {
          const diff = current[c] - tail[ck2 + c];
          n2 += diff * diff;
        }
        if (n2 > 0) {
          const coeff = twoGammaB / ((0.001 + n2) * (a * Math.pow(n2, b) + 1));
          for (let c = 0; c < dim; c++) current[c] += clip(coeff * (current[c] - tail[ck2 + c])) * alpha;
        } else if (j !== k) {
          // Coincident with another row: umap-learn pushes by the clip bound along every axis.
          for (let c = 0; c < dim; c++) current[c] += 4 * alpha;
        }
      }
      for (let c = 0; c < dim; c++) head[cj + c] = current[c];
      nextNegative[e] += nNegative * epochsPerNegative[e];
    }
    input.onEpochEnd?.(epoch + 1);
  }
}

function clip(v: number): number {
  return v > 4 ? 4 : v < -4 ? -4 : v;
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
