/**
 * A notebook's access to the stage outputs behind its tables: the arrays a method's row does not keep (an
 * autoencoder's codes and loss history, the descriptors of the feature stack, the partition SCAN starts from)
 * read from the stage cache under the same keys `loadPipelineRun` (and `deno task reproduce`) stored them, so
 * a cell can refit an estimator on exactly what the stage saw.
 *
 * @module
 */
import { loadFashionMnist } from "../data/mod.ts";
import {
  type OnProgress,
  prepareRunData,
  type RowSets,
  type RunData,
  runDataKey,
  type SeedSplit,
  type StackBlock,
  type Stage,
  StageRunner,
} from "../pipeline/mod.ts";
import { type DescriptorsOutput, stackBlockRows as stageStackBlockRows } from "../stages/mod.ts";
import type { NotebookSettings } from "./settings.ts";

/** Options of {@linkcode stageReader}. */
export interface StageReaderOptions {
  /**
   * The seed whose stages are read.
   *
   * @default {settings.seeds[0]}
   */
  seed?: number;
  /**
   * Progress of a stage that is not cached and so is computed (and stored).
   *
   * @default {() => {}}
   */
  onProgress?: OnProgress;
}

/** One seed's stages for a notebook's settings: the run's data, the seed's split and each stage's output. */
export interface StageReader {
  /** The seed. */
  readonly seed: number;
  /** The run's data (the size's slice, scaled to [0, 1]). */
  readonly data: RunData;
  /** The seed's train/validation split of the training images. */
  readonly split: SeedSplit;
  /**
   * A stage's output for the seed: read from the cache when its key is there, else computed and stored.
   *
   * @param stage The stage (from `lib/stages/`).
   * @returns Its output.
   */
  output<Out>(stage: Stage<Out>): Promise<Out>;
}

/**
 * Opens the stage cache of `settings` for one seed: the stages' keys are those `loadPipelineRun` uses with
 * the same settings, so after it ran, every stage of its methods is read, not recomputed.
 *
 * @example
 * ```ts
 * import { stageReader } from "./stage_reader.ts";
 * import { notebookSettings } from "./settings.ts";
 * import { defineStage } from "../pipeline/mod.ts";
 * import { assertEquals } from "../std.ts";
 * const cacheDir = await Deno.makeTempDir();
 * const stage = defineStage<number, Record<never, never>>({
 *   id: "demo-count", description: "training images", scope: "split", inputs: {}, settings: () => ({}),
 *   compute: (_inputs, { split }) => Promise.resolve({ json: { n: split().train.length }, arrays: {} }),
 *   read: (artifact) => (artifact.json as { n: number }).n,
 * });
 * const reader = await stageReader(notebookSettings({ size: "quick", cacheDir }));
 * assertEquals([await reader.output(stage), reader.split.train.length], [2250, 2250]);
 * await Deno.remove(cacheDir, { recursive: true });
 * ```
 *
 * @param settings The notebook's settings.
 * @param options The seed and the progress of stages computed.
 * @returns The reader.
 */
export async function stageReader(
  settings: NotebookSettings,
  options: StageReaderOptions = {},
): Promise<StageReader> {
  const { seed = settings.seeds[0], onProgress } = options;
  const data = prepareRunData(await loadFashionMnist({ dir: settings.dataDir }), settings.config);
  const runner = new StageRunner({
    data,
    config: settings.config,
    cacheDir: settings.cacheDir,
    dataKey: await runDataKey(data),
    ...(onProgress ? { onProgress } : {}),
  });
  return {
    seed,
    data,
    split: runner.split(seed),
    output: <Out>(stage: Stage<Out>) => runner.output(stage, seed),
  };
}

/**
 * The feature stack's blocks as the seed's row sets (training split, validation split, test set), in the
 * order of `blocks`: a descriptor block's rows gathered from the `stack-descriptors` stage's output (which
 * describes the run's training images before any split), the pixels from the split itself. These are the
 * rows the stack's stages reduce and stack.
 *
 * @example
 * ```ts
 * import { stackBlockRows } from "./stage_reader.ts";
 * import type { SeedSplit, RunData } from "../pipeline/mod.ts";
 * import { assertEquals } from "../std.ts";
 * // Three training images described by two values each; the split keeps image 2 for training, 0 for validation.
 * const descriptors = new Map([["hog" as const, { train: Float32Array.of(0, 0, 1, 1, 2, 2), test: Float32Array.of(9, 9), width: 2 }]]);
 * const split = { train: [2], validation: [0] } as unknown as SeedSplit;
 * const [hog] = stackBlockRows(descriptors, { data: {} as RunData, split }, ["hog"]);
 * assertEquals([Array.from(hog.fit), Array.from(hog.validation), Array.from(hog.test)], [[2, 2], [0, 0], [9, 9]]);
 * ```
 *
 * @param descriptors The `stack-descriptors` stage's output.
 * @param reader The run's data and the seed's split (a {@linkcode StageReader}).
 * @param blocks The stack's blocks (`config.beyond.stack.blocks`).
 * @returns One row set per block.
 * @throws {RangeError} When a descriptor block is missing from `descriptors`.
 */
export function stackBlockRows(
  descriptors: DescriptorsOutput,
  reader: Pick<StageReader, "data" | "split">,
  blocks: readonly StackBlock[],
): RowSets[] {
  return stageStackBlockRows(descriptors, reader.data, reader.split, blocks);
}
