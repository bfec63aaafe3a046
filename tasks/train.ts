// `deno task train`: train one autoencoder on the seeded 45k/15k split with a progress bar, checkpointing every
// epoch; `--resume` continues a killed run from its last completed epoch.
import { initTensorBackend, MAX_TENSOR_THREADS, shutdownTensorBackend } from "../lib/backend/mod.ts";
import { loadFashionMnist } from "../lib/data/mod.ts";
import { type ArchitectureName, ARCHITECTURES, formatProgress } from "../lib/model/mod.ts";
import {
  buildSeedAutoencoder,
  DEFAULT_CONFIG,
  formatDuration,
  prepareRunData,
  splitForSeed,
  trainOnSplit,
} from "../lib/pipeline/mod.ts";
import { badFlag, parseFlags, parsePositiveInteger, parseThreads, probeOutputFolder } from "./_cli.ts";

const TASK = "train";
const flags = parseFlags(TASK, Deno.args, {
  arch: { type: "string", help: `architecture: ${ARCHITECTURES.join(", ")}`, default: "report" },
  epochs: { type: "string", help: "last epoch to train", default: String(DEFAULT_CONFIG.autoencoder.epochs) },
  "batch-size": { type: "string", help: "images per batch", default: "128" },
  "learning-rate": { type: "string", help: "Adam's learning rate", default: "0.001" },
  patience: { type: "string", help: "early-stopping patience in epochs", default: "3" },
  seed: { type: "string", help: "seed of the split, initialisation, shuffling and dropout", default: "0" },
  checkpoint: {
    type: "string",
    help: "checkpoint folder (saved after every epoch)",
    default: ".cache/train/<arch>-<seed>",
  },
  resume: { type: "boolean", help: "continue from the checkpoint in --checkpoint" },
  data: { type: "string", help: "folder with the four Fashion-MNIST IDX files" },
  threads: {
    type: "string",
    help: `WASM backend threads, at most ${MAX_TENSOR_THREADS}`,
    default: String(Math.min(navigator.hardwareConcurrency, MAX_TENSOR_THREADS)),
  },
});
const arch = flags.arch as ArchitectureName;
if (!ARCHITECTURES.includes(arch)) {
  badFlag(TASK, `--arch must be one of ${ARCHITECTURES.join(", ")}, current value is "${arch}"`);
}
const epochs = parsePositiveInteger(TASK, "epochs", flags.epochs!);
const batchSize = parsePositiveInteger(TASK, "batch-size", flags["batch-size"]!);
const patience = parsePositiveInteger(TASK, "patience", flags.patience!);
const learningRate = Number(flags["learning-rate"]);
if (!(learningRate > 0)) {
  badFlag(TASK, `--learning-rate must be a number > 0, current value is "${flags["learning-rate"]}"`);
}
if (!/^\d+$/.test(flags.seed!)) {
  badFlag(TASK, `--seed must be an integer >= 0, current value is "${flags.seed}"`);
}
const seed = Number(flags.seed);
const checkpointDir = flags.checkpoint!.startsWith(".cache/train/<")
  ? `.cache/train/${arch}-${seed}`
  : flags.checkpoint!;
const threads = parseThreads(TASK, flags.threads!, MAX_TENSOR_THREADS);
probeOutputFolder(TASK, "checkpoint", checkpointDir);

const backend = await initTensorBackend({ threads });
const data = prepareRunData(await loadFashionMnist({ dir: flags.data }), DEFAULT_CONFIG);
const split = splitForSeed(data, DEFAULT_CONFIG, seed);
const config = {
  ...DEFAULT_CONFIG.autoencoder,
  architecture: arch,
  epochs,
  batchSize,
  learningRate,
  patience,
};
const net = buildSeedAutoencoder(config, seed);
console.log(
  `train: ${arch} autoencoder, ${split.train.length}/${split.validation.length} train/validation images, ` +
    `${backend.threads} thread(s), checkpoint ${checkpointDir}${flags.resume ? " (resume)" : ""}`,
);
const encoder = new TextEncoder();
const tty = Deno.stdout.isTerminal();
try {
  const result = await trainOnSplit(net, split, config, seed, {
    checkpoint: { dir: checkpointDir, resume: flags.resume },
    onBatchEnd: (p) => {
      if (tty) Deno.stdout.writeSync(encoder.encode(`\r\x1b[K${formatProgress(p)}`));
    },
    onEpochEnd: (log) => {
      console.log(
        `${tty ? "\r\x1b[K" : ""}epoch ${log.epoch}/${epochs}: loss ${log.loss.toFixed(5)} val_loss ${
          log.valLoss.toFixed(5)
        } ${Math.round(log.imagesPerSecond)} img/s ${formatDuration(log.seconds)}`,
      );
    },
  });
  console.log(
    `train: best epoch ${result.bestEpoch} (val_loss ${result.bestValLoss.toFixed(5)})` +
      `${result.resumedFromEpoch ? `, resumed after epoch ${result.resumedFromEpoch}` : ""}` +
      `${result.stoppedEarly ? ", stopped early" : ""}`,
  );
} catch (error) {
  console.error(`train: failed: ${error instanceof Error ? error.message : error}`);
  Deno.exitCode = 1;
} finally {
  net.autoencoder.dispose();
  shutdownTensorBackend();
}
