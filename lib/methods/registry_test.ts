import { assert, assertEquals, fromFileUrl, join } from "../std.ts";
import { METHODS } from "./mod.ts";

const NOTEBOOKS = fromFileUrl(new URL("../../notebooks", import.meta.url));

Deno.test("every registered method has a unique id and names a notebook that exists", async () => {
  assertEquals(new Set(METHODS.map((m) => m.id)).size, METHODS.length);
  for (const m of METHODS) {
    assert(m.notebook !== undefined, `${m.id} names no notebook`);
    const exists = await Deno.stat(join(NOTEBOOKS, `${m.notebook}.ipynb`)).then(() => true, () => false);
    assert(exists, `${m.id}: notebooks/${m.notebook}.ipynb does not exist`);
  }
});
