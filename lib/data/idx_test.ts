import { assert, assertEquals, assertRejects, assertThrows, join } from "../std.ts";
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdx, readIdx, readMaybeGzip } from "./idx.ts";

function idx(magic: number, dims: number[], data: number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(data, 4 + 4 * dims.length);
  return bytes;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("parseIdx() reads a 3-D image array", () => {
  const parsed = parseIdx(idx(IDX_IMAGES_MAGIC, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]), "x", IDX_IMAGES_MAGIC);
  assertEquals(parsed.dims, [2, 2, 2]);
  assertEquals(Array.from(parsed.data), [1, 2, 3, 4, 5, 6, 7, 8]);
});

Deno.test("parseIdx() rejects a wrong magic number naming the file", () => {
  assertThrows(
    () => parseIdx(idx(IDX_LABELS_MAGIC, [2], [1, 2]), "labels.idx", IDX_IMAGES_MAGIC),
    RangeError,
    "Cannot read IDX file labels.idx: magic number must be 0x00000803, current value is 0x00000801",
  );
  assertThrows(
    () => parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0), "raw.gz"),
    RangeError,
    "Cannot read IDX file raw.gz: magic number must be 0x0000080N (unsigned bytes), current value is 0x1f8b0800",
  );
});

Deno.test("parseIdx() rejects truncated and over-long data", () => {
  assertThrows(
    () => parseIdx(idx(IDX_LABELS_MAGIC, [5], [1, 2, 3]), "t.idx"),
    RangeError,
    "Cannot read IDX file t.idx: header [5] needs 5 data bytes, file has 3 (truncated)",
  );
  assertThrows(
    () => parseIdx(idx(IDX_LABELS_MAGIC, [1], [1, 2]), "t.idx"),
    RangeError,
    "header [1] needs 1 data bytes, file has 2 (trailing bytes)",
  );
  assertThrows(
    () => parseIdx(Uint8Array.of(0, 0), "tiny"),
    RangeError,
    "shorter than the 4-byte magic number",
  );
  assertThrows(
    () => parseIdx(Uint8Array.of(0, 0, 8, 3, 0, 0), "hdr"),
    RangeError,
    "Cannot read IDX file hdr: header of 16 bytes expected, file is 6 bytes",
  );
});

Deno.test("readIdx() reads gzip and raw files and rejects truncated gzip", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = idx(IDX_LABELS_MAGIC, [3], [7, 8, 9]);
    await Deno.writeFile(join(dir, "a"), bytes);
    const gz = await gzip(bytes);
    await Deno.writeFile(join(dir, "a.gz"), gz);
    assertEquals(Array.from((await readIdx(join(dir, "a"))).data), [7, 8, 9]);
    assertEquals(Array.from((await readIdx(join(dir, "a.gz"), IDX_LABELS_MAGIC)).data), [7, 8, 9]);
    await Deno.writeFile(join(dir, "cut.gz"), gz.subarray(0, gz.length - 6));
    await assertRejects(
      () => readIdx(join(dir, "cut.gz")),
      RangeError,
      `Cannot read ${join(dir, "cut.gz")}: the file is truncated (unexpected end of gzip stream after ` +
        `${gz.length - 6} bytes; 11 bytes decompressed, the IDX header needs 11)`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readMaybeGzip() reports a truncated gzip as truncated, not as a checksum error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Incompressible labels, so that a cut in the middle of the file cuts the data.
    let state = 1;
    const labels = Array.from({ length: 4000 }, () => (state = (state * 48271) % 2147483647) % 10);
    const gz = await gzip(idx(IDX_LABELS_MAGIC, [4000], labels));
    const path = join(dir, "labels.gz");
    await Deno.writeFile(path, gz.subarray(0, Math.floor(gz.length / 2)));
    const error = await assertRejects(
      () => readMaybeGzip(path),
      RangeError,
      `Cannot read ${path}: the file is truncated (unexpected end of gzip stream after ${
        Math.floor(gz.length / 2)
      } bytes; `,
    );
    assert(
      /; \d+ bytes decompressed, the IDX header needs 4008\); download or copy it again$/.test(error.message),
      error.message,
    );
    assert(!error.message.includes("checksum"), error.message);
    // Cut inside the gzip header: nothing is decompressed.
    await Deno.writeFile(path, gz.subarray(0, 5));
    await assertRejects(
      () => readMaybeGzip(path),
      RangeError,
      "truncated (unexpected end of gzip stream after 5 bytes; 0 bytes decompressed)",
    );
    // A complete file with a wrong CRC is corrupt, not truncated.
    const bad = gz.slice();
    bad[bad.length - 6] ^= 1;
    await Deno.writeFile(path, bad);
    await assertRejects(() => readMaybeGzip(path), RangeError, `Cannot read ${path}: not a valid gzip file`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
