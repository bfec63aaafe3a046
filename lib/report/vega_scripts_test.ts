import { assert, assertEquals } from "../std.ts";
import { loadVegaScripts } from "./vega_scripts.ts";

Deno.test("loadVegaScripts() reads the pinned UMD builds, each defining its global", async () => {
  const scripts = await loadVegaScripts();
  const deno = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  for (const s of [scripts.vega, scripts.vegaLite, scripts.vegaEmbed]) {
    assertEquals(deno.imports[s.name], `npm:${s.name}@${s.version}`, `${s.name} is not the pinned version`);
    assert(s.source.length > 10_000, `${s.name} is only ${s.source.length} characters`);
    // A UMD bundle assigns its global on `globalThis` (or `self`) when there is no module system.
    assert(s.source.slice(0, 600).includes(`.${s.global}=`), `${s.name} does not define ${s.global}`);
    assert(!s.source.includes("sourceMappingURL"), `${s.name} still links its source map`);
    assert(!/<\/script|<!--/i.test(s.source), `${s.name} cannot be inlined in a <script>`);
  }
  assert(scripts.vegaEmbed.source.includes("vg-tooltip-element"), "vega-embed lacks vega-tooltip");
});

Deno.test("loadVegaScripts() returns the same scripts on every call", async () => {
  assert((await loadVegaScripts()) === (await loadVegaScripts()));
});
