import { assert, assertEquals, assertRejects, join } from "../std.ts";
import { decodePng } from "../plot/mod.ts";
import { METRIC_NAMES } from "../pipeline/results.ts";
import { fabricateRun } from "./_fixtures.ts";
import { readSweep, writeReport } from "./write_report.ts";

/** Every file under `dir`, relative path -> bytes. */
async function snapshot(dir: string, prefix = ""): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const entry of Deno.readDir(join(dir, prefix))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) { for (const [k, v] of await snapshot(dir, path)) out.set(k, v); }
    else out.set(path, await Deno.readFile(join(dir, path)));
  }
  return out;
}

/** Share of pixels that differ from the top-left (background) pixel, and the darkest luminance. */
async function inkOf(png: Uint8Array): Promise<{ ink: number; darkest: number; width: number }> {
  const { data, width, height, channels } = await decodePng(png);
  let differing = 0;
  let darkest = 255;
  for (let p = 0; p < width * height; p++) {
    const o = p * channels;
    const alpha = channels === 2 ? data[o + 1] : channels === 4 ? data[o + 3] : 255;
    let diff = false;
    for (let c = 0; c < Math.min(channels, 3); c++) if (data[o + c] !== data[c]) diff = true;
    if (diff) differing++;
    if (alpha > 128) darkest = Math.min(darkest, data[o]);
  }
  return { ink: differing / (width * height), darkest, width };
}

const AXIS_TITLES: Record<string, string[]> = {
  "figures/loss_curves.svg": ["Epoch", "MSE", "Split", "Seed"],
  "figures/results_bar.svg": ["Method", "Score", "Metric"],
  "figures/embedding_clusters.svg": ["PC 1 (31.0% of variance)", "PC 2 (17.0% of variance)", "Cluster"],
  "figures/embedding_classes.svg": ["PC 1 (31.0% of variance)", "Class", "Ankle boot"],
};
for (const id of ["kmeans-raw", "ae-kmeans", "ae-gmm"]) {
  AXIS_TITLES[`figures/confusion_${id}.svg`] = ["True class", "Cluster: matched class", "Count", "Trouser"];
}

