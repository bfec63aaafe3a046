import { assert, assertEquals } from "../std.ts";
import { CLASS_NAMES } from "../data/mod.ts";
import { fabricateRun } from "./_fixtures.ts";
import { buildFigures } from "./figures.ts";
import { parseReportArtifacts } from "./report_artifacts.ts";

const dir = await Deno.makeTempDir();
const run = await fabricateRun(dir, { nTest: 200, seeds: [0, 1] });
await Deno.remove(dir, { recursive: true });
const artifacts = parseReportArtifacts(run.artifacts);
const input = {
  results: run.results,
  testImages: run.data.test.images,
  testLabels: run.data.test.labels,
  classNames: CLASS_NAMES,
};

Deno.test("buildFigures() draws every figure in report order when all artifacts are present", async () => {
  const seen: string[] = [];
  const warnings: string[] = [];
  const figures = await buildFigures({ ...input, artifacts }, {
    samplesPerGroup: 3,
    onFigure: (f) => seen.push(f.id),
    onWarning: (w) => warnings.push(w),
  });
  const ids = figures.map((f) => f.id);
  assertEquals(ids, [
    "dataset_samples",
    "loss_curves",
    "reconstructions",
    "results_bar",
    "confusion_kmeans-raw",
    "clusters_kmeans-raw",
    "confusion_ae-kmeans",
    "clusters_ae-kmeans",
    "confusion_ae-gmm",
    "clusters_ae-gmm",
    "embedding_clusters",
    "embedding_classes",
  ]);
  assertEquals(seen, ids);
  assertEquals(warnings, []);
  assertEquals(figures.map((f) => f.section).slice(0, 4), [
    "dataset",
    "architecture",
    "architecture",
    "results",
  ]);
  for (const f of figures) {
    assert(f.files.some((file) => file.path === f.image && file.data instanceof Uint8Array));
    for (const file of f.files) assert(file.path.startsWith("figures/"));
  }
  const scatter = figures.find((f) => f.id === "embedding_clusters")!;
  assert(scatter.caption.includes("coloured by the ae-gmm cluster"));
});

Deno.test("buildFigures() skips the autoencoder figures when the artifacts have no autoencoder part", async () => {
  const results = { ...run.results, methods: run.results.methods.filter((m) => m.id === "kmeans-raw") };
  const figures = await buildFigures({ ...input, results, artifacts: { ...artifacts, autoencoder: {} } }, {
    samplesPerGroup: 2,
  });
  assertEquals(figures.map((f) => f.id), [
    "dataset_samples",
    "results_bar",
    "confusion_kmeans-raw",
    "clusters_kmeans-raw",
  ]);
});

Deno.test("buildFigures() caps the embedding scatter at maxScatterPoints", async () => {
  const only = {
    ...artifacts,
    autoencoder: { "0": { embedding2d: artifacts.autoencoder["0"].embedding2d } },
  };
  const figures = await buildFigures({ ...input, results: { methods: [], manifest: {} }, artifacts: only }, {
    samplesPerGroup: 1,
    maxScatterPoints: 50,
  });
  assertEquals(figures.map((f) => f.id), ["dataset_samples", "embedding_clusters", "embedding_classes"]);
  const svg = figures[2].files.find((f) => f.path.endsWith(".svg"))!.data as string;
  assert(figures[2].caption.startsWith("50 of 200 test encodings"));
  assert(svg.includes("PC 1 (31.0% of variance)"));
});
