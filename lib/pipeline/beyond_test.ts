import { initTensorBackend } from "../backend/wasm.ts";
import { ari } from "../metrics/mod.ts";
import { buildAutoencoder } from "../model/mod.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertEquals, assertRejects } from "../std.ts";
import { aeUmapGmmStage, decStage, type Protocol, QUICK_BEYOND_CONFIG } from "./beyond.ts";
import { QUICK_CONFIG } from "./config.ts";

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
