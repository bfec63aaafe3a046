/**
 * What the feature stack's descriptor blocks see, as pictures: grids of small float maps (scattering
 * channels, patch k-means atoms, images), HOG descriptors drawn as oriented glyphs per cell, and the
 * scattering channels' captions.
 *
 * @module
 */
import { imageGridPng } from "../plot/mod.ts";

/** One map to draw: row-major values of a `height × width` grid. */
export interface FloatMap {
  /** The values, `[height × width]` row-major. */
  values: ArrayLike<number>;
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
}

/** Options of {@linkcode mapsGridPng}. */
export interface MapsGridOptions {
  /**
   * Maps per grid row.
   *
   * @default {min(maps.length, 10)}
   */
  cols?: number;
  /**
   * Side of one cell in map pixels: each map is enlarged by the largest integer factor that fits (nearest
   * neighbour) and centred; the margin stays white.
   *
   * @default {28}
   */
  cellSize?: number;
  /**
   * The PNG pixels per cell pixel.
   *
   * @default {2}
   */
  scale?: number;
  /**
   * How values become gray levels: `"each"` stretches every map's own minimum–maximum to black–white; a
   * `[low, high]` pair maps `low` to black and `high` to white for every map (clamped).
   *
   * @default {"each"}
   */
  range?: "each" | readonly [number, number];
  /**
   * One caption per map, drawn under its cell.
   *
   * @default {undefined}
   */
  labels?: string[];
  /**
   * One caption per grid row, drawn left of it.
   *
   * @default {undefined}
   */
  rowLabels?: string[];
}

/** Options of {@linkcode hogGlyphMap}: the descriptor's settings, as given to `hog`. */
export interface HogGlyphOptions {
  /**
   * Orientation bins over [0°, 180°).
   *
   * @default {9}
   */
  orientations?: number;
  /**
   * Side of a cell, in image pixels.
   *
   * @default {7}
   */
  pixelsPerCell?: number;
  /**
   * Side of a block, in cells.
   *
   * @default {2}
   */
  cellsPerBlock?: number;
  /**
   * Image height, in pixels.
   *
   * @default {28}
   */
  height?: number;
  /**
   * Image width, in pixels.
   *
   * @default {28}
   */
  width?: number;
  /**
   * Glyph pixels per image pixel.
   *
   * @default {4}
   */
  upscale?: number;
}

function checkInteger(action: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`Cannot ${action}: ${name} must be an integer >= ${min}, current value is ${value}`);
  }
}

/**
 * Splits consecutive maps of one size out of a flat array: a scattering descriptor's channels (each
 * `4 × 4`), a patch dictionary's atoms (each `patchSize × patchSize`), a batch of images.
 *
 * @example
 * ```ts
 * import { splitMaps } from "./feature_maps.ts";
 * import { assertEquals } from "../std.ts";
 * const maps = splitMaps(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), 2, 2);
 * assertEquals([maps.length, Array.from(maps[1].values)], [2, [5, 6, 7, 8]]);
 * ```
 *
 * @param values The maps, one after another, each row-major.
 * @param width Columns of each map.
 * @param height Rows of each map.
 * @returns The maps (views of `values` when it is a typed array).
 * @throws {RangeError} When the length is not a whole number of maps.
 */
export function splitMaps(values: Float32Array, width: number, height: number): FloatMap[] {
  checkInteger("split maps", "width", width, 1);
  checkInteger("split maps", "height", height, 1);
  const size = width * height;
  if (values.length % size !== 0) {
    throw new RangeError(
      `Cannot split maps: values must hold whole ${height}×${width} maps, current length is ${values.length}`,
    );
  }
  return Array.from(
    { length: values.length / size },
    (_, i) => ({ values: values.subarray(i * size, (i + 1) * size), width, height }),
  );
}

/**
 * A grid of float maps as a PNG: each map turned to gray levels (its own range, or a shared one), enlarged
 * to fit a square cell and tiled row-major, with optional captions.
 *
 * @example
 * ```ts
 * import { mapsGridPng } from "./feature_maps.ts";
 * import { decodePng } from "../plot/mod.ts";
 * import { assertEquals } from "../std.ts";
 * const maps = [{ values: [0, 1, 2, 3], width: 2, height: 2 }, { values: [5, 5, 5, 5], width: 2, height: 2 }];
 * const png = await mapsGridPng(maps, { cellSize: 4, scale: 1, cols: 2 });
 * assertEquals((await decodePng(png)).width, 2 * 4 + 3 * 2); // two cells and imageGridPng's padding of 2
 * ```
 *
 * @param maps The maps, at least one, none larger than the cell.
 * @param options Layout, gray levels and captions.
 * @returns The PNG file's bytes.
 * @throws {RangeError} When there is no map, a map is larger than the cell or its values do not fill it.
 */
