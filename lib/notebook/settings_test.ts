import { DEFAULT_CONFIG, QUICK_CONFIG } from "../pipeline/mod.ts";
import { assert, assertEquals, assertThrows } from "../std.ts";
import { describeSettings, notebookSettings, REPO_CACHE_DIR } from "./settings.ts";

function withEnv(vars: Record<string, string | undefined>, f: () => void): void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  };
  set(vars);
  try {
    f();
  } finally {
    set(saved);
  }
}

Deno.test("notebookSettings() reads NOTEBOOK_SIZE and NOTEBOOK_CACHE_DIR, defaulting to full and the repo cache", () => {
  withEnv({ NOTEBOOK_SIZE: undefined, NOTEBOOK_CACHE_DIR: undefined }, () => {
    const s = notebookSettings();
    assertEquals([s.size, s.config, s.seeds, s.cacheDir], ["full", DEFAULT_CONFIG, [0], REPO_CACHE_DIR]);
  });
  withEnv({ NOTEBOOK_SIZE: "quick", NOTEBOOK_CACHE_DIR: "/tmp/c" }, () => {
    const s = notebookSettings({ seeds: [1, 2] });
    assertEquals([s.size, s.config, s.seeds, s.cacheDir], ["quick", QUICK_CONFIG, [1, 2], "/tmp/c"]);
  });
  withEnv({ NOTEBOOK_SIZE: "" }, () => assertEquals(notebookSettings().size, "full"));
});

Deno.test("notebookSettings() prefers options over the environment", () => {
  withEnv({ NOTEBOOK_SIZE: "full" }, () => {
    const s = notebookSettings({ size: "quick", cacheDir: "/x", dataDir: "/d" });
    assertEquals([s.size, s.cacheDir, s.dataDir], ["quick", "/x", "/d"]);
  });
});

Deno.test("notebookSettings() rejects unknown sizes and bad seeds", () => {
  assertThrows(
    () => notebookSettings({ size: "QUICK" }),
    RangeError,
    'Cannot read notebook settings: NOTEBOOK_SIZE must be "quick" or "full", current value is "QUICK"',
  );
  assertThrows(
    () => notebookSettings({ seeds: [] }),
    RangeError,
    "Cannot read notebook settings: seeds must be a non-empty list of integers, current value is []",
  );
  assertThrows(() => notebookSettings({ seeds: [0.5] }), RangeError, "current value is [0.5]");
});

Deno.test("describeSettings() names the size, the images, the seeds and the cache", () => {
  assertEquals(
    describeSettings(notebookSettings({ size: "full", seeds: [0, 1], cacheDir: "/elsewhere" })),
    "NOTEBOOK_SIZE=full: all 60,000 training and 10,000 test images, 15,000 held out for validation; " +
      "seeds 0, 1; stage cache /elsewhere",
  );
});

Deno.test("notebookSettings() applies the settings cell's changes, at the quick size only the changed ones", () => {
  const full = notebookSettings({ size: "full", overrides: { kmeans: { nClusters: 12, nInit: 10 } } });
  assertEquals([full.config.kmeans.nClusters, full.config.kmeans.nInit], [12, 10]);
  // nInit = 10 is the report's value: the quick slice keeps its own.
  const quick = notebookSettings({ size: "quick", overrides: { kmeans: { nClusters: 12, nInit: 10 } } });
  assertEquals([quick.config.kmeans.nClusters, quick.config.kmeans.nInit], [12, QUICK_CONFIG.kmeans.nInit]);
  const same = notebookSettings({ size: "quick", overrides: { kmeans: { nClusters: 10, nInit: 10 } } });
  assertEquals(same.config, QUICK_CONFIG);
  assert(describeSettings(quick).endsWith("changed from the report's settings: kmeans.nClusters = 12"));
  assert(!describeSettings(same).includes("changed"));
  assertThrows(
    () => notebookSettings({ size: "full", overrides: { kmeans: { nClusters: "12" } } as never }),
    RangeError,
    '"kmeans.nClusters" must be of type number, current value is "12"',
  );
});
