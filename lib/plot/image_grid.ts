/**
 * PNG grids of small images (Fashion-MNIST's 28×28 digits of clothing), with optional text labels.
 *
 * @module
 */
import { encodePng, type PngChannels } from "./encode_png.ts";
import { renderPng } from "./render.ts";

/** An RGB color, each channel an integer in [0, 255]. */
export type RgbColor = [number, number, number];

/** Options of {@linkcode imageGridPng}. */
export interface ImageGridOptions {
  /**
   * The number of columns, an integer >= 1.
   *
   * @default {min(nImages, 10)}
   */
  cols?: number;
  /**
   * The number of rows, an integer >= 1; `rows * cols` must hold every image (spare cells stay empty).
   *
   * @default {ceil(nImages / cols)}
   */
  rows?: number;
  /**
   * The width of one image in pixels.
   *
   * @default {28}
   */
  imageWidth?: number;
  /**
   * The height of one image in pixels.
   *
   * @default {28}
   */
  imageHeight?: number;
  /**
   * The channels per input pixel: 1 for grayscale, 3 for interleaved RGB (`[n, height, width, 3]`).
   *
   * @default {1}
   */
  channels?: 1 | 3;
  /**
   * The integer upscaling factor (nearest neighbour) from image pixels to PNG pixels.
   *
   * @default {2}
   */
  scale?: number;
  /**
   * The gap in PNG pixels between cells and around the grid.
   *
   * @default {2}
   */
  padding?: number;
  /**
   * The color of the gaps, margins and empty cells: a gray level, or an RGB triple (the PNG is then RGB).
   *
   * @default {255}
   */
  background?: number | RgbColor;
  /**
   * One caption per image, drawn under its cell (text is drawn by resvg, so the PNG is then RGBA).
   *
   * @default {undefined}
   */
  labels?: string[];
  /**
   * One caption per row, drawn left of it, e.g. `["Original", "Reconstructed"]`.
   *
   * @default {undefined}
   */
  rowLabels?: string[];
  /**
   * The caption font size in PNG pixels.
   *
   * @default {fitted to the cell width, between 7 and 12}
   */
  fontSize?: number;
  /**
   * Font files for the captions, as in `renderPng`.
   *
   * @default {[DEFAULT_FONT_FILE, DEFAULT_BOLD_FONT_FILE]}
   */
  fontFiles?: string[];
}

/** Options of {@linkcode reconstructionGridPng}. */
export interface ReconstructionGridOptions extends Omit<ImageGridOptions, "rows" | "cols" | "labels"> {
  /**
   * How many pairs to show (the first ones), one column each.
   *
   * @default {min(nImages, 10)}
   */
  count?: number;
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(
      `Cannot build image grid: ${name} must be an integer >= ${min}, current value is ${value}`,
    );
  }
}

