import { initTensorBackend } from "../backend/wasm.ts";
import { assertEquals, assertRejects, join } from "../std.ts";
import { buildAutoencoder } from "./architectures.ts";
import { reconstruct } from "./autoencoder.ts";
import {
  type Checkpoint,
  hasCheckpoint,
  loadCheckpoint,
  restoreCheckpointWeights,
  saveCheckpoint,
} from "./checkpoint.ts";
import { fileIOHandler, MODEL_JSON } from "./file_io.ts";

await initTensorBackend();

function checkpointOf(weights: Checkpoint["weights"], name: "report" | "wide" = "report"): Checkpoint {
  return {
    state: {
      config: {
        architecture: { name, seed: 1, dropoutRate: name === "report" ? 0.2 : 0 },
        batchSize: 16,
        learningRate: 1e-3,
        patience: 3,
        restoreBestWeights: true,
        seed: 2,
        trainCount: 100,
        validationCount: 20,
        dataFingerprint: "abcd0123",
      },
      epoch: 2,
      history: [
        { epoch: 1, loss: 0.2, valLoss: 0.1, seconds: 1, imagesPerSecond: 100 },
        { epoch: 2, loss: 0.15, valLoss: 0.12, seconds: 1, imagesPerSecond: 100 },
      ],
      bestEpoch: 1,
      bestValLoss: 0.1,
      epochsSinceBest: 1,
      stoppedEarly: false,
      dropoutSteps: [14, 14, 14, 14],
      iterations: 14,
      accBeta1: Math.fround(0.9 ** 15),
      accBeta2: Math.fround(0.999 ** 15),
    },
    weights,
    bestWeights: weights.map((w) => ({ ...w, values: w.values.map((v) => v + 1) })),
    moments: weights.map((w) => ({ ...w, name: `${w.name}/m`, values: w.values.map((v) => v / 2) })),
  };
}

function weightsOf(name: "report" | "wide"): Checkpoint["weights"] {
  const net = buildAutoencoder(name, { seed: 1 });
  const weights = net.autoencoder.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    values: (w.read().dataSync() as Float32Array).slice(),
  }));
  net.autoencoder.dispose();
  return weights;
}

Deno.test("saveCheckpoint() then loadCheckpoint() gives back the same state and arrays", async () => {
  const dir = await Deno.makeTempDir();
  const checkpoint = checkpointOf(weightsOf("report"));
  assertEquals(await hasCheckpoint(dir), false);
  await saveCheckpoint(dir, checkpoint);
  assertEquals(await hasCheckpoint(dir), true);
  assertEquals(await loadCheckpoint(dir), checkpoint);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("restoreCheckpointWeights() puts the saved weights back bit for bit", async () => {
  const dir = await Deno.makeTempDir();
  const source = buildAutoencoder("report", { seed: 1 });
  const weights = source.autoencoder.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    values: (w.read().dataSync() as Float32Array).slice(),
  }));
  const checkpoint = checkpointOf(weights);
  checkpoint.bestWeights = null;
  await saveCheckpoint(dir, checkpoint);
  const fresh = buildAutoencoder("report", { seed: 1 });
  const state = await restoreCheckpointWeights(fresh, dir);
  assertEquals(state.epoch, 2);
  const images = new Float32Array(2 * 784).map((_, i) => (i % 13) / 13);
  assertEquals(reconstruct(fresh.autoencoder, images), reconstruct(source.autoencoder, images));
  source.autoencoder.dispose();
  fresh.autoencoder.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("restoreCheckpointWeights() rejects a checkpoint of another architecture", async () => {
  const dir = await Deno.makeTempDir();
  await saveCheckpoint(dir, checkpointOf(weightsOf("wide"), "wide"));
  const net = buildAutoencoder("report", { seed: 1 });
  await assertRejects(
    () => restoreCheckpointWeights(net, dir),
    Error,
    `Cannot restore weights: ${join(dir, MODEL_JSON)} does not match the model: ` +
      `architecture name is "wide" in the checkpoint, "report" now`,
  );
  net.autoencoder.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadCheckpoint() names the corrupt file and what is wrong", async () => {
  const dir = await Deno.makeTempDir();
  const file = join(dir, MODEL_JSON);
  await saveCheckpoint(dir, checkpointOf(weightsOf("report")));
  const json = JSON.parse(await Deno.readTextFile(file));
  const bin = join(dir, json.weightsManifest[0].paths[0]);
  const bytes = await Deno.readFile(bin);

  await Deno.writeFile(bin, bytes.subarray(0, bytes.length - 4));
  await assertRejects(
    () => loadCheckpoint(dir),
    Error,
    `${bin} has ${bytes.length - 4} bytes, expected ${bytes.length}`,
  );
  const garbled = bytes.slice();
  garbled[100] ^= 1;
  await Deno.writeFile(bin, garbled);
  await assertRejects(() => loadCheckpoint(dir), Error, `${bin} has SHA-256`);
  await Deno.writeFile(bin, bytes);

  const text = JSON.stringify(json);
  await Deno.writeTextFile(file, text.slice(0, 200));
  await assertRejects(() => loadCheckpoint(dir), Error, `${file} is not valid JSON (truncated or garbled)`);
  const noHistory = structuredClone(json);
  noHistory.userDefinedMetadata.checkpoint.history = [];
  await Deno.writeTextFile(file, JSON.stringify(noHistory));
  await assertRejects(
    () => loadCheckpoint(dir),
    Error,
    `Cannot load checkpoint: ${file} has a history of 0 epochs, expected 2`,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadCheckpoint() rejects a saved model that is not a checkpoint", async () => {
  const dir = await Deno.makeTempDir();
  const net = buildAutoencoder("report");
  await net.autoencoder.save(fileIOHandler(dir));
  await assertRejects(
    () => loadCheckpoint(dir),
    Error,
    `Cannot load checkpoint: ${join(dir, MODEL_JSON)} is not a training checkpoint: format is "layers-model"`,
  );
  net.autoencoder.dispose();
  await Deno.remove(dir, { recursive: true });
});
