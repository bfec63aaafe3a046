// `deno task scan:variants`: SCAN variants on the seeds' validation splits, against the mixture they start
// from (the `stack-umap-gmm-scan` row's start) and against the committed settings. Reads the stack's stages
// from the stage cache (computing the missing ones, as `deno task reproduce --methods stack-umap-gmm-scan`
// would), refits UMAP with the stage's settings and seed when a variant uses the embedding, and prints one
// JSON line per seed and variant, then one summary line per variant. No test label is read.
import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../lib/backend/mod.ts";
import { ScanClustering, type ScanClusteringOptions } from "../lib/cluster/mod.ts";
import { UMAP } from "../lib/manifold/mod.ts";
import { accuracy, nmi } from "../lib/metrics/mod.ts";
import { NOTEBOOK_SIZES, notebookSettings, stackBlockRows, stageReader } from "../lib/notebook/mod.ts";
import { BlockStack } from "../lib/preprocessing/mod.ts";
import { deriveSeed } from "../lib/random/mod.ts";
import { descriptorsStage, stackScanInductiveStage, stackUmapGmmInductiveStage } from "../lib/stages/mod.ts";
import { badFlag, parseFlags, parseIntegerList } from "./_cli.ts";

const TASK = "scan:variants";

/** One variant: ScanClustering options over the committed ones, and which rows it reads. */
interface Variant extends ScanClusteringOptions {
  /** Shown in the output. */
  name: string;
  /** The network's input: the stacked rows, the UMAP embedding, or both side by side. */
  input?: "stack" | "umap" | "stack+umap";
  /** Where the neighbours are found: in the input, or in the UMAP embedding. */
  neighbours?: "input" | "umap";
}

const flags = parseFlags(TASK, Deno.args, {
  variants: {
    type: "string",
    help: 'a JSON-lines file of variants, e.g. {"name": "average", "combine": "average"}',
  },
  seeds: { type: "string", help: "comma-separated seeds", default: "0,1,2" },
  size: { type: "string", help: "quick or full", default: "full" },
  cache: { type: "string", help: "stage cache folder", default: ".cache/stages" },
});
if (!flags.variants) badFlag(TASK, "--variants is required (a JSON-lines file)");
if (!(NOTEBOOK_SIZES as readonly string[]).includes(flags.size!)) {
  badFlag(TASK, `--size must be quick or full, current value is "${flags.size}"`);
}
const seeds = parseIntegerList(TASK, "seeds", flags.seeds!);
const variants = await readVariants(flags.variants);

await initTensorBackend();
const summary = new Map<string, { acc: number; nmi: number; startNmi: number; dNmi: number[] }>();
for (const seed of seeds) {
  const settings = notebookSettings({ size: flags.size, cacheDir: flags.cache, seeds: [seed] });
  const reader = await stageReader(settings, { seed });
  const stack = settings.config.beyond.stack;
  const descriptors = await reader.output(descriptorsStage);
  const mixture = await reader.output(stackUmapGmmInductiveStage);
  const stage = await reader.output(stackScanInductiveStage);
  const blocks = stackBlockRows(descriptors, reader, stack.blocks);
  const stacked = new BlockStack({ nComponents: stack.pcaComponents }).fit(
    blocks.map((b) => ({ rows: b.fit, width: b.width })),
  );
  const rows = {
    fit: stacked.transform(blocks.map((b) => b.fit)),
    validation: stacked.transform(blocks.map((b) => b.validation)),
    width: stacked.width,
  };
  const truth = reader.split.validationLabels;
  const start = { nmi: nmi(truth, mixture.validationPred), acc: accuracy(truth, mixture.validationPred) };
  let embedding: { fit: Float32Array; validation: Float32Array; width: number } | undefined;
  for (const variant of variants) {
    const { name, input = "stack", neighbours = "input", ...options } = variant;
    if ((input !== "stack" || neighbours === "umap") && embedding === undefined) {
      embedding = refitEmbedding(rows, settings.config.beyond.stack.umap, seed);
    }
    const matrix = (kind: typeof input, part: "fit" | "validation") =>
      kind === "stack"
        ? tf.tensor2d(rows[part], [rows[part].length / rows.width, rows.width])
        : kind === "umap"
        ? tf.tensor2d(embedding![part], [embedding![part].length / embedding!.width, embedding!.width])
        : sideBySide(rows, embedding!, part);
    const x = matrix(input, "fit");
    const validation = matrix(input, "validation");
    const space = neighbours === "umap" ? matrix("umap", "fit") : undefined;
    const t0 = performance.now();
    const scan = new ScanClustering({
      ...stack.scan,
      ...options,
      nClusters: settings.config.kmeans.nClusters,
      seed: deriveSeed(seed, "stack-umap-gmm-scan"),
    }).fit(x, mixture.fitPred, space);
    const seconds = (performance.now() - t0) / 1000;
    const pred = scan.predict(validation);
    scan.dispose();
    tf.dispose([x, validation, ...(space ? [space] : [])]);
    const result = {
      variant: name,
      seed,
      nmi: nmi(truth, pred),
      acc: accuracy(truth, pred),
      startNmi: start.nmi,
      startAcc: start.acc,
      sameAsStage: pred.every((v, i) => v === stage.validationPred[i]),
      seconds,
    };
    console.log(JSON.stringify(result));
    const s = summary.get(name) ?? { acc: 0, nmi: 0, startNmi: 0, dNmi: [] };
    s.acc += result.acc / seeds.length;
    s.nmi += result.nmi / seeds.length;
    s.startNmi += result.startNmi / seeds.length;
    s.dNmi.push(result.nmi - result.startNmi);
    summary.set(name, s);
  }
}
for (const [name, s] of summary) {
  console.log(
    `${TASK}: ${name}: validation ACC ${s.acc.toFixed(4)}, NMI ${s.nmi.toFixed(4)} (start ${
      s.startNmi.toFixed(4)
    }); NMI against the start per seed: ${s.dNmi.map((d) => (d >= 0 ? "+" : "") + d.toFixed(4)).join(" ")}`,
  );
}

