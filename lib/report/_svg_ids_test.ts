import { assertEquals } from "../std.ts";
import { normalizeSvgIds } from "./_svg_ids.ts";

Deno.test("normalizeSvgIds() renumbers gradient and clip ids by first appearance, references included", () => {
  const svg = '<path fill="url(#gradient_7)"/><clipPath id="clip12"/><g clip-path="url(#clip12)"/>' +
    '<linearGradient id="gradient_7"/><text>clip3 gradient_2</text>';
  assertEquals(
    normalizeSvgIds(svg),
    '<path fill="url(#gradient_0)"/><clipPath id="clip1"/><g clip-path="url(#clip1)"/>' +
      '<linearGradient id="gradient_0"/><text>clip3 gradient_2</text>',
  );
});
