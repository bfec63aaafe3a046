/**
 * What the notebooks in `notebooks/` call: their settings (seeds, `NOTEBOOK_SIZE`, the stage cache), the
 * pipeline run they show (`reproduce` with the cache, so `deno task reproduce`'s stages are reused), and
 * their figures and tables as Jupyter MIME bundles for `Deno.jupyter.display(bundle, { raw: true })`.
 *
 * - settings and run: {@linkcode notebookSettings}, {@linkcode describeSettings}, {@linkcode loadPipelineRun},
 *   {@linkcode methodResult}, {@linkcode testPredictions};
 * - bundles: {@linkcode chartBundle} (Vega-Lite with a PNG fallback), {@linkcode pngBundle},
 *   {@linkcode tableBundle};
 * - charts: {@linkcode classSharesSpec}, {@linkcode confusionChartSpec}, {@linkcode lossChartSpec},
 *   {@linkcode embeddingChartSpec}, {@linkcode resultsChartSpec};
 * - image grids: {@linkcode classSamplesPng}, {@linkcode classMeansPng}, {@linkcode clusterSamplesPng},
 *   {@linkcode reconstructionsPng};
 * - tables: {@linkcode datasetTable}, {@linkcode classCountsTable}, {@linkcode pixelStatsTable},
 *   {@linkcode configTable}, {@linkcode layersTable}, {@linkcode trainingTable}, {@linkcode candidatesTable},
 *   {@linkcode metricsTable}, {@linkcode comparisonTable};
 * - 2-D views: {@linkcode projectPca2d}, {@linkcode encodingEmbedding};
 * - beyond the report: {@linkcode stageReader} and {@linkcode stackBlockRows} (a seed's stage outputs),
 *   {@linkcode mapsGridPng}, {@linkcode hogGlyphMap}, {@linkcode splitMaps} (what the descriptors see),
 *   {@linkcode publishedTable}, {@linkcode partitionsTable}, {@linkcode classMovesTable},
 *   {@linkcode transitionChartSpec}, {@linkcode selfTrainingTable}, {@linkcode updateHistorySpec},
 *   {@linkcode scanHistorySpec}.
 *
 * Nothing here displays or prints: notebooks display what these return.
 *
 * @example
 * ```ts
 * import { metricsTable, tableBundle } from "./mod.ts";
 * import { assert } from "../std.ts";
 * const bundle = tableBundle(metricsTable({ methods: [], manifest: {} }));
 * assert((bundle["text/html"] as string).includes("<th style=\"text-align: right\">AMI</th>"));
 * ```
 *
 * @module
 */
export * from "./charts.ts";
export * from "./embedding.ts";
export * from "./image_grids.ts";
export * from "./media_bundle.ts";
export * from "./pipeline_run.ts";
export * from "./settings.ts";
export * from "./tables.ts";
export * from "./find_python.ts";
export * from "./committed.ts";
export * from "./progress_log.ts";
export * from "./beyond.ts";
export * from "./feature_maps.ts";
export * from "./stage_reader.ts";
