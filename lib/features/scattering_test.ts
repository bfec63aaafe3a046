import { scattering, scatteringFeatureWidth } from "./scattering.ts";
import { initTensorBackend } from "../backend/wasm.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../std.ts";
import { randomSeeded } from "../random/mod.ts";

await initTensorBackend();

const SIDE = 32;
const CHANNELS = 25; // 1 + 3 scales × 8 orientations
const CELLS = 16; // 4 × 4 averages

/** Random 32×32 images in [0, 1). */
function randomImages(n: number, seed: number): Float32Array {
  const rng = randomSeeded(seed);
  return Float32Array.from({ length: n * SIDE * SIDE }, () => rng());
}

/** Coefficient of `channel` at average (`row`, `col`) of image `image`. */
function at(features: Float32Array, image: number, channel: number, row: number, col: number): number {
  return features[image * CHANNELS * CELLS + channel * CELLS + row * 4 + col];
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

Deno.test("scatteringFeatureWidth counts channels × averages", () => {
  assertEquals(scatteringFeatureWidth(), 400);
  // 28 is a multiple of 4: no padding, 7 × 7 averages of 1 + 2 × 4 channels.
  assertEquals(scatteringFeatureWidth({ scales: 2, orientations: 4 }), 9 * 49);
  assertEquals(scatteringFeatureWidth({ height: 32, width: 40 }), 25 * 4 * 5);
});

Deno.test("scattering of a constant periodic image: the average is the constant, no wavelet responds", () => {
  const { features } = scattering(new Float32Array(SIDE * SIDE).fill(0.7), { height: SIDE, width: SIDE });
  for (let cell = 0; cell < CELLS; cell++) assertAlmostEquals(features[cell], 0.7, 1e-5);
  assert(
    maxAbs(features.subarray(CELLS)) < 1e-5,
    `largest first-order value ${maxAbs(features.subarray(CELLS))}`,
  );
});

Deno.test("scattering commutes with circular shifts by multiples of the averaging step", () => {
  const image = randomImages(1, 1);
  const shifted = new Float32Array(image.length);
  // 8 rows down and 16 columns right: one and two averages.
  for (let i = 0; i < SIDE; i++) {
    for (let j = 0; j < SIDE; j++) shifted[((i + 8) % SIDE) * SIDE + (j + 16) % SIDE] = image[i * SIDE + j];
  }
  const options = { height: SIDE, width: SIDE };
  const a = scattering(image, options).features;
  const b = scattering(shifted, options).features;
  for (let c = 0; c < CHANNELS; c++) {
    for (let r = 0; r < 4; r++) {
      for (let k = 0; k < 4; k++) {
        assertAlmostEquals(at(b, 0, c, (r + 1) % 4, (k + 2) % 4), at(a, 0, c, r, k), 1e-5);
      }
    }
  }
});

Deno.test("scattering of a quarter-turned image: the averages turn and the orientations move by L/2", () => {
  const image = randomImages(1, 2);
  // turned[i][j] = image[(-j) mod 32][i]: the averages' grid (multiples of 8) maps onto itself.
  const turned = new Float32Array(image.length);
  for (let i = 0; i < SIDE; i++) {
    for (let j = 0; j < SIDE; j++) turned[i * SIDE + j] = image[((SIDE - j) % SIDE) * SIDE + i];
  }
  const options = { height: SIDE, width: SIDE };
  const a = scattering(image, options).features;
  const b = scattering(turned, options).features;
  const source = (c: number) => c === 0 ? 0 : 1 + 8 * Math.floor((c - 1) / 8) + ((c - 1) % 8 + 4) % 8;
  for (let c = 0; c < CHANNELS; c++) {
    for (let r = 0; r < 4; r++) {
      for (let k = 0; k < 4; k++) {
        const expected = at(a, 0, source(c), (4 - k) % 4, r);
        assertAlmostEquals(at(b, 0, c, r, k), expected, 1e-5 + 1e-4 * Math.abs(expected));
      }
    }
  }
});

Deno.test("scattering of horizontal stripes: the orientation whose waves run down the rows responds most", () => {
  // Stripes 8 pixels apart, constant along each row; θ = 0 (channel l = L/2 - 1 = 3) waves along the rows.
  const image = Float32Array.from(
    { length: SIDE * SIDE },
    (_, p) => 0.5 + 0.5 * Math.cos(2 * Math.PI * Math.floor(p / SIDE) / 8),
  );
  const { features } = scattering(image, { height: SIDE, width: SIDE });
  for (const scale of [1, 2]) {
    const energy = Array.from({ length: 8 }, (_, l) => {
      let sum = 0;
      for (let cell = 0; cell < CELLS; cell++) sum += features[(1 + 8 * scale + l) * CELLS + cell];
      return sum;
    });
    const best = energy.indexOf(Math.max(...energy));
    assertEquals(best, 3, `scale ${scale} energies ${energy.map((e) => e.toFixed(4)).join(" ")}`);
    // The wave across the stripes (θ = π/2, l = 7) barely responds.
    assert(energy[7] < 0.05 * energy[3], `scale ${scale}: ${energy[7]} against ${energy[3]}`);
  }
});

Deno.test("scattering of a 28×28 image equals that of the same image centred on a 32×32 zero grid", () => {
  const rng = randomSeeded(3);
  const small = Float32Array.from({ length: 2 * 784 }, () => rng());
  const padded = new Float32Array(2 * SIDE * SIDE);
  for (let n = 0; n < 2; n++) {
    for (let i = 0; i < 28; i++) {
      for (let j = 0; j < 28; j++) padded[n * 1024 + (i + 2) * SIDE + j + 2] = small[n * 784 + i * 28 + j];
    }
  }
  const a = scattering(small).features;
  const b = scattering(padded, { height: SIDE, width: SIDE }).features;
  assertEquals(a.length, b.length);
  for (let i = 0; i < a.length; i++) assertAlmostEquals(a[i], b[i], 1e-6);
});

Deno.test("scattering: batches and the log scale do not change the coefficients", () => {
  const images = randomImages(7, 4);
  const options = { height: SIDE, width: SIDE };
  const whole = scattering(images, options).features;
  const batched = scattering(images, { ...options, batchSize: 3 }).features;
  assertEquals(batched, whole);
  const logged = scattering(images, { ...options, logScale: 100 }).features;
  for (let i = 0; i < whole.length; i++) assertAlmostEquals(logged[i], Math.log1p(100 * whole[i]), 1e-5);
  const fractions: number[] = [];
  scattering(images, { ...options, batchSize: 3, onProgress: (f) => fractions.push(f) });
  assertEquals(fractions, [3 / 7, 6 / 7, 1]);
});

Deno.test("scattering refuses bad input with a message naming the parameter", () => {
  assertThrows(() => scattering([0] as unknown as Float32Array), TypeError, "images must be a Float32Array");
  assertThrows(() => scattering(new Float32Array(785)), RangeError, "not a multiple of 784");
  assertThrows(
    () => scattering(new Float32Array(784), { scales: 0 }),
    RangeError,
    "scales must be an integer >= 1",
  );
  assertThrows(() => scattering(new Float32Array(784), { orientations: 2.5 }), RangeError, "orientations");
  assertThrows(
    () => scattering(new Float32Array(784), { logScale: -1 }),
    RangeError,
    "logScale must be a finite number >= 0",
  );
  assertThrows(() => scattering(new Float32Array(784), { batchSize: 0 }), RangeError, "batchSize");
});
