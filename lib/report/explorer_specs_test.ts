import { compileChart, renderSvg } from "../plot/mod.ts";
import { assert, assertEquals } from "../std.ts";
import { classMixSpec, explorerScatterSpec } from "./explorer_specs.ts";

const CLASSES = ["Top", "Trouser", "Bag"];
const POINTS = [
  {
    x: 0,
    y: 1,
    index: 0,
    cluster: 2,
    clusterName: "c2: Top",
    className: "Top",
    image: "data:image/png;base64,",
  },
  {
    x: 1,
    y: 0,
    index: 7,
    cluster: 0,
    clusterName: "c0: Bag",
    className: "Bag",
    image: "data:image/png;base64,",
  },
];

Deno.test("explorerScatterSpec() compiles cleanly and draws one mark per point once data is filled in", async () => {
  for (const colorBy of ["cluster", "className"] as const) {
    const spec = { ...explorerScatterSpec({ colorBy, classNames: CLASSES }), data: { values: POINTS } };
    assertEquals(compileChart(spec).warnings, []);
    const svg = await renderSvg(spec);
    const marks = /<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? "";
    assertEquals(marks.match(/<path/g)?.length, POINTS.length);
    assert(svg.includes(colorBy === "cluster" ? ">Cluster</text>" : ">True class</text>"), colorBy);
  }
});

Deno.test("explorerScatterSpec() picks tableau20 above 10 clusters and keeps the class order", () => {
  const color = (s: ReturnType<typeof explorerScatterSpec>) =>
    (s as unknown as { encoding: { color: { scale: { scheme: string; domain?: string[] } } } }).encoding
      .color;
  assertEquals(color(explorerScatterSpec({ nClusters: 10 })).scale.scheme, "tableau10");
  assertEquals(color(explorerScatterSpec({ nClusters: 11 })).scale.scheme, "tableau20");
  assertEquals(
    color(explorerScatterSpec({ colorBy: "className", classNames: CLASSES })).scale.domain,
    CLASSES,
  );
});

Deno.test("classMixSpec() draws one bar per class with a fixed colour domain", async () => {
  const values = CLASSES.map((className, k) => ({ className, count: k, share: k / 3 }));
  const spec = { ...classMixSpec(CLASSES), data: { values } };
  assertEquals(compileChart(spec).warnings, []);
  const svg = await renderSvg(spec);
  for (const name of CLASSES) assert(svg.includes(`>${name}</text>`), name);
});
