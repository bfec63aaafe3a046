import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { randomSeeded } from "../random/mod.ts";
import { COVARIANCE_TYPES, GaussianMixture } from "./gmm.ts";

await initTensorBackend();

/**
 * `count[c]` samples of N(mean[c], L·Lᵀ) for each component c, with `chol[c]` the lower Cholesky factor L,
 * row-major `[Σ count, d]`.
 */
function mixture(means: number[][], chols: number[][][], counts: number[], seed: number): number[][] {
  const prng = randomSeeded(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - prng())) * Math.cos(2 * Math.PI * prng());
  const rows: number[][] = [];
  means.forEach((mean, c) => {
    const d = mean.length;
    for (let s = 0; s < counts[c]; s++) {
      const z = Array.from({ length: d }, normal);
      rows.push(mean.map((m, i) => m + chols[c][i].reduce((acc, l, j) => acc + l * z[j], 0)));
    }
  });
  return rows;
}

const THREE_BLOBS = mixture(
  [[0, 0], [6, 0], [0, 6]],
  [[[1, 0], [0, 1]], [[1, 0], [0.5, 0.8]], [[0.7, 0], [0, 1.2]]],
  [60, 60, 60],
  1,
);

Deno.test("GaussianMixture.fit() rejects invalid options with their value", () => {
  const x = tf.tensor2d([[0, 0], [1, 1], [2, 2], [3, 3]]);
  const cases: [ConstructorParameters<typeof GaussianMixture>[0], string][] = [
    [
      { nComponents: 0 },
      "Cannot fit GaussianMixture: nComponents must be an integer >= 1, current value is 0",
    ],
    [
      { nComponents: 1.5 },
      "Cannot fit GaussianMixture: nComponents must be an integer >= 1, current value is 1.5",
    ],
    [
      // @ts-expect-error: an invalid covariance type on purpose
      { covarianceType: "bogus" },
      'Cannot fit GaussianMixture: covarianceType must be one of "full", "tied", "diag", "spherical", current value is "bogus"',
    ],
    [
      { regCovar: -1 },
      "Cannot fit GaussianMixture: regCovar must be a finite number >= 0, current value is -1",
    ],
    [{ tol: NaN }, "Cannot fit GaussianMixture: tol must be a finite number >= 0, current value is NaN"],
    [{ maxIter: -1 }, "Cannot fit GaussianMixture: maxIter must be an integer >= 0, current value is -1"],
    [{ nInit: 0 }, "Cannot fit GaussianMixture: nInit must be an integer >= 1, current value is 0"],
    [{ seed: 0.5 }, "Cannot fit GaussianMixture: seed must be an integer, current value is 0.5"],
  ];
  for (const [options, message] of cases) {
    const error = assertThrows(() => new GaussianMixture(options).fit(x), RangeError);
    assertEquals(error.message, message);
  }
  x.dispose();
});

Deno.test("GaussianMixture.fit() rejects invalid data with a clear message", () => {
  const small = tf.tensor2d([[0, 0], [1, 1], [2, 2]]);
  assertThrows(
    () => new GaussianMixture({ nComponents: 4 }).fit(small),
    RangeError,
    "Cannot fit GaussianMixture: nComponents must be <= nSamples (3), current value is 4",
  );
  const one = tf.tensor2d([[0, 0]]);
  assertThrows(
    () => new GaussianMixture().fit(one),
    RangeError,
    "Cannot fit GaussianMixture: nSamples must be >= 2, current value is 1",
  );
  const nan = tf.tensor2d([[0, 0], [NaN, 1], [2, 2]]);
  assertThrows(
    () => new GaussianMixture().fit(nan),
    RangeError,
    "Cannot fit GaussianMixture: x must hold finite values, current value at [1, 0] is NaN",
  );
  const inf = tf.tensor2d([[0, 0], [1, Infinity], [2, 2]]);
  assertThrows(() => new GaussianMixture().fit(inf), RangeError, "current value at [1, 1] is Infinity");
  const flat = tf.tensor1d([1, 2, 3]);
  assertThrows(
    () => new GaussianMixture().fit(flat as unknown as tf.Tensor2D),
    TypeError,
    "Cannot fit GaussianMixture: x must be a 2-D tensor [nSamples, nFeatures], current shape is [3]",
  );
  tf.dispose([small, one, nan, inf, flat]);
});

