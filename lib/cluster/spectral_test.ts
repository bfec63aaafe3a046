import { initTensorBackend } from "../backend/wasm.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { ari } from "../metrics/mod.ts";
import { randomSeeded } from "../random/mod.ts";
import { type AffinityGraph, SpectralClustering, spectralEmbedding } from "./spectral.ts";

await initTensorBackend();

interface FixtureGraph {
  n: number;
  rows: number[];
  cols: number[];
  weights: number[];
}

/** tests/fixtures/spectral/spectral.json, written by tests/fixtures/spectral/make_spectral_fixture.py (sklearn 1.2.1). */
const fixture: {
  random: { graph: FixtureGraph; eigenvalues: number[]; embedding: number[][] };
  isolated: { graph: FixtureGraph; embedding: number[][] };
  communities: {
    graph: FixtureGraph;
    nClusters: number;
    planted: number[];
    eigenvalues: number[];
    labels: number[];
  };
} = JSON.parse(
  await Deno.readTextFile(new URL("../../tests/fixtures/spectral/spectral.json", import.meta.url)),
);

function toGraph(g: FixtureGraph): AffinityGraph {
  return {
    n: g.n,
    rows: Int32Array.from(g.rows),
    cols: Int32Array.from(g.cols),
    weights: Float64Array.from(g.weights),
  };
}

/** Undirected edges `[a, b, w]` as a symmetric COO graph. */
function fromEdges(n: number, edges: [number, number, number][]): AffinityGraph {
  const rows: number[] = [];
  const cols: number[] = [];
  const weights: number[] = [];
  for (const [a, b, w] of edges) {
    rows.push(a, b);
    cols.push(b, a);
    weights.push(w, w);
  }
  return { n, rows: Int32Array.from(rows), cols: Int32Array.from(cols), weights: Float64Array.from(weights) };
}

/** Asserts `actual` (row-major `[n, k]`) equals sklearn's `[n][k]` within `tol`, signs included. */
function assertEmbedding(actual: Float64Array, expected: number[][], tol: number): void {
  const n = expected.length;
  const k = expected[0].length;
  assertEquals(actual.length, n * k);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) worst = Math.max(worst, Math.abs(actual[i * k + t] - expected[i][t]));
  }
  assert(worst <= tol, `embedding differs from sklearn's by ${worst} > ${tol}`);
}

Deno.test("spectralEmbedding() gives numpy's Laplacian eigenvalues on a random graph", () => {
  const result = spectralEmbedding(toGraph(fixture.random.graph), { nComponents: 6 });
  assert(result.converged);
  for (let t = 0; t < 6; t++) assertAlmostEquals(result.eigenvalues[t], fixture.random.eigenvalues[t], 1e-6);
});

Deno.test("spectralEmbedding() gives sklearn's embedding, scaling and signs", () => {
  const result = spectralEmbedding(toGraph(fixture.random.graph), { nComponents: 4, seed: 3 });
  assert(result.converged);
  assertEmbedding(result.embedding, fixture.random.embedding, 1e-5);
  for (let t = 0; t < 4; t++) assertAlmostEquals(result.eigenvalues[t], fixture.random.eigenvalues[t], 1e-6);
  // A tighter tolerance reaches sklearn's ARPACK answer to its own precision.
  const tight = spectralEmbedding(toGraph(fixture.random.graph), { nComponents: 4, tol: 1e-11 });
  assert(tight.converged);
  assertEmbedding(tight.embedding, fixture.random.embedding, 1e-9);
  for (let t = 0; t < 4; t++) assertAlmostEquals(tight.eigenvalues[t], fixture.random.eigenvalues[t], 1e-13);
});

Deno.test("spectralEmbedding() treats an isolated node as sklearn does", () => {
  const result = spectralEmbedding(toGraph(fixture.isolated.graph), { nComponents: 4 });
  assert(result.embedding.every(Number.isFinite));
  assertEmbedding(result.embedding, fixture.isolated.embedding, 1e-5);
  // The isolated node has no weight in the leading eigenvectors; alone, it is the eigenvalue 1 of L.
  for (let t = 0; t < 4; t++) assertAlmostEquals(result.embedding[200 * 4 + t], 0, 1e-9);
  const alone = spectralEmbedding(fromEdges(3, [[0, 1, 1]]), { nComponents: 3 });
  assertEquals(Array.from(alone.eigenvalues).map((v) => Math.round(v * 1e9) / 1e9 + 0), [0, 1, 2]);
  assert(alone.embedding.every(Number.isFinite));
});

