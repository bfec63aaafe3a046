/**
 * File helpers shared by every area: atomic writes and SHA-256 digests.
 *
 * @module
 */
export * from "./atomic_write.ts";
export * from "./sha256.ts";
