import { decodePng } from "../plot/mod.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "../std.ts";
import { fakeRun } from "./_fixtures.ts";
import {
  classMeanImages,
  classMeansPng,
  classSamplesPng,
  clusterSamplesPng,
  reconstructionsPng,
} from "./image_grids.ts";

Deno.test("classSamplesPng() draws one captioned row per class", async () => {
  const run = fakeRun();
  const one = await decodePng(
    await classSamplesPng({ images: run.testImages, labels: run.testLabels }, {
      classNames: ["a"],
      perClass: 3,
    }),
  );
  const four = await decodePng(
    await classSamplesPng({ images: run.testImages, labels: run.testLabels }, {
      classNames: run.classNames,
      perClass: 3,
    }),
  );
  assert(four.height > 3 * one.height, `${four.height} vs ${one.height}`);
  await assertRejects(
    () => classSamplesPng({ images: run.testImages, labels: run.testLabels }, { perClass: 0 }),
    RangeError,
    "Cannot draw class samples: perClass must be an integer >= 1, current value is 0",
  );
});

Deno.test("classMeanImages() averages bytes and floats per class and rejects unknown labels", () => {
  const images = Uint8Array.of(...new Array(784).fill(0), ...new Array(784).fill(255));
  const means = classMeanImages({ images, labels: [1, 1] }, 2);
  assertEquals([means[0], means[784]], [0, 0.5]);
  assertThrows(
    () => classMeanImages({ images, labels: [0, 2] }, 2),
    RangeError,
    "Cannot average images per class: labels must be integers in [0, 2), current value is 2",
  );
});

Deno.test("classMeansPng() draws one column per class", async () => {
  const run = fakeRun();
  const png = await decodePng(
    await classMeansPng({ images: run.testImages, labels: run.testLabels }, {
      classNames: run.classNames,
      scale: 1,
    }),
  );
  assert(png.width >= 4 * 28, String(png.width));
});

Deno.test("clusterSamplesPng() draws one row per cluster", async () => {
  const run = fakeRun();
  const png = await decodePng(await clusterSamplesPng(run, "km", { perCluster: 2 }));
  const single = await decodePng(
    await classSamplesPng({ images: run.testImages, labels: run.testLabels }, {
      classNames: ["a"],
      perClass: 2,
    }),
  );
  assert(png.height > 3 * single.height);
  await assertRejects(() => clusterSamplesPng(run, "nope"), RangeError, 'none of method "nope"');
});

Deno.test("reconstructionsPng() pairs test images with their reconstructions, or says there are none", async () => {
  const run = fakeRun();
  const png = await decodePng(await reconstructionsPng(run, { count: 2 }));
  assert(png.width > 2 * 56 && png.height > 2 * 56);
  run.artifacts.autoencoder = {};
  await assertRejects(
    () => reconstructionsPng(run),
    RangeError,
    "Cannot draw reconstructions: the run has none for seed 0",
  );
});
