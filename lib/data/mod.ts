/**
 * Data: the IDX reader, the verified Fashion-MNIST loader, seeded splits and pixel scaling.
 *
 * @module
 */
export * from "./idx.ts";
export * from "./fashion_mnist.ts";
export * from "./split.ts";
