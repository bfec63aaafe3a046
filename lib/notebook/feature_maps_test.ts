import { assert, assertEquals, assertThrows } from "../std.ts";
import { hog, hogFeatureWidth, scattering, scatteringFeatureWidth } from "../features/mod.ts";
import { initTensorBackend } from "../backend/mod.ts";
import { decodePng } from "../plot/mod.ts";
import { hogGlyphMap, mapsGridPng, scatteringChannelLabels, splitMaps } from "./feature_maps.ts";

Deno.test("mapsGridPng() stretches each map to its own range, or maps a shared range", async () => {
  const maps = [{ values: [0, 10], width: 2, height: 1 }, { values: [0, 1], width: 2, height: 1 }];
  const gray = async (range?: readonly [number, number]) => {
    const { data, width, channels } = await decodePng(
      await mapsGridPng(
        maps,
        { cellSize: 2, scale: 1, padding: 0, cols: 2, ...(range ? { range } : {}) } as never,
      ),
    );
    // The first row of cell pixels (after imageGridPng's padding of 2).
    return Array.from({ length: 4 }, (_, x) => data[(2 * width + 2 + x + (x >= 2 ? 2 : 0)) * channels]);
  };
  assertEquals(await gray(), [0, 255, 0, 255]);
  assertEquals(await gray([0, 10]), [0, 255, 0, 26]);
});

Deno.test("mapsGridPng() refuses what it cannot draw", async () => {
  const map = { values: [1, 2, 3], width: 2, height: 2 };
  await assertRejects(() => mapsGridPng([]), "at least one map");
  await assertRejects(() => mapsGridPng([map]), "must hold 2×2 = 4 values");
  await assertRejects(
    () => mapsGridPng([{ values: new Array(900).fill(0), width: 30, height: 30 }]),
    "must fit a cell of 28",
  );
});

async function assertRejects(f: () => Promise<unknown>, message: string) {
  try {
    await f();
  } catch (error) {
    assert(error instanceof RangeError && error.message.includes(message), String(error));
    return;
  }
  throw new Error(`expected a RangeError with "${message}"`);
}

Deno.test("splitMaps() cuts a scattering descriptor into its channels", async () => {
  await initTensorBackend();
  const image = new Float32Array(784).map((_, i) => ((i % 28) > 14 ? 1 : 0));
  const { features } = scattering(image, { scales: 3, orientations: 8 });
  assertEquals(features.length, scatteringFeatureWidth());
  const channels = splitMaps(features, 4, 4);
  assertEquals(channels.length, scatteringChannelLabels(3, 8).length);
  assertThrows(() => splitMaps(features, 3, 3), RangeError, "whole 3×3 maps");
});

Deno.test("hogGlyphMap() draws a horizontal edge's cells with horizontal lines", () => {
  // Dark top half, bright bottom half: gradients along the rows (90°), edges along the columns.
  const image = new Float32Array(784).map((_, i) => (Math.floor(i / 28) >= 14 ? 1 : 0));
  const descriptor = hog(image).features;
  assertEquals(descriptor.length, hogFeatureWidth());
  const glyphs = hogGlyphMap(descriptor, { upscale: 2 });
  assertEquals([glyphs.width, glyphs.height], [56, 56]);
  // Cells of the rows that hold the edge (cell rows 1 and 2): their lit pixels span the cell's width, not its height.
  const cell = 14;
  const lit: [number, number][] = [];
  for (let y = cell; y < 2 * cell; y++) {
    for (let x = 0; x < cell; x++) if (glyphs.values[y * 56 + x] > 0.5) lit.push([y, x]);
  }
  assert(lit.length > 0);
  const span = (k: 0 | 1) => Math.max(...lit.map((p) => p[k])) - Math.min(...lit.map((p) => p[k]));
  assert(span(1) > 3 * span(0), `lit rows span ${span(0)}, columns ${span(1)}`);
  assertThrows(() => hogGlyphMap(descriptor.subarray(1)), RangeError, "must hold 324 values");
});
