import { assertEquals, assertRejects } from "../std.ts";
import { pngChunk as chunk, zlibDeflate as deflate } from "./_png_chunks.ts";
import { decodePng } from "./decode_png.ts";
import { encodePng, PNG_SIGNATURE } from "./encode_png.ts";

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Writes an RGB PNG whose row y uses filter type y % 5, split over two IDAT chunks. */
async function filteredPng(data: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const bpp = 3;
  const rowBytes = width * bpp;
  const raw = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (rowBytes + 1)] = filter;
    for (let i = 0; i < rowBytes; i++) {
      const x = data[y * rowBytes + i];
      const a = i >= bpp ? data[y * rowBytes + i - bpp] : 0;
      const b = y > 0 ? data[(y - 1) * rowBytes + i] : 0;
      const c = y > 0 && i >= bpp ? data[(y - 1) * rowBytes + i - bpp] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      raw[y * (rowBytes + 1) + 1 + i] = (x - predictor) & 0xff;
    }
  }
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const z = await deflate(raw);
  const half = z.length >> 1;
  return concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("tEXt", new TextEncoder().encode("Comment\0ignored")),
    chunk("IDAT", z.subarray(0, half)),
    chunk("IDAT", z.subarray(half)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

Deno.test("decodePng() undoes all five row filters across several IDAT chunks", async () => {
  const width = 7;
  const height = 10;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 3) * 101) & 0xff;
  const decoded = await decodePng(await filteredPng(data, width, height));
  assertEquals(decoded, { data, width, height, channels: 3 });
});

Deno.test("decodePng() rejects a missing signature, a bad CRC and unsupported formats", async () => {
  const png = await encodePng({ data: new Uint8Array([1, 2, 3, 4]), width: 2, height: 2, channels: 1 });
  await assertRejects(
    () => decodePng(png.subarray(1)),
    TypeError,
    "Cannot decode PNG: the bytes do not start with the PNG signature",
  );
  const corrupt = png.slice();
  corrupt[20] ^= 1; // IHDR height byte
  await assertRejects(() => decodePng(corrupt), TypeError, "Cannot decode PNG: chunk IHDR has a bad CRC");
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, 1);
  new DataView(ihdr.buffer).setUint32(4, 1);
  ihdr.set([8, 3, 0, 0, 0], 8); // palette
  const palette = concat([PNG_SIGNATURE, chunk("IHDR", ihdr), chunk("IEND", new Uint8Array(0))]);
  await assertRejects(
    () => decodePng(palette),
    TypeError,
    "Cannot decode PNG: only 8-bit non-interlaced gray, gray+alpha, RGB and RGBA are supported, " +
      "current bit depth is 8, color type 3, interlace 0",
  );
});