export async function mapsGridPng(
  maps: readonly FloatMap[],
  options: MapsGridOptions = {},
): Promise<Uint8Array> {
  const { cellSize = 28, scale = 2, range = "each", labels, rowLabels } = options;
  const action = "draw the maps";
  if (maps.length === 0) throw new RangeError(`Cannot ${action}: maps must hold at least one map`);
  checkInteger(action, "cellSize", cellSize, 1);
  const cells = new Float32Array(maps.length * cellSize * cellSize).fill(1);
  maps.forEach((map, m) => {
    const { values, width, height } = map;
    checkInteger(action, `maps[${m}].width`, width, 1);
    checkInteger(action, `maps[${m}].height`, height, 1);
    if (values.length !== width * height) {
      throw new RangeError(
        `Cannot ${action}: maps[${m}] must hold ${height}×${width} = ${
          width * height
        } values, current length is ${values.length}`,
      );
    }
    const factor = Math.floor(cellSize / Math.max(width, height));
    if (factor < 1) {
      throw new RangeError(
        `Cannot ${action}: maps[${m}] (${height}×${width}) must fit a cell of ${cellSize}, raise cellSize`,
      );
    }
    let low: number, high: number;
    if (range === "each") {
      low = Infinity;
      high = -Infinity;
      for (let i = 0; i < values.length; i++) {
        low = Math.min(low, values[i]);
        high = Math.max(high, values[i]);
      }
    } else [low, high] = range;
    const span = high > low ? high - low : 1;
    const top = Math.floor((cellSize - factor * height) / 2);
    const left = Math.floor((cellSize - factor * width) / 2);
    const base = m * cellSize * cellSize;
    for (let y = 0; y < factor * height; y++) {
      for (let x = 0; x < factor * width; x++) {
        const v = (values[Math.floor(y / factor) * width + Math.floor(x / factor)] - low) / span;
        cells[base + (top + y) * cellSize + left + x] = Math.min(Math.max(v, 0), 1);
      }
    }
  });
  const { cols = Math.min(maps.length, 10) } = options;
  return await imageGridPng(cells, {
    cols,
    imageWidth: cellSize,
    imageHeight: cellSize,
    scale,
    ...(labels ? { labels } : {}),
    ...(rowLabels ? { rowLabels } : {}),
  });
}

/**
 * A HOG descriptor drawn as scikit-image's `hog(..., visualize=True)` draws one: in every cell, for every
 * orientation bin, a line through the cell's centre across the bin's gradient direction (along the edge it
 * stands for), as bright as the bin's value. The descriptor holds block-normalised histograms, so each cell's
 * bins are averaged over the blocks that contain it; each line's brightness is the largest value drawn there.
 *
 * @example
 * ```ts
 * import { hogGlyphMap } from "./feature_maps.ts";
 * import { hog } from "../features/mod.ts";
 * import { assert, assertEquals } from "../std.ts";
 * // A vertical edge: gradients along the columns (bin 0), drawn as (nearly) vertical lines.
 * const image = new Float32Array(64).map((_, i) => (i % 8 >= 4 ? 1 : 0));
 * const options = { height: 8, width: 8, pixelsPerCell: 4, cellsPerBlock: 2 };
 * const glyphs = hogGlyphMap(hog(image, options).features, { ...options, upscale: 1 });
 * assertEquals([glyphs.width, glyphs.height], [8, 8]);
 * // In the top-left 4×4 cell: a line through all four rows, within its two middle columns.
 * const lit = Array.from({ length: 32 }, (_, p) => p).filter((p) => p % 8 < 4 && glyphs.values[p] > 0);
 * assertEquals(new Set(lit.map((p) => Math.floor(p / 8))).size, 4);
 * assert(lit.every((p) => p % 8 === 1 || p % 8 === 2));
 * ```
 *
 * @param descriptor One image's HOG descriptor, as `hog` computes it with the same options.
 * @param options The descriptor's settings and the glyphs' resolution.
 * @returns The glyph image, `upscale` times the image's size, values in [0, 1].
 * @throws {RangeError} When the descriptor's length does not match the settings.
 */