Deno.test("writeReport() writes tables, figures and REPORT.md from results.json and artifacts.json", async (t) => {
  const dir = await Deno.makeTempDir();
  const { results } = await fabricateRun(dir, { nTest: 200, seeds: [0, 1] });
  const logs: string[] = [];
  const { files } = await writeReport({ outDir: dir, onLog: (l) => logs.push(l) });
  const first = await snapshot(dir);

  await t.step("lists every file it wrote, and they exist", () => {
    assertEquals(files.length, 23);
    assertEquals(files.at(-1), "index.html");
    for (const f of files) assert(first.has(f), `${f} is missing`);
    for (const f of ["results.md", "results.csv", "REPORT.md", ...Object.keys(AXIS_TITLES)]) {
      assert(files.includes(f), f);
    }
    for (const f of ["dataset_samples", "reconstructions", "clusters_ae-gmm", "loss_curves"]) {
      assert(files.includes(`figures/${f}.png`), f);
    }
    assert(!logs.some((l) => l.includes("warning")), logs.join("\n"));
    assert(logs.at(-1)!.startsWith("report: 23 files written"));
  });

  await t.step("the tables hold the numbers of results.json", () => {
    const md = new TextDecoder().decode(first.get("results.md"));
    const csv = new TextDecoder().decode(first.get("results.csv")).trimEnd().split("\n");
    const header = csv[0].split(",");
    for (const m of results.methods) {
      const s = m.metrics;
      assert(
        md.includes(METRIC_NAMES.map((n) => `${s[n].mean.toFixed(4)} ± ${s[n].std.toFixed(4)}`).join(" | ")),
      );
      const row = csv.find((l) => l.startsWith(`${m.id},`))!.split(",");
      for (const n of METRIC_NAMES) assertEquals(Number(row[header.indexOf(`${n}_mean`)]), s[n].mean);
    }
  });

  await t.step("every SVG is a document with its axis titles", () => {
    for (const [path, titles] of Object.entries(AXIS_TITLES)) {
      const svg = new TextDecoder().decode(first.get(path));
      assert(svg.startsWith("<svg") && svg.trimEnd().endsWith("</svg>"), path);
      for (const title of titles) assert(svg.includes(`>${title}</text>`), `${path} lacks "${title}"`);
    }
  });

  await t.step("every PNG decodes and has drawn pixels and dark text or images", async () => {
    const pngs = [...first.keys()].filter((p) => p.endsWith(".png"));
    assertEquals(pngs.length, 12);
    for (const path of pngs) {
      const { ink, darkest, width } = await inkOf(first.get(path)!);
      assert(ink > 0.02, `${path} is nearly blank (${ink})`);
      assert(darkest < 80, `${path} has no dark pixels (${darkest})`);
      assert(width >= 200, `${path} is ${width} px wide`);
    }
  });

  await t.step("REPORT.md has every section and links only existing files", () => {
    const md = new TextDecoder().decode(first.get("REPORT.md"));
    for (const h of ["## Dataset", "## Preprocessing", "## Architecture", "## Results", "## Conclusion"]) {
      assert(md.includes(`\n${h}\n`), h);
    }
    const links = [...md.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
    const figureFiles = files.filter((f) => f.startsWith("figures/"));
    for (const link of links) assert(first.has(link), `broken link ${link}`);
    for (const f of figureFiles) assert(links.includes(f), `${f} is not linked`);
  });

  await t.step("index.html holds the tables, every figure and the explorer data inline", () => {
    const html = new TextDecoder().decode(first.get("index.html"));
    for (const m of results.methods) {
      assert(html.includes(`<tr data-method="${m.id}">`), m.id);
      assert(html.includes(`data-mean="${m.metrics.ami.mean}"`), `${m.id} AMI`);
    }
    assertEquals(html.match(/<figure id="fig-/g)?.length, 12);
    assert(html.includes('<script type="application/json" id="explorer-data">'));
    assert(!/<script[^>]*\bsrc=|<link\b/.test(html), "index.html loads an external resource");
  });

  await t.step("a second run writes byte-identical files and leaves no temporary file", async () => {
    await writeReport({ outDir: dir });
    const second = await snapshot(dir);
    assertEquals([...second.keys()].sort(), [...first.keys()].sort());
    for (const [path, bytes] of first) assertEquals(second.get(path), bytes, `${path} differs`);
    assert(![...second.keys()].some((p) => p.endsWith(".tmp")));
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeReport() skips the autoencoder figures and sections when the run has none", async () => {
  const dir = await Deno.makeTempDir();
  await fabricateRun(dir, { nTest: 200, seeds: [0], autoencoder: false });
  const { files } = await writeReport({ outDir: dir, html: false });
  assert(!files.includes("index.html"));
  assertEquals(files.filter((f) => f.startsWith("figures/")), [
    "figures/dataset_samples.png",
    "figures/results_bar.svg",
    "figures/results_bar.png",
    "figures/confusion_kmeans-raw.svg",
    "figures/confusion_kmeans-raw.png",
    "figures/clusters_kmeans-raw.png",
  ]);
  const md = await Deno.readTextFile(join(dir, "REPORT.md"));
  assert(md.includes("This run has no autoencoder artifacts"));
  for (const [, link] of md.matchAll(/\]\(([^)]+)\)/g)) await Deno.stat(join(dir, link));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeReport() draws only the dataset and results figures without artifacts.json", async () => {
  const dir = await Deno.makeTempDir();
  await fabricateRun(dir, { nTest: 200, seeds: [0], autoencoder: false });
  await Deno.remove(join(dir, "artifacts.json"));
  const logs: string[] = [];
  const { files } = await writeReport({ outDir: dir, onLog: (l) => logs.push(l) });
  assertEquals(files.filter((f) => f.endsWith(".png")), [
    "figures/dataset_samples.png",
    "figures/results_bar.png",
  ]);
  assert(logs[0].includes("no artifacts.json"));
  const html = await Deno.readTextFile(join(dir, "index.html"));
  assert(html.includes("nothing to explore") && !html.includes('id="explorer-data"'));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeReport() rejects a missing or invalid results.json and an invalid artifacts.json", async () => {
  const dir = await Deno.makeTempDir();
  await assertRejects(
    () => writeReport({ outDir: dir }),
    Error,
    `Cannot write report: ${join(dir, "results.json")} does not exist; run \`deno task reproduce\` first`,
  );
  await Deno.writeTextFile(join(dir, "results.json"), "{not json");
  await assertRejects(() => writeReport({ outDir: dir }), Error, "results.json is not valid JSON");
  await Deno.writeTextFile(join(dir, "results.json"), JSON.stringify({ methods: [{}], manifest: {} }));
  await assertRejects(
    () => writeReport({ outDir: dir }),
    TypeError,
    "results.json is invalid: Invalid results: methods[0].id must be a non-empty string",
  );
  await fabricateRun(dir, { nTest: 200, seeds: [0], autoencoder: false });
  await Deno.writeTextFile(
    join(dir, "artifacts.json"),
    JSON.stringify({ seeds: [0], nTest: 0, predictions: {} }),
  );
  await assertRejects(
    () => writeReport({ outDir: dir }),
    TypeError,
    "artifacts.json is invalid: Invalid artifacts: nTest must be an integer >= 1",
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readSweep() reads a sweep.json, is undefined without one and rejects a malformed one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assertEquals(await readSweep(dir), undefined);
    const point = {
      architecture: "report",
      learningRate: 0.001,
      epoch: 5,
      valLoss: 0.01,
      testAmi: 0.5,
      trainSeconds: 90,
    };
    await Deno.writeTextFile(
      join(dir, "sweep.json"),
      JSON.stringify({ points: [point], selected: point, seed: 0, data: { nTrain: 100, nValidation: 20 } }),
    );
    const sweep = await readSweep(dir);
    assertEquals([sweep?.points.length, sweep?.nTrain, sweep?.figure], [1, 100, undefined]);
    await Deno.writeTextFile(join(dir, "sweep.json"), JSON.stringify({ points: [] }));
    await assertRejects(() => readSweep(dir), TypeError, "sweep.json is invalid: expected points");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeReport() refuses results.json whose methods are none, unknown, or not those of artifacts.json", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { results, artifacts } = await fabricateRun(dir, { nTest: 200, seeds: [0, 1] });
    const resultsPath = join(dir, "results.json");
    const artifactsPath = join(dir, "artifacts.json");
    const predictions = artifacts.predictions as Record<string, Record<string, number[]>>;
    const without = (id: string) =>
      Object.fromEntries(Object.entries(predictions["1"]).filter(([k]) => k !== id));
    const renamed = (
      m: (typeof results.methods)[number],
    ) => (m.id === "ae-gmm" ? { ...m, id: "ae-bogus" } : m);
    const cases: [unknown, unknown, string][] = [
      [{ ...results, methods: [] }, artifacts, `${resultsPath} lists no methods (methods is [])`],
      [
        { ...results, methods: results.methods.filter((m) => m.id !== "ae-gmm") },
        artifacts,
        `${resultsPath} lacks method ae-gmm, which ${artifactsPath} has predictions of (seed 0)`,
      ],
      [
        results,
        { ...artifacts, predictions: { ...predictions, "1": without("ae-kmeans") } },
        `${resultsPath} lists method ae-kmeans, which ${artifactsPath} has no predictions of (seed 1)`,
      ],
      [
        { ...results, methods: results.methods.map(renamed) },
        artifacts,
        `${resultsPath} lists method ae-bogus, not in the registry (lib/methods/mod.ts); the methods are kmeans-raw, `,
      ],
      [
        { ...results, manifest: { ...results.manifest, methods: ["kmeans-raw", "ae-kmeans"] } },
        artifacts,
        `${resultsPath} holds methods kmeans-raw, ae-kmeans, ae-gmm but its manifest.methods lists kmeans-raw, ae-kmeans`,
      ],
    ];
    for (const [res, art, message] of cases) {
      await Deno.writeTextFile(resultsPath, JSON.stringify(res));
      await Deno.writeTextFile(artifactsPath, JSON.stringify(art));
      const error = await assertRejects(
        () => writeReport({ outDir: dir }),
        RangeError,
        `Cannot write report: ${message}`,
      );
      assert(error.message.endsWith("rerun `deno task reproduce`"), error.message);
      // Refused before anything is written.
      assertEquals((await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort(), [
        "artifacts.json",
        "results.json",
      ]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeReport() removes the figures of methods no longer in results.json, and no other file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { results, artifacts } = await fabricateRun(dir, { nTest: 200, seeds: [0], autoencoder: false });
    const first = await writeReport({ outDir: dir, html: false });
    assertEquals(first.removed, []);
    // A run of other methods: ae-gmm's figures are stale, the rest is not the report's to remove.
    const unrelated = ["notes.txt", "confusion_ae-gmm.txt", "clusters_ae-gmm.svg", "confusion_Old.png"];
    for (const name of unrelated) await Deno.writeTextFile(join(dir, "figures", name), "keep");
    for (const name of ["confusion_ae-gmm.svg", "confusion_ae-gmm.png", "clusters_ae-gmm.png"]) {
      await Deno.copyFile(
        join(dir, "figures", name.replace("ae-gmm", "kmeans-raw")),
        join(dir, "figures", name),
      );
    }
    await Deno.writeTextFile(join(dir, "results.json"), JSON.stringify(results));
    await Deno.writeTextFile(join(dir, "artifacts.json"), JSON.stringify(artifacts));
    const logs: string[] = [];
    const second = await writeReport({ outDir: dir, html: false, onLog: (l) => logs.push(l) });
    assertEquals(second.removed, [
      "figures/clusters_ae-gmm.png",
      "figures/confusion_ae-gmm.png",
      "figures/confusion_ae-gmm.svg",
    ]);
    const names = (await Array.fromAsync(Deno.readDir(join(dir, "figures")))).map((e) => e.name);
    for (const name of unrelated) assert(names.includes(name), name);
    assert(!names.some((n) => n.includes("ae-gmm.") && !unrelated.includes(n)), names.join(", "));
    assert(names.includes("confusion_kmeans-raw.svg") && names.includes("clusters_kmeans-raw.png"));
    assert(logs.some((l) => l.includes("removed the figures of methods no longer in results.json")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
