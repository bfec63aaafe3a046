/**
 * `index.html`: the report as one self-contained page that works from `file://` with no server and no
 * network. It holds the results tables, every figure (embedded as data URLs) and three interactive views
 * drawn with vega-embed (whose scripts are inlined): the 2-D embedding of the test set with image tooltips,
 * a cluster explorer (member images and class mix) and the confusion matrix, for the seed and method
 * chosen.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { type MethodResult, METRIC_NAMES, type Results } from "../pipeline/results.ts";
import { fixed, integer, meanStd, signed } from "../format/mod.ts";
import type { ExplorerData } from "./explorer_data.ts";
import { classMixSpec, explorerScatterSpec } from "./explorer_specs.ts";
import type { FigureSection, ReportFigure } from "./figures.ts";
import { METRIC_LABELS, scoredOnLabel } from "./results_table.ts";
import { type BrowserScript, loadVegaScripts } from "./vega_scripts.ts";

/** What {@linkcode reportHtml} is built from. */
export interface ReportHtmlInput {
  /** The results (`results.json`). */
  results: Results;
  /** The figures, with their files' contents, in report order. */
  figures?: ReportFigure[];
  /** The interactive views' data; without it the page has only the tables and figures. */
  explorer?: ExplorerData;
  /** The executed notebooks in the report folder, listed with links to their HTML and `.ipynb`. */
  notebooks?: NotebookLink[];
}

/** An executed notebook of the report folder. */
export interface NotebookLink {
  /** Its title (the first heading). */
  title: string;
  /** Its static HTML rendering, relative to the report folder. */
  html: string;
  /** The executed notebook, relative to the report folder. */
  ipynb: string;
}

/** Options of {@linkcode reportHtml}. */
export interface ReportHtmlOptions {
  /**
   * The page title.
   *
   * @default {"Fashion-MNIST clustering report"}
   */
  title?: string;
}

