import { hog, hogFeatureWidth, type HogOptions } from "./hog.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows, fromFileUrl } from "../std.ts";

interface HogFixture {
  skimage: string;
  height: number;
  width: number;
  n_images: number;
  pixels: number[];
  cases: {
    orientations: number;
    pixels_per_cell: number;
    cells_per_block: number;
    crop_width: number;
    feature_width: number;
    features: number[];
  }[];
}

const fixture: HogFixture = JSON.parse(
  await Deno.readTextFile(
    fromFileUrl(new URL("../../tests/fixtures/hog/hog.json", import.meta.url)),
  ),
);

/** Fixture images scaled as the Fashion-MNIST loader does, cropped to their first `cropWidth` columns. */
function fixtureImages(cropWidth: number): Float32Array {
  const { height, width, n_images: n, pixels } = fixture;
  const images = new Float32Array(n * height * cropWidth);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < cropWidth; x++) {
        images[(i * height + y) * cropWidth + x] = pixels[(i * height + y) * width + x] / 255;
      }
    }
  }
  return images;
}

/** Index of bin `bin` of cell (`row`, `col`) of block (`blockRow`, `blockCol`) in one descriptor. */
function featureIndex(
  options: Required<Omit<HogOptions, "onProgress">>,
  blockRow: number,
  blockCol: number,
  row: number,
  col: number,
  bin: number,
): number {
  const { orientations, pixelsPerCell, cellsPerBlock, width } = options;
  const blockCols = Math.floor(width / pixelsPerCell) - cellsPerBlock + 1;
  return (((blockRow * blockCols + blockCol) * cellsPerBlock + row) * cellsPerBlock + col) * orientations +
    bin;
}

/** Sum of each bin over every cell of every block of one descriptor. */
function binTotals(features: Float32Array, orientations: number): number[] {
  const totals = new Array(orientations).fill(0);
  for (let k = 0; k < features.length; k++) totals[k % orientations] += features[k];
  return totals;
}

Deno.test("hog() matches scikit-image 0.19 on every value of the fixture images", () => {
  assertEquals(fixture.skimage, "0.19.3");
  for (const c of fixture.cases) {
    const options = {
      orientations: c.orientations,
      pixelsPerCell: c.pixels_per_cell,
      cellsPerBlock: c.cells_per_block,
      height: fixture.height,
      width: c.crop_width,
    };
    const { features, width } = hog(fixtureImages(c.crop_width), options);
    const label =
      `orientations ${c.orientations}, cells ${c.pixels_per_cell}, blocks ${c.cells_per_block}, ` +
      `width ${c.crop_width}`;
    assertEquals(width, c.feature_width, label);
    assertEquals(hogFeatureWidth(options), c.feature_width, label);
    assertEquals(features.length, c.features.length, label);
    let nonZero = 0;
    for (let k = 0; k < features.length; k++) {
      const where = `${label}: image ${Math.floor(k / width)}, value ${k % width}`;
      assertAlmostEquals(features[k], c.features[k], 1e-6, where);
      if (c.features[k] !== 0) nonZero++;
    }
    // The comparison is not vacuous: many values are non-zero (the constant image and the dots give zeros).
    assert(nonZero > features.length / 3, `${label}: only ${nonZero} non-zero values`);
  }
});

/**
 * A direct transcription of skimage 0.19's cell histograms (`atan2` for every pixel, one pass per bin as in
 * `_hoghistogram.pyx`), row-major `[cellRows, cellCols, orientations]`.
 */
function referenceCellHistograms(
  image: Float32Array,
  height: number,
  width: number,
  orientations: number,
  cell: number,
): Float32Array {
  const gRow = new Float32Array(height * width);
  const gCol = new Float32Array(height * width);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 0; x < width; x++) {
      gRow[y * width + x] = image[(y + 1) * width + x] - image[(y - 1) * width + x];
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 1; x < width - 1; x++) {
      gCol[y * width + x] = image[y * width + x + 1] - image[y * width + x - 1];
    }
  }
  // sqrt as hog() takes it (Math.hypot can differ in the last bit); this test is about the bins.
  const magnitude = Array.from(gRow, (r, i) => Math.sqrt(r * r + gCol[i] * gCol[i]));
  const orientation = Array.from(gRow, (r, i) => {
    const m = (Math.atan2(r, gCol[i]) * (180 / Math.PI)) % 180;
    return m < 0 ? m + 180 : m;
  });
  const [cellRows, cellCols] = [Math.floor(height / cell), Math.floor(width / cell)];
  const hist = new Float32Array(cellRows * cellCols * orientations);
  for (let i = 0; i < orientations; i++) {
    const [start, end] = [(180 / orientations) * (i + 1), (180 / orientations) * i];
    for (let r = 0; r < cellRows; r++) {
      for (let c = 0; c < cellCols; c++) {
        const total = new Float32Array(1);
        for (let y = r * cell; y < (r + 1) * cell; y++) {
          for (let x = c * cell; x < (c + 1) * cell; x++) {
            const o = orientation[y * width + x];
            if (o >= start || o < end) continue;
            total[0] += magnitude[y * width + x];
          }
        }
        hist[(r * cellCols + c) * orientations + i] = total[0] / (cell * cell);
      }
    }
  }
  return hist;
}

