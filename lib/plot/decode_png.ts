/**
 * A minimal PNG decoder for 8-bit, non-interlaced grayscale, grayscale+alpha, RGB and RGBA files, the
 * counterpart of `encodePng`, used to check rendered figures pixel by pixel.
 *
 * @module
 */
import { crc32 } from "./_crc32.ts";
import { PNG_SIGNATURE, type PngChannels, type RasterImage } from "./encode_png.ts";

const CHANNELS_BY_COLOR_TYPE: Record<number, PngChannels> = { 0: 1, 4: 2, 2: 3, 6: 4 };

async function zlibInflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new DecompressionStream("deflate"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Decodes PNG bytes into a {@linkcode RasterImage}, checking the signature, every chunk's CRC, and the
 * decompressed length. All five row filters are handled; palette, 16-bit and interlaced files are rejected.
 *
 * @example
 * ```ts
 * import { decodePng } from "./decode_png.ts";
 * import { encodePng } from "./encode_png.ts";
 * import { assertEquals } from "../std.ts";
 * const data = new Uint8Array([10, 20, 30, 40, 50, 60]);
 * const image = await decodePng(await encodePng({ data, width: 2, height: 1, channels: 3 }));
 * assertEquals(image, { data, width: 2, height: 1, channels: 3 });
 * ```
 *
 * @param png The PNG file's bytes.
 * @returns The raster.
 */
export async function decodePng(png: Uint8Array): Promise<RasterImage> {
  if (png.length < 8 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) {
    throw new TypeError("Cannot decode PNG: the bytes do not start with the PNG signature");
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  let header: { width: number; height: number; channels: PngChannels } | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > png.length) {
      throw new TypeError(`Cannot decode PNG: chunk ${type} runs past the end of the file`);
    }
    const typeBytes = png.subarray(offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    const crc = view.getUint32(offset + 8 + length);
    if (crc32(typeBytes, body) !== crc) {
      throw new TypeError(`Cannot decode PNG: chunk ${type} has a bad CRC`);
    }
    offset += 12 + length;
    if (type === "IHDR") {
      const h = new DataView(body.buffer, body.byteOffset, body.byteLength);
      const bitDepth = body[8];
      const colorType = body[9];
      const interlace = body[12];
      const channels = CHANNELS_BY_COLOR_TYPE[colorType];
      if (bitDepth !== 8 || channels === undefined || interlace !== 0) {
        throw new TypeError(
          `Cannot decode PNG: only 8-bit non-interlaced gray, gray+alpha, RGB and RGBA are supported, ` +
            `current bit depth is ${bitDepth}, color type ${colorType}, interlace ${interlace}`,
        );
      }
      header = { width: h.getUint32(0), height: h.getUint32(4), channels };
    } else if (type === "IDAT") {
      idat.push(body);
    } else if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!header) throw new TypeError("Cannot decode PNG: the IHDR chunk is missing");
  if (!ended) throw new TypeError("Cannot decode PNG: the IEND chunk is missing");
  const compressed = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of idat) {
    compressed.set(c, at);
    at += c.length;
  }
  const raw = await zlibInflate(compressed);
  const { width, height, channels } = header;
  const rowBytes = width * channels;
  if (raw.length !== (rowBytes + 1) * height) {
    throw new TypeError(
      `Cannot decode PNG: decompressed length must be ${
        (rowBytes + 1) * height
      }, current value is ${raw.length}`,
    );
  }
  const data = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const dst = y * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= channels ? data[dst + i - channels] : 0;
      const up = y > 0 ? data[dst - rowBytes + i] : 0;
      const upLeft = y > 0 && i >= channels ? data[dst - rowBytes + i - channels] : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = left;
          break;
        case 2:
          predictor = up;
          break;
        case 3:
          predictor = (left + up) >> 1;
          break;
        case 4:
          predictor = paeth(left, up, upLeft);
          break;
        default:
          throw new TypeError(`Cannot decode PNG: row ${y} has an unknown filter type ${filter}`);
      }
      data[dst + i] = (raw[src + i] + predictor) & 0xff;
    }
  }
  return { data, width, height, channels };
}
