/**
 * Jupyter MIME bundles for `Deno.jupyter.display(bundle, { raw: true })`: Vega-Lite charts with a PNG
 * fallback, PNG images and tables (HTML, Markdown and plain text). Nothing is displayed here; notebooks
 * display what these return.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { PNG_SIGNATURE, renderPng } from "../plot/mod.ts";

/**
 * The Vega-Lite MIME type that JupyterLab, Jupyter Notebook 7 and VS Code render (with Vega-Lite 5).
 * There is no v6 MIME type: charts are sent with a v5 `$schema` (see {@linkcode chartBundle}).
 */
export const VEGA_LITE_MIME_TYPE = "application/vnd.vegalite.v5+json";

/** The `$schema` of Vega-Lite 5 specs, matching {@linkcode VEGA_LITE_MIME_TYPE}. */
export const VEGA_LITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** A Jupyter MIME bundle: MIME type → data (base64 text for images, JSON objects for specs). */
export interface MediaBundle {
  /** The data of one MIME type, e.g. `image/png` (base64) or `application/vnd.vegalite.v5+json` (a spec). */
  [mimeType: string]: string | Record<string, unknown>;
}

/** A table of text cells. */
export interface Table {
  /** Column headers. */
  headers: string[];
  /** Rows, each with one cell per header. */
  rows: string[][];
  /**
   * Alignment per column: `l` (left) or `r` (right, for numbers).
   *
   * @default {every column left-aligned}
   */
  align?: ("l" | "r")[];
}

/** Options of {@linkcode chartBundle}. */
export interface ChartBundleOptions {
  /**
   * The zoom factor of the PNG fallback.
   *
   * @default {1.5}
   */
  scale?: number;
  /**
   * Called with Vega-Lite and Vega warnings while rendering the PNG.
   *
   * @default {() => {}}
   */
  onWarning?: (message: string) => void;
}

/** Options of {@linkcode pngBundle}. */
export interface PngBundleOptions {
  /**
   * The text shown where images are not (`text/plain`).
   *
   * @default {"PNG image"}
   */
  alt?: string;
}

/** Options of {@linkcode tableBundle}. */
export interface TableBundleOptions {
  /**
   * A caption shown above the table.
   *
   * @default {undefined}
   */
  caption?: string;
}

/** Base64 of bytes, in chunks (no argument-count limit). */
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function titleOf(spec: TopLevelSpec): string | undefined {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && typeof (title as { text?: unknown }).text === "string") {
    return (title as { text: string }).text;
  }
  return undefined;
}

/**
 * A chart's bundle: the Vega-Lite spec under {@linkcode VEGA_LITE_MIME_TYPE}, rendered interactively by
 * JupyterLab, Notebook 7 and VS Code, and the same chart as `image/png` for static viewers (GitHub, nbviewer,
 * `jupyter nbconvert --to html`). The spec is sent with {@linkcode VEGA_LITE_V5_SCHEMA} as `$schema`: the
 * frontends render this MIME type with Vega-Lite 5, and a v6 `$schema` there only earns a version warning;
 * the specs of `lib/plot` use nothing that Vega-Lite 5 lacks. The PNG is rendered from the spec by
 * `renderPng` (Vega-Lite 6).
 *
 * @example
 * ```ts
 * import { chartBundle, VEGA_LITE_MIME_TYPE, VEGA_LITE_V5_SCHEMA } from "./media_bundle.ts";
 * import { lossCurveSpec } from "../plot/mod.ts";
 * import { assert, assertEquals } from "../std.ts";
 * const bundle = await chartBundle(lossCurveSpec([{ epoch: 1, loss: 0.3, valLoss: 0.4 }]));
 * assertEquals((bundle[VEGA_LITE_MIME_TYPE] as { $schema: string }).$schema, VEGA_LITE_V5_SCHEMA);
 * assert((bundle["image/png"] as string).startsWith("iVBORw0KGgo")); // base64 of the PNG signature
 * ```
 *
 * @param spec The Vega-Lite spec, data inline.
 * @param options PNG scale and the warning callback.
 * @returns The bundle: the spec, `image/png` (base64) and `text/plain`.
 */
export async function chartBundle(
  spec: TopLevelSpec,
  options: ChartBundleOptions = {},
): Promise<MediaBundle> {
  const { scale = 1.5, onWarning } = options;
  const png = await renderPng(spec, { scale, onWarning });
  const title = titleOf(spec);
  return {
    [VEGA_LITE_MIME_TYPE]: { ...(spec as unknown as Record<string, unknown>), $schema: VEGA_LITE_V5_SCHEMA },
    "image/png": toBase64(png),
    "text/plain": title === undefined ? "Vega-Lite chart" : `Vega-Lite chart: ${title}`,
  };
}

