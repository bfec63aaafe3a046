/**
 * SHA-256 digests of byte arrays, as used for data checksums and checkpoint integrity.
 *
 * @module
 */

/**
 * Hex SHA-256 of some bytes.
 *
 * @example
 * ```ts
 * import { sha256Hex } from "./sha256.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(
 *   await sha256Hex(new TextEncoder().encode("abc")),
 *   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 * );
 * ```
 *
 * @param bytes The input.
 * @returns 64 lowercase hex digits.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
