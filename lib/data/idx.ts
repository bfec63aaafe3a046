/**
 * Reader for the IDX format of the original MNIST / Fashion-MNIST files, gzip-compressed or raw.
 *
 * @module
 */
import { constants as zlibConstants, gunzipSync } from "node:zlib";

/** The IDX magic number of an unsigned-byte 3-D array (images). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** The IDX magic number of an unsigned-byte 1-D array (labels). */
export const IDX_LABELS_MAGIC = 0x00000801;

/** An unsigned-byte IDX array. */
export interface IdxArray {
  /** The magic number read from the header. */
  magic: number;
  /** The dimensions from the header, e.g. `[60000, 28, 28]`. */
  dims: number[];
  /** The values, row-major, `dims` multiplied together long. */
  data: Uint8Array;
}

/**
 * Parses IDX bytes (already decompressed) and checks the header against the byte length.
 *
 * @example
 * ```ts
 * import { parseIdx } from "./idx.ts";
 * import { assertEquals } from "../std.ts";
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]);
 * assertEquals(parseIdx(bytes, "labels").dims, [3]);
 * ```
 *
 * @param bytes The decompressed file contents.
 * @param name The file's name, used in error messages.
 * @param expectedMagic When given, the magic number the file must have.
 * @returns The parsed array; `data` is a view into `bytes`, not a copy.
 * @throws {RangeError} When the header is invalid or the length does not match it.
 */
export function parseIdx(bytes: Uint8Array, name: string, expectedMagic?: number): IdxArray {
  if (bytes.length < 4) {
    throw new RangeError(
      `Cannot read IDX file ${name}: it is ${bytes.length} bytes long, shorter than the 4-byte magic number`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic >>> 8 !== 0x08 || (magic & 0xff) < 1) {
    throw new RangeError(
      `Cannot read IDX file ${name}: magic number must be 0x0000080N (unsigned bytes), current value is 0x${
        hex(magic)
      }`,
    );
  }
  if (expectedMagic !== undefined && magic !== expectedMagic) {
    throw new RangeError(
      `Cannot read IDX file ${name}: magic number must be 0x${hex(expectedMagic)}, current value is 0x${
        hex(magic)
      }`,
    );
  }
  const rank = magic & 0xff;
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new RangeError(
      `Cannot read IDX file ${name}: header of ${headerLength} bytes expected, file is ${bytes.length} bytes`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerLength;
  if (actual !== count) {
    throw new RangeError(
      `Cannot read IDX file ${name}: header [${
        dims.join(", ")
      }] needs ${count} data bytes, file has ${actual}` +
        (actual < count ? " (truncated)" : " (trailing bytes)"),
    );
  }
  return { magic, dims, data: bytes.subarray(headerLength) };
}

/**
 * Reads an IDX file from disk, gunzipping it when its name ends in `.gz`.
 *
 * @example
 * ```ts
 * import { IDX_LABELS_MAGIC, readIdx } from "./idx.ts";
 * import { assertEquals } from "../std.ts";
 * const labels = await readIdx("data/fashion-mnist/t10k-labels-idx1-ubyte.gz", IDX_LABELS_MAGIC);
 * assertEquals(labels.dims, [10000]);
 * ```
 *
 * @param path The file's path.
 * @param expectedMagic When given, the magic number the file must have.
 * @returns The parsed array.
 * @throws {RangeError} When the file is truncated, corrupt or not IDX.
 */
export async function readIdx(path: string, expectedMagic?: number): Promise<IdxArray> {
  return parseIdx(await readMaybeGzip(path), path, expectedMagic);
}

/**
 * Reads a file and gunzips it when its name ends in `.gz`.
 *
 * @example
 * ```ts
 * import { readMaybeGzip } from "./idx.ts";
 * import { assertEquals } from "../std.ts";
 * const bytes = await readMaybeGzip("data/fashion-mnist/t10k-labels-idx1-ubyte.gz");
 * assertEquals(bytes.length, 10008);
 * ```
 *
 * @param path The file's path.
 * @returns The (decompressed) contents.
 * @throws {RangeError} When a `.gz` file is truncated (the gzip stream ends early: the message says
 *   "truncated" and gives the bytes decompressed, and those its IDX header needs when it was read) or is not
 *   valid gzip.
 */
export async function readMaybeGzip(path: string): Promise<Uint8Array> {
  const raw = await Deno.readFile(path);
  if (!path.endsWith(".gz")) return raw;
  try {
    const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    // DecompressionStream says "does not have a matching checksum" for a stream that merely ends early; zlib
    // tells the two apart.
    const truncated = gunzipError(raw) === "Z_BUF_ERROR";
    if (truncated) {
      const partial = gunzipPartial(raw);
      const needed = idxLength(partial);
      throw new RangeError(
        `Cannot read ${path}: the file is truncated (unexpected end of gzip stream after ${raw.length} bytes; ` +
          `${partial.length} bytes decompressed` +
          (needed === undefined ? "" : `, the IDX header needs ${needed}`) +
          "); download or copy it again",
      );
    }
    throw new RangeError(
      `Cannot read ${path}: not a valid gzip file (${error instanceof Error ? error.message : error})`,
    );
  }
}

/** zlib's error code for a gzip stream (`Z_BUF_ERROR`: it ends early), or `undefined` when it is valid. */
function gunzipError(raw: Uint8Array): string | undefined {
  try {
    gunzipSync(raw);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? "unknown";
  }
}

/** What a gzip stream that ends early decompresses to (empty when not even its header is there). */
function gunzipPartial(raw: Uint8Array): Uint8Array {
  try {
    return new Uint8Array(gunzipSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH }));
  } catch {
    return new Uint8Array();
  }
}

/** The byte length an IDX file's header announces, or `undefined` when `bytes` lacks a full header. */
function idxLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < 4 || bytes[2] !== 0x08 || bytes[3] < 1) return undefined;
  const rank = bytes[3];
  if (bytes.length < 4 + 4 * rank) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 1;
  for (let i = 0; i < rank; i++) count *= view.getUint32(4 + 4 * i, false);
  return 4 + 4 * rank + count;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}
