import { decodePng, lossCurveSpec } from "../plot/mod.ts";
import { assert, assertEquals, assertThrows } from "../std.ts";
import {
  chartBundle,
  pngBundle,
  tableBundle,
  tableHtml,
  tableMarkdown,
  VEGA_LITE_MIME_TYPE,
  VEGA_LITE_V5_SCHEMA,
} from "./media_bundle.ts";

const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

Deno.test("chartBundle() sends the spec with a v5 $schema, a decodable PNG and the title, leaving the spec as is", async () => {
  const spec = lossCurveSpec([{ epoch: 1, loss: 0.3, valLoss: 0.4 }, { epoch: 2, loss: 0.2, valLoss: 0.3 }], {
    title: "Loss",
  });
  const before = JSON.stringify(spec);
  const bundle = await chartBundle(spec, { scale: 1 });
  assertEquals(JSON.stringify(spec), before);
  const sent = bundle[VEGA_LITE_MIME_TYPE] as Record<string, unknown>;
  assertEquals(sent.$schema, VEGA_LITE_V5_SCHEMA);
  assertEquals(sent.data, (spec as unknown as Record<string, unknown>).data);
  const png = await decodePng(fromBase64(bundle["image/png"] as string));
  assert(png.width > 100 && png.height > 100);
  assertEquals(bundle["text/plain"], "Vega-Lite chart: Loss");
});

Deno.test("pngBundle() encodes the bytes as base64", () => {
  const png = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3);
  assertEquals(fromBase64(pngBundle(png)["image/png"] as string), png);
  assertEquals(pngBundle(png)["text/plain"], "PNG image");
});

Deno.test("tableMarkdown() and tableHtml() escape cell text", () => {
  const table = { headers: ["a|b", "<c>"], rows: [["x\ny", "1 & 2"]] };
  assertEquals(tableMarkdown(table), "| a\\|b | <c> |\n| --- | --- |\n| x y | 1 & 2 |");
  const html = tableHtml(table);
  assert(html.includes("&lt;c&gt;") && html.includes("1 &amp; 2"), html);
});

Deno.test("tableBundle() puts the caption above the Markdown and in the HTML", () => {
  const bundle = tableBundle({ headers: ["k"], rows: [["v"]] }, { caption: "Cap" });
  assert((bundle["text/markdown"] as string).startsWith("Cap\n\n| k |"));
  assert((bundle["text/html"] as string).includes("<caption>Cap</caption>"));
});

Deno.test("tableBundle() rejects rows and alignments of the wrong length", () => {
  assertThrows(
    () => tableBundle({ headers: ["a", "b"], rows: [["1"]] }),
    RangeError,
    "Cannot build table bundle: every row must have 2 cells, row 0 has 1",
  );
  assertThrows(
    () => tableBundle({ headers: ["a"], rows: [], align: ["l", "r"] }),
    RangeError,
    "Cannot build table bundle: align must have 1 entries, current length is 2",
  );
});
