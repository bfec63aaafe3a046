import { CACHE_FORMAT, hashConfig, StageCache } from "./cache.ts";
import { sha256Hex } from "../io/mod.ts";
import { assert, assertEquals, assertRejects, join } from "../std.ts";

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

/** A cache in a temporary folder holding one stored entry of `stage` "demo". */
async function storedEntry(options: ConstructorParameters<typeof StageCache>[1] = {}) {
  const root = await Deno.makeTempDir({ prefix: "stage-cache-" });
  const cache = new StageCache(root, options);
  const config = { seed: 0 };
  const key = await hashConfig(config);
  await cache.store("demo", key, config, {
    json: { n: 4, note: "x" },
    arrays: { testPred: Int32Array.of(0, 1, 2, 1), codes: Float32Array.of(0.5, 1.5) },
  }, 1);
  return { root, cache, key, dir: join(root, "demo", key) };
}

Deno.test("StageCache.store() records the SHA-256 of every array file and of the JSON part", async () => {
  const { root, dir } = await storedEntry();
  try {
    const index = JSON.parse(await Deno.readTextFile(join(dir, "index.json")));
    assertEquals(index.format, CACHE_FORMAT);
    assertEquals(
      index.arrays.testPred.sha256,
      await sha256Hex(await Deno.readFile(join(dir, "testPred.int32.bin"))),
    );
    assertEquals(
      index.jsonSha256,
      await sha256Hex(new TextEncoder().encode(JSON.stringify({ n: 4, note: "x" }))),
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StageCache.load() refuses an array file changed after it was stored, naming the entry", async () => {
  const { root, cache, key, dir } = await storedEntry();
  try {
    // Random bytes of the same length: the size check alone would accept them.
    const path = join(dir, "testPred.int32.bin");
    const length = (await Deno.readFile(path)).length;
    await Deno.writeFile(path, crypto.getRandomValues(new Uint8Array(length)));
    const expected = await sha256Hex(new Uint8Array(Int32Array.of(0, 1, 2, 1).buffer));
    await assertRejects(
      () => cache.load("demo", key),
      Error,
      `Cannot load cache entry ${dir}: testPred.int32.bin has SHA-256 `,
    );
    const error = await assertRejects(() =>
      cache.run("demo", { seed: 0 }, () => {
        throw new Error("a corrupt entry must not be recomputed silently");
      })
    );
    assert(
      error.message.includes(`index.json recorded ${expected}`) &&
        error.message.endsWith("delete the folder or use --force"),
      error.message,
    );
    // --force recomputes it.
    const forced = new StageCache(root, { force: true });
    const again = await forced.run(
      "demo",
      { seed: 0 },
      () => Promise.resolve({ json: { n: 1 }, arrays: { testPred: Int32Array.of(3) } }),
    );
    assertEquals(again.outcome, "computed");
    assertEquals(Array.from((await cache.load("demo", key))!.arrays.testPred), [3]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StageCache.load() refuses a missing file, a file index.json does not list and an edited JSON part", async () => {
  const cases: [(dir: string) => Promise<void>, string][] = [
    [
      (dir) => Deno.remove(join(dir, "codes.float32.bin")),
      "codes.float32.bin, listed in index.json, is missing",
    ],
    [
      (dir) => Deno.writeTextFile(join(dir, "stray.bin"), "x"),
      "it holds stray.bin, which index.json does not list",
    ],
    [async (dir) => {
      const path = join(dir, "index.json");
      await Deno.writeTextFile(path, (await Deno.readTextFile(path)).replace('"n":4', '"n":5'));
    }, "the JSON part of index.json does not have the SHA-256 recorded in it"],
  ];
  for (const [damage, message] of cases) {
    const { root, cache, key, dir } = await storedEntry();
    try {
      await damage(dir);
      await assertRejects(() => cache.load("demo", key), Error, `Cannot load cache entry ${dir}: ${message}`);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  }
});

Deno.test("StageCache.load() reads an entry stored before checksums as absent, with a warning, and run() replaces it", async () => {
  const warnings: string[] = [];
  const { root, key, dir } = await storedEntry();
  try {
    // The format before checksums: no `format`, `jsonSha256` or array `sha256`.
    const path = join(dir, "index.json");
    const index = JSON.parse(await Deno.readTextFile(path));
    delete index.format;
    delete index.jsonSha256;
    for (const meta of Object.values(index.arrays) as Record<string, unknown>[]) delete meta.sha256;
    await Deno.writeTextFile(path, JSON.stringify(index));
    const cache = new StageCache(root, { onWarning: (w) => warnings.push(w) });
    assertEquals(await cache.has("demo", key), false);
    assertEquals(await cache.load("demo", key), undefined);
    assertEquals(warnings, [
      `cache entry ${dir} was stored without checksums (an older cache format); recomputing it`,
    ]);
    const { outcome } = await cache.run(
      "demo",
      { seed: 0 },
      () => Promise.resolve({ json: { n: 4, note: "x" }, arrays: { testPred: Int32Array.of(0, 1, 2, 1) } }),
    );
    assertEquals(outcome, "computed");
    assertEquals(await cache.has("demo", key), true);
    assertEquals(JSON.parse(await Deno.readTextFile(path)).format, CACHE_FORMAT);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StageCache removes the temporary folders of interrupted stores older than the run, and keeps younger ones", async () => {
  const { root, key } = await storedEntry();
  try {
    const parent = join(root, "demo");
    const old = join(parent, `.${key}-killed`);
    const fresh = join(parent, `.${key}-inprogress`);
    const unrelated = join(parent, ".notes");
    for (const dir of [old, fresh, unrelated]) {
      await Deno.mkdir(dir);
      await Deno.writeFile(join(dir, "testPred.int32.bin"), Uint8Array.of(1, 2, 3, 4));
    }
    const runStartedAt = Date.now() - 60_000;
    const hourAgo = new Date(runStartedAt - 3_600_000);
    for (const dir of [old, unrelated]) {
      await Deno.utime(join(dir, "testPred.int32.bin"), hourAgo, hourAgo);
      await Deno.utime(dir, hourAgo, hourAgo);
    }
    // Without a run start nothing is removed.
    await new StageCache(root).has("demo", key);
    assertEquals(await names(parent), [`.${key}-inprogress`, `.${key}-killed`, ".notes", key]);
    // A folder modified since the run started (another run's store in progress) is kept, and so is a
    // folder that is not a store's.
    const cache = new StageCache(root, { runStartedAt });
    assert(await cache.load("demo", key));
    assertEquals(await names(parent), [`.${key}-inprogress`, ".notes", key]);
    // An old folder whose file was written after the run started is kept too.
    await Deno.utime(fresh, hourAgo, hourAgo);
    await new StageCache(root, { runStartedAt }).has("demo", key);
    assertEquals(await names(parent), [`.${key}-inprogress`, ".notes", key]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) out.push(entry.name);
  return out.sort();
}
