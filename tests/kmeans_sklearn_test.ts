// KMeans against scikit-learn 1.2.1 on 5,000 Fashion-MNIST training images (tests/fixtures/sklearn/kmeans.json).
import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../lib/backend/wasm.ts";
import { KMeans } from "../lib/cluster/mod.ts";
import { loadFashionMnist, toUnitFloat } from "../lib/data/mod.ts";
import { assert } from "../lib/std.ts";

interface KMeansFixture {
  start: number;
  count: number;
  runs: { random_state: number; inertia: number }[];
  best_inertia: number;
}

Deno.test("KMeans matches scikit-learn's best inertia on Fashion-MNIST within 0.1%", async () => {
  await initTensorBackend();
  const fixture: KMeansFixture = JSON.parse(
    await Deno.readTextFile(new URL("./fixtures/sklearn/kmeans.json", import.meta.url)),
  );
  const data = await loadFashionMnist();
  const indices = Int32Array.from({ length: fixture.count }, (_, i) => fixture.start + i);
  const x = tf.tensor2d(toUnitFloat(data.train.images, indices), [fixture.count, 784]);
  // Like the fixture (3 random states × n_init=10): the best of 3 seeds × nInit=10.
  const inertias = [0, 1, 2].map((seed) => new KMeans({ nClusters: 10, nInit: 10, seed }).fit(x).inertia);
  x.dispose();
  const best = Math.min(...inertias);
  assert(
    best <= fixture.best_inertia * 1.001,
    `best inertia ${best} is more than 0.1% above scikit-learn's ${fixture.best_inertia}`,
  );
  // A lower inertia than sklearn's by more than float32 rounding would mean the inertia is miscomputed.
  assert(best >= fixture.best_inertia * (1 - 1e-3), `best inertia ${best} is implausibly low`);
  // Every seed's result lies among sklearn's runs' range (within 0.5%).
  const worstSklearn = Math.max(...fixture.runs.map((r) => r.inertia));
  for (const inertia of inertias) assert(inertia <= worstSklearn * 1.005, `inertia ${inertia} too high`);
});
