import { assert, assertEquals, assertRejects } from "../std.ts";
import { decodePng } from "./decode_png.ts";
import type { RasterImage } from "./encode_png.ts";
import { imageGridPng, reconstructionGridPng } from "./image_grid.ts";

/** n images of 28×28 whose pixel (y, x) of image k is (k * 50 + y * 3 + x) % 256. */
function patternImages(n: number): Uint8Array {
  const out = new Uint8Array(n * 784);
  for (let k = 0; k < n; k++) {
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) out[k * 784 + y * 28 + x] = (k * 50 + y * 3 + x) % 256;
    }
  }
  return out;
}

function pixel({ data, width, channels }: RasterImage, x: number, y: number): number[] {
  const p = (y * width + x) * channels;
  return [...data.subarray(p, p + channels)];
}

Deno.test("imageGridPng() places each upscaled image in its cell, row-major, with padding", async () => {
  const images = patternImages(5);
  const scale = 2;
  const padding = 3;
  const image = await decodePng(
    await imageGridPng(images, { rows: 2, cols: 3, scale, padding, background: 17 }),
  );
  const cell = 28 * scale + padding;
  assertEquals([image.width, image.height, image.channels], [padding + 3 * cell, padding + 2 * cell, 1]);
  for (let k = 0; k < 5; k++) {
    const x0 = padding + (k % 3) * cell;
    const y0 = padding + Math.floor(k / 3) * cell;
    for (let y = 0; y < 28 * scale; y++) {
      for (let x = 0; x < 28 * scale; x++) {
        const expected = images[k * 784 + Math.floor(y / scale) * 28 + Math.floor(x / scale)];
        if (pixel(image, x0 + x, y0 + y)[0] !== expected) {
          throw new Error(
            `image ${k} pixel (${x}, ${y}) is ${pixel(image, x0 + x, y0 + y)}, not ${expected}`,
          );
        }
      }
    }
  }
  assertEquals(pixel(image, 0, 0), [17]); // border
  assertEquals(pixel(image, padding + 2 * cell + 10, padding + cell + 10), [17]); // the empty sixth cell
});

Deno.test("imageGridPng() maps floats in [0, 1] to bytes, clamping, and lays out 10 columns by default", async () => {
  const images = new Float32Array(12 * 784);
  images.fill(0.5, 0, 784);
  images.fill(2, 784, 2 * 784);
  images.fill(-1, 2 * 784, 3 * 784);
  const image = await decodePng(await imageGridPng(images, { scale: 1, padding: 0 }));
  assertEquals([image.width, image.height], [280, 56]);
  assertEquals([pixel(image, 5, 5), pixel(image, 33, 5), pixel(image, 61, 5)], [[128], [255], [0]]);
});

Deno.test("imageGridPng() writes RGB for RGB images or an RGB background", async () => {
  const rgb = new Uint8Array(2 * 4 * 4 * 3);
  for (let i = 0; i < rgb.length; i += 3) rgb.set([200, 100, 50], i);
  const image = await decodePng(
    await imageGridPng(rgb, { imageWidth: 4, imageHeight: 4, channels: 3, scale: 1, padding: 1 }),
  );
  assertEquals([image.width, image.height, image.channels], [11, 6, 3]);
  assertEquals([pixel(image, 1, 1), pixel(image, 0, 0)], [[200, 100, 50], [255, 255, 255]]);
  const gray = await decodePng(
    await imageGridPng(patternImages(1), { background: [255, 0, 0], padding: 1, scale: 1 }),
  );
  assertEquals([gray.channels, pixel(gray, 0, 0), pixel(gray, 1 + 5, 1 + 2)], [3, [255, 0, 0], [11, 11, 11]]);
});

Deno.test("imageGridPng() draws labels under the cells as dark text", async () => {
  const images = new Uint8Array(2 * 784).fill(255);
  const labels = ["Trouser", "Bag"];
  const image = await decodePng(
    await imageGridPng(images, { scale: 3, padding: 2, labels, background: 255 }),
  );
  assertEquals(image.channels, 4);
  assertEquals(image.width, 2 + 2 * (84 + 2));
  assert(image.height > 2 + 84 + 2, `height ${image.height} leaves no room for labels`);
  let dark = 0;
  for (let y = 2 + 84; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) if (pixel(image, x, y)[0] < 128) dark++;
  }
  assert(dark > 30, `only ${dark} dark pixels in the label band`);
  assertEquals(pixel(image, 40, 40), [255, 255, 255, 255]); // the white image itself
});

Deno.test("reconstructionGridPng() stacks originals above reconstructions with row labels", async () => {
  const originals = patternImages(12);
  const reconstructions = new Float32Array(12 * 784).fill(0);
  const plain = await decodePng(
    await reconstructionGridPng(originals, reconstructions, { rowLabels: [], scale: 1, padding: 0 }),
  );
  assertEquals([plain.width, plain.height], [280, 56]);
  assertEquals([pixel(plain, 28 + 1, 2), pixel(plain, 28 + 1, 30)], [[50 + 6 + 1], [0]]);
  const labelled = await decodePng(await reconstructionGridPng(originals, reconstructions, { count: 3 }));
  assert(labelled.width > 2 + 3 * 58, "the row labels take a left margin");
  assertEquals(labelled.height, 2 + 2 * 58);
});

Deno.test("imageGridPng() and reconstructionGridPng() reject bad shapes and layouts", async () => {
  await assertRejects(
    () => imageGridPng(new Uint8Array(100)),
    TypeError,
    "Cannot build image grid: images length must be a positive multiple of imageWidth * imageHeight * channels = 784, current value is 100",
  );
  await assertRejects(
    () => imageGridPng(new Uint8Array(5 * 784), { rows: 2, cols: 2 }),
    RangeError,
    "Cannot build image grid: rows * cols must hold every image (5), current value is 2 * 2 = 4",
  );
  await assertRejects(
    () => imageGridPng(new Uint8Array(784), { scale: 1.5 }),
    RangeError,
    "Cannot build image grid: scale must be an integer >= 1, current value is 1.5",
  );
  await assertRejects(
    () => imageGridPng(new Uint8Array(784), { labels: ["a", "b"] }),
    RangeError,
    "Cannot build image grid: labels must have one entry per image (1), current length is 2",
  );
  await assertRejects(
    () => imageGridPng(new Int32Array(784) as unknown as Uint8Array),
    TypeError,
    "Cannot build image grid: images must be a Uint8Array or Float32Array, current type is Int32Array",
  );
  await assertRejects(
    () => reconstructionGridPng(new Uint8Array(784), new Uint8Array(2 * 784)),
    TypeError,
    "Cannot build reconstruction grid: reconstructions must have the length of originals (784), current value is 1568",
  );
  await assertRejects(
    () => reconstructionGridPng(new Uint8Array(784), new Uint8Array(784), { count: 2 }),
    RangeError,
    "Cannot build reconstruction grid: count must be an integer in [1, 1], current value is 2",
  );
});