const SECTION_TITLES: Record<FigureSection, string> = {
  dataset: "Dataset",
  architecture: "Autoencoder",
  results: "Results",
};

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON that is safe inside `<script type="application/json">` (no `<`, so no `</script>`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** A script's text, refused if it could end the `<script>` element early. */
function inlineScript(name: string, source: string): string {
  if (/<\/script|<!--/i.test(source)) {
    throw new Error(`Cannot inline ${name}: its source contains "</script" or "<!--"`);
  }
  return source;
}

/** A figure's smallest file as a data URL. */
function figureDataUrl(figure: ReportFigure): string {
  const candidates = figure.files.map((f) => {
    const svg = f.path.endsWith(".svg");
    const bytes = typeof f.data === "string" ? new TextEncoder().encode(f.data) : f.data;
    return { url: `data:image/${svg ? "svg+xml" : "png"};base64,${Buffer.from(bytes).toString("base64")}` };
  });
  return candidates.reduce((a, b) => (b.url.length < a.url.length ? b : a)).url;
}

function metricCell(m: MethodResult, split: "test" | "train"): string {
  const metrics = split === "test" ? m.metrics : m.trainMetrics;
  return METRIC_NAMES.map((n) => {
    if (!metrics) return `<td class="num" data-metric="${n}">—</td>`;
    const s = metrics[n];
    return `<td class="num" data-metric="${n}" data-mean="${s.mean}" data-std="${s.std}">${
      escapeHtml(meanStd(s))
    }</td>`;
  }).join("");
}

function resultsTable(results: Results): string {
  const head = ["Method", "Protocol", "Scored on", "Seeds", ...METRIC_NAMES.map((n) => METRIC_LABELS[n])];
  head.push("Report AMI", "Ours − report");
  const rows = results.methods.map((m) => {
    const ref = m.reference;
    return `<tr data-method="${escapeHtml(m.id)}"><th scope="row"><code>${escapeHtml(m.id)}</code><br>${
      escapeHtml(m.label)
    }</th><td>${m.protocol}</td><td>${escapeHtml(scoredOnLabel(m.protocol, results.manifest))}</td><td>${
      m.seeds.join(", ")
    }</td>${metricCell(m, "test")}${
      ref
        ? `<td class="num" data-reference="${ref.ami}" title="${escapeHtml(ref.source)}">${
          fixed(ref.ami)
        }</td>` +
          `<td class="num" data-difference="${m.metrics.ami.mean - ref.ami}">${
            signed(m.metrics.ami.mean - ref.ami)
          }</td>`
        : `<td class="num">—</td><td class="num">—</td>`
    }</tr>`;
  });
  return `<table id="results-table" class="data"><thead><tr>${
    head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")
  }</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function trainTable(results: Results): string {
  if (!results.methods.some((m) => m.trainMetrics)) return "";
  const head = ["Method", ...METRIC_NAMES.map((n) => `${METRIC_LABELS[n]} (fitted data)`)];
  const rows = results.methods.map((m) =>
    `<tr data-method="${escapeHtml(m.id)}"><th scope="row"><code>${escapeHtml(m.id)}</code></th>${
      metricCell(m, "train")
    }</tr>`
  );
  return `<details><summary>Scores on the training data each method was fitted on</summary>` +
    `<table id="train-table" class="data"><thead><tr>${
      head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")
    }</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table></details>`;
}

function figuresHtml(figures: ReportFigure[]): string {
  const sections = (Object.keys(SECTION_TITLES) as FigureSection[])
    .map((section) => ({ section, items: figures.filter((f) => f.section === section) }))
    .filter((s) => s.items.length > 0);
  return sections.map(({ section, items }) =>
    `<h3>${SECTION_TITLES[section]}</h3>\n` +
    items.map((f) =>
      `<figure id="fig-${escapeHtml(f.id)}"><img src="${figureDataUrl(f)}" alt="${escapeHtml(f.title)}">` +
      `<figcaption><strong>${escapeHtml(f.title)}.</strong> ${escapeHtml(f.caption)} ${
        f.files.map((file) =>
          `<a href="${escapeHtml(file.path)}">${file.path.endsWith(".svg") ? "SVG" : "PNG"}</a>`
        ).join(" ")
      }</figcaption></figure>`
    ).join("\n")
  ).join("\n");
}

function exploreHtml(explorer: ExplorerData | undefined): string {
  if (!explorer || explorer.methods.length === 0) {
    return `<p>This run has no per-image predictions (<code>artifacts.json</code>), so there is nothing to ` +
      `explore.</p>`;
  }
  return `<div class="controls">
<label>Seed <select id="seed-select"></select></label>
<label>Method <select id="method-select"></select></label>
<label>Colour points by <select id="color-select"></select></label>
</div>
<p id="explore-error" class="error" role="alert"></p>
<div class="row">
<section class="panel"><h3>Test set in 2-D</h3>
<p class="hint">First two principal components of the autoencoder's test encodings. Hover a point to see its
image; click it to explore its cluster.</p>
<p id="scatter-note" class="note"></p><div id="scatter"></div></section>
<section class="panel"><h3>Cluster explorer</h3>
<label>Cluster <select id="cluster-select"></select></label>
<p id="cluster-summary"></p><div id="cluster-grid"></div><div id="class-mix"></div></section>
<section class="panel"><h3>Confusion matrix</h3>
<p id="confusion-note" class="note"></p><div id="confusion"></div></section>
</div>`;
}

const STYLE = `
:root { font-family: "DejaVu Sans", system-ui, sans-serif; color: #1d2330; background: #fff; }
body { margin: 0 auto; max-width: 1500px; padding: 1rem 1.5rem 3rem; line-height: 1.4; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #d8dde6; padding-bottom: 0.2rem; margin-top: 2rem; }
nav a { margin-right: 1rem; }
table.data { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
table.data th, table.data td { border: 1px solid #d8dde6; padding: 0.3rem 0.55rem; vertical-align: top; text-align: left; }
table.data thead th { background: #f1f4f8; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.controls { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: 0.5rem 0 1rem; }
select { font: inherit; padding: 0.15rem 0.3rem; }
.row { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.panel { border: 1px solid #d8dde6; border-radius: 6px; padding: 0.5rem 1rem 1rem; }
.panel h3 { margin: 0.3rem 0 0.4rem; }
.hint, .note { color: #566070; font-size: 0.85rem; margin: 0.2rem 0; max-width: 34rem; }
.error { color: #b00020; font-weight: bold; }
.error:empty, .note:empty { display: none; }
#cluster-grid { display: grid; grid-template-columns: repeat(10, 42px); gap: 2px; margin: 0.5rem 0; }
#cluster-grid img { width: 42px; height: 42px; image-rendering: pixelated; display: block; }
#cluster-summary { max-width: 28rem; font-size: 0.9rem; }
#vg-tooltip-element img { width: 84px; height: 84px; image-rendering: pixelated; }
figure { margin: 1rem 0 2rem; } figure img { max-width: 100%; height: auto; border: 1px solid #eef0f4; }
figcaption { font-size: 0.9rem; color: #3a4250; max-width: 60rem; }
footer { margin-top: 3rem; font-size: 0.8rem; color: #566070; }
`;

/** Cache: the page's own script, read once. */
let appSource: Promise<string> | undefined;

function readApp(): Promise<string> {
  appSource ??= Deno.readTextFile(new URL("./_report_app.js", import.meta.url));
  return appSource;
}

/**
 * Builds `index.html`: one file with inline CSS, data and scripts (Vega, Vega-Lite and vega-embed read
 * from their npm packages), so that it opens from `file://` without a server or network. The same inputs
 * give the same bytes.
 *
 * @example
 * ```ts
 * import { reportHtml } from "./report_html.ts";
 * import { assert } from "../std.ts";
 * const s = { mean: 0.5, std: 0.01, values: [0.49, 0.51] };
 * const html = await reportHtml({
 *   results: {
 *     methods: [{ id: "km", label: "KMeans", protocol: "inductive", seeds: [0, 1], metrics: { ami: s, nmi: s, ari: s, acc: s } }],
 *     manifest: {},
 *   },
 * });
 * assert(html.startsWith("<!DOCTYPE html>"));
 * assert(html.includes('<td class="num" data-metric="ami" data-mean="0.5" data-std="0.01">0.5000 ± 0.0100</td>'));
 * assert(!/<script[^>]*\bsrc=/.test(html)); // every script is inline
 * ```
 *
 * @param input The results, the figures and the interactive views' data.
 * @param options The page title.
 * @returns The HTML document.
 * @throws {Error} When the Vega packages are not installed.
 */
export async function reportHtml(input: ReportHtmlInput, options: ReportHtmlOptions = {}): Promise<string> {
  const { title = "Fashion-MNIST clustering report" } = options;
  const { results, figures = [], explorer, notebooks = [] } = input;
  const [scripts, app] = await Promise.all([loadVegaScripts(), readApp()]);
  const libraries: BrowserScript[] = [scripts.vega, scripts.vegaLite, scripts.vegaEmbed];
  const seeds = [...new Set(results.methods.flatMap((m) => m.seeds))].sort((a, b) => a - b);
  const interactive = explorer !== undefined && explorer.methods.length > 0;
  const summary = [
    `${results.methods.length} method${results.methods.length === 1 ? "" : "s"}`,
    seeds.length > 0 ? `seed${seeds.length === 1 ? "" : "s"} ${seeds.join(", ")}` : undefined,
    explorer ? `${integer(explorer.nTest)} test images` : undefined,
  ].filter(Boolean).join(", ");
  const parts = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    '<body data-ready="false">',
    `<header><h1>${escapeHtml(title)}</h1>`,
    `<p>Unsupervised clustering of Fashion-MNIST: ${escapeHtml(summary)}. Generated from ` +
    `<code>results.json</code> and <code>artifacts.json</code> by <code>deno task report</code>; the ` +
    `full write-up is <a href="REPORT.md">REPORT.md</a>, the numbers are in ` +
    `<a href="results.csv">results.csv</a>.</p>`,
    `<nav><a href="#results">Results</a>${
      interactive ? '<a href="#explore">Explore</a>' : ""
    }<a href="#figures">Figures</a>${
      notebooks.length > 0 ? '<a href="#notebooks">Notebooks</a>' : ""
    }</nav></header>`,
    `<main>`,
    `<section id="results"><h2>Results</h2>`,
    `<p>Test-set scores, mean ± sample standard deviation over seeds; the report's AMI and our difference ` +
    `to it.</p>`,
    resultsTable(results),
    trainTable(results),
    `</section>`,
    `<section id="explore"><h2>Explore the clusters</h2>`,
    exploreHtml(explorer),
    `</section>`,
    `<section id="figures"><h2>Figures</h2>`,
    figuresHtml(figures),
    `</section>`,
    ...(notebooks.length > 0
      ? [
        `<section id="notebooks"><h2>Notebooks</h2>`,
        `<p>The notebooks of <code>notebooks/</code>, executed with their outputs: each section of the report, ` +
        `live. Open the HTML to read one, or the <code>.ipynb</code> in Jupyter with the Deno kernel.</p>`,
        `<ul>${
          notebooks.map((n) =>
            `<li><a href="${escapeHtml(n.html)}">${escapeHtml(n.title)}</a> (<a href="${
              escapeHtml(n.ipynb)
            }">.ipynb</a>)</li>`
          ).join("")
        }</ul>`,
        `</section>`,
      ]
      : []),
    `</main>`,
    `<footer>Charts drawn in the browser with ${
      libraries.map((l) => `${l.name} ${l.version}`).join(", ")
    } (inlined).</footer>`,
  ];
  if (interactive) {
    const nClusters = Math.max(
      ...Object.values(explorer.runs).flatMap((byMethod) =>
        Object.values(byMethod).map((r) => r.clusters.length)
      ),
    );
    const specs = {
      scatterCluster: explorerScatterSpec({ colorBy: "cluster", nClusters }),
      scatterClass: explorerScatterSpec({ colorBy: "className", classNames: explorer.classNames }),
      classMix: classMixSpec(explorer.classNames),
    };
    for (const library of libraries) {
      parts.push(`<script>${inlineScript(library.name, library.source)}</script>`);
    }
    parts.push(
      `<script type="application/json" id="explorer-data">${scriptJson({ data: explorer, specs })}</script>`,
    );
    parts.push(`<script>${inlineScript("the report's script", app)}</script>`);
  } else {
    parts.push(`<script>document.body.dataset.ready = "true";</script>`);
  }
  parts.push("</body>", "</html>", "");
  return parts.join("\n");
}
