/**
 * CRC-32 (ISO-HDLC, the polynomial PNG and zlib use), internal to the PNG encoder and decoder.
 *
 * @module
 */

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/**
 * Computes the CRC-32 of the concatenation of `chunks` (`crc32(bytes("123456789")) === 0xcbf43926`).
 *
 * @param chunks The byte arrays, read in order.
 * @returns The checksum as an unsigned 32-bit integer.
 */
export function crc32(...chunks: Uint8Array[]): number {
  const t = crcTable();
  let c = 0xffffffff;
  for (const bytes of chunks) {
    for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}
