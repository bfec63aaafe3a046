import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { assert, assertEquals, assertThrows } from "../std.ts";
import {
  type ArchitectureName,
  ARCHITECTURES,
  buildAutoencoder,
  buildReportAutoencoder,
  flopsPerImage,
} from "./architectures.ts";

await initTensorBackend();

const EXPECTED: Record<ArchitectureName, { input: number[]; latent: number[] }> = {
  report: { input: [28, 28, 1], latent: [343] },
  wide: { input: [28, 28, 1], latent: [6272] },
  dense: { input: [784], latent: [10] },
};

Deno.test("buildAutoencoder() gives the input, output and latent shapes of every architecture", () => {
  for (const name of ARCHITECTURES) {
    const net = buildAutoencoder(name, { seed: 1 });
    assertEquals(net.name, name);
    assertEquals(net.inputShape, EXPECTED[name].input);
    assertEquals(net.latentShape, EXPECTED[name].latent);
    const x = tf.zeros([2, ...net.inputShape]);
    const y = net.autoencoder.predict(x) as tf.Tensor;
    const z = net.encoder.predict(x) as tf.Tensor;
    assertEquals(y.shape, [2, ...net.inputShape]);
    assertEquals(z.shape, [2, ...net.latentShape]);
    tf.dispose([x, y, z]);
    net.autoencoder.dispose();
  }
});

Deno.test("buildReportAutoencoder() has the report's 12 layers and a 7x7x7 code", () => {
  const net = buildReportAutoencoder();
  const layers = net.autoencoder.layers.slice(1).map((l) => l.getClassName());
  assertEquals(layers, [
    "Conv2D",
    "MaxPooling2D",
    "SeededDropout",
    "Conv2D",
    "MaxPooling2D",
    "SeededDropout",
    "Conv2D",
    "UpSampling2D",
    "SeededDropout",
    "Conv2D",
    "UpSampling2D",
    "SeededDropout",
    "Conv2D",
  ]);
  assertEquals(net.autoencoder.getLayer("pool2").outputShape, [null, 7, 7, 7]);
  assertEquals(net.autoencoder.countParams(), 2500);
  net.autoencoder.dispose();
});

Deno.test("buildAutoencoder() initialises identically for the same seed and differently for another", () => {
  const weights = (seed: number) => {
    const net = buildAutoencoder("wide", { seed });
    const values = net.autoencoder.getWeights().map((w) => Array.from(w.dataSync()));
    net.autoencoder.dispose();
    return values;
  };
  const a = weights(5);
  assertEquals(weights(5), a);
  assert(weights(6)[0].some((v, i) => v !== a[0][i]));
});

Deno.test("flopsPerImage() counts 2 x multiply-adds of convolutions, 3x for training", () => {
  const net = buildReportAutoencoder();
  const macs = 28 * 28 * 9 * 14 + 14 * 14 * 9 * 14 * 7 + 7 * 7 * 9 * 7 * 7 + 14 * 14 * 9 * 7 * 14 +
    28 * 28 * 9 * 14;
  assertEquals(flopsPerImage(net.autoencoder), 2 * macs);
  assertEquals(flopsPerImage(net.autoencoder, { training: true }), 6 * macs);
  net.autoencoder.dispose();
});

Deno.test("buildAutoencoder() rejects an unknown name and bad options", () => {
  assertThrows(
    () => buildAutoencoder("tiny" as ArchitectureName),
    RangeError,
    "Cannot build an autoencoder: name must be one of report, wide, dense, current value is tiny",
  );
  assertThrows(
    () => buildAutoencoder("report", { dropoutRate: 1.5 }),
    RangeError,
    "Cannot build the report autoencoder: dropoutRate must be in [0, 1), current value is 1.5",
  );
  assertThrows(
    () => buildAutoencoder("dense", { seed: 0.5 }),
    TypeError,
    "Cannot build the dense autoencoder: seed must be an integer, current value is 0.5",
  );
});
