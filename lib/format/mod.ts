/**
 * Text formatting, locale-free, for the report and the notebooks: fixed-decimal and signed numbers
 * ({@linkcode fixed}, {@linkcode signed}, {@linkcode meanStd}, {@linkcode integer}), sizes and durations
 * ({@linkcode bytes}, {@linkcode seconds}), JSON values ({@linkcode value}, {@linkcode num},
 * {@linkcode obj}), Markdown tables and CSV fields ({@linkcode markdownTable}, {@linkcode markdownCell},
 * {@linkcode csvField}); and the notebook tables' cells ({@linkcode fixedOrDash}, {@linkcode withSign},
 * {@linkcode meanStdOrMean}, {@linkcode jsonCell}).
 *
 * @example
 * ```ts
 * import { markdownTable, meanStd } from "./mod.ts";
 * import { assertEquals } from "../std.ts";
 * const table = markdownTable(["AMI"], [[meanStd({ mean: 0.5, std: 0.01 })]], ["r"]);
 * assertEquals(table.split("\n")[2], "| 0.5000 ± 0.0100 |");
 * ```
 *
 * @module
 */
export * from "./cells.ts";
export * from "./text.ts";
