/**
 * The report, regenerated from saved results: {@linkcode writeReport} reads `results.json` and
 * `artifacts.json` from an output folder and writes `results.md`, `results.csv`, `figures/`, `REPORT.md`
 * and `index.html` there, every number taken from those files. The pure builders are exported for tests and
 * notebooks:
 *
 * - tables: {@linkcode resultsTableMarkdown}, {@linkcode trainTableMarkdown}, {@linkcode resultsMarkdown},
 *   {@linkcode resultsCsv};
 * - the document: {@linkcode reportMarkdown}, {@linkcode compareWithReference};
 * - the interactive page `index.html`: {@linkcode reportHtml}, {@linkcode buildExplorerData},
 *   {@linkcode explorerScatterSpec}, {@linkcode classMixSpec}, {@linkcode loadVegaScripts}; checking it in
 *   headless Chromium: {@linkcode openReportPage}, {@linkcode screenshotReport}; serving the folder:
 *   {@linkcode fileServerHandler};
 * - figures: {@linkcode buildFigures}, {@linkcode lossCurvesSpec}, {@linkcode matchedConfusion},
 *   {@linkcode firstIndicesPerGroup}, {@linkcode evenlySpacedIndices};
 * - inputs: {@linkcode parseReportArtifacts}, {@linkcode readResults}, {@linkcode readArtifacts}.
 *
 * @example
 * ```ts
 * import { resultsCsv } from "./mod.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(resultsCsv({ methods: [], manifest: {} }).split(",")[0], "id");
 * ```
 *
 * @module
 */
export * from "./browser.ts";
export * from "./explorer_data.ts";
export * from "./explorer_specs.ts";
export * from "./figures.ts";
export * from "./file_server.ts";
export * from "./loss_curves_spec.ts";
export * from "./matched_confusion.ts";
export * from "./report_artifacts.ts";
export * from "./report_html.ts";
export * from "./report_markdown.ts";
export * from "./results_table.ts";
export * from "./sample_indices.ts";
export * from "./vega_scripts.ts";
export * from "./write_report.ts";