/**
 * An image's bundle: `image/png` (base64) and a `text/plain` alternative.
 *
 * @example
 * ```ts
 * import { pngBundle } from "./media_bundle.ts";
 * import { imageGridPng } from "../plot/mod.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * const bundle = pngBundle(await imageGridPng(new Uint8Array(784)), { alt: "One black image" });
 * assertEquals(bundle["text/plain"], "One black image");
 * assertThrows(() => pngBundle(new Uint8Array(3)), TypeError, "png must start with the PNG signature");
 * ```
 *
 * @param png The PNG file's bytes.
 * @param options The text alternative.
 * @returns The bundle.
 * @throws {TypeError} When the bytes are not a PNG file.
 */
export function pngBundle(png: Uint8Array, options: PngBundleOptions = {}): MediaBundle {
  const { alt = "PNG image" } = options;
  if (!(png instanceof Uint8Array) || !PNG_SIGNATURE.every((b, i) => png[i] === b)) {
    throw new TypeError("Cannot build PNG bundle: png must start with the PNG signature");
  }
  return { "image/png": toBase64(png), "text/plain": alt };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * Checks a table's shape.
 *
 * @throws {RangeError} When a row's length differs from the headers'.
 */
function checkTable(table: Table): void {
  const width = table.headers.length;
  table.rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new RangeError(
        `Cannot build table bundle: every row must have ${width} cells, row ${i} has ${row.length}`,
      );
    }
  });
  if (table.align !== undefined && table.align.length !== width) {
    throw new RangeError(
      `Cannot build table bundle: align must have ${width} entries, current length is ${table.align.length}`,
    );
  }
}

/**
 * The table as Markdown (a GitHub pipe table).
 *
 * @example
 * ```ts
 * import { tableMarkdown } from "./media_bundle.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(
 *   tableMarkdown({ headers: ["Method", "AMI"], rows: [["KMeans", "0.5001"]], align: ["l", "r"] }),
 *   "| Method | AMI |\n| --- | ---: |\n| KMeans | 0.5001 |",
 * );
 * ```
 *
 * @param table The table.
 * @returns The Markdown text.
 * @throws {RangeError} When a row's length differs from the headers'.
 */
export function tableMarkdown(table: Table): string {
  checkTable(table);
  const { headers, rows, align } = table;
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(" | ")} |`;
  const rule = `| ${headers.map((_, j) => (align?.[j] === "r" ? "---:" : "---")).join(" | ")} |`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

/**
 * The table as an HTML `<table>`.
 *
 * @example
 * ```ts
 * import { tableHtml } from "./media_bundle.ts";
 * import { assert } from "../std.ts";
 * const html = tableHtml({ headers: ["a<b"], rows: [["1"]], align: ["r"] }, { caption: "Scores" });
 * assert(html.includes("<caption>Scores</caption>"));
 * assert(html.includes('<th style="text-align: right">a&lt;b</th>'));
 * ```
 *
 * @param table The table.
 * @param options The caption.
 * @returns The HTML text.
 * @throws {RangeError} When a row's length differs from the headers'.
 */
export function tableHtml(table: Table, options: TableBundleOptions = {}): string {
  checkTable(table);
  const { headers, rows, align } = table;
  const style = (
    j: number,
  ) => (align?.[j] === "r" ? ' style="text-align: right"' : ' style="text-align: left"');
  const cells = (tag: string, values: string[]) =>
    values.map((v, j) => `<${tag}${style(j)}>${escapeHtml(v)}</${tag}>`).join("");
  return [
    "<table>",
    ...(options.caption === undefined ? [] : [`<caption>${escapeHtml(options.caption)}</caption>`]),
    `<thead><tr>${cells("th", headers)}</tr></thead>`,
    "<tbody>",
    ...rows.map((row) => `<tr>${cells("td", row)}</tr>`),
    "</tbody>",
    "</table>",
  ].join("\n");
}

/**
 * A table's bundle: `text/html` (rendered by every frontend and static viewer), `text/markdown` and
 * `text/plain`.
 *
 * @example
 * ```ts
 * import { tableBundle } from "./media_bundle.ts";
 * import { assert } from "../std.ts";
 * const bundle = tableBundle({ headers: ["Method", "AMI"], rows: [["KMeans", "0.5001"]] });
 * assert((bundle["text/html"] as string).startsWith("<table>"));
 * assert((bundle["text/markdown"] as string).includes("| KMeans | 0.5001 |"));
 * ```
 *
 * @param table The table.
 * @param options The caption.
 * @returns The bundle.
 * @throws {RangeError} When a row's length differs from the headers'.
 */
export function tableBundle(table: Table, options: TableBundleOptions = {}): MediaBundle {
  const markdown = tableMarkdown(table);
  const withCaption = options.caption === undefined ? markdown : `${options.caption}\n\n${markdown}`;
  return { "text/html": tableHtml(table, options), "text/markdown": withCaption, "text/plain": withCaption };
}