Deno.test("GaussianMixture getters and predict throw before fit, and predict checks the feature count", () => {
  const gm = new GaussianMixture({ nComponents: 2 });
  assertThrows(() => gm.weights, Error, "Cannot use GaussianMixture before fit: call fit(x) first");
  assertThrows(() => gm.converged, Error, "Cannot use GaussianMixture before fit: call fit(x) first");
  const x = tf.tensor2d(THREE_BLOBS);
  assertThrows(() => gm.predict(x), Error, "Cannot use GaussianMixture before fit: call fit(x) first");
  gm.fit(x);
  const wide = tf.tensor2d([[1, 2, 3]]);
  assertThrows(
    () => gm.predict(wide),
    TypeError,
    "Cannot predict with GaussianMixture: x must have 2 features as seen in fit, current value is 3",
  );
  tf.dispose([x, wide]);
});

Deno.test("GaussianMixture.predictProba() rows sum to 1 and agree with predict() and the fit labels", () => {
  const x = tf.tensor2d(THREE_BLOBS);
  const n = THREE_BLOBS.length;
  for (const covarianceType of COVARIANCE_TYPES) {
    const gm = new GaussianMixture({ nComponents: 3, covarianceType, seed: 2 }).fit(x);
    const proba = gm.predictProba(x);
    const labels = gm.predict(x);
    assertEquals(labels, gm.labels);
    assertEquals(gm.fitPredict(x), labels);
    for (let i = 0; i < n; i++) {
      const row = Array.from(proba.subarray(i * 3, i * 3 + 3));
      assertAlmostEquals(row.reduce((a, b) => a + b, 0), 1, 1e-12);
      assertEquals(row.indexOf(Math.max(...row)), labels[i]);
    }
    // score is the mean of scoreSamples; the lower bound is the training log-likelihood before the last
    // M-step, so within tol of it.
    const samples = gm.scoreSamples(x);
    assertAlmostEquals(gm.score(x), samples.reduce((a, b) => a + b, 0) / n, 1e-12);
    assert(gm.converged);
    assert(
      Math.abs(gm.score(x) - gm.lowerBound) < 1e-2,
      `${covarianceType}: ${gm.score(x)} vs ${gm.lowerBound}`,
    );
  }
  x.dispose();
});

Deno.test("GaussianMixture.fit() is deterministic for a seed and keeps the best of nInit", () => {
  const x = tf.tensor2d(THREE_BLOBS);
  const a = new GaussianMixture({ nComponents: 3, seed: 5, nInit: 2 }).fit(x);
  const b = new GaussianMixture({ nComponents: 3, seed: 5, nInit: 2 }).fit(x);
  assertEquals(a.means, b.means);
  assertEquals(a.covariances, b.covariances);
  assertEquals(a.labels, b.labels);
  assertEquals([a.nIter, a.lowerBound], [b.nIter, b.lowerBound]);
  const singles = [0, 1].map((init) =>
    new GaussianMixture({ nComponents: 3, seed: 5, nInit: 1 + init }).fit(x)
  );
  assert(a.lowerBound >= singles[0].lowerBound);
  x.dispose();
});

Deno.test("GaussianMixture.fit() recovers the parameters of a known 2-D mixture", () => {
  const means = [[-2, 1], [3, -1]];
  const chols = [[[1, 0], [0.6, 0.5]], [[0.5, 0], [-0.3, 1.2]]];
  const counts = [2000, 1000];
  const x = tf.tensor2d(mixture(means, chols, counts, 9));
  const gm = new GaussianMixture({ nComponents: 2, seed: 0 }).fit(x);
  // Match components to the truth by their first mean coordinate.
  const order = gm.means[0] < gm.means[2] ? [0, 1] : [1, 0];
  order.forEach((c, truth) => {
    assertAlmostEquals(gm.weights[c], counts[truth] / 3000, 0.02);
    assertAlmostEquals(gm.means[c * 2], means[truth][0], 0.1);
    assertAlmostEquals(gm.means[c * 2 + 1], means[truth][1], 0.1);
    const [[l00], [l10, l11]] = chols[truth];
    const cov = [l00 * l00, l00 * l10, l00 * l10, l10 * l10 + l11 * l11];
    for (let e = 0; e < 4; e++) assertAlmostEquals(gm.covariances[c * 4 + e], cov[e], 0.1);
    // precisionsCholesky is upper triangular with P·Pᵀ = Σ⁻¹.
    const p = gm.precisionsCholesky.subarray(c * 4, c * 4 + 4);
    assertEquals(p[2], 0);
    const s = gm.covariances.subarray(c * 4, c * 4 + 4);
    const precision = [p[0] * p[0] + p[1] * p[1], p[1] * p[3], p[1] * p[3], p[3] * p[3]];
    const product = [
      s[0] * precision[0] + s[1] * precision[2],
      s[0] * precision[1] + s[1] * precision[3],
      s[2] * precision[0] + s[3] * precision[2],
      s[2] * precision[1] + s[3] * precision[3],
    ];
    [1, 0, 0, 1].forEach((v, e) => assertAlmostEquals(product[e], v, 1e-9));
  });
  x.dispose();
});