Deno.test("spectralEmbedding() gives the closed-form spectrum of a cycle, degenerate pairs included", () => {
  // The normalised Laplacian of the cycle C_n has eigenvalues 1 - cos(2πj/n); all but 0 (and 2) are double.
  const n = 20;
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n, 2.5]);
  const result = spectralEmbedding(fromEdges(n, edges), { nComponents: 5, seed: 1 });
  assert(result.converged);
  const expected = [0, 1, 1, 2, 2].map((j) => 1 - Math.cos(2 * Math.PI * j / n));
  for (let t = 0; t < 5; t++) assertAlmostEquals(result.eigenvalues[t], expected[t], 1e-10);
  // Columns 1 and 2 span the eigenspace {cos, sin}(2πi/n) / sqrt(degree): project it onto them.
  const k = 5;
  const scale = Math.sqrt(5); // sqrt(degree) = sqrt(2 × 2.5)
  for (
    const f of [(i: number) => Math.cos(2 * Math.PI * i / n), (i: number) => Math.sin(2 * Math.PI * i / n)]
  ) {
    const v = Array.from({ length: n }, (_, i) => f(i) * Math.sqrt(2 / n));
    let projected = 0;
    for (const t of [1, 2]) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += v[i] * result.embedding[i * k + t] * scale;
      projected += dot * dot;
    }
    assertAlmostEquals(projected, 1, 1e-10);
  }
});

Deno.test("spectralEmbedding() gives k zero eigenvalues for k components, then the components' own", () => {
  const sizes = [30, 50, 20];
  const { graph, component } = disconnected(sizes, 7);
  const result = spectralEmbedding(graph, { nComponents: 5 });
  assert(result.converged);
  for (let t = 0; t < 3; t++) assertEquals(result.eigenvalues[t], 0);
  // The null space is spanned by the components' indicators: the first 3 columns are constant on each.
  for (let t = 0; t < 3; t++) {
    for (let i = 1; i < graph.n; i++) {
      if (component[i] === component[i - 1]) {
        assertAlmostEquals(result.embedding[i * 5 + t], result.embedding[(i - 1) * 5 + t], 1e-12);
      }
    }
  }
  // The next eigenvalues are the smallest non-zero ones of the components taken alone.
  const own: number[] = [];
  let start = 0;
  for (const size of sizes) {
    const keep = (e: number) => graph.rows[e] >= start && graph.rows[e] < start + size;
    const edges = Array.from(graph.rows.keys()).filter(keep);
    const part: AffinityGraph = {
      n: size,
      rows: Int32Array.from(edges, (e) => graph.rows[e] - start),
      cols: Int32Array.from(edges, (e) => graph.cols[e] - start),
      weights: Float64Array.from(edges, (e) => graph.weights[e]),
    };
    own.push(...spectralEmbedding(part, { nComponents: 3 }).eigenvalues.subarray(1));
    start += size;
  }
  own.sort((a, b) => a - b);
  assert(own[0] > 0.01);
  for (let t = 3; t < 5; t++) assertAlmostEquals(result.eigenvalues[t], own[t - 3], 1e-12);
});

Deno.test("spectralEmbedding() takes the largest components when there are more than nComponents", () => {
  const sizes = [5, 12, 3, 8, 12];
  const { graph, component } = disconnected(sizes, 2);
  const result = spectralEmbedding(graph, { nComponents: 3 });
  assertEquals([result.converged, result.nIter], [true, 0]);
  assertEquals(Array.from(result.eigenvalues), [0, 0, 0]);
  const volume = new Float64Array(sizes.length);
  graph.rows.forEach((r, e) => volume[component[r]] += graph.weights[e]);
  // Column t is 1 / sqrt(volume) on the t-th largest component (the first of equal ones first), 0 elsewhere.
  [1, 4, 3].forEach((c, t) => {
    for (let i = 0; i < graph.n; i++) {
      const expected = component[i] === c ? 1 / Math.sqrt(volume[c]) : 0;
      assertAlmostEquals(result.embedding[i * 3 + t], expected, 1e-15);
    }
  });
});