Deno.test("hog() bins like a per-pixel atan2 transcription of skimage for 1 to 16 orientations", () => {
  // Images of thirds and of 8-bit values give many gradients exactly on bin edges (0°, 45°, 90°, 135°);
  // with one cell per block the descriptor is the L2-Hys of the one cell histogram.
  let state = 7;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const images = Array.from({ length: 40 }, (_, k) =>
    new Float32Array(8 * 8).map(() => {
      const v = next();
      return k % 2 === 0 ? Math.round(v * 3) / 3 : Math.round(v * 255) / 255;
    }));
  for (let orientations = 1; orientations <= 16; orientations++) {
    const options = { orientations, pixelsPerCell: 8, cellsPerBlock: 1, height: 8, width: 8 };
    for (const image of images) {
      const ref = referenceCellHistograms(image, 8, 8, orientations, 8);
      let sum = 0;
      for (const v of ref) sum += v * v;
      const norm = Math.sqrt(sum + 1e-10);
      const clipped = Array.from(ref, (v) => Math.min(v / norm, 0.2));
      const clippedNorm = Math.sqrt(clipped.reduce((a, v) => a + v * v, 0) + 1e-10);
      const expected = Float32Array.from(clipped, (v) => v / clippedNorm);
      assertEquals(hog(image, options).features, expected, `orientations ${orientations}`);
    }
  }
});

Deno.test("hog() puts a vertical step edge in the 0° bin and a horizontal one in the 90° bin", () => {
  const options = { orientations: 9, pixelsPerCell: 4, cellsPerBlock: 2, height: 8, width: 8 } as const;
  // Bright right half: the gradient points along the columns (atan2(0, +) = 0°), bin 0.
  const vertical = new Float32Array(64).map((_, i) => (i % 8 >= 4 ? 1 : 0));
  // Bright bottom half: the gradient points along the rows (atan2(+, 0) = 90°), bin 4 = [80°, 100°).
  const horizontal = new Float32Array(64).map((_, i) => (i >= 32 ? 1 : 0));
  // Bright top half: the gradient points up (atan2(-, 0) = -90°, i.e. 90° modulo 180), bin 4 too.
  const flipped = horizontal.map((v) => 1 - v);
  const { features } = hog(Float32Array.of(...vertical, ...horizontal, ...flipped), options);
  const w = hogFeatureWidth(options);
  const expected = (bin: number) => Array.from({ length: 9 }, (_, b) => (b === bin ? 2 : 0));
  assertEquals(binTotals(features.subarray(0, w), 9).map((v) => Math.round(v * 1e6) / 1e6), expected(0));
  assertEquals(binTotals(features.subarray(w, 2 * w), 9).map((v) => Math.round(v * 1e6) / 1e6), expected(4));
  assertEquals(
    binTotals(features.subarray(2 * w), 9).map((v) => Math.round(v * 1e6) / 1e6),
    expected(4),
  );
  // Each cell of the single block holds a quarter of the edge: 0.5 after L2-Hys.
  assertAlmostEquals(features[featureIndex(options, 0, 0, 0, 1, 0)], 0.5, 1e-6);
  assertAlmostEquals(features[w + featureIndex(options, 0, 0, 1, 0, 4)], 0.5, 1e-6);
});

