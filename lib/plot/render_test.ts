import { assert, assertEquals, assertRejects } from "../std.ts";
import type { TopLevelSpec } from "vega-lite";
import { decodePng } from "./decode_png.ts";
import { PNG_SIGNATURE, type RasterImage } from "./encode_png.ts";
import { DEFAULT_FONT_FILE, renderPng, renderSvg } from "./render.ts";

function chart(title?: TopLevelSpec["title"]): TopLevelSpec {
  return {
    ...(title === undefined ? {} : { title }),
    width: 200,
    height: 100,
    data: { values: [{ epoch: 1, loss: 0.5 }, { epoch: 2, loss: 0.3 }] },
    mark: "line",
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "Epoch" },
      y: { field: "loss", type: "quantitative", title: "Loss" },
    },
  };
}

/** Counts pixels darker than mid-gray in rows [y0, y1) of an RGBA or RGB image. */
function darkPixels({ data, width, channels }: RasterImage, y0: number, y1: number): number {
  let n = 0;
  for (let i = y0 * width; i < y1 * width; i++) {
    const p = i * channels;
    const alpha = channels === 4 ? data[p + 3] : 255;
    if (alpha > 128 && data[p] < 128 && data[p + 1] < 128 && data[p + 2] < 128) n++;
  }
  return n;
}

Deno.test("renderSvg() returns an SVG document with the axis titles as text", async () => {
  const svg = await renderSvg(chart("Hello"));
  assert(svg.startsWith("<svg"));
  for (const text of ["Hello", "Epoch", "Loss"]) assert(svg.includes(`>${text}</text>`), `missing ${text}`);
});

Deno.test("renderSvg() forwards compiler warnings to onWarning", async () => {
  const warnings: string[] = [];
  await renderSvg({
    data: { values: [{ a: 1, b: "x" }] },
    mark: "bar",
    encoding: { x: { field: "a", type: "quantitative" }, shape: { field: "b", type: "nominal" } },
  }, { onWarning: (w) => warnings.push(w) });
  assertEquals(warnings, ['shape dropped as it is incompatible with "bar".']);
});

Deno.test("renderPng() writes a PNG of the SVG size times scale", async () => {
  const spec = chart("Hello");
  const svg = await renderSvg(spec);
  const [, w, h] = svg.match(/width="(\d+)" height="(\d+)"/)!.map(Number);
  const png = await renderPng(spec, { scale: 1.5 });
  assertEquals(png.subarray(0, 8), PNG_SIGNATURE);
  const image = await decodePng(png);
  assertEquals([image.width, image.height, image.channels], [Math.round(w * 1.5), Math.round(h * 1.5), 4]);
  const corner = [...image.data.subarray(0, 4)];
  assertEquals(corner, [255, 255, 255, 255]); // Vega-Lite's white background
});

Deno.test("renderPng() draws text: a black title darkens the title band, a white one does not", async () => {
  const visible = await decodePng(await renderPng(chart({ text: "Hello", color: "black" }), { scale: 2 }));
  const hidden = await decodePng(await renderPng(chart({ text: "Hello", color: "white" }), { scale: 2 }));
  assertEquals([visible.width, visible.height], [hidden.width, hidden.height]);
  const band = 20 * 2; // the title sits above the plot, within the top 20 SVG pixels
  assert(darkPixels(visible, 0, band) > 50, `only ${darkPixels(visible, 0, band)} dark title pixels`);
  assertEquals(darkPixels(hidden, 0, band), 0);
});

Deno.test("renderPng() renders an SVG string with the given font and scale", async () => {
  const text = '<text x="4" y="24" font-size="20" font-family="sans-serif">Coat</text>';
  const svg = (body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="30"><rect width="80" height="30" fill="white"/>${body}</svg>`;
  const withText = await decodePng(await renderPng(svg(text), { scale: 1, fontFiles: [DEFAULT_FONT_FILE] }));
  const withoutText = await decodePng(await renderPng(svg(""), { scale: 1 }));
  assertEquals([withText.width, withText.height], [80, 30]);
  assert(darkPixels(withText, 0, 30) > 40);
  assertEquals(darkPixels(withoutText, 0, 30), 0);
});

Deno.test("renderPng() names a missing font file and rejects a bad scale", async () => {
  await assertRejects(
    () => renderPng("<svg/>", { fontFiles: ["/nonexistent/NoSuchFont.ttf"] }),
    Deno.errors.NotFound,
    'Cannot render PNG: font file "/nonexistent/NoSuchFont.ttf" does not exist',
  );
  await assertRejects(
    () => renderPng("<svg/>", { scale: 0 }),
    RangeError,
    "Cannot render PNG: scale must be a finite number > 0, current value is 0",
  );
});