Deno.test("spectralEmbedding() ignores self-loops, sums duplicates and reads float32 weights", () => {
  const base = toGraph(fixture.random.graph);
  const reference = spectralEmbedding(base, { nComponents: 3 });
  const n = base.n;
  // Self-loops on every node: identical result.
  const looped: AffinityGraph = {
    n,
    rows: Int32Array.from([...base.rows, ...Array.from({ length: n }, (_, i) => i)]),
    cols: Int32Array.from([...base.cols, ...Array.from({ length: n }, (_, i) => i)]),
    weights: Float64Array.from([...base.weights, ...Array(n).fill(10)]),
  };
  assertEquals(spectralEmbedding(looped, { nComponents: 3 }).embedding, reference.embedding);
  // Every edge split into two halves.
  const split: AffinityGraph = {
    n,
    rows: Int32Array.from([...base.rows, ...base.rows]),
    cols: Int32Array.from([...base.cols, ...base.cols]),
    weights: Float64Array.from([...base.weights, ...base.weights].map((w) => w / 2)),
  };
  const halves = spectralEmbedding(split, { nComponents: 3 });
  for (let i = 0; i < reference.embedding.length; i++) {
    assertAlmostEquals(halves.embedding[i], reference.embedding[i], 1e-9);
  }
  const single = spectralEmbedding({ ...base, weights: Float32Array.from(base.weights) }, { nComponents: 3 });
  for (let i = 0; i < reference.embedding.length; i++) {
    assertAlmostEquals(single.embedding[i], reference.embedding[i], 1e-5);
  }
});

Deno.test("spectralEmbedding() reports non-convergence", () => {
  const result = spectralEmbedding(toGraph(fixture.random.graph), { nComponents: 4, maxIter: 2, tol: 0 });
  assertEquals(result.converged, false);
  assertEquals(result.nIter, 2);
  assert(result.embedding.every(Number.isFinite));
  // A block that spans the whole space, bipartite spectrum down to -1: still finite.
  const pair = spectralEmbedding(fromEdges(2, [[0, 1, 1]]), { nComponents: 2, maxIter: 3, tol: 0 });
  assertEquals(pair.converged, false);
  assertEquals(Array.from(pair.eigenvalues, (v) => Math.round(v * 1e12) / 1e12), [0, 2]);
});

Deno.test("spectralEmbedding() rejects bad graphs and options with clear messages", () => {
  const good = fromEdges(3, [[0, 1, 1], [1, 2, 1]]);
  const owner = "Cannot compute the spectral embedding";
  assertThrows(
    () => spectralEmbedding(good, { nComponents: 4 }),
    RangeError,
    `${owner}: nComponents must be an integer >= 1 <= 3, current value is 4`,
  );
  assertThrows(
    () => spectralEmbedding(good, { nComponents: 0 }),
    RangeError,
    `${owner}: nComponents must be an integer >= 1 <= 3, current value is 0`,
  );
  assertThrows(
    () => spectralEmbedding({ ...good, n: 0 }, { nComponents: 1 }),
    RangeError,
    `${owner}: graph.n must be an integer >= 1, current value is 0`,
  );
  assertThrows(
    () => spectralEmbedding({ ...good, rows: Int32Array.from([0, 1, 1, 3]) }, { nComponents: 1 }),
    RangeError,
    `${owner}: graph.rows must hold node indices in [0, 2], current value at 3 is 3`,
  );
  assertThrows(
    () => spectralEmbedding({ ...good, cols: Int32Array.from([1, -1, 2, 1]) }, { nComponents: 1 }),
    RangeError,
    `${owner}: graph.cols must hold node indices in [0, 2], current value at 1 is -1`,
  );
  assertThrows(
    () => spectralEmbedding({ ...good, weights: Float64Array.from([1, 1, -0.5, 1]) }, { nComponents: 1 }),
    RangeError,
    `${owner}: graph.weights must hold finite values >= 0, current value at 2 is -0.5`,
  );
  assertThrows(
    () => spectralEmbedding({ ...good, weights: Float64Array.from([1, NaN, 1, 1]) }, { nComponents: 1 }),
    RangeError,
    `${owner}: graph.weights must hold finite values >= 0, current value at 1 is NaN`,
  );
  assertThrows(
    () => spectralEmbedding({ ...good, weights: Float64Array.from([1, 1, 1]) }, { nComponents: 1 }),
    TypeError,
    `${owner}: graph.cols and graph.weights must have the length of graph.rows (4), current lengths are 4 and 3`,
  );
  assertThrows(
    () => spectralEmbedding({ ...good, rows: [0, 1, 1, 2] as unknown as Int32Array }, { nComponents: 1 }),
    TypeError,
    `${owner}: graph.rows must be an Int32Array, current type is Array`,
  );
  assertThrows(
    () =>
      spectralEmbedding({ ...good, weights: new Int32Array(4) as unknown as Float64Array }, {
        nComponents: 1,
      }),
    TypeError,
    `${owner}: graph.weights must be a Float32Array or a Float64Array, current type is Int32Array`,
  );
  assertThrows(
    () => spectralEmbedding(good, { nComponents: 1, tol: -1 }),
    RangeError,
    `${owner}: tol must be a finite number >= 0, current value is -1`,
  );
  assertThrows(
    () => spectralEmbedding(good, { nComponents: 1, maxIter: 0 }),
    RangeError,
    `${owner}: maxIter must be an integer >= 1, current value is 0`,
  );
  assertThrows(
    () => spectralEmbedding(good, { nComponents: 1, seed: 0.5 }),
    RangeError,
    `${owner}: seed must be an integer, current value is 0.5`,
  );
});

