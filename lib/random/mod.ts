/**
 * Seeded randomness: every random choice in the workspace goes through a {@linkcode Prng} made here.
 *
 * @module
 */
export * from "./seeded.ts";
