/**
 * Figures for the Fashion-MNIST clustering report.
 *
 * - Chart specs, pure functions returning Vega-Lite `TopLevelSpec`s with inline data:
 *   {@linkcode lossCurveSpec}, {@linkcode confusionMatrixSpec}, {@linkcode embeddingScatterSpec},
 *   {@linkcode resultsBarSpec}, {@linkcode sweepSpec}.
 * - Rendering: {@linkcode compileChart} (Vega-Lite to Vega, warnings returned), {@linkcode renderSvg}
 *   (headless Vega) and {@linkcode renderPng} (resvg WebAssembly with explicit font buffers).
 * - Image grids: {@linkcode imageGridPng}, {@linkcode reconstructionGridPng}, over a hand-written PNG
 *   codec ({@linkcode encodePng}, {@linkcode decodePng}).
 *
 * Nothing here writes files: callers save the returned strings and bytes.
 *
 * @example
 * ```ts
 * import { lossCurveSpec, renderSvg } from "./mod.ts";
 * import { assert } from "../std.ts";
 * const svg = await renderSvg(lossCurveSpec([{ epoch: 1, loss: 0.3, valLoss: 0.4 }]));
 * assert(svg.includes(">Epoch</text>"));
 * ```
 *
 * @module
 */
export * from "./compile_chart.ts";
export * from "./confusion_matrix_spec.ts";
export * from "./decode_png.ts";
export * from "./embedding_scatter_spec.ts";
export * from "./encode_png.ts";
export * from "./image_grid.ts";
export * from "./loss_curve_spec.ts";
export * from "./render.ts";
export * from "./results_bar_spec.ts";
export * from "./sweep_spec.ts";
/** The Vega-Lite spec type every chart builder returns, re-exported so callers need not import vega-lite. */
export type { TopLevelSpec } from "vega-lite";
