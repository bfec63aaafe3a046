import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertEquals, assertRejects, join } from "../std.ts";
import { buildAutoencoder } from "./architectures.ts";
import { reconstruct } from "./autoencoder.ts";
import { fileIOHandler, MODEL_JSON } from "./file_io.ts";
import { writeFileAtomic } from "../io/mod.ts";

await initTensorBackend();

async function savedModel(): Promise<{ dir: string; model: tf.LayersModel }> {
  const dir = await Deno.makeTempDir();
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
  await model.save(fileIOHandler(dir));
  return { dir, model };
}

async function weightsFile(dir: string): Promise<string> {
  for await (const entry of Deno.readDir(dir)) if (entry.name.endsWith(".bin")) return join(dir, entry.name);
  throw new Error("no weights file");
}

Deno.test("fileIOHandler() round-trips the report autoencoder with bit-identical reconstructions", async () => {
  const net = buildAutoencoder("report", { seed: 9 });
  const dir = await Deno.makeTempDir();
  await net.autoencoder.save(fileIOHandler(dir));
  const loaded = await tf.loadLayersModel(fileIOHandler(dir));
  const prng = randomSeeded(1);
  const images = Float32Array.from({ length: 3 * 784 }, () => prng());
  assertEquals(reconstruct(loaded, images), reconstruct(net.autoencoder, images));
  net.autoencoder.dispose();
  loaded.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("fileIOHandler() save replaces the previous save and removes stale files", async () => {
  const { dir, model } = await savedModel();
  await Deno.writeFile(join(dir, "weights.0123456789abcdef.bin"), new Uint8Array(5)); // a half-written save
  await Deno.writeFile(join(dir, "model.json.tmp-1-deadbeef"), new Uint8Array(5));
  (await tf.loadLayersModel(fileIOHandler(dir))).dispose(); // still loads the committed save
  model.setWeights(model.getWeights().map((w) => tf.onesLike(w)));
  await model.save(fileIOHandler(dir));
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  assertEquals(names.length, 2);
  assert(names.includes(MODEL_JSON));
  const loaded = await tf.loadLayersModel(fileIOHandler(dir));
  assertEquals(Array.from(loaded.getWeights()[0].dataSync()), new Array(12).fill(1));
  model.dispose();
  loaded.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("fileIOHandler() load names the truncated, garbled or missing file", async () => {
  const { dir, model } = await savedModel();
  const bin = await weightsFile(dir);
  const bytes = await Deno.readFile(bin);
  await Deno.writeFile(bin, bytes.subarray(0, 10));
  await assertRejects(
    () => tf.loadLayersModel(fileIOHandler(dir)),
    Error,
    `Cannot load model: ${bin} has 10 bytes, expected ${bytes.length} from ${join(dir, MODEL_JSON)}`,
  );
  const garbled = bytes.slice();
  garbled[3] ^= 0xff;
  await Deno.writeFile(bin, garbled);
  await assertRejects(
    () => tf.loadLayersModel(fileIOHandler(dir)),
    Error,
    `Cannot load model: ${bin} has SHA-256`,
  );
  await Deno.remove(bin);
  await assertRejects(() => tf.loadLayersModel(fileIOHandler(dir)), Error, `${bin}, listed in`);
  const json = await Deno.readTextFile(join(dir, MODEL_JSON));
  await Deno.writeTextFile(join(dir, MODEL_JSON), json.slice(0, json.length / 2));
  await assertRejects(
    () => tf.loadLayersModel(fileIOHandler(dir)),
    Error,
    `Cannot load model: ${join(dir, MODEL_JSON)} is not valid JSON (truncated or garbled)`,
  );
  model.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeFileAtomic() replaces a file and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "a.txt");
  await writeFileAtomic(path, new TextEncoder().encode("one"));
  await writeFileAtomic(path, new TextEncoder().encode("two"));
  assertEquals(await Deno.readTextFile(path), "two");
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  assertEquals(names, ["a.txt"]);
  await Deno.remove(dir, { recursive: true });
});