Deno.test("GaussianMixture covariance shapes follow scikit-learn for each covariance type", () => {
  const x = tf.tensor2d(THREE_BLOBS);
  const shapes = { full: 3 * 2 * 2, tied: 2 * 2, diag: 3 * 2, spherical: 3 };
  for (const covarianceType of COVARIANCE_TYPES) {
    const gm = new GaussianMixture({ nComponents: 3, covarianceType }).fit(x);
    assertEquals(gm.covariances.length, shapes[covarianceType]);
    assertEquals(gm.precisionsCholesky.length, shapes[covarianceType]);
    assertEquals(gm.means.length, 6);
    assertAlmostEquals(gm.weights.reduce((a, b) => a + b, 0), 1, 1e-12);
  }
  x.dispose();
});

Deno.test("GaussianMixture.bic() and aic() use scikit-learn's parameter counts", () => {
  const x = tf.tensor2d(THREE_BLOBS);
  const n = THREE_BLOBS.length;
  // sklearn's _n_parameters for k = 3, d = 2: covariance + means (6) + weights (2).
  const expected = { full: 9 + 8, tied: 3 + 8, diag: 6 + 8, spherical: 3 + 8 };
  for (const covarianceType of COVARIANCE_TYPES) {
    const gm = new GaussianMixture({ nComponents: 3, covarianceType }).fit(x);
    assertEquals(gm.nParameters, expected[covarianceType]);
    const score = gm.score(x);
    assertAlmostEquals(gm.bic(x), -2 * score * n + expected[covarianceType] * Math.log(n), 1e-9);
    assertAlmostEquals(gm.aic(x), -2 * score * n + 2 * expected[covarianceType], 1e-9);
  }
  x.dispose();
});

Deno.test("GaussianMixture.fit() regularises duplicate points instead of returning NaN", () => {
  // Two groups of identical rows: each component collapses onto a point; regCovar keeps it definite.
  const rows = [...Array(10).fill([1, 2]), ...Array(10).fill([5, 5])];
  const x = tf.tensor2d(rows);
  for (const covarianceType of COVARIANCE_TYPES) {
    const gm = new GaussianMixture({ nComponents: 2, covarianceType }).fit(x);
    assert(Number.isFinite(gm.score(x)), `${covarianceType}: score ${gm.score(x)}`);
    assert(gm.covariances.every(Number.isFinite));
    assert(gm.predictProba(x).every((p) => p >= 0 && p <= 1));
  }
  // All rows identical and more components than distinct points.
  const same = tf.tensor2d(Array(6).fill([3, 3, 3]));
  const gm = new GaussianMixture({ nComponents: 3 }).fit(same);
  assert(Number.isFinite(gm.score(same)));
  assert(gm.means.every(Number.isFinite));
  // Without regularisation a feature that is always 0 makes every covariance singular: a RangeError that
  // says what to do.
  const flat = tf.tensor2d(THREE_BLOBS.map(([a, b]) => [a, b, 0]));
  for (const covarianceType of COVARIANCE_TYPES.filter((t) => t !== "spherical")) {
    assertThrows(
      () => new GaussianMixture({ nComponents: 2, covarianceType, regCovar: 0 }).fit(flat),
      RangeError,
      "is not positive definite (for instance caused by singleton or collapsed samples), increase regCovar, " +
        "or scale the input data; current regCovar is 0",
    );
  }
  tf.dispose([x, same, flat]);
});

Deno.test("GaussianMixture.fit() with maxIter 0 keeps the k-means initialisation", () => {
  const x = tf.tensor2d(THREE_BLOBS);
  const gm = new GaussianMixture({ nComponents: 3, maxIter: 0 }).fit(x);
  assertEquals([gm.nIter, gm.converged, gm.lowerBound], [0, false, -Infinity]);
  assert(Number.isFinite(gm.score(x)));
  x.dispose();
});

Deno.test("GaussianMixture fit and predict leave no tensors behind", () => {
  const x = tf.tensor2d(THREE_BLOBS);
  const before = tf.memory().numTensors;
  for (const covarianceType of COVARIANCE_TYPES) {
    const gm = new GaussianMixture({ nComponents: 3, covarianceType }).fit(x);
    gm.predictProba(x);
    gm.score(x);
  }
  assertEquals(tf.memory().numTensors, before);
  x.dispose();
});

