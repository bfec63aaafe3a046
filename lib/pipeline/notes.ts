/**
 * The report's sentences about the autoencoder's training, read from a run's results (never typed-in
 * numbers); the sentences about each method's results are the methods' own (`Method.notes`).
 *
 * @module
 */

/** Per-seed facts of the autoencoder needed by {@linkcode trainingNotes}. */
export interface TrainingFacts {
  /** Epochs run. */
  epochs: number;
  /** Epoch with the lowest validation loss. */
  bestEpoch: number;
}

/**
 * Whether the autoencoder's validation loss was still falling when its training ended.
 *
 * @example
 * ```ts
 * import { trainingNotes } from "./notes.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(trainingNotes([]), []);
 * ```
 *
 * @param training Autoencoder facts per seed, in seed order.
 * @returns Markdown sentences (possibly none).
 */
export function trainingNotes(training: TrainingFacts[]): string[] {
  const notes: string[] = [];
  if (training.length > 0) {
    const stillFalling = training.filter((t) => t.bestEpoch === t.epochs).length;
    notes.push(
      `The autoencoder's validation loss was lowest at its last epoch for ${stillFalling} of ${training.length} ` +
        `seeds (best epochs ${training.map((t) => t.bestEpoch).join(", ")} of ${
          training.map((t) => t.epochs).join(", ")
        }): more epochs would lower the reconstruction error further, as the report's conclusion suggests ` +
        `(tuning the autoencoder's epochs, nodes and learning rate).`,
    );
  }
  return notes;
}
