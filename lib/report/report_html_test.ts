import type { Results } from "../pipeline/results.ts";
import { assert, assertEquals } from "../std.ts";
import type { ExplorerData } from "./explorer_data.ts";
import type { ReportFigure } from "./figures.ts";
import { reportHtml } from "./report_html.ts";

const s = (mean: number, std = 0) => ({ mean, std, values: [mean] });
const RESULTS: Results = {
  methods: [{
    id: "km",
    label: "KMeans <raw> & co",
    protocol: "inductive",
    seeds: [0],
    metrics: { ami: s(0.123456789, 0.01), nmi: s(0.2), ari: s(0.3), acc: s(0.4) },
    reference: { ami: 0.5001, source: 'The "report"' },
  }],
  manifest: {},
};

const EXPLORER: ExplorerData = {
  classNames: ["Top", "</script><b>"],
  nTest: 2,
  seeds: ["0"],
  methods: [{ id: "km", label: "KMeans" }],
  defaultMethod: "km",
  pointIndices: [],
  embeddings: {},
  embeddingSeed: { "0": null },
  runs: {
    "0": {
      km: {
        method: "km",
        seed: "0",
        accuracy: 1,
        clusters: [{
          id: 0,
          name: "c0: Top",
          matchedClass: 0,
          size: 2,
          classCounts: [2, 0],
          members: [0, 1],
        }],
        pointClusters: [],
        confusion: { data: { values: [] }, mark: "rect" },
      },
    },
  },
  images: { indices: [0, 1], labels: [0, 0], png: ["AAAA", "BBBB"] },
};

Deno.test("reportHtml() writes the results table with full-precision values and escaped text", async () => {
  const html = await reportHtml({ results: RESULTS });
  assert(
    html.includes('<tr data-method="km"><th scope="row"><code>km</code><br>KMeans &lt;raw&gt; &amp; co</th>'),
  );
  assert(html.includes('data-metric="ami" data-mean="0.123456789" data-std="0.01">0.1235 ± 0.0100</td>'));
  assert(html.includes('data-reference="0.5001" title="The &quot;report&quot;">0.5001</td>'));
  assert(html.includes(">-0.3766</td>"));
});

Deno.test("reportHtml() without explorer data has no scripts but the ready flag", async () => {
  const html = await reportHtml({ results: RESULTS });
  assert(html.includes("nothing to explore"));
  assertEquals(html.match(/<script/g)?.length, 1);
  assert(html.includes('<script>document.body.dataset.ready = "true";</script>'));
});

Deno.test("reportHtml() inlines the libraries, then the data (script-safe JSON), then the page script", async () => {
  const html = await reportHtml({ results: RESULTS, explorer: EXPLORER });
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
  assertEquals(scripts, ["", "", "", ' type="application/json" id="explorer-data"', ""]);
  const json = /<script type="application\/json" id="explorer-data">(.*?)<\/script>/s.exec(html)![1];
  assert(!json.includes("<"));
  const parsed = JSON.parse(json);
  assertEquals(parsed.data, EXPLORER);
  assertEquals(Object.keys(parsed.specs), ["scatterCluster", "scatterClass", "classMix"]);
  assert(html.includes("vega 6.2.0, vega-lite 6.4.1, vega-embed 7.1.0"));
  assert(!/<script[^>]*\bsrc=|<link\b/.test(html));
});

Deno.test("reportHtml() embeds each figure as its smaller file, grouped by section", async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"></svg>';
  const figures: ReportFigure[] = [
    {
      id: "results_bar",
      section: "results",
      title: "Scores",
      caption: "Bars.",
      image: "figures/results_bar.png",
      files: [
        { path: "figures/results_bar.svg", data: svg },
        { path: "figures/results_bar.png", data: new Uint8Array(1000) },
      ],
    },
    {
      id: "dataset_samples",
      section: "dataset",
      title: "Samples",
      caption: "Images.",
      image: "figures/dataset_samples.png",
      files: [{ path: "figures/dataset_samples.png", data: Uint8Array.of(1, 2, 3) }],
    },
  ];
  const html = await reportHtml({ results: RESULTS, figures });
  const bar = `<figure id="fig-results_bar"><img src="data:image/svg+xml;base64,${btoa(svg)}" alt="Scores">`;
  assert(html.includes(bar));
  assert(
    html.includes('<figure id="fig-dataset_samples"><img src="data:image/png;base64,AQID" alt="Samples">'),
  );
  assert(html.indexOf("<h3>Dataset</h3>") < html.indexOf("<h3>Results</h3>"));
  assert(
    html.includes('<a href="figures/results_bar.svg">SVG</a> <a href="figures/results_bar.png">PNG</a>'),
  );
});

Deno.test("reportHtml() gives the same bytes for the same inputs", async () => {
  assertEquals(
    await reportHtml({ results: RESULTS, explorer: EXPLORER }),
    await reportHtml({ results: RESULTS, explorer: EXPLORER }),
  );
});