Deno.test("GaussianMixture with uniformWeights reaches the EM fixed point of a mixture with weights 1/k", () => {
  // Two overlapping 1-D groups of 150 and 30 samples: fitted weights follow the sizes, uniform ones stay 1/2.
  const rows = mixture([[0], [2.5]], [[[1]], [[0.6]]], [150, 30], 7);
  const values = rows.map((r) => r[0]);
  const x = tf.tensor2d(rows);
  const fitted = new GaussianMixture({ nComponents: 2, tol: 1e-10, maxIter: 1000 }).fit(x);
  const gm = new GaussianMixture({ nComponents: 2, tol: 1e-10, maxIter: 1000, uniformWeights: true }).fit(x);
  assert(Math.min(...fitted.weights) < 0.3, `fitted weights ${fitted.weights}`);
  assertEquals(Array.from(gm.weights), [0.5, 0.5]);
  // The fixed point: responsibilities from weights 1/2 give back the fitted means and variances (M-step), and
  // the lower bound is the mean log of the equal-weight mixture density.
  const means = gm.means, variances = gm.covariances;
  const density = (v: number, c: number) =>
    0.5 * Math.exp(-((v - means[c]) ** 2) / (2 * variances[c])) / Math.sqrt(2 * Math.PI * variances[c]);
  const resp = values.map((v) => {
    const p = [density(v, 0), density(v, 1)];
    return [p[0] / (p[0] + p[1]), p[1] / (p[0] + p[1])];
  });
  for (let c = 0; c < 2; c++) {
    const nk = resp.reduce((s, r) => s + r[c], 0);
    const mean = resp.reduce((s, r, i) => s + r[c] * values[i], 0) / nk;
    const variance = resp.reduce((s, r, i) => s + r[c] * (values[i] - mean) ** 2, 0) / nk + 1e-6;
    assertAlmostEquals(means[c], mean, 1e-6);
    assertAlmostEquals(variances[c], variance, 1e-5);
  }
  const logLikelihood = values.reduce((s, v) => s + Math.log(density(v, 0) + density(v, 1)), 0) /
    values.length;
  assertAlmostEquals(gm.score(x), logLikelihood, 1e-6);
  assertEquals(gm.nParameters, fitted.nParameters - 1);
  // predict() uses the uniform weights too: every sample goes to its larger equal-weight density.
  assertEquals(Array.from(gm.predict(x)), values.map((v) => density(v, 1) > density(v, 0) ? 1 : 0));
  const error = assertThrows(
    // @ts-expect-error: not a boolean on purpose
    () => new GaussianMixture({ uniformWeights: "yes" }).fit(x),
    TypeError,
  );
  assertEquals(
    error.message,
    "Cannot fit GaussianMixture: uniformWeights must be a boolean, current value is yes",
  );
  x.dispose();
});

Deno.test("GaussianMixture.fit() with heldOut rows keeps the initialisation under which they are likeliest", () => {
  // Five blobs for three components: the initialisations merge different pairs, and the held-out rows (from
  // two of the blobs only) are likeliest under an initialisation other than the one with the best lower bound.
  const fitRows = mixture(
    [[0, 0], [4, 0], [0, 4], [4, 4], [9, 9]],
    Array(5).fill([[0.6, 0], [0, 0.6]]),
    [40, 40, 40, 40, 40],
    1,
  );
  const heldRows = mixture([[0, 0], [4, 0]], Array(2).fill([[0.6, 0], [0, 0.6]]), [30, 30], 2);
  const x = tf.tensor2d(fitRows), heldOut = tf.tensor2d(heldRows);
  const options = { nComponents: 3, nInit: 8, seed: 5 };
  const byBound = new GaussianMixture(options).fit(x);
  const byHeldOut = new GaussianMixture(options).fit(x, { heldOut });
  const scores = byHeldOut.initScores;
  assertEquals(scores.length, 8);
  // The held-out rows do not change the fits: the same lower bounds, initialisation by initialisation.
  assertEquals(scores.map((s) => s.lowerBound), byBound.initScores.map((s) => s.lowerBound));
  assertEquals(byBound.initScores.every((s) => s.heldOutScore === undefined), true);
  const argmax = (values: number[]) => values.reduce((b, v, i) => v > values[b] ? i : b, 0);
  const best = argmax(scores.map((s) => s.heldOutScore!));
  assertEquals(byHeldOut.bestInit, best);
  assertEquals(byBound.bestInit, argmax(scores.map((s) => s.lowerBound)));
  assert(byBound.bestInit !== best, `the same initialisation (${best}) wins both rules`);
  // The kept model is that initialisation's: its lower bound, and the held-out score it recorded.
  assertEquals(byHeldOut.lowerBound, scores[best].lowerBound);
  assertAlmostEquals(byHeldOut.score(heldOut), scores[best].heldOutScore!, 1e-12);
  assert(byHeldOut.score(heldOut) > byBound.score(heldOut));
  assert(byHeldOut.lowerBound < byBound.lowerBound);
  const error = assertThrows(
    () => new GaussianMixture(options).fit(x, { heldOut: tf.zeros([4, 3]) }),
    TypeError,
  );
  assert(error.message.includes("heldOut"), error.message);
  tf.dispose([x, heldOut]);
});