Deno.test("SpectralClustering.fit() gives sklearn's labels on planted communities", () => {
  const { graph, nClusters, labels, planted, eigenvalues } = fixture.communities;
  const sc = new SpectralClustering({ nClusters }).fit(toGraph(graph));
  assertEquals(ari(labels, sc.labels), 1);
  assertEquals(ari(planted, sc.labels), 1);
  assert(sc.converged);
  assertEquals(sc.embedding.length, graph.n * nClusters);
  for (let t = 0; t < nClusters; t++) assertAlmostEquals(sc.eigenvalues[t], eigenvalues[t], 1e-6);
});

Deno.test("SpectralClustering.fit() finds the components of a disconnected graph", () => {
  const { graph, component } = disconnected([40, 15, 25, 60], 3);
  const sc = new SpectralClustering({ nClusters: 4, seed: 5 });
  assertEquals(ari(component, sc.fitPredict(graph)), 1);
  for (let t = 0; t < 4; t++) assertAlmostEquals(sc.eigenvalues[t], 0, 1e-10);
});

Deno.test("SpectralClustering.fit() is deterministic for a seed and honours nComponents", () => {
  const graph = toGraph(fixture.communities.graph);
  const a = new SpectralClustering({ nClusters: 4, nComponents: 6, seed: 9 }).fit(graph);
  const b = new SpectralClustering({ nClusters: 4, nComponents: 6, seed: 9 }).fit(graph);
  assertEquals(a.labels, b.labels);
  assertEquals(a.embedding, b.embedding);
  assertEquals(a.eigenvalues.length, 6);
  assertEquals(a.embedding.length, graph.n * 6);
  for (let t = 0; t < 6; t++) assertAlmostEquals(a.eigenvalues[t], fixture.communities.eigenvalues[t], 1e-6);
});

Deno.test("SpectralClustering rejects bad options and use before fit", () => {
  const graph = fromEdges(3, [[0, 1, 1], [1, 2, 1]]);
  assertThrows(
    () => new SpectralClustering({ nClusters: 4 }).fit(graph),
    RangeError,
    "Cannot fit SpectralClustering: nClusters must be an integer >= 1 <= 3, current value is 4",
  );
  assertThrows(
    () => new SpectralClustering({ nClusters: 2, nComponents: 5 }).fit(graph),
    RangeError,
    "Cannot fit SpectralClustering: nComponents must be an integer >= 1 <= 3, current value is 5",
  );
  assertThrows(
    () => new SpectralClustering({ nClusters: 2, nInit: 0 }).fit(graph),
    RangeError,
    "Cannot fit SpectralClustering: nInit must be an integer >= 1, current value is 0",
  );
  assertThrows(
    () => new SpectralClustering({ nClusters: 2 }).fit({ ...graph, rows: Int32Array.from([0, 1, 1, 9]) }),
    RangeError,
    "Cannot fit SpectralClustering: graph.rows must hold node indices in [0, 2], current value at 3 is 9",
  );
  assertThrows(
    () => new SpectralClustering().labels,
    Error,
    "Cannot use SpectralClustering before fit: call fit(graph) first",
  );
});

/** Random connected weighted graphs (a ring plus random chords) of the given sizes, side by side. */
function disconnected(sizes: number[], seed: number): { graph: AffinityGraph; component: number[] } {
  const prng = randomSeeded(seed);
  const edges: [number, number, number][] = [];
  const component: number[] = [];
  let start = 0;
  sizes.forEach((size, c) => {
    for (let i = 0; i < size; i++) {
      component.push(c);
      edges.push([start + i, start + (i + 1) % size, 0.5 + prng()]);
      const j = Math.floor(prng() * size);
      if (j !== i) edges.push([start + i, start + j, 0.2 + prng()]);
    }
    start += size;
  });
  return { graph: fromEdges(start, edges), component };
}