function toBytes(images: Uint8Array | Float32Array): Uint8Array {
  if (images instanceof Uint8Array) return images;
  if (images instanceof Float32Array) {
    const out = new Uint8Array(images.length);
    for (let i = 0; i < images.length; i++) {
      const v = images[i];
      out[i] = v >= 1 ? 255 : v > 0 ? Math.round(v * 255) : 0;
    }
    return out;
  }
  throw new TypeError(
    `Cannot build image grid: images must be a Uint8Array or Float32Array, current type is ${
      (images as unknown)?.constructor?.name ?? typeof images
    }`,
  );
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Tiles images into a PNG grid, row-major, each upscaled by `scale` with nearest-neighbour sampling.
 * Float input is read as intensities in [0, 1] (clamped), bytes as 0–255. Without captions the PNG is
 * written by {@linkcode encodePng} (gray, or RGB for RGB input or background); with `labels` or
 * `rowLabels` the grid is embedded in an SVG with the captions and rendered by resvg (RGBA).
 *
 * @example
 * ```ts
 * import { imageGridPng } from "./image_grid.ts";
 * import { decodePng } from "./decode_png.ts";
 * import { assertEquals } from "../std.ts";
 * const images = new Float32Array(3 * 28 * 28).fill(1); // three white 28×28 images
 * const png = await imageGridPng(images, { cols: 3, scale: 1, padding: 2 });
 * const { width, height, channels } = await decodePng(png);
 * assertEquals([width, height, channels], [3 * 28 + 4 * 2, 28 + 2 * 2, 1]);
 * ```
 *
 * @param images The images, row-major, `[nImages, imageHeight, imageWidth]` (× 3 for RGB) flattened.
 * @param options Layout, scale, colors and captions.
 * @returns The PNG file's bytes.
 */
export async function imageGridPng(
  images: Uint8Array | Float32Array,
  options: ImageGridOptions = {},
): Promise<Uint8Array> {
  const bytes = toBytes(images);
  const {
    imageWidth = 28,
    imageHeight = 28,
    channels = 1,
    scale = 2,
    padding = 2,
    background = 255,
    labels,
    rowLabels,
    fontFiles,
  } = options;
  checkInteger("imageWidth", imageWidth, 1);
  checkInteger("imageHeight", imageHeight, 1);
  if (channels !== 1 && channels !== 3) {
    throw new RangeError(`Cannot build image grid: channels must be 1 or 3, current value is ${channels}`);
  }
  checkInteger("scale", scale, 1);
  checkInteger("padding", padding, 0);
  const imageSize = imageWidth * imageHeight * channels;
  if (bytes.length === 0 || bytes.length % imageSize !== 0) {
    throw new TypeError(
      `Cannot build image grid: images length must be a positive multiple of imageWidth * imageHeight * channels = ${imageSize}, current value is ${bytes.length}`,
    );
  }
  const nImages = bytes.length / imageSize;
  const { cols = Math.min(nImages, 10) } = options;
  checkInteger("cols", cols, 1);
  const { rows = Math.ceil(nImages / cols) } = options;
  checkInteger("rows", rows, 1);
  if (rows * cols < nImages) {
    throw new RangeError(
      `Cannot build image grid: rows * cols must hold every image (${nImages}), current value is ${rows} * ${cols} = ${
        rows * cols
      }`,
    );
  }
  if (labels !== undefined && labels.length !== nImages) {
    throw new RangeError(
      `Cannot build image grid: labels must have one entry per image (${nImages}), current length is ${labels.length}`,
    );
  }
  if (rowLabels !== undefined && rowLabels.length !== rows) {
    throw new RangeError(
      `Cannot build image grid: rowLabels must have one entry per row (${rows}), current length is ${rowLabels.length}`,
    );
  }
  const bg: RgbColor = typeof background === "number" ? [background, background, background] : background;
  if (bg.length !== 3 || bg.some((c) => !Number.isInteger(c) || c < 0 || c > 255)) {
    throw new RangeError(
      `Cannot build image grid: background must be an integer in [0, 255] or three of them, current value is ${background}`,
    );
  }
  const cellWidth = imageWidth * scale;
  const cellHeight = imageHeight * scale;
  const withText = labels !== undefined || rowLabels !== undefined;
  const longest = Math.max(1, ...(labels ?? []).map((l) => l.length));
  const fontSize = options.fontSize ?? Math.max(7, Math.min(12, Math.floor(cellWidth / (0.62 * longest))));
  const labelBand = labels === undefined ? 0 : Math.ceil(fontSize * 1.5);
  const rowLabelWidth = rowLabels === undefined
    ? 0
    : Math.ceil(0.62 * fontSize * Math.max(...rowLabels.map((l) => l.length))) + 2 * padding + 4;
  const width = rowLabelWidth + padding + cols * (cellWidth + padding);
  const height = padding + rows * (cellHeight + labelBand + padding);
  const outChannels: PngChannels = channels === 3 || bg[0] !== bg[1] || bg[1] !== bg[2] ? 3 : 1;
  const data = new Uint8Array(width * height * outChannels);
  if (outChannels === 1) data.fill(bg[0]);
  else for (let i = 0; i < data.length; i += 3) data.set(bg, i);
  for (let n = 0; n < nImages; n++) {
    const x0 = rowLabelWidth + padding + (n % cols) * (cellWidth + padding);
    const y0 = padding + Math.floor(n / cols) * (cellHeight + labelBand + padding);
    const base = n * imageSize;
    for (let y = 0; y < cellHeight; y++) {
      const srcRow = base + Math.floor(y / scale) * imageWidth * channels;
      const dstRow = ((y0 + y) * width + x0) * outChannels;
      for (let x = 0; x < cellWidth; x++) {
        const src = srcRow + Math.floor(x / scale) * channels;
        const dst = dstRow + x * outChannels;
        if (outChannels === 1) data[dst] = bytes[src];
        else if (channels === 3) {
          data[dst] = bytes[src];
          data[dst + 1] = bytes[src + 1];
          data[dst + 2] = bytes[src + 2];
        } else data[dst] = data[dst + 1] = data[dst + 2] = bytes[src];
      }
    }
  }
  const png = await encodePng({ data, width, height, channels: outChannels });
  if (!withText) return png;
  const texts: string[] = [];
  labels?.forEach((label, n) => {
    const x = rowLabelWidth + padding + (n % cols) * (cellWidth + padding) + cellWidth / 2;
    const y = padding + Math.floor(n / cols) * (cellHeight + labelBand + padding) + cellHeight +
      fontSize * 1.1;
    texts.push(`<text x="${x}" y="${y}" text-anchor="middle">${escapeXml(label)}</text>`);
  });
  rowLabels?.forEach((label, r) => {
    const x = rowLabelWidth - padding - 2;
    const y = padding + r * (cellHeight + labelBand + padding) + cellHeight / 2 + fontSize * 0.35;
    texts.push(`<text x="${x}" y="${y}" text-anchor="end">${escapeXml(label)}</text>`);
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<image x="0" y="0" width="${width}" height="${height}" image-rendering="optimizeSpeed" ` +
    `xlink:href="data:image/png;base64,${base64(png)}"/>` +
    `<g font-family="sans-serif" font-size="${fontSize}" fill="black">${texts.join("")}</g></svg>`;
  return await renderPng(svg, { scale: 1, fontFiles });
}

/**
 * Shows originals above their reconstructions: a 2-row grid (row labels "Original" and "Reconstructed"
 * by default), one column per pair, for the first `count` pairs.
 *
 * @example
 * ```ts
 * import { reconstructionGridPng } from "./image_grid.ts";
 * import { decodePng } from "./decode_png.ts";
 * import { assertEquals } from "../std.ts";
 * const originals = new Uint8Array(4 * 28 * 28).fill(200);
 * const reconstructions = new Float32Array(4 * 28 * 28).fill(0.5);
 * const png = await reconstructionGridPng(originals, reconstructions, { count: 4, rowLabels: [] });
 * const image = await decodePng(png);
 * assertEquals([image.width, image.height], [2 + 4 * 58, 2 + 2 * 58]);
 * ```
 *
 * @param originals The input images, `[nImages, imageHeight, imageWidth]` flattened.
 * @param reconstructions The decoded images, the same shape as `originals`.
 * @param options `count`, and the options of {@linkcode imageGridPng} (`rowLabels: []` draws no captions).
 * @returns The PNG file's bytes.
 */
export async function reconstructionGridPng(
  originals: Uint8Array | Float32Array,
  reconstructions: Uint8Array | Float32Array,
  options: ReconstructionGridOptions = {},
): Promise<Uint8Array> {
  const a = toBytes(originals);
  const b = toBytes(reconstructions);
  if (a.length !== b.length) {
    throw new TypeError(
      `Cannot build reconstruction grid: reconstructions must have the length of originals (${a.length}), current value is ${b.length}`,
    );
  }
  const { imageWidth = 28, imageHeight = 28, channels = 1, rowLabels = ["Original", "Reconstructed"] } =
    options;
  const imageSize = imageWidth * imageHeight * channels;
  const nImages = Math.floor(a.length / imageSize);
  const { count = Math.min(nImages, 10) } = options;
  if (!Number.isInteger(count) || count < 1 || count > nImages) {
    throw new RangeError(
      `Cannot build reconstruction grid: count must be an integer in [1, ${nImages}], current value is ${count}`,
    );
  }
  const stacked = new Uint8Array(2 * count * imageSize);
  stacked.set(a.subarray(0, count * imageSize), 0);
  stacked.set(b.subarray(0, count * imageSize), count * imageSize);
  const { count: _count, ...gridOptions } = options;
  return await imageGridPng(stacked, {
    ...gridOptions,
    rows: 2,
    cols: count,
    rowLabels: rowLabels.length === 0 ? undefined : rowLabels,
  });
}
