/**
 * 2-D views of the data for the notebooks' scatter plots: a PCA projection of any rows (e.g. raw pixels),
 * and the projection of the test encodings that `reproduce` stored.
 *
 * @module
 */
import { PIXELS } from "../data/mod.ts";
import { projectTo2d } from "../decomposition/mod.ts";
import type { Embedding2dArtifacts } from "../report/mod.ts";
import type { PipelineRun } from "./pipeline_run.ts";

/** Options of {@linkcode projectPca2d}. */
export interface ProjectPca2dOptions {
  /**
   * Row width (features per row).
   *
   * @default {784}
   */
  width?: number;
}

/**
 * Fits a 2-component PCA on `fit` and projects `apply` onto it (on the tensor backend; set it up first).
 *
 * @example
 * ```ts
 * import { projectPca2d } from "./embedding.ts";
 * import { initTensorBackend } from "../backend/mod.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const rows = Float32Array.of(0, 0, 0, 1, 1, 0, 2, 2, 2, 3, 3, 2); // 4 rows × 3
 * const view = projectPca2d(rows, rows, { width: 3 });
 * assertEquals([view.x.length, view.explainedVarianceRatio.length], [4, 2]);
 * ```
 *
 * @param fit Rows the PCA is fitted on, `[nFit, width]` flattened.
 * @param apply Rows projected, `[nApply, width]` flattened.
 * @param options Row width.
 * @returns The projected coordinates and the variance ratio each component explains.
 * @throws {RangeError} When a length is not a multiple of `width`.
 */
export function projectPca2d(
  fit: Float32Array,
  apply: Float32Array,
  options: ProjectPca2dOptions = {},
): Required<Embedding2dArtifacts> {
  const { width = PIXELS } = options;
  const { x, y, explainedVarianceRatio } = projectTo2d(fit, apply, width);
  return { x: Array.from(x), y: Array.from(y), explainedVarianceRatio };
}

/**
 * The 2-D PCA view of the test encodings stored by `reproduce` for the run's figure seed (fitted on the
 * training encodings).
 *
 * @example
 * ```ts
 * import { encodingEmbedding } from "./embedding.ts";
 * import type { PipelineRun } from "./pipeline_run.ts";
 * import { assertThrows } from "../std.ts";
 * const run = { seed: 3, artifacts: { autoencoder: {} } } as unknown as PipelineRun;
 * assertThrows(() => encodingEmbedding(run), RangeError, "no 2-D view of the encodings for seed 3");
 * ```
 *
 * @param run The run.
 * @returns The embedding.
 * @throws {RangeError} When the run has none for its seed.
 */
export function encodingEmbedding(run: PipelineRun): Embedding2dArtifacts {
  const embedding = run.artifacts.autoencoder[String(run.seed)]?.embedding2d;
  if (!embedding) {
    throw new RangeError(
      `Cannot find the encodings' embedding: the run has no 2-D view of the encodings for seed ${run.seed}`,
    );
  }
  return embedding;
}
