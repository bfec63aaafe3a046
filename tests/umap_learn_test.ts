// Parity of lib/manifold with umap-learn 0.5.3 (tests/fixtures/umap/umap.json, written by make_umap.py):
// the curve fit, the bandwidths, the fuzzy graph and the transform memberships from the same exact k-NN
// lists, sklearn's trustworthiness, and the quality of our layout against umap-learn's own.
import { initTensorBackend } from "../lib/backend/mod.ts";
import { trustworthiness, UMAP } from "../lib/manifold/mod.ts";
import { findAbParams } from "../lib/manifold/_curve.ts";
import { exactNeighbours } from "../lib/neighbors/mod.ts";
import { fuzzySimplicialSet, membershipStrengths, smoothKnnDist } from "../lib/manifold/_graph.ts";
import { assert, assertEquals, assertThrows, fromFileUrl } from "../lib/std.ts";

await initTensorBackend();

interface Fixture {
  ab: { spread: number; min_dist: number; a: number; b: number }[];
  k: number;
  x: number[];
  new: number[];
  knn_indices: number[];
  knn_dists: number[];
  sigmas: number[];
  rhos: number[];
  graph: { rows: number[]; cols: number[]; vals: number[] };
  new_knn_indices: number[];
  new_knn_dists: number[];
  new_sigmas: number[];
  new_rhos: number[];
  new_memberships: number[];
  umap_learn_trustworthiness: number;
  projection: number[];
  projection_trustworthiness: Record<string, number>;
}

const fixture: Fixture = JSON.parse(
  await Deno.readTextFile(fromFileUrl(new URL("./fixtures/umap/umap.json", import.meta.url))),
);
const D = 6;
const N = fixture.x.length / D;
const K = fixture.k;
const x = Float32Array.from(fixture.x);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string) {
  assertEquals(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  }
  assert(worst <= tol, `${what}: largest difference ${worst} > ${tol}`);
}

Deno.test("findAbParams() matches umap-learn's find_ab_params", () => {
  for (const { spread, min_dist, a, b } of fixture.ab) {
    const fitted = findAbParams(spread, min_dist);
    assertClose([fitted.a, fitted.b], [a, b], 1e-5, `spread ${spread}, minDist ${min_dist}`);
  }
});

Deno.test("exactNeighbours() finds sklearn's exact neighbour lists", () => {
  const { indices, distances } = exactNeighbours(x, x, D, K);
  assertEquals(Array.from(indices), fixture.knn_indices);
  assertClose(distances, fixture.knn_dists, 1e-6, "distances");
});

Deno.test("smoothKnnDist() matches umap-learn's smooth_knn_dist (fit and transform settings)", () => {
  const fit = smoothKnnDist(Float64Array.from(fixture.knn_dists), N, K, 1);
  assertClose(fit.sigmas, fixture.sigmas, 1e-5, "sigmas");
  assertClose(fit.rhos, fixture.rhos, 1e-6, "rhos");
  const m = fixture.new.length / D;
  const placed = smoothKnnDist(Float64Array.from(fixture.new_knn_dists), m, K, 0);
  assertClose(placed.sigmas, fixture.new_sigmas, 1e-5, "transform sigmas");
  assertClose(placed.rhos, fixture.new_rhos, 1e-6, "transform rhos");
});

Deno.test("fuzzySimplicialSet() gives umap-learn's symmetrised graph", () => {
  const graph = fuzzySimplicialSet(
    Int32Array.from(fixture.knn_indices),
    Float64Array.from(fixture.knn_dists),
    N,
    K,
    1,
  );
  assertEquals(Array.from(graph.heads), fixture.graph.rows);
  assertEquals(Array.from(graph.tails), fixture.graph.cols);
  assertClose(graph.weights, fixture.graph.vals, 1e-5, "weights");
});

Deno.test("membershipStrengths() gives umap-learn's transform memberships", () => {
  const distances = Float64Array.from(fixture.new_knn_dists);
  const m = fixture.new.length / D;
  const smooth = smoothKnnDist(distances, m, K, 0);
  const w = membershipStrengths(Int32Array.from(fixture.new_knn_indices), distances, smooth, K, true);
  assertClose(w, fixture.new_memberships, 1e-5, "memberships");
});

Deno.test("trustworthiness() matches sklearn's and rejects mismatched inputs", () => {
  const projection = Float32Array.from(fixture.projection);
  for (const [k, expected] of Object.entries(fixture.projection_trustworthiness)) {
    const t = trustworthiness({ data: x, width: D }, { data: projection, width: 2 }, {
      nNeighbors: Number(k),
    });
    assertClose([t], [expected], 1e-12, `k = ${k}`);
  }
  assertThrows(
    () => trustworthiness({ data: x, width: D }, { data: new Float32Array(4), width: 2 }),
    TypeError,
    "Cannot compute trustworthiness: embedding must have as many rows as x (300), current value is 2",
  );
  assertThrows(
    () => trustworthiness({ data: x, width: D }, { data: x, width: D }, { nNeighbors: 150 }),
    RangeError,
    "nNeighbors must be an integer >= 1 <= 149",
  );
});

Deno.test("UMAP's 2-D layout is as trustworthy as umap-learn's, for three seeds", () => {
  for (const seed of [0, 1, 2]) {
    const embedding = new UMAP({ nNeighbors: K, seed }).fit(x, D).embedding;
    const t = trustworthiness({ data: x, width: D }, { data: embedding, width: 2 }, { nNeighbors: K });
    assert(
      t >= fixture.umap_learn_trustworthiness - 0.01,
      `seed ${seed}: ${t} vs umap-learn ${fixture.umap_learn_trustworthiness}`,
    );
  }
});