Deno.test("hog() keeps a 45° gradient in the bin it opens and drops the 180° wrap-around", () => {
  // With 8 bins of 22.5°, 45° is the lower edge of bin 2 (skimage: start <= orientation < end).
  const options = { orientations: 8, pixelsPerCell: 3, cellsPerBlock: 1, height: 3, width: 3 } as const;
  // Only the centre pixel has a gradient: (gRow, gCol) = (0.5, 0.5), 45°.
  const diagonal = Float32Array.of(0, 0, 0, 0, 0, 0.5, 0, 0.5, 0);
  const d = hog(diagonal, options).features;
  assertEquals(Array.from(d, (v) => Math.round(v * 1e6) / 1e6), [0, 0, 1, 0, 0, 0, 0, 0]);
  // A gradient of (-1e-30, 1): atan2 is a hair below 0°, which wraps to exactly 180.0 and falls outside
  // every bin, so the histogram is empty (this is skimage's behaviour, not a rounding of ours).
  const wrap = Float32Array.of(0, 1e-30, 0, 0, 0, 1, 0, 0, 0);
  assertEquals(Array.from(hog(wrap, options).features), new Array(8).fill(0));
});

Deno.test("hog() gives zeros for a constant image and ignores pixels past the last full cell", () => {
  const { features, width } = hog(new Float32Array(2 * 784).fill(0.3));
  assertEquals(width, 324);
  assert(features.every((v) => v === 0));
  // 11 pixels with 3-pixel cells: 3 cells, columns 9 and 10 unused; an edge between them changes nothing
  // (column 8 differences columns 7 and 9).
  const options = { pixelsPerCell: 3, cellsPerBlock: 1, height: 3, width: 11 } as const;
  const plain = new Float32Array(33);
  const edged = plain.map((_, i) => (i % 11 === 10 ? 1 : 0));
  assertEquals(hog(edged, options).features, hog(plain, options).features);
});

Deno.test("hog() reports progress and handles an empty batch", () => {
  const fractions: number[] = [];
  hog(new Float32Array(2050 * 784), { onProgress: (f) => fractions.push(f) });
  assertEquals(fractions, [1024 / 2050, 2048 / 2050, 1]);
  const empty = hog(new Float32Array(0));
  assertEquals(empty.features.length, 0);
  assertEquals(empty.width, 324);
});

Deno.test("hog() rejects bad options and inputs", () => {
  assertThrows(
    () => hog(new Float32Array(784), { pixelsPerCell: 0 }),
    RangeError,
    "Cannot compute HOG: pixelsPerCell must be an integer >= 1 and <= 28 (the smaller side of a 28×28 image), current value is 0",
  );
  assertThrows(
    () => hogFeatureWidth({ orientations: 2.5 }),
    RangeError,
    "Cannot compute HOG: orientations must be an integer >= 1, current value is 2.5",
  );
  assertThrows(
    () => hogFeatureWidth({ height: 0 }),
    RangeError,
    "Cannot compute HOG: height must be an integer >= 1, current value is 0",
  );
  assertThrows(
    () => hogFeatureWidth({ width: NaN }),
    RangeError,
    "Cannot compute HOG: width must be an integer >= 1, current value is NaN",
  );
  assertThrows(
    () => hogFeatureWidth({ pixelsPerCell: 29 }),
    RangeError,
    "Cannot compute HOG: pixelsPerCell must be an integer >= 1 and <= 28 (the smaller side of a 28×28 image), current value is 29",
  );
  assertThrows(
    () => hogFeatureWidth({ pixelsPerCell: 10, cellsPerBlock: 3 }),
    RangeError,
    "Cannot compute HOG: cellsPerBlock must be an integer >= 1 and <= 2 (a 28×28 image holds 2×2 cells of 10 pixels), current value is 3",
  );
  assertThrows(
    () => hogFeatureWidth({ cellsPerBlock: 0 }),
    RangeError,
    "Cannot compute HOG: cellsPerBlock must be an integer >= 1 and <= 4 (a 28×28 image holds 4×4 cells of 7 pixels), current value is 0",
  );
  assertThrows(
    () => hog(new Float32Array(785)),
    RangeError,
    "Cannot compute HOG: images.length must be a multiple of height × width = 784, current value is 785",
  );
  assertThrows(
    () => hog([0, 1] as unknown as Float32Array),
    TypeError,
    "Cannot compute HOG: images must be a Float32Array, current type is Array",
  );
  assertThrows(
    () => hog(new Float64Array(784) as unknown as Float32Array),
    TypeError,
    "Cannot compute HOG: images must be a Float32Array, current type is Float64Array",
  );
  const nan = new Float32Array(2 * 784);
  nan[784 + 5] = NaN;
  assertThrows(
    () => hog(nan),
    RangeError,
    "Cannot compute HOG: images must hold finite values, current value of image 1 at pixel 5 is NaN",
  );
});
