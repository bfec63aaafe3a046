import { assertEquals, assertRejects } from "../std.ts";
import { crc32 } from "./_crc32.ts";
import { decodePng } from "./decode_png.ts";
import { encodePng, PNG_SIGNATURE, type PngChannels } from "./encode_png.ts";

function pseudoRandomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

Deno.test("crc32() matches the standard check value", () => {
  assertEquals(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assertEquals(crc32(new TextEncoder().encode("1234"), new TextEncoder().encode("56789")), 0xcbf43926);
});

Deno.test("encodePng() writes the signature, an IHDR with size and color type, and IEND", async () => {
  const png = await encodePng({ data: new Uint8Array(5 * 3 * 3), width: 5, height: 3, channels: 3 });
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assertEquals(png.subarray(0, 8), PNG_SIGNATURE);
  assertEquals(view.getUint32(8), 13);
  assertEquals(new TextDecoder().decode(png.subarray(12, 16)), "IHDR");
  assertEquals([view.getUint32(16), view.getUint32(20)], [5, 3]);
  assertEquals([...png.subarray(24, 29)], [8, 2, 0, 0, 0]); // 8-bit, RGB, deflate, filter 0, no interlace
  assertEquals(view.getUint32(29), crc32(png.subarray(12, 29)));
  assertEquals(new TextDecoder().decode(png.subarray(png.length - 8, png.length - 4)), "IEND");
});

Deno.test("encodePng() round-trips through decodePng() for every channel count", async () => {
  for (const channels of [1, 2, 3, 4] as PngChannels[]) {
    const width = 17;
    const height = 9;
    const data = pseudoRandomBytes(width * height * channels, channels);
    const decoded = await decodePng(await encodePng({ data, width, height, channels }));
    assertEquals(decoded, { data, width, height, channels });
  }
});

Deno.test("encodePng() rejects bad sizes, channel counts and data", async () => {
  await assertRejects(
    () => encodePng({ data: new Uint8Array(0), width: 0, height: 1, channels: 1 }),
    RangeError,
    "Cannot encode PNG: width must be an integer in [1, 2147483647], current value is 0",
  );
  await assertRejects(
    () => encodePng({ data: new Uint8Array(4), width: 2, height: 2, channels: 5 as PngChannels }),
    RangeError,
    "Cannot encode PNG: channels must be 1, 2, 3 or 4, current value is 5",
  );
  await assertRejects(
    () => encodePng({ data: new Uint8Array(5), width: 2, height: 2, channels: 1 }),
    TypeError,
    "Cannot encode PNG: data length must be width * height * channels = 4, current value is 5",
  );
  await assertRejects(
    () => encodePng({ data: [1, 2] as unknown as Uint8Array, width: 2, height: 1, channels: 1 }),
    TypeError,
    "Cannot encode PNG: data must be a Uint8Array, current type is Array",
  );
});
