/**
 * The feature-stack stages: the images' descriptors, computed once per run (`stack-descriptors`); the
 * blocks reduced, stacked, embedded by UMAP and clustered by a Gaussian mixture under either protocol
 * (`stack-umap-gmm-inductive`, `stack-umap-gmm-transductive`); and that inductive mixture's clusters
 * refined by SCAN's clustering step (`stack-umap-gmm-scan-inductive`).
 *
 * @module
 */
import { hog, PatchKMeansEncoder, scattering } from "../features/mod.ts";
import { UMAP_IMPLEMENTATION } from "../manifold/mod.ts";
import {
  artifactArrays,
  defineStage,
  DESCRIPTOR_BLOCKS,
  type DescriptorBlock,
  gatherRows,
  isDescriptorBlock,
  type Protocol,
  type ReproduceConfig,
  type RowSets,
  type RunData,
  type SeedSplit,
  type StackBlock,
  type Stage,
  type StageArtifact,
  type StageReport,
} from "../pipeline/mod.ts";
import { stackScanStage, stackUmapGmmStage } from "./beyond.ts";
import { PIXELS } from "../data/mod.ts";
import { deriveSeed } from "../random/mod.ts";
import { readValidatedClustering, type ValidatedClusteringOutput } from "./_clustering.ts";

/** One descriptor block of the run's training images (before any split) and test images. */
export interface DescribedImages {
  /** Descriptors of the training images, `[nTrain, width]`. */
  train: Float32Array;
  /** Descriptors of the test images, `[nTest, width]`. */
  test: Float32Array;
  /** Values per image. */
  width: number;
}

/** The `stack-descriptors` stage's output: each described block's descriptors. */
export type DescriptorsOutput = ReadonlyMap<DescriptorBlock, DescribedImages>;

/** The JSON part of the `stack-descriptors` stage. */
interface DescriptorStageJson {
  nTrain: number;
  nTest: number;
  /** Values per image, by block. */
  widths: Record<string, number>;
  /** Wall seconds, by block. */
  seconds: Record<string, number>;
}

/** The descriptor blocks of the configured stack, in the order the stage computes them. */
function describedBlocks(config: ReproduceConfig): DescriptorBlock[] {
  return DESCRIPTOR_BLOCKS.filter((block) => config.beyond.stack.blocks.includes(block));
}

/**
 * HOG descriptors, scattering coefficients and patch k-means features of every training and test image:
 * they depend on the images only (the patch dictionary on the training images only, no labels), so one
 * stage describes them once per run and every seed gathers its rows from it.
 */
export const descriptorsStage: Stage<DescriptorsOutput, Record<never, never>> = defineStage({
  id: "stack-descriptors",
  description: "HOG, scattering and patch k-means descriptors of the training and test images (once per run)",
  scope: "run",
  inputs: {},
  settings: (config) => {
    const blocks = describedBlocks(config);
    const { stack } = config.beyond;
    return { blocks, ...Object.fromEntries(blocks.map((block) => [block, stack[block]])) };
  },
  compute: (_inputs, { data, config, report }) =>
    describeImages(data, describedBlocks(config), config, report),
  read: (artifact) => {
    const json = artifact.json as DescriptorStageJson;
    const out = new Map<DescriptorBlock, DescribedImages>();
    for (const block of DESCRIPTOR_BLOCKS) {
      if (json.widths[block] === undefined) continue;
      const arrays = artifactArrays("stack-descriptors", artifact, {
        [`${block}Train`]: "Float32Array",
        [`${block}Test`]: "Float32Array",
      });
      out.set(block, {
        train: arrays[`${block}Train`],
        test: arrays[`${block}Test`],
        width: json.widths[block],
      });
    }
    return out;
  },
});

/**
 * The `stack-descriptors` stage: the given blocks' descriptors of the run's training images (in their order,
 * before any split) and test images. Arrays: `${block}Train` and `${block}Test`, row-major.
 */
function describeImages(
  data: RunData,
  blocks: readonly DescriptorBlock[],
  config: ReproduceConfig,
  report: StageReport,
): Promise<StageArtifact<DescriptorStageJson>> {
  const settings = config.beyond.stack;
  const arrays: Record<string, Float32Array> = {};
  const widths: Record<string, number> = {};
  const seconds: Record<string, number> = {};
  const nImages = data.nTrain + data.nTest;
  blocks.forEach((block, b) => {
    const t0 = performance.now();
    const onProgress = (done: number) =>
      report((b + done) / blocks.length, `${block} of ${nImages} images: ${(100 * done).toFixed(0)}%`);
    // The patch dictionary is learnt from the training images alone, before either set is described.
    const encoder = block === "patches"
      ? new PatchKMeansEncoder(settings.patches).fit(data.trainImages)
      : undefined;
    const describe = (images: Float32Array, offset: number, count: number) => {
      const progress = (done: number) => onProgress((offset + done * count) / nImages);
      if (encoder) return encoder.transform(images, progress);
      return block === "hog"
        ? hog(images, { ...settings.hog, onProgress: progress })
        : scattering(images, { ...settings.scattering, onProgress: progress });
    };
    let train, test;
    try {
      train = describe(data.trainImages, 0, data.nTrain);
      test = describe(data.testImages, data.nTrain, data.nTest);
    } finally {
      encoder?.dispose();
    }
    arrays[`${block}Train`] = train.features;
    arrays[`${block}Test`] = test.features;
    widths[block] = train.width;
    seconds[block] = (performance.now() - t0) / 1000;
  });
  return Promise.resolve({ json: { nTrain: data.nTrain, nTest: data.nTest, widths, seconds }, arrays });
}

