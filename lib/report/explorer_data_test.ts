import { decodePng } from "../plot/mod.ts";
import { assert, assertEquals, assertRejects } from "../std.ts";
import { fabricateRun } from "./_fixtures.ts";
import { buildExplorerData } from "./explorer_data.ts";
import { parseReportArtifacts } from "./report_artifacts.ts";
import { CLASS_NAMES } from "../data/mod.ts";

async function fabricated(nTest: number, autoencoder = true) {
  const dir = await Deno.makeTempDir();
  const run = await fabricateRun(dir, { nTest, seeds: [0, 1], autoencoder });
  await Deno.remove(dir, { recursive: true });
  return { ...run, artifacts: parseReportArtifacts(run.artifacts) };
}

Deno.test("buildExplorerData() summarises every cluster of every seed and method", async () => {
  const { results, artifacts, data } = await fabricated(300);
  const explorer = await buildExplorerData({
    results,
    artifacts,
    testImages: data.test.images,
    testLabels: data.test.labels,
    classNames: CLASS_NAMES,
  }, { membersPerCluster: 5 });
  assertEquals(explorer.seeds, ["0", "1"]);
  assertEquals(explorer.methods.map((m) => m.id), ["kmeans-raw", "ae-kmeans", "ae-gmm"]);
  assertEquals(explorer.defaultMethod, "ae-gmm");
  const labels = data.test.labels.subarray(0, 300);
  for (const seed of explorer.seeds) {
    for (const { id } of explorer.methods) {
      const run = explorer.runs[seed][id];
      const pred = artifacts.predictions[seed][id];
      assertEquals(run.clusters.reduce((a, c) => a + c.size, 0), 300);
      for (const c of run.clusters) {
        const members = pred.flatMap((k, i) => (k === c.id ? [i] : []));
        assertEquals(c.size, members.length);
        assertEquals(c.members, members.slice(0, 5));
        const counts = CLASS_NAMES.map((_, k) => members.filter((i) => labels[i] === k).length);
        assertEquals(c.classCounts, counts);
      }
      assertEquals(run.pointClusters, explorer.pointIndices.map((i) => pred[i]));
    }
  }
  // The "perfect" fabricated clustering: every cluster matched, accuracy 1.
  assertEquals(explorer.runs["0"]["ae-kmeans"].accuracy, 1);
  assert(explorer.runs["0"]["ae-kmeans"].clusters.every((c) => c.matchedClass !== null));
});

Deno.test("buildExplorerData() subsamples the embedding evenly and rounds its coordinates", async () => {
  const { results, artifacts, data } = await fabricated(300);
  const input = {
    results,
    artifacts,
    testImages: data.test.images,
    testLabels: data.test.labels,
    classNames: CLASS_NAMES,
  };
  const explorer = await buildExplorerData(input, { maxScatterPoints: 100, membersPerCluster: 2 });
  assertEquals(explorer.pointIndices.length, 100);
  assertEquals(explorer.pointIndices.slice(0, 4), [0, 3, 6, 9]);
  assertEquals(explorer.embeddingSeed, { "0": "0", "1": "1" });
  const { x } = artifacts.autoencoder["0"].embedding2d!;
  assertEquals(explorer.embeddings["0"].x[1], Number(x[3].toPrecision(5)));
  assertEquals(explorer.embeddings["0"].xTitle, "PC 1 (31.0% of variance)");
  // Every image shown (scatter points and cluster members) has a thumbnail, ascending, without duplicates.
  const shown = new Set(explorer.pointIndices);
  for (const byMethod of Object.values(explorer.runs)) {
    for (const run of Object.values(byMethod)) {
      for (const c of run.clusters) c.members.forEach((i) => shown.add(i));
    }
  }
  assertEquals(explorer.images.indices, [...shown].sort((a, b) => a - b));
  assertEquals(explorer.images.labels, explorer.images.indices.map((i) => data.test.labels[i]));
  const png = Uint8Array.from(atob(explorer.images.png[1]), (c) => c.charCodeAt(0));
  const image = await decodePng(png);
  assertEquals([image.width, image.height, image.channels], [28, 28, 1]);
  const i = explorer.images.indices[1];
  assertEquals(image.data, data.test.images.subarray(i * 784, (i + 1) * 784));
});

Deno.test("buildExplorerData() has no scatter without an embedding", async () => {
  const { results, artifacts, data } = await fabricated(200, false);
  const explorer = await buildExplorerData({
    results,
    artifacts,
    testImages: data.test.images,
    testLabels: data.test.labels,
    classNames: CLASS_NAMES,
  });
  assertEquals([explorer.pointIndices, explorer.embeddings], [[], {}]);
  assertEquals(explorer.embeddingSeed, { "0": null, "1": null });
  assertEquals(explorer.defaultMethod, "kmeans-raw");
  assertEquals(explorer.runs["1"]["kmeans-raw"].pointClusters, []);
});

Deno.test("buildExplorerData() rejects bad options and too few test images", async () => {
  const { results, artifacts, data } = await fabricated(200, false);
  const input = {
    results,
    artifacts,
    testImages: data.test.images,
    testLabels: data.test.labels,
    classNames: CLASS_NAMES,
  };
  await assertRejects(
    () => buildExplorerData(input, { membersPerCluster: 0 }),
    RangeError,
    "Cannot build the explorer data: membersPerCluster must be an integer >= 1, current value is 0",
  );
  await assertRejects(
    () => buildExplorerData({ ...input, testLabels: data.test.labels.subarray(0, 10) }),
    RangeError,
    "Cannot build the explorer data: artifacts.nTest (200) exceeds the test images loaded (10)",
  );
});
