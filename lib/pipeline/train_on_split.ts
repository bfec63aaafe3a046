/**
 * The one way the pipelines build and train an autoencoder for a seed: seeded initialisation, seeded
 * shuffling, the seed's 45k/15k split, the configured hyper-parameters.
 *
 * @module
 */
import {
  type Autoencoder,
  buildAutoencoder,
  trainAutoencoder,
  type TrainAutoencoderOptions,
  type TrainResult,
} from "../model/mod.ts";
import { deriveSeed } from "../random/mod.ts";
import type { AutoencoderStageConfig } from "./config.ts";
import type { SeedSplit } from "./data.ts";

/**
 * Builds the configured architecture with the seed's initialisation.
 *
 * @example
 * ```ts
 * import { buildSeedAutoencoder, DEFAULT_CONFIG } from "./mod.ts";
 * import { initTensorBackend } from "../backend/mod.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const net = buildSeedAutoencoder(DEFAULT_CONFIG.autoencoder, 0);
 * assertEquals(net.latentShape, [343]);
 * net.autoencoder.dispose();
 * ```
 *
 * @param config The autoencoder settings.
 * @param seed The run's seed.
 * @returns The untrained autoencoder.
 */
export function buildSeedAutoencoder(config: AutoencoderStageConfig, seed: number): Autoencoder {
  return buildAutoencoder(config.architecture, { seed: deriveSeed(seed, "ae-init") });
}

/**
 * Trains `net` on the split's training images, validating on its validation images every epoch, with the
 * configured epochs, batch size, learning rate and patience and the seed's shuffling.
 *
 * @param net The autoencoder (from {@linkcode buildSeedAutoencoder}).
 * @param split The seed's split.
 * @param config The autoencoder settings.
 * @param seed The run's seed.
 * @param options Callbacks and checkpointing.
 * @returns The training result.
 */
export function trainOnSplit(
  net: Autoencoder,
  split: SeedSplit,
  config: AutoencoderStageConfig,
  seed: number,
  options: Pick<TrainAutoencoderOptions, "onBatchEnd" | "onEpochEnd" | "checkpoint"> = {},
): Promise<TrainResult> {
  return trainAutoencoder(net, {
    train: split.trainImages,
    validation: split.validationImages,
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    patience: config.patience,
    seed: deriveSeed(seed, "ae-shuffle"),
    ...options,
  });
}
