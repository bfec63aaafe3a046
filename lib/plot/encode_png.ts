/**
 * A minimal PNG encoder: 8-bit grayscale, grayscale+alpha, RGB or RGBA, no interlacing, zlib through the
 * web-standard `CompressionStream("deflate")`.
 *
 * @module
 */
import { pngChunk as chunk, zlibDeflate } from "./_png_chunks.ts";

/** The number of 8-bit channels per pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
export type PngChannels = 1 | 2 | 3 | 4;

/** A row-major 8-bit raster, the shape {@linkcode encodePng} takes and `decodePng` returns. */
export interface RasterImage {
  /** The samples, row-major and interleaved: `data[(y * width + x) * channels + c]`, length `width * height * channels`. */
  data: Uint8Array;
  /** The width in pixels, an integer >= 1. */
  width: number;
  /** The height in pixels, an integer >= 1. */
  height: number;
  /** The number of channels per pixel. */
  channels: PngChannels;
}

/** The 8-byte signature every PNG file starts with. */
export const PNG_SIGNATURE: Uint8Array = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

const COLOR_TYPE: Record<PngChannels, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };
const MAX_DIMENSION = 0x7fffffff;

function checkDimension(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_DIMENSION) {
    throw new RangeError(
      `Cannot encode PNG: ${name} must be an integer in [1, ${MAX_DIMENSION}], current value is ${value}`,
    );
  }
}

/**
 * Encodes an 8-bit raster as PNG bytes (signature, IHDR, one IDAT, IEND; every row uses filter type 0).
 *
 * @example
 * ```ts
 * import { encodePng, PNG_SIGNATURE } from "./encode_png.ts";
 * import { assertEquals } from "../std.ts";
 * const png = await encodePng({ data: new Uint8Array([0, 255, 255, 0]), width: 2, height: 2, channels: 1 });
 * assertEquals(png.subarray(0, 8), PNG_SIGNATURE);
 * assertEquals(new DataView(png.buffer).getUint32(16), 2); // IHDR width
 * ```
 *
 * @param image The raster: `data` of length `width * height * channels`.
 * @returns The PNG file's bytes.
 */
export async function encodePng(image: RasterImage): Promise<Uint8Array> {
  const { data, width, height, channels } = image;
  if (!(data instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot encode PNG: data must be a Uint8Array, current type is ${
        (data as unknown)?.constructor?.name ?? typeof data
      }`,
    );
  }
  checkDimension("width", width);
  checkDimension("height", height);
  if (!(channels in COLOR_TYPE)) {
    throw new RangeError(`Cannot encode PNG: channels must be 1, 2, 3 or 4, current value is ${channels}`);
  }
  const rowBytes = width * channels;
  if (data.length !== rowBytes * height) {
    throw new TypeError(
      `Cannot encode PNG: data length must be width * height * channels = ${
        rowBytes * height
      }, current value is ${data.length}`,
    );
  }
  const ihdr = new Uint8Array(13);
  const ihdrView = new DataView(ihdr.buffer);
  ihdrView.setUint32(0, width);
  ihdrView.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = COLOR_TYPE[channels];
  // compression 0, filter method 0, interlace 0 are already zero
  const raw = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    raw.set(data.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  }
  const parts = [
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", await zlibDeflate(raw)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
