import { assertEquals, assertThrows } from "../std.ts";
import { PIXELS } from "../data/mod.ts";
import { defineStage, type ProgressEvent } from "../pipeline/mod.ts";
import { notebookSettings } from "./settings.ts";
import { stackBlockRows, stageReader } from "./stage_reader.ts";

Deno.test("stageReader() computes a stage once, then reads it from the cache under the same key", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "stage-reader-" });
  try {
    let computed = 0;
    const stage = defineStage<Int32Array, Record<never, never>>({
      id: "demo-first-labels",
      description: "the first training labels of the seed's split",
      scope: "split",
      inputs: {},
      settings: () => ({}),
      compute: (_inputs, { split }) => {
        computed++;
        return Promise.resolve({
          json: {},
          arrays: { labels: Int32Array.from(split().trainLabels.slice(0, 5)) },
        });
      },
      read: (artifact) => artifact.arrays.labels as Int32Array,
    });
    const settings = notebookSettings({ size: "quick", cacheDir, seeds: [1] });
    const events: ProgressEvent[] = [];
    const first = await stageReader(settings, { onProgress: (e) => events.push(e) });
    assertEquals(first.seed, 1);
    const labels = await first.output(stage);
    assertEquals(Array.from(labels), Array.from(first.split.trainLabels.slice(0, 5)));
    const again = await (await stageReader(settings, { onProgress: (e) => events.push(e) })).output(stage);
    assertEquals([computed, Array.from(again)], [1, Array.from(labels)]);
    assertEquals(events.filter((e) => e.phase === "done").map((e) => e.cached ?? false), [false, true]);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("stackBlockRows() takes the pixels from the split and refuses a missing block", () => {
  const split = {
    train: [0],
    validation: [1],
    trainImages: new Float32Array(PIXELS).fill(0.5),
    validationImages: new Float32Array(PIXELS).fill(0.25),
  };
  const data = { testImages: new Float32Array(2 * PIXELS) };
  const reader = { split, data } as never;
  const [pixels] = stackBlockRows(new Map(), reader, ["pixels"]);
  assertEquals([pixels.width, pixels.fit[0], pixels.validation[0], pixels.test.length], [
    PIXELS,
    0.5,
    0.25,
    2 * PIXELS,
  ]);
  assertThrows(
    () => stackBlockRows(new Map(), reader, ["hog"]),
    RangeError,
    'no "hog" block; they hold none',
  );
});
