// Internal: the PNG container pieces shared by the encoder and the decoder's tests — zlib compression of
// IDAT data and length/type/body/CRC chunk framing.
import { crc32 } from "./_crc32.ts";

/**
 * Compresses bytes to the zlib format (RFC 1950) that PNG's IDAT chunks hold.
 *
 * @param bytes The raw bytes.
 * @returns The zlib stream.
 */
export async function zlibDeflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("deflate"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * One PNG chunk: big-endian length, 4-letter type, body, CRC-32 of type and body.
 *
 * @param type The chunk type, e.g. `IHDR`.
 * @param body The chunk data.
 * @returns The framed chunk.
 */
export function pngChunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  const typeBytes = new TextEncoder().encode(type);
  out.set(typeBytes, 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(typeBytes, body));
  return out;
}
