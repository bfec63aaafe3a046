/**
 * Autoencoders for 28×28 images, trained with tfjs layers on the WASM backend: architecture builders
 * ({@linkcode buildAutoencoder}), the training loop ({@linkcode trainAutoencoder}) with resumable checkpoints
 * ({@linkcode saveCheckpoint}, {@linkcode loadCheckpoint}), a Deno file `IOHandler` ({@linkcode fileIOHandler})
 * and batched inference ({@linkcode encode}, {@linkcode reconstruct}, {@linkcode reconstructionError}).
 *
 * @module
 */
export * from "./architectures.ts";
export * from "./autoencoder.ts";
export * from "./checkpoint.ts";
export * from "./file_io.ts";
export * from "./train.ts";
