import { initTensorBackend } from "../lib/backend/wasm.ts";
import { loadFashionMnist, toUnitFloat } from "../lib/data/mod.ts";
import { buildAutoencoder, reconstructionError, trainAutoencoder } from "../lib/model/mod.ts";
import { assert } from "../lib/std.ts";

await initTensorBackend();

Deno.test("trainAutoencoder() cuts the report autoencoder's validation MSE by >= 30% in 2 epochs on 2,000 images", async () => {
  const data = await loadFashionMnist({ download: false });
  const train = toUnitFloat(data.train.images, Int32Array.from({ length: 2000 }, (_, i) => i));
  const validation = toUnitFloat(data.train.images, Int32Array.from({ length: 1000 }, (_, i) => 2000 + i));
  const net = buildAutoencoder("report", { seed: 0 });
  const untrained = reconstructionError(net.autoencoder, validation);
  const result = await trainAutoencoder(net, { train, validation, epochs: 2, batchSize: 128, seed: 0 });
  const trained = reconstructionError(net.autoencoder, validation);
  net.autoencoder.dispose();
  assert(
    trained <= 0.7 * untrained,
    `validation MSE went from ${untrained} to ${trained} (${
      result.history[1].imagesPerSecond.toFixed(0)
    } img/s)`,
  );
});