export function hogGlyphMap(descriptor: ArrayLike<number>, options: HogGlyphOptions = {}): FloatMap {
  const { orientations = 9, pixelsPerCell = 7, cellsPerBlock = 2, height = 28, width = 28, upscale = 4 } =
    options;
  const action = "draw the HOG glyphs";
  for (const [name, value] of Object.entries({ orientations, pixelsPerCell, cellsPerBlock, upscale })) {
    checkInteger(action, name, value, 1);
  }
  const cellRows = Math.floor(height / pixelsPerCell);
  const cellCols = Math.floor(width / pixelsPerCell);
  const blockRows = cellRows - cellsPerBlock + 1;
  const blockCols = cellCols - cellsPerBlock + 1;
  const expected = Math.max(blockRows, 0) * Math.max(blockCols, 0) * cellsPerBlock ** 2 * orientations;
  if (expected === 0 || descriptor.length !== expected) {
    throw new RangeError(
      `Cannot ${action}: the descriptor must hold ${expected} values for these settings, current length is ${descriptor.length}`,
    );
  }
  // Each cell's bins, averaged over the blocks containing it (blocks row-major, then cells, then bins).
  const sums = new Float64Array(cellRows * cellCols * orientations);
  const counts = new Float64Array(cellRows * cellCols);
  let at = 0;
  for (let br = 0; br < blockRows; br++) {
    for (let bc = 0; bc < blockCols; bc++) {
      for (let r = 0; r < cellsPerBlock; r++) {
        for (let c = 0; c < cellsPerBlock; c++) {
          const cell = (br + r) * cellCols + bc + c;
          counts[cell]++;
          for (let o = 0; o < orientations; o++) sums[cell * orientations + o] += descriptor[at++];
        }
      }
    }
  }
  let peak = 0;
  for (let i = 0; i < sums.length; i++) {
    sums[i] /= counts[Math.floor(i / orientations)];
    peak = Math.max(peak, sums[i]);
  }
  const outWidth = width * upscale;
  const outHeight = height * upscale;
  const values = new Float32Array(outWidth * outHeight);
  const side = pixelsPerCell * upscale;
  const half = side / 2 - 0.5;
  for (let cr = 0; cr < cellRows; cr++) {
    for (let cc = 0; cc < cellCols; cc++) {
      const cy = cr * side + side / 2 - 0.5;
      const cx = cc * side + side / 2 - 0.5;
      for (let o = 0; o < orientations; o++) {
        const v = peak > 0 ? sums[(cr * cellCols + cc) * orientations + o] / peak : 0;
        if (v <= 0) continue;
        // The bin's gradient angle is measured from the columns towards the rows (rows point down); the
        // edge runs across it.
        const angle = ((o + 0.5) * Math.PI) / orientations + Math.PI / 2;
        const dx = Math.cos(angle);
        const dy = Math.sin(angle);
        for (let t = -half; t <= half; t += 0.25) {
          const x = Math.round(cx + t * dx);
          const y = Math.round(cy + t * dy);
          if (x < 0 || y < 0 || x >= outWidth || y >= outHeight) continue;
          const p = y * outWidth + x;
          if (v > values[p]) values[p] = v;
        }
      }
    }
  }
  return { values, width: outWidth, height: outHeight };
}

/**
 * Captions of the first-order scattering channels, in the order `scattering` lists them: the low-pass
 * first, then each wavelet scale-major as `j<scale> <angle>°` (Kymatio's angles, `(L/2 − 1 − l)·180°/L`).
 *
 * @example
 * ```ts
 * import { scatteringChannelLabels } from "./feature_maps.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(scatteringChannelLabels(1, 4), ["low-pass", "j0 45°", "j0 0°", "j0 -45°", "j0 -90°"]);
 * ```
 *
 * @param scales J.
 * @param orientations L.
 * @returns `1 + J·L` captions.
 */
export function scatteringChannelLabels(scales: number, orientations: number): string[] {
  checkInteger("caption the scattering channels", "scales", scales, 1);
  checkInteger("caption the scattering channels", "orientations", orientations, 1);
  const labels = ["low-pass"];
  for (let j = 0; j < scales; j++) {
    for (let l = 0; l < orientations; l++) {
      const degrees = ((Math.floor(orientations / 2) - 1 - l) * 180) / orientations;
      labels.push(`j${j} ${Number(degrees.toFixed(1))}°`);
    }
  }
  return labels;
}
