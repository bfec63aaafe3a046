import { assert, assertEquals, assertThrows } from "../std.ts";
import { optimizeLayout, tausSeeds } from "./_layout.ts";

/** Two chains of 10 points (edges i→i+1 both ways within each), spread at random in 2-d. */
function twoChains() {
  const heads: number[] = [];
  const tails: number[] = [];
  for (const offset of [0, 10]) {
    for (let i = offset; i < offset + 9; i++) heads.push(i, i + 1), tails.push(i + 1, i);
  }
  const embedding = new Float32Array(40).map((_, i) => ((i * 7919) % 101) / 10);
  return {
    heads: Int32Array.from(heads),
    tails: Int32Array.from(tails),
    epochsPerSample: new Float64Array(heads.length).fill(1),
    embedding,
  };
}

const base = {
  dim: 2,
  a: 1.58,
  b: 0.9,
  nEpochs: 200,
  initialAlpha: 1,
  negativeSampleRate: 5,
  repulsionStrength: 1,
};

/** Lays out the chains in place as `fit` does (the tail is the head). */
function fitLayout(g: ReturnType<typeof twoChains>, seed: number): void {
  optimizeLayout({
    ...base,
    ...g,
    headEmbedding: g.embedding,
    tailEmbedding: g.embedding,
    moveOther: true,
    seed,
  });
}

function meanDistance(e: Float32Array, pairs: [number, number][]): number {
  return pairs.reduce((s, [i, j]) => s + Math.hypot(e[2 * i] - e[2 * j], e[2 * i + 1] - e[2 * j + 1]), 0) /
    pairs.length;
}

Deno.test("optimizeLayout() pulls connected rows together and pushes the unconnected chains apart", () => {
  const g = twoChains();
  const within: [number, number][] = Array.from({ length: 9 }, (_, i) => [i, i + 1]);
  const across: [number, number][] = Array.from({ length: 10 }, (_, i) => [i, i + 10]);
  const before = meanDistance(g.embedding, within);
  fitLayout(g, 1);
  assert(g.embedding.every(Number.isFinite));
  const after = meanDistance(g.embedding, within);
  assert(after < before / 2, `within-chain distance ${before} -> ${after}`);
  assert(meanDistance(g.embedding, across) > 2 * after, "the chains should end apart");
});

Deno.test("optimizeLayout() is reproducible for a seed and differs for another", () => {
  const run = (seed: number) => {
    const g = twoChains();
    fitLayout(g, seed);
    return g.embedding;
  };
  assertEquals(run(3), run(3));
  const other = run(4);
  assert(run(3).some((v, i) => v !== other[i]));
});

Deno.test("optimizeLayout() with moveOther false leaves the tail layout unchanged", () => {
  const g = twoChains();
  const tail = g.embedding.slice();
  const head = new Float32Array(40).fill(5);
  optimizeLayout({ ...base, ...g, headEmbedding: head, tailEmbedding: tail, moveOther: false, seed: 2 });
  assertEquals(tail, g.embedding);
  assert(head.some((v) => v !== 5));
});

Deno.test("tausSeeds() gives valid Tausworthe states (above each component's minimum) deterministically", () => {
  for (const seed of [0, 1, -7, 2 ** 31]) {
    const [s0, s1, s2] = tausSeeds(seed);
    assert((s0 >>> 0) >= 2 && (s1 >>> 0) >= 8 && (s2 >>> 0) >= 16);
    assertEquals(tausSeeds(seed), [s0, s1, s2]);
  }
});

Deno.test("optimizeLayout() treats rows padded to whole vectors as zero coordinates, and rejects dim > 64", () => {
  // The same chains in 6-d (rows padded to 8 floats inside) and in 8-d with two zero columns: the zero
  // columns never get a gradient, so both runs must agree on the first 6 coordinates.
  const lay = (dim: number) => {
    const g = twoChains();
    const embedding = new Float32Array(20 * dim).map((_, i) => {
      const [row, column] = [Math.floor(i / dim), i % dim];
      return column < 6 ? (((row * 6 + column) * 7919) % 101) / 10 : 0;
    });
    optimizeLayout({
      ...base,
      ...g,
      dim,
      headEmbedding: embedding,
      tailEmbedding: embedding,
      moveOther: true,
      seed: 5,
    });
    return embedding;
  };
  const six = lay(6);
  const eight = lay(8);
  assertEquals(
    Array.from({ length: 20 * 6 }, (_, i) => eight[Math.floor(i / 6) * 8 + (i % 6)]),
    Array.from(six),
  );
  assert(eight.every((v, i) => i % 8 < 6 || v === 0));
  const g = twoChains();
  const wide = new Float32Array(20 * 65);
  assertThrows(
    () =>
      optimizeLayout({
        ...base,
        ...g,
        dim: 65,
        headEmbedding: wide,
        tailEmbedding: wide,
        moveOther: true,
        seed: 1,
      }),
    RangeError,
    "nComponents must be <= 64",
  );
});

