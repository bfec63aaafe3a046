// End to end on a tiny slice: a briefly trained autoencoder's encodings through `ae-umap-gmm`, and DEC /
// IDEC on the autoencoder, under both protocols; checks shapes, protocol row order, that the pretrained
// network is left unchanged, no tensor leaks, and that the clusters carry information about the classes.
import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../lib/backend/wasm.ts";
import { loadFashionMnist, PIXELS, toUnitFloat } from "../lib/data/mod.ts";
import { ami } from "../lib/metrics/mod.ts";
import { buildAutoencoder, encode, trainAutoencoder } from "../lib/model/mod.ts";
import { QUICK_BEYOND_CONFIG, QUICK_CONFIG, type RowSets } from "../lib/pipeline/mod.ts";
import { aeUmapGmmStage, decStage, type ImageSets } from "../lib/stages/mod.ts";
import { assert, assertEquals } from "../lib/std.ts";

await initTensorBackend();

const N_FIT = 1000;
const N_VALIDATION = 250;
const N_TEST = 500;

Deno.test("beyond stages run end to end on 1,750 images under both protocols", async () => {
  const data = await loadFashionMnist();
  const train = toUnitFloat(data.train.images.subarray(0, (N_FIT + N_VALIDATION) * PIXELS));
  const images: ImageSets = {
    fit: train.subarray(0, N_FIT * PIXELS),
    validation: train.subarray(N_FIT * PIXELS),
    test: toUnitFloat(data.test.images.subarray(0, N_TEST * PIXELS)),
  };
  const fitLabels = data.train.labels.subarray(0, N_FIT);
  const testLabels = data.test.labels.subarray(0, N_TEST);
  const allLabels = new Uint8Array([...data.train.labels.subarray(0, N_FIT + N_VALIDATION), ...testLabels]);

  const net = buildAutoencoder("report", { seed: 0 });
  await trainAutoencoder(net, { train: images.fit, validation: images.validation, epochs: 1, batchSize: 64 });
  const width = net.latentShape[0];
  const rows: RowSets = {
    fit: encode(net.encoder, images.fit),
    validation: encode(net.encoder, images.validation),
    test: encode(net.encoder, images.test),
    width,
  };
  const config = QUICK_CONFIG;
  const beyond = QUICK_BEYOND_CONFIG;

  for (const protocol of ["inductive", "transductive"] as const) {
    const artifact = await aeUmapGmmStage(rows, { config, beyond, protocol, seed: 1 });
    const { fitPred, testPred, validationPred, testEmbedding } = artifact.arrays;
    const nFitted = protocol === "inductive" ? N_FIT : N_FIT + N_VALIDATION + N_TEST;
    assertEquals([fitPred.length, validationPred.length, testPred.length], [nFitted, N_VALIDATION, N_TEST]);
    assertEquals(testEmbedding.length, N_TEST * 10);
    assert(testPred.every((c) => c >= 0 && c < 10));
    if (protocol === "transductive") assertEquals(testPred, fitPred.slice(N_FIT + N_VALIDATION));
    const truth = protocol === "inductive" ? fitLabels : allLabels;
    assert(ami(truth, fitPred) > 0.45, `ae-umap-gmm ${protocol}: fit AMI ${ami(truth, fitPred)}`);
    assert(
      ami(testLabels, testPred) > 0.45,
      `ae-umap-gmm ${protocol}: test AMI ${ami(testLabels, testPred)}`,
    );
  }

  const weightsBefore = net.autoencoder.getWeights().map((w) => w.dataSync().slice());
  const tensorsBefore = tf.memory().numTensors;
  for (const [variant, protocol] of [["dec", "inductive"], ["idec", "transductive"]] as const) {
    const validationLabels = data.train.labels.subarray(N_FIT, N_FIT + N_VALIDATION);
    const artifact = await decStage(images, {
      net,
      variant,
      config,
      beyond,
      protocol,
      seed: 2,
      validationLabels,
    });
    const { fitPred, testPred, validationPred, initialFitPred } = artifact.arrays;
    const nFitted = protocol === "inductive" ? N_FIT : N_FIT + N_VALIDATION + N_TEST;
    assertEquals([fitPred.length, validationPred.length, testPred.length], [nFitted, N_VALIDATION, N_TEST]);
    assertEquals(initialFitPred.length, nFitted);
    assertEquals(artifact.json.nIter, beyond.dec.maxIter);
    // Inductive runs keep the target update with the best validation AMI: never below the start's.
    if (protocol === "inductive") {
      const { startValidationPred } = artifact.arrays;
      assert(ami(validationLabels, validationPred) >= ami(validationLabels, startValidationPred), variant);
    }
    assert(ami(testLabels, testPred) > 0.4, `${variant} ${protocol}: test AMI ${ami(testLabels, testPred)}`);
  }
  assertEquals(tf.memory().numTensors, tensorsBefore);
  net.autoencoder.getWeights().forEach((w, i) => assertEquals(w.dataSync(), weightsBefore[i]));
  net.autoencoder.dispose();
});