/**
 * The stack's blocks as the seed's row sets, in `blocks` order: a descriptor block's rows gathered by the
 * seed's split, or the pixels.
 *
 * @param descriptors The `stack-descriptors` stage's output.
 * @param data The run's data.
 * @param split The seed's split.
 * @param blocks The stack's blocks (`config.beyond.stack.blocks`).
 * @returns One row set per block.
 * @throws {RangeError} When a descriptor block is missing from `descriptors`.
 */
export function stackBlockRows(
  descriptors: DescriptorsOutput,
  data: RunData,
  split: SeedSplit,
  blocks: readonly StackBlock[],
): RowSets[] {
  return blocks.map((block) => {
    if (!isDescriptorBlock(block)) {
      return {
        fit: split.trainImages,
        validation: split.validationImages,
        test: data.testImages,
        width: PIXELS,
      };
    }
    const described = descriptors.get(block);
    if (described === undefined) {
      throw new RangeError(
        `Cannot gather the stack's rows: the descriptors hold no "${block}" block; they hold ${
          [...descriptors.keys()].join(", ") || "none"
        }`,
      );
    }
    const { train, test, width } = described;
    return {
      fit: gatherRows(train, split.train, width),
      validation: gatherRows(train, split.validation, width),
      test,
      width,
    };
  });
}

/** The configured stack's blocks as the seed's row sets. */
function stackRows(descriptors: DescriptorsOutput, data: RunData, split: SeedSplit, config: ReproduceConfig) {
  return stackBlockRows(descriptors, data, split, config.beyond.stack.blocks);
}

type OnDescriptors = { descriptors: Stage<DescriptorsOutput, Record<never, never>> };

/** The stack's settings that the mixture stages read (the descriptors' own are in their input's key). */
function stackSettings(config: ReproduceConfig) {
  const { blocks, pcaComponents, umap } = config.beyond.stack;
  return {
    blocks,
    pcaComponents,
    umap,
    implementation: UMAP_IMPLEMENTATION,
    gmm: config.gmm,
    k: config.kmeans.nClusters,
  };
}

function stackUmapGmm(protocol: Protocol): Stage<ValidatedClusteringOutput, OnDescriptors> {
  const id = `stack-umap-gmm-${protocol}`;
  return defineStage({
    id,
    description: `the feature stack, UMAP, then a Gaussian mixture (${protocol})`,
    scope: "split",
    inputs: { descriptors: descriptorsStage },
    settings: (config) => ({ ...stackSettings(config), protocol }),
    compute: ({ descriptors }, { data, config, seed, split, report }) =>
      stackUmapGmmStage(stackRows(descriptors, data, split(), config), {
        config,
        beyond: config.beyond,
        protocol,
        seed: deriveSeed(seed, "stack-umap-gmm"),
        report,
      }),
    read: (artifact) => readValidatedClustering(id, artifact),
  });
}

/** The feature stack's mixture, inductive. */
export const stackUmapGmmInductiveStage: Stage<ValidatedClusteringOutput, OnDescriptors> = stackUmapGmm(
  "inductive",
);

/** The feature stack's mixture, transductive. */
export const stackUmapGmmTransductiveStage: Stage<ValidatedClusteringOutput, OnDescriptors> = stackUmapGmm(
  "transductive",
);

/** SCAN's clustering step on the stacked rows, started from the inductive mixture's clusters. */
export const stackScanInductiveStage: Stage<
  ValidatedClusteringOutput,
  OnDescriptors & { mixture: Stage<ValidatedClusteringOutput, OnDescriptors> }
> = defineStage({
  id: "stack-umap-gmm-scan-inductive",
  description: "SCAN's refinement of the inductive feature-stack mixture's clusters",
  scope: "split",
  inputs: { descriptors: descriptorsStage, mixture: stackUmapGmmInductiveStage },
  settings: (config) => {
    const { blocks, pcaComponents, scan } = config.beyond.stack;
    return { blocks, pcaComponents, scan, k: config.kmeans.nClusters };
  },
  compute: ({ descriptors, mixture }, { data, config, seed, split, report }) =>
    stackScanStage(stackRows(descriptors, data, split(), config), mixture.fitPred, {
      config,
      beyond: config.beyond,
      protocol: "inductive",
      seed: deriveSeed(seed, "stack-umap-gmm-scan"),
      report,
    }),
  read: (artifact) => readValidatedClustering("stack-umap-gmm-scan-inductive", artifact),
});
