import { initTensorBackend } from "../backend/wasm.ts";
import { ari } from "../metrics/mod.ts";
import { buildAutoencoder } from "../model/mod.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertEquals, assertRejects } from "../std.ts";
import { aeUmapGmmStage, decStage, stackScanStage } from "./beyond.ts";
import { type Protocol, QUICK_BEYOND_CONFIG, QUICK_CONFIG } from "../pipeline/mod.ts";

await initTensorBackend();

/** Rows of 3 well-separated Gaussian blobs in 6-d, labels cycling 0, 1, 2. */
function blobs(n: number, seed: number): { x: Float32Array; labels: Int32Array } {
  const prng = randomSeeded(seed);
  const x = new Float32Array(n * 6).map((_, i) =>
    (prng() - 0.5) + (i % 6 === Math.floor(i / 6) % 3 ? 10 : 0)
  );
  return { x, labels: Int32Array.from({ length: n }, (_, i) => i % 3) };
}

const config = { ...QUICK_CONFIG, kmeans: { ...QUICK_CONFIG.kmeans, nClusters: 3 } };
const beyond = {
  ...QUICK_BEYOND_CONFIG,
  umap: { ...QUICK_BEYOND_CONFIG.umap, nComponents: 3, nNeighbors: 8, nEpochs: 50 },
};

Deno.test("aeUmapGmmStage() finds separated blobs under both protocols, in the documented row order", async () => {
  const fit = blobs(90, 1);
  const validation = blobs(30, 2);
  const test = blobs(30, 3);
  const rows = { fit: fit.x, validation: validation.x, test: test.x, width: 6 };
  for (const protocol of ["inductive", "transductive"] as const) {
    const { json, arrays } = await aeUmapGmmStage(rows, { config, beyond, protocol, seed: 0 });
    assertEquals(json.protocol, protocol);
    assertEquals(arrays.fitPred.length, protocol === "inductive" ? 90 : 150);
    assert(ari(test.labels, arrays.testPred) > 0.95, protocol);
    assert(ari(validation.labels, arrays.validationPred) > 0.95, protocol);
    assert(ari(fit.labels, arrays.fitPred.slice(0, 90)) > 0.95, protocol);
    assertEquals(arrays.testEmbedding.length, 30 * 3);
  }
});

Deno.test("beyond stages reject an unknown protocol", async () => {
  const rows = {
    fit: new Float32Array(60),
    validation: new Float32Array(6),
    test: new Float32Array(6),
    width: 6,
  };
  const message =
    'Cannot run the stage: protocol must be one of "inductive", "transductive", current value is "both"';
  const protocol = "both" as Protocol;
  await assertRejects(() => aeUmapGmmStage(rows, { config, beyond, protocol, seed: 0 }), RangeError, message);
  const net = buildAutoencoder("report");
  const images = {
    fit: new Float32Array(784),
    validation: new Float32Array(784),
    test: new Float32Array(784),
  };
  await assertRejects(
    () => decStage(images, { net, variant: "dec", config, beyond, protocol, seed: 0 }),
    RangeError,
    message,
  );
  net.autoencoder.dispose();
});

Deno.test("stackScanStage() refines a mixture's clusters on the stacked blocks, inductive only", async () => {
  const fit = blobs(96, 1);
  const validation = blobs(30, 2);
  const test = blobs(30, 3);
  // Two blocks of the same rows; the start has every seventh training row in the wrong cluster.
  const block = { fit: fit.x, validation: validation.x, test: test.x, width: 6 };
  const start = fit.labels.map((l, i) => (i % 7 === 0 ? (l + 1) % 3 : l));
  const stackBeyond = {
    ...beyond,
    stack: {
      ...beyond.stack,
      pcaComponents: 3,
      scan: { ...beyond.stack.scan!, nNeighbors: 5, batchSize: 16, warmEpochs: 40, epochs: 20 },
    },
  };
  const options = { config, beyond: stackBeyond, protocol: "inductive" as const, seed: 0 };
  const { json, arrays } = await stackScanStage([block, block], start, options);
  assertEquals(ari(fit.labels, arrays.fitPred), 1);
  assertEquals(ari(validation.labels, arrays.validationPred), 1);
  assertEquals(ari(test.labels, arrays.testPred), 1);
  // The wrong rows, and only they, changed cluster.
  assertEquals(Array.from(arrays.fitPred), Array.from(fit.labels));
  assertEquals(json.changedFromMixture, 14 / 96);
  await assertRejects(
    () => stackScanStage([block], start, { ...options, protocol: "transductive" }),
    RangeError,
    '"inductive"',
  );
});