/** The variants of a JSON-lines file, each with a name. */
async function readVariants(path: string): Promise<Variant[]> {
  const text = await Deno.readTextFile(path).catch((error) =>
    badFlag(TASK, `--variants: cannot read ${path}: ${error.message}`)
  );
  const list = text.split("\n").filter((line) => line.trim() !== "").map((line, i) => {
    try {
      const v = JSON.parse(line);
      if (typeof v?.name !== "string") throw new Error('no "name"');
      return v as Variant;
    } catch (error) {
      return badFlag(TASK, `--variants: line ${i + 1} of ${path} is not a named variant (${error})`);
    }
  });
  if (list.length === 0) badFlag(TASK, `--variants: ${path} holds no variant`);
  return list;
}

/** UMAP of the stacked rows with the mixture stage's settings and seed (the embedding its mixture was fitted on). */
function refitEmbedding(
  rows: { fit: Float32Array; validation: Float32Array; width: number },
  settings: ReturnType<typeof notebookSettings>["config"]["beyond"]["stack"]["umap"],
  seed: number,
) {
  const umap = new UMAP({
    nComponents: settings.nComponents,
    nNeighbors: settings.nNeighbors,
    minDist: settings.minDist,
    nEpochs: settings.nEpochs,
    neighbourSearch: settings.neighbourSearch,
    searchComponents: settings.searchComponents,
    init: settings.init,
    seed: deriveSeed(seed, "stack-umap-gmm"),
  }).fit(rows.fit, rows.width);
  return {
    fit: umap.embedding,
    validation: umap.transform(rows.validation, rows.width),
    width: settings.nComponents,
  };
}

/** The stacked rows beside the embedding scaled to unit RMS norm (as each stacked block is). */
function sideBySide(
  rows: { fit: Float32Array; validation: Float32Array; width: number },
  embedding: { fit: Float32Array; validation: Float32Array; width: number },
  part: "fit" | "validation",
): tf.Tensor2D {
  const nFit = embedding.fit.length / embedding.width;
  let squares = 0;
  for (const v of embedding.fit) squares += v * v;
  const scale = 1 / Math.sqrt(squares / nFit);
  const n = rows[part].length / rows.width;
  const width = rows.width + embedding.width;
  const out = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    out.set(rows[part].subarray(i * rows.width, (i + 1) * rows.width), i * width);
    for (let j = 0; j < embedding.width; j++) {
      out[i * width + rows.width + j] = embedding[part][i * embedding.width + j] * scale;
    }
  }
  return tf.tensor2d(out, [n, width]);
}
