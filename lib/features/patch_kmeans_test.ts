import { PatchKMeansEncoder, type PatchKMeansOptions } from "./patch_kmeans.ts";
import { initTensorBackend } from "../backend/wasm.ts";
import { randomSeeded } from "../random/seeded.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";

await initTensorBackend();

const SIZE = 10;
/** `n` seeded random 10×10 images with a bright bar, so that patches are not pure noise. */
function images(n: number, seed = 3): Float32Array {
  const prng = randomSeeded(seed);
  const out = new Float32Array(n * SIZE * SIZE);
  for (let i = 0; i < n; i++) {
    const bar = Math.floor(prng() * SIZE);
    for (let p = 0; p < SIZE * SIZE; p++) {
      out[i * SIZE * SIZE + p] = 0.3 * prng() +
        ((p % SIZE === bar || Math.floor(p / SIZE) === bar) ? 0.7 : 0);
    }
  }
  return out;
}

const SMALL: PatchKMeansOptions = {
  patchSize: 3,
  nAtoms: 5,
  poolGrid: 2,
  height: SIZE,
  width: SIZE,
  nSampleImages: 30,
  nSamplePatches: 2000,
  batchSize: 7,
};

/** Normalised patch at (`r`, `c`) of image `i`, by the formula, in float64. */
function patchAt(x: Float32Array, i: number, r: number, c: number, p: number, eps: number): Float64Array {
  const v = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) v[a * p + b] = x[i * SIZE * SIZE + (r + a) * SIZE + c + b];
  }
  const mean = v.reduce((s, t) => s + t, 0) / v.length;
  const variance = v.reduce((s, t) => s + (t - mean) ** 2, 0) / v.length;
  return v.map((t) => (t - mean) / Math.sqrt(variance + eps));
}

Deno.test("PatchKMeansEncoder.transform equals the triangle features computed by the formula", () => {
  const x = images(12);
  const encoder = new PatchKMeansEncoder(SMALL).fit(images(40, 9));
  const { features, width } = encoder.transform(x);
  const p = 3, d = 9, k = 5, positions = SIZE - p + 1; // 8 positions: windows of 4 at 0 and 4
  assertEquals(width, 4 * k);
  const mean = encoder.patchMean, zca = encoder.whitening, atoms = encoder.atoms;
  for (let i = 0; i < 12; i++) {
    const pooled = new Float64Array(4 * k);
    for (let r = 0; r < positions; r++) {
      for (let c = 0; c < positions; c++) {
        const v = patchAt(x, i, r, c, p, 0.01).map((t, j) => t - mean[j]);
        const w = Array.from({ length: d }, (_, j) => v.reduce((s, t, m) => s + t * zca[m * d + j], 0));
        const z = Array.from({ length: k }, (_, a) => Math.hypot(...w.map((t, j) => t - atoms[a * d + j])));
        const mu = z.reduce((s, t) => s + t, 0) / k;
        const region = Math.floor(r / 4) * 2 + Math.floor(c / 4);
        z.forEach((t, a) => pooled[region * k + a] += Math.max(0, mu - t) / 16);
      }
    }
    pooled.forEach((v, j) => assertAlmostEquals(features[i * width + j], v, 2e-4, `image ${i}, value ${j}`));
  }
  encoder.dispose();
});

Deno.test("PatchKMeansEncoder whitens: W (C + εI) W = I for the normalised patches' covariance", () => {
  const x = images(30);
  // Many draws from 30 × 64 patches: the sample's covariance is the patches' own to about 1%.
  const encoder = new PatchKMeansEncoder({ ...SMALL, nSamplePatches: 60000, whiteningEpsilon: 0.05 }).fit(x);
  const d = 9;
  const rows: Float64Array[] = [];
  for (let i = 0; i < 30; i++) {
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) rows.push(patchAt(x, i, r, c, 3, 0.01));
  }
  const mean = new Float64Array(d);
  rows.forEach((v) => v.forEach((t, j) => mean[j] += t / rows.length));
  const cov = new Float64Array(d * d);
  for (const v of rows) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) cov[a * d + b] += (v[a] - mean[a]) * (v[b] - mean[b]) / rows.length;
    }
  }
  for (let a = 0; a < d; a++) cov[a * d + a] += 0.05;
  const w = encoder.whitening;
  const product = (m: ArrayLike<number>, n: ArrayLike<number>) =>
    Float64Array.from({ length: d * d }, (_, ij) => {
      let s = 0;
      for (let t = 0; t < d; t++) s += m[Math.floor(ij / d) * d + t] * n[t * d + (ij % d)];
      return s;
    });
  const identity = product(product(w, cov), w);
  identity.forEach((v, ij) => assertAlmostEquals(v, ij % (d + 1) === 0 ? 1 : 0, 0.05, `entry ${ij}`));
  encoder.dispose();
});

Deno.test("PatchKMeansEncoder: the same seed gives the same atoms and features, another seed other atoms", () => {
  const x = images(20);
  const a = new PatchKMeansEncoder({ ...SMALL, seed: 4 }).fit(x);
  const b = new PatchKMeansEncoder({ ...SMALL, seed: 4 }).fit(x);
  const c = new PatchKMeansEncoder({ ...SMALL, seed: 5 }).fit(x);
  assertEquals(a.atoms, b.atoms);
  assertEquals(a.transform(x).features, b.transform(x).features);
  assert(a.atoms.some((v, i) => v !== c.atoms[i]));
  assert(a.inertia > 0 && Number.isFinite(a.inertia));
  [a, b, c].forEach((e) => e.dispose());
});

Deno.test("PatchKMeansEncoder: featureWidth is poolGrid² × nAtoms; 28×28 defaults give 512", () => {
  assertEquals(new PatchKMeansEncoder().featureWidth, 512);
  assertEquals(new PatchKMeansEncoder({ ...SMALL, poolGrid: 1 }).featureWidth, 5);
});

Deno.test("PatchKMeansEncoder rejects bad input with errors naming it", () => {
  const x = images(4);
  assertThrows(() => new PatchKMeansEncoder(SMALL).transform(x), Error, "not fitted");
  assertThrows(
    () => new PatchKMeansEncoder(SMALL).fit(x.subarray(1)),
    RangeError,
    "multiple of height × width = 100",
  );
  const nan = x.slice();
  nan[150] = NaN;
  assertThrows(() => new PatchKMeansEncoder(SMALL).fit(nan), RangeError, "image 1 at pixel 50 is NaN");
  assertThrows(
    () => new PatchKMeansEncoder({ ...SMALL, patchSize: 11 }).fit(x),
    RangeError,
    "patchSize must be",
  );
  assertThrows(
    () => new PatchKMeansEncoder({ ...SMALL, poolGrid: 5 }).fit(x),
    RangeError,
    "poolGrid 5 does not tile",
  );
  assertThrows(
    () => new PatchKMeansEncoder({ ...SMALL, nSamplePatches: 4 }).fit(x),
    RangeError,
    "nSamplePatches",
  );
  const encoder = new PatchKMeansEncoder(SMALL).fit(x);
  assertThrows(
    () => encoder.transform(new Float32Array(50)),
    RangeError,
    "transform with the patch k-means encoder",
  );
  encoder.dispose();
});
