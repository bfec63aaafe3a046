// `deno task sweep`: the autoencoder sweep the report's conclusion proposes (nodes, epochs, learning rate),
// chosen by validation reconstruction error; writes sweep.json and a Vega-Lite figure (spec and SVG).
import { initTensorBackend, MAX_TENSOR_THREADS, shutdownTensorBackend } from "../lib/backend/mod.ts";
import { loadFashionMnist } from "../lib/data/mod.ts";
import { writeFileAtomic } from "../lib/io/mod.ts";
import { type ArchitectureName, ARCHITECTURES } from "../lib/model/mod.ts";
import {
  checkSweepGrid,
  DEFAULT_CONFIG,
  formatDuration,
  prepareRunData,
  type ReproduceConfig,
  runSweep,
  splitForSeed,
  type SweepGrid,
} from "../lib/pipeline/mod.ts";
import { renderSvg, sweepSpec } from "../lib/plot/mod.ts";
import { fromFileUrl, join } from "../lib/std.ts";
import { badFlag, parseFlags, parsePositiveInteger, parseThreads, probeOutputFolder } from "./_cli.ts";

const TASK = "sweep";
const ROOT = fromFileUrl(new URL("..", import.meta.url));

const flags = parseFlags(TASK, Deno.args, {
  architectures: {
    type: "string",
    help: `comma-separated architectures, i.e. node counts (${ARCHITECTURES.join(", ")})`,
    default: "report,wide",
  },
  "learning-rates": {
    type: "string",
    help: "comma-separated Adam learning rates",
    default: "0.0003,0.001,0.003",
  },
  epochs: {
    type: "string",
    help: "comma-separated epoch counts evaluated (trains to the largest)",
    default: "5,10,20",
  },
  "batch-size": { type: "string", help: "mini-batch size", default: "128" },
  seed: { type: "string", help: "base seed (split, initialisation, shuffles, KMeans)", default: "0" },
  "train-limit": { type: "string", help: "use the first N training images (all when omitted)" },
  "test-limit": { type: "string", help: "use the first N test images (all when omitted)" },
  "validation-size": { type: "string", help: "training images held out for validation", default: "15000" },
  "n-init": { type: "string", help: "KMeans initialisations of the displayed test AMI", default: "10" },
  data: { type: "string", help: "folder with the four Fashion-MNIST IDX files" },
  out: { type: "string", help: "output folder", default: "report" },
  threads: {
    type: "string",
    help: `WASM backend threads, at most ${MAX_TENSOR_THREADS}`,
    default: String(Math.min(navigator.hardwareConcurrency, MAX_TENSOR_THREADS)),
  },
});

function list<T>(flag: string, text: string, parse: (s: string) => T | undefined): T[] {
  const values = text.split(",").map((s) => s.trim());
  const parsed = values.map(parse);
  if (values.length === 0 || parsed.some((v) => v === undefined)) {
    badFlag(TASK, `--${flag} has an invalid entry, current value is "${text}"`);
  }
  return parsed as T[];
}

const grid: SweepGrid = {
  architectures: list(
    "architectures",
    flags.architectures!,
    (s) => (ARCHITECTURES as readonly string[]).includes(s) ? s as ArchitectureName : undefined,
  ),
  learningRates: list("learning-rates", flags["learning-rates"]!, (s) => {
    const v = Number(s);
    return s !== "" && Number.isFinite(v) && v > 0 ? v : undefined;
  }),
  epochs: list("epochs", flags.epochs!, (s) => (/^\d+$/.test(s) && Number(s) >= 1 ? Number(s) : undefined)),
  batchSize: parsePositiveInteger(TASK, "batch-size", flags["batch-size"]!),
};
try {
  checkSweepGrid(grid);
} catch (error) {
  badFlag(TASK, (error as Error).message);
}
if (!/^-?\d+$/.test(flags.seed!)) {
  badFlag(TASK, `--seed must be an integer, current value is "${flags.seed}"`);
}
const seed = Number(flags.seed);
const config: ReproduceConfig = {
  ...DEFAULT_CONFIG,
  trainLimit: flags["train-limit"]
    ? parsePositiveInteger(TASK, "train-limit", flags["train-limit"])
    : undefined,
  testLimit: flags["test-limit"] ? parsePositiveInteger(TASK, "test-limit", flags["test-limit"]) : undefined,
  validationSize: parsePositiveInteger(TASK, "validation-size", flags["validation-size"]!),
  kmeans: { ...DEFAULT_CONFIG.kmeans, nInit: parsePositiveInteger(TASK, "n-init", flags["n-init"]!) },
};
const threads = parseThreads(TASK, flags.threads!, MAX_TENSOR_THREADS);
const outDir = flags.out!.startsWith("/") ? flags.out! : join(ROOT, flags.out!);
probeOutputFolder(TASK, "out", outDir);