/**
 * umap-learn 0.5.3's `optimize_layout_euclidean` epoch loop written out plainly in TypeScript, with the
 * embedding updated in place in float32 and the same negative-sample generator (rows by scaling): the
 * reference the native loop must follow.
 */
function referenceLayout(input: Parameters<typeof optimizeLayout>[0]): void {
  const { headEmbedding: head, tailEmbedding: tail, heads, tails, epochsPerSample: eps, dim, a, b } = input;
  const f = Math.fround;
  const nTail = tail.length / dim;
  const rate = input.negativeSampleRate;
  const nextSample = Float64Array.from(eps);
  const nextNegative = eps.map((v) => v / rate);
  let [s0, s1, s2] = tausSeeds(input.seed).map((v) => v >>> 0);
  for (let epoch = 0; epoch < input.nEpochs; epoch++) {
    const alpha = f(input.initialAlpha * (1 - Math.max(0, epoch - 1) / input.nEpochs));
    for (let e = 0; e < heads.length; e++) {
      if (nextSample[e] > epoch) continue;
      const j = heads[e];
      const k0 = tails[e];
      const step = (
        other: Float32Array,
        row: number,
        coefficientOf: (d2: number) => number,
        move: boolean,
      ) => {
        let d2 = 0;
        for (let c = 0; c < dim; c++) d2 = f(d2 + f(f(head[j * dim + c] - other[row * dim + c]) ** 2));
        if (d2 <= 0) return false;
        const coeff = f(coefficientOf(d2));
        for (let c = 0; c < dim; c++) {
          const diff = f(head[j * dim + c] - other[row * dim + c]);
          const g = f(Math.min(4, Math.max(-4, f(coeff * diff))) * alpha);
          head[j * dim + c] = f(head[j * dim + c] + g);
          if (move) other[row * dim + c] = f(other[row * dim + c] - g);
        }
        return true;
      };
      step(tail, k0, (d2) => (-2 * a * b * d2 ** b / d2) / (a * d2 ** b + 1), input.moveOther);
      nextSample[e] += eps[e];
      const perNegative = eps[e] / rate;
      const nNegative = Math.floor((epoch - nextNegative[e]) / perNegative);
      for (let p = 0; p < nNegative; p++) {
        s0 = ((((s0 & 0xfffffffe) << 12) >>> 0) ^ ((((s0 << 13) >>> 0) ^ s0) >>> 19)) >>> 0;
        s1 = ((((s1 & 0xfffffff8) << 4) >>> 0) ^ ((((s1 << 2) >>> 0) ^ s1) >>> 25)) >>> 0;
        s2 = ((((s2 & 0xfffffff0) << 17) >>> 0) ^ ((((s2 << 3) >>> 0) ^ s2) >>> 11)) >>> 0;
        const k = Math.floor(((s0 ^ s1 ^ s2) >>> 0) * nTail / 4294967296);
        if (k === j && head === tail) continue;
        const moved = step(
          tail,
          k,
          (d2) => 2 * input.repulsionStrength * b / ((0.001 + d2) * (a * d2 ** b + 1)),
          false,
        );
        // Coincident with another row: pushed by the clip bound along every axis.
        if (!moved && k !== j) {
          for (let c = 0; c < dim; c++) head[j * dim + c] = f(head[j * dim + c] + f(4 * alpha));
        }
      }
      nextNegative[e] += nNegative * perNegative;
    }
  }
}

Deno.test("optimizeLayout() follows umap-learn's epoch loop (fit, fixed tail, coincident rows; 1 to 8 dims)", () => {
  for (const dim of [1, 3, 5, 6, 8]) {
    for (const setting of ["fit", "fixed tail", "coincident"] as const) {
      const g = twoChains();
      const start = (n: number, salt: number) =>
        new Float32Array(n * dim).map((_, i) =>
          setting === "coincident" && Math.floor(i / dim) < 10 ? 1 : ((i * 7919 + salt) % 101) / 10
        );
      // Uneven sampling periods, so that edges are skipped in some epochs and negatives accumulate.
      const epochsPerSample = g.epochsPerSample.map((_, e) => 1 + (e % 3) * 0.7);
      const run = (layout: typeof optimizeLayout) => {
        const head = start(20, 0);
        const tail = setting === "fixed tail" ? start(20, 13) : head;
        layout({
          ...base,
          ...g,
          epochsPerSample,
          dim,
          nEpochs: 4,
          headEmbedding: head,
          tailEmbedding: tail,
          moveOther: setting !== "fixed tail",
          seed: 9,
        });
        return [head, tail];
      };
      const [head, tail] = run(optimizeLayout);
      const [refHead, refTail] = run(referenceLayout);
      for (let i = 0; i < head.length; i++) {
        assert(
          Math.abs(head[i] - refHead[i]) < 1e-4 && Math.abs(tail[i] - refTail[i]) < 1e-4,
          `${setting}, dim ${dim}, value ${i}: ${head[i]} against ${refHead[i]}`,
        );
      }
    }
  }
});
