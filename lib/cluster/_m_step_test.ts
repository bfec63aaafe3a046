import { initTensorBackend } from "../backend/wasm.ts";
import { assert, assertAlmostEquals } from "../std.ts";
import { randomSeeded } from "../random/mod.ts";
import { centerData } from "./_gaussian.ts";
import { createScatterCache, estimateParams } from "./_m_step.ts";

await initTensorBackend();

Deno.test("estimateParams() with a scatter cache matches a fresh computation", () => {
  const n = 600;
  const d = 6;
  const k = 3;
  const prng = randomSeeded(4);
  const data = Float32Array.from(
    { length: n * d },
    (_, i) => prng() * 4 + (i % d) + Math.floor(i / (d * 200)) * 3,
  );
  const x = centerData(data, n, d);
  for (const type of ["full", "tied"] as const) {
    const cache = createScatterCache(n, k);
    // Responsibilities drifting a little each step, some rows hard, some soft.
    for (let step = 0; step < 6; step++) {
      const resp = new Float64Array(n * k);
      for (let i = 0; i < n; i++) {
        const own = Math.floor(i / 200);
        if (i % 10 !== step) {
          resp[i * k + own] = 1;
        } else {
          resp[i * k + own] = 0.95;
          resp[i * k + ((own + 1) % k)] = 0.05;
        }
      }
      const cached = estimateParams(x, resp, k, type, 1e-6, cache);
      const fresh = estimateParams(x, resp, k, type, 1e-6);
      for (let i = 0; i < fresh.covariances.length; i++) {
        assertAlmostEquals(cached.covariances[i], fresh.covariances[i], 1e-5);
      }
      for (let i = 0; i < fresh.means.length; i++) assertAlmostEquals(cached.means[i], fresh.means[i], 1e-12);
    }
    assert(cache.updates.every((u) => u > 0), "the cache was not updated incrementally");
  }
  x.xc.dispose();
});
