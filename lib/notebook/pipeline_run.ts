/**
 * The run a notebook shows: the stages its section's methods need, for the notebook's settings, taken from
 * the stage cache when `deno task reproduce` (or an earlier notebook) computed them, with the results, the
 * artifacts and the test images the figures are drawn from.
 *
 * @module
 */
import { CLASS_NAMES, type FashionMnist, loadFashionMnist, PIXELS } from "../data/mod.ts";
import { METHODS, REPORT_FIGURES } from "../methods/mod.ts";
import {
  type MethodResult,
  type OnProgress,
  reproduce,
  type Results,
  selectMethods,
} from "../pipeline/mod.ts";
import { readArtifacts, type ReportInputArtifacts } from "../report/mod.ts";
import type { NotebookSettings } from "./settings.ts";

/** Options of {@linkcode loadPipelineRun}. */
export interface LoadPipelineRunOptions {
  /**
   * The ids of the methods the section shows (their stages only are computed or read); every method when
   * undefined.
   *
   * @default {undefined}
   */
  methods?: readonly string[];
  /**
   * Draw the report autoencoder's figures (losses, reconstructions, 2-D embedding), training it if no
   * cache holds it, even when none of `methods` needs it.
   *
   * @default {false}
   */
  autoencoderFigures?: boolean;
  /**
   * Progress of each stage (`done` events say whether the stage came from the cache).
   *
   * @default {() => {}}
   */
  onProgress?: OnProgress;
}

/** What a notebook's figures and tables are drawn from. */
export interface PipelineRun {
  /** The settings it ran with. */
  settings: NotebookSettings;
  /** Per-method metrics over the seeds and the run's manifest (as `results.json`). */
  results: Results;
  /** Test predictions per seed and method, and the autoencoder's artifacts (as `artifacts.json`). */
  artifacts: ReportInputArtifacts;
  /** The seed the figures show (the first of the settings' seeds). */
  seed: number;
  /** The scored test images, 0–255, `[nTest, 784]` flattened. */
  testImages: Uint8Array;
  /** Their classes, `[nTest]`. */
  testLabels: Uint8Array;
  /** Class names by label. */
  classNames: readonly string[];
}

/**
 * Runs the stages of the section's methods for `settings` with `reproduce` (every stage whose key is
 * cached is loaded, not recomputed, and no other stage is run), reads its results and artifacts, and loads
 * the test images. The backend must be set up
 * first (`initTensorBackend()`), as for `reproduce`. Nothing is written outside the stage cache: the results
 * go to a temporary folder that is removed.
 *
 * @example
 * ```ts ignore
 * import { loadPipelineRun, notebookSettings } from "./mod.ts";
 * import { initTensorBackend } from "../backend/mod.ts";
 * await initTensorBackend();
 * const run = await loadPipelineRun(notebookSettings({ size: "quick" }), { methods: ["kmeans-raw"] });
 * console.log(run.results.methods.map((m) => `${m.id}: ${m.metrics.ami.mean}`));
 * ```
 *
 * @param settings The notebook's settings.
 * @param options The progress callback.
 * @returns The run.
 */
export async function loadPipelineRun(
  settings: NotebookSettings,
  options: LoadPipelineRunOptions = {},
): Promise<PipelineRun> {
  const { onProgress, methods: ids, autoencoderFigures = false } = options;
  const methods = ids?.length === 0 ? [] : selectMethods(METHODS, ids);
  const outDir = await Deno.makeTempDir({ prefix: "notebook-run-" });
  let results: Results;
  let artifacts: ReportInputArtifacts | undefined;
  try {
    results = await reproduce({
      config: settings.config,
      methods,
      figures: REPORT_FIGURES,
      drawFigures: autoencoderFigures,
      seeds: settings.seeds,
      outDir,
      cacheDir: settings.cacheDir,
      dataDir: settings.dataDir,
      onProgress,
    });
    artifacts = await readArtifacts(outDir);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
  if (!artifacts) throw new Error(`Cannot load the pipeline run: reproduce wrote no artifacts.json`);
  const data: FashionMnist = await loadFashionMnist({ dir: settings.dataDir });
  return {
    settings,
    results,
    artifacts,
    seed: settings.seeds[0],
    testImages: data.test.images.slice(0, artifacts.nTest * PIXELS),
    testLabels: data.test.labels.slice(0, artifacts.nTest),
    classNames: CLASS_NAMES,
  };
}

/**
 * One method's results in a run.
 *
 * @example
 * ```ts
 * import { methodResult, type PipelineRun } from "./pipeline_run.ts";
 * import { assertThrows } from "../std.ts";
 * const run = { results: { methods: [], manifest: {} } } as unknown as PipelineRun;
 * assertThrows(() => methodResult(run, "ae-gmm"), RangeError, 'no method "ae-gmm"');
 * ```
 *
 * @param run The run.
 * @param id The method's id, e.g. `kmeans-raw`.
 * @returns The method's results.
 * @throws {RangeError} When the run has no such method.
 */
export function methodResult(run: PipelineRun, id: string): MethodResult {
  const method = run.results.methods.find((m) => m.id === id);
  if (!method) {
    throw new RangeError(
      `Cannot find method: the run has no method "${id}", current methods are ${
        run.results.methods.map((m) => m.id).join(", ") || "none"
      }`,
    );
  }
  return method;
}

/**
 * A method's test-set clusters for the run's figure seed.
 *
 * @example
 * ```ts
 * import { testPredictions, type PipelineRun } from "./pipeline_run.ts";
 * import { assertEquals } from "../std.ts";
 * const run = { seed: 0, artifacts: { predictions: { "0": { km: [1, 0] } } } } as unknown as PipelineRun;
 * assertEquals(testPredictions(run, "km"), Int32Array.of(1, 0));
 * ```
 *
 * @param run The run.
 * @param id The method's id.
 * @returns The cluster of every scored test image, `[nTest]`.
 * @throws {RangeError} When the run has no predictions of that method for its seed.
 */
export function testPredictions(run: PipelineRun, id: string): Int32Array {
  const byMethod = run.artifacts.predictions[String(run.seed)] ?? {};
  const pred = byMethod[id];
  if (!pred) {
    throw new RangeError(
      `Cannot find predictions: the run has none of method "${id}" for seed ${run.seed}, current methods are ${
        Object.keys(byMethod).join(", ") || "none"
      }`,
    );
  }
  return Int32Array.from(pred);
}