const backend = await initTensorBackend({ threads });
const t0 = performance.now();
try {
  const data = prepareRunData(await loadFashionMnist({ dir: flags.data }), config);
  if (config.validationSize >= data.nTrain) {
    badFlag(
      TASK,
      `--validation-size must be < the training images used (${data.nTrain}), current value is ${config.validationSize}`,
    );
  }
  const split = splitForSeed(data, config, seed);
  const settings = grid.architectures.length * grid.learningRates.length;
  console.log(
    `sweep: ${settings} setting(s) × epochs ${grid.epochs.join(",")} on ${split.train.length} training / ` +
      `${split.validation.length} validation / ${data.nTest} test images, seed ${seed}, ` +
      `${backend.threads} thread(s)`,
  );
  const result = await runSweep(
    {
      train: split.trainImages,
      validation: split.validationImages,
      test: data.testImages,
      testLabels: data.testLabels,
    },
    {
      grid,
      kmeans: config.kmeans,
      seed,
      onEpoch: (setting, epoch, valLoss) =>
        console.log(`${setting} epoch ${epoch}: validation MSE ${valLoss.toFixed(5)}`),
      onPoint: (p, i, total) =>
        console.log(
          `[${i + 1}/${total}] ${p.architecture} lr=${p.learningRate} epoch ${p.epoch}: ` +
            `validation MSE ${p.valLoss.toFixed(5)}, test AMI ${p.testAmi.toFixed(4)} (display only), ` +
            `trained ${formatDuration(p.trainSeconds)}`,
        ),
    },
  );
  const s = result.selected;
  const spec = sweepSpec(
    result.points.map((p) => ({ setting: `${p.architecture}/lr=${p.learningRate}`, ...p })),
    { selected: { setting: `${s.architecture}/lr=${s.learningRate}`, epoch: s.epoch } },
  );
  await Deno.mkdir(outDir, { recursive: true });
  const output = {
    ...result,
    data: {
      source: data.source,
      sha256: data.sha256,
      nTrain: split.train.length,
      nValidation: split.validation.length,
      nTest: data.nTest,
    },
    config: {
      trainLimit: config.trainLimit ?? null,
      testLimit: config.testLimit ?? null,
      validationSize: config.validationSize,
    },
    backend: { name: backend.backend, threads: backend.threads },
    wallSeconds: (performance.now() - t0) / 1000,
  };
  await writeFileAtomic(join(outDir, "sweep.json"), JSON.stringify(output, null, 2) + "\n");
  await writeFileAtomic(join(outDir, "sweep.vl.json"), JSON.stringify(spec, null, 2) + "\n");
  await writeFileAtomic(join(outDir, "sweep.svg"), await renderSvg(spec));
  console.log(
    `sweep: selected ${s.architecture} lr=${s.learningRate} epoch ${s.epoch} (validation MSE ${
      s.valLoss.toFixed(5)
    }, ` +
      `test AMI ${s.testAmi.toFixed(4)}) in ${formatDuration((performance.now() - t0) / 1000)}; wrote ` +
      `${join(outDir, "sweep.json")}, sweep.vl.json, sweep.svg`,
  );
} catch (error) {
  console.error(`sweep: failed: ${error instanceof Error ? error.message : error}`);
  Deno.exitCode = 1;
} finally {
  await shutdownTensorBackend();
}
