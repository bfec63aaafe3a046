import { initTensorBackend } from "../backend/wasm.ts";
import { assert, assertAlmostEquals, assertEquals } from "../std.ts";
import { randomSeeded } from "../random/mod.ts";
import { argmaxRows } from "./_argmax_rows.ts";
import { centerData, normalizeLogProb } from "./_gaussian.ts";
import { type BoundCarry, distanceDrift, fullWeightedLogProb, meanDifferenceFactor } from "./_e_step.ts";
import { estimateParams } from "./_m_step.ts";

await initTensorBackend();

/** `k` anisotropic Gaussian clusters of `per` points in `d` dimensions, plus points between them. */
function clusters(k: number, per: number, d: number, seed: number): Float32Array {
  const prng = randomSeeded(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - prng())) * Math.cos(2 * Math.PI * prng());
  const centers = Array.from({ length: k }, () => Array.from({ length: d }, () => 3 * normal()));
  const scales = Array.from({ length: k }, () => Array.from({ length: d }, () => 0.2 + prng()));
  const rows: number[] = [];
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < per; i++) {
      for (let j = 0; j < d; j++) rows.push(centers[c][j] + scales[c][j] * normal());
    }
  }
  // Ambiguous points half-way between clusters 0 and 1.
  for (let i = 0; i < per / 4; i++) {
    for (let j = 0; j < d; j++) rows.push((centers[0][j] + centers[1][j]) / 2 + normal());
  }
  return Float32Array.from(rows);
}

Deno.test("fullWeightedLogProb() with bounds gives the exact log-likelihoods and responsibilities", () => {
  const k = 4;
  const d = 48;
  const data = clusters(k, 200, d, 3);
  const n = data.length / d;
  const x = centerData(data, n, d);
  const init = Int32Array.from({ length: n }, (_, i) => Math.min(Math.floor(i / 200), k - 1));
  const resp = new Float64Array(n * k);
  init.forEach((c, i) => resp[i * k + c] = 1);
  let params = estimateParams(x, resp, k, "full", 1e-6);
  const carry: BoundCarry = {};
  let hint: Int32Array | undefined;
  let skipped = 0;
  for (let iter = 0; iter < 4; iter++) {
    const exact = fullWeightedLogProb(x, params, { useBounds: false });
    const fast = fullWeightedLogProb(x, params, { useBounds: true, hint, carry });
    skipped += fast.filter((v) => v === -Infinity).length;
    for (let i = 0; i < n * k; i++) {
      if (fast[i] !== -Infinity) assertEquals(fast[i], exact[i]);
      // A skipped pair is far below the best one of its row.
      else assert(exact[i] < Math.max(...exact.subarray(i - (i % k), i - (i % k) + k)) - 40);
    }
    const a = normalizeLogProb(exact, n, k);
    const b = normalizeLogProb(fast, n, k);
    for (let i = 0; i < n; i++) assertAlmostEquals(a[i], b[i], 1e-12);
    for (let i = 0; i < n * k; i++) assertAlmostEquals(Math.exp(exact[i]), Math.exp(fast[i]), 1e-15);
    hint = argmaxRows(fast, n, k);
    for (let i = 0; i < fast.length; i++) fast[i] = Math.exp(fast[i]);
    params = estimateParams(x, fast, k, "full", 1e-6);
  }
  assert(skipped > n * (k - 1) * 4 / 2, `only ${skipped} pairs skipped`);
  x.xc.dispose();
});

Deno.test("meanDifferenceFactor() and distanceDrift() give valid lower bounds of distances", () => {
  const k = 3;
  const d = 12;
  const data = clusters(k, 60, d, 8);
  const n = data.length / d;
  const x = centerData(data, n, d);
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) resp[i * k + (i % k)] = 1;
  const before = estimateParams(x, resp, k, "full", 1e-6);
  for (let i = 0; i < n; i++) {
    resp.fill(0, i * k, i * k + k), resp[i * k + Math.min(Math.floor(i / 60), k - 1)] = 1;
  }
  const after = estimateParams(x, resp, k, "full", 1e-6);
  const distance = (p: Float64Array, mean: Float64Array, c: number, i: number) => {
    let q = 0;
    for (let j = 0; j < d; j++) {
      let y = 0;
      for (let m = 0; m <= j; m++) y += (data[i * d + m] - mean[c * d + m]) * p[c * d * d + m * d + j];
      q += y * y;
    }
    return Math.sqrt(q);
  };
  for (let c = 0; c < k; c++) {
    const g = meanDifferenceFactor(
      after.precisionsCholesky.subarray(c * d * d, (c + 1) * d * d),
      after.means,
      c,
      k,
      d,
    );
    assertEquals(g.length, d * (k - 1));
    const { scale, offset } = distanceDrift(before, after, c, d);
    assert(scale > 0 && scale <= 1);
    for (let i = 0; i < n; i++) {
      const exact = distance(after.precisionsCholesky, after.means, c, i);
      let projected = 0;
      for (let t = 0; t < k - 1; t++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (data[i * d + j] - after.means[c * d + j]) * g[j * (k - 1) + t];
        projected += s * s;
      }
      assert(Math.sqrt(projected) <= exact * (1 + 1e-9));
      assert(scale * distance(before.precisionsCholesky, before.means, c, i) - offset <= exact * (1 + 1e-9));
    }
  }
  x.xc.dispose();
});
