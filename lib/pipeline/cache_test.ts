import { hashConfig, StageCache } from "./cache.ts";
import { assertEquals, join } from "../std.ts";

Deno.test("StageCache.store() of one key by two writers at once keeps one complete entry", async () => {
  const root = await Deno.makeTempDir({ prefix: "stage-cache-" });
  try {
    const config = { data: "same" };
    const key = await hashConfig(config);
    const artifact = { json: { n: 3 }, arrays: { v: Float32Array.of(1, 2, 3) } };
    // Two caches on one root, as two parallel parts' processes; every interleaving of their removes and
    // renames must leave the entry readable.
    const writers = [new StageCache(root), new StageCache(root)];
    for (let round = 0; round < 20; round++) {
      await Promise.all(writers.map((cache) => cache.store("shared", key, config, artifact, 1)));
      const { artifact: loaded, outcome } = await writers[0].run("shared", config, () => {
        throw new Error("the entry should be a hit");
      });
      assertEquals([outcome, Array.from(loaded.arrays.v as Float32Array)], ["hit", [1, 2, 3]]);
    }
    // No temporary folders are left behind.
    const names: string[] = [];
    for await (const entry of Deno.readDir(join(root, "shared"))) names.push(entry.name);
    assertEquals(names, [key]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
