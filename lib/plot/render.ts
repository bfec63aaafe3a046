/**
 * Renders Vega-Lite specs to SVG (Vega's headless SVG renderer) and to PNG (resvg compiled to WebAssembly),
 * with fonts passed as explicit buffers: resvg loads no system fonts here, and without a font buffer it
 * silently drops all text.
 *
 * @module
 */
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parse, View } from "vega";
import type { TopLevelSpec } from "vega-lite";
import { collectingLogger } from "./_logger.ts";
import { compileChart } from "./compile_chart.ts";

/** DejaVu Sans regular, from Debian's `fonts-dejavu-core`. */
export const DEFAULT_FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
/** DejaVu Sans bold, from Debian's `fonts-dejavu-core` (Vega draws axis titles in bold). */
export const DEFAULT_BOLD_FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

/** Options of {@linkcode renderSvg}. */
export interface RenderSvgOptions {
  /**
   * Called with each warning from Vega-Lite's compiler or Vega's runtime (nothing is printed).
   *
   * @default {() => {}}
   */
  onWarning?: (message: string) => void;
}

/** Options of {@linkcode renderPng}. */
export interface RenderPngOptions extends RenderSvgOptions {
  /**
   * The zoom factor from SVG units to PNG pixels, > 0.
   *
   * @default {2}
   */
  scale?: number;
  /**
   * Font files (TTF/OTF) handed to resvg as buffers; the first one's family should be `fontFamily`.
   *
   * @default {[DEFAULT_FONT_FILE, DEFAULT_BOLD_FONT_FILE]}
   */
  fontFiles?: string[];
  /**
   * The family used for `sans-serif`, `serif`, `monospace` and any family not among `fontFiles`.
   *
   * @default {"DejaVu Sans"}
   */
  fontFamily?: string;
  /**
   * A CSS color painted behind the image; Vega-Lite charts already draw a white background.
   *
   * @default {undefined} (transparent)
   */
  background?: string;
}

/**
 * Cache: the one-time initialisation of resvg's WebAssembly module. `initWasm` may run only once per
 * process, so every call of {@linkcode renderPng} awaits this same promise.
 */
let resvgReady: Promise<void> | undefined;

/**
 * Finds `index_bg.wasm` in the `@resvg/resvg-wasm` npm package. With a `node_modules` folder
 * (`"nodeModulesDir": "auto"`), `import.meta.resolve` gives its `file:` URL; otherwise Node's resolver
 * (`createRequire`) finds it in Deno's npm cache.
 */
function resvgWasmUrl(): URL {
  const resolved = import.meta.resolve("@resvg/resvg-wasm/index_bg.wasm");
  if (resolved.startsWith("file:")) return new URL(resolved);
  const path = createRequire(import.meta.url).resolve("@resvg/resvg-wasm/index_bg.wasm");
  return pathToFileURL(path);
}

function ensureResvg(): Promise<void> {
  resvgReady ??= (async () => {
    const url = resvgWasmUrl();
    await initWasm(await Deno.readFile(url));
  })().catch((error) => {
    resvgReady = undefined;
    throw error;
  });
  return resvgReady;
}

async function readFonts(files: string[]): Promise<Uint8Array[]> {
  if (files.length === 0) {
    throw new RangeError(
      "Cannot render PNG: fontFiles must name at least one font file, current value is []",
    );
  }
  return await Promise.all(files.map(async (file) => {
    try {
      return await Deno.readFile(file);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new Deno.errors.NotFound(
          `Cannot render PNG: font file "${file}" does not exist; install Debian's fonts-dejavu-core ` +
            `or pass fontFiles`,
          { cause: error },
        );
      }
      throw error;
    }
  }));
}

/**
 * Renders a Vega-Lite spec to an SVG string: compile with Vega-Lite, then a headless Vega `View`
 * (renderer `"none"`) and `toSVG()`. Text widths are estimated (no canvas), so layouts are slightly loose.
 *
 * @example
 * ```ts
 * import { renderSvg } from "./render.ts";
 * import { assert } from "../std.ts";
 * const svg = await renderSvg({
 *   data: { values: [{ epoch: 1, loss: 0.5 }, { epoch: 2, loss: 0.3 }] },
 *   mark: "line",
 *   encoding: {
 *     x: { field: "epoch", type: "quantitative", title: "Epoch" },
 *     y: { field: "loss", type: "quantitative" },
 *   },
 * });
 * assert(svg.startsWith("<svg") && svg.includes(">Epoch</text>"));
 * ```
 *
 * @param spec The Vega-Lite spec, data inline.
 * @param options The warning callback.
 * @returns The SVG document.
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const { onWarning = () => {} } = options;
  const { vega, warnings } = compileChart(spec);
  warnings.forEach((w) => onWarning(w));
  const { logger, errors } = collectingLogger(onWarning);
  const view = new View(parse(vega), { renderer: "none", logger, logLevel: 2 });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) {
      throw new Error(`Cannot render SVG: ${errors.join("; ")}`);
    }
    return svg;
  } finally {
    view.finalize();
  }
}

/**
 * Renders a Vega-Lite spec, or an SVG string, to PNG bytes with resvg (WebAssembly, initialised once).
 * Fonts come only from `fontFiles`; a missing file throws `Deno.errors.NotFound` naming its path.
 *
 * @example
 * ```ts
 * import { renderPng } from "./render.ts";
 * import { assertEquals } from "../std.ts";
 * const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><text y="8">Hi</text></svg>';
 * const png = await renderPng(svg, { scale: 3 });
 * const view = new DataView(png.buffer, png.byteOffset);
 * assertEquals([view.getUint32(16), view.getUint32(20)], [60, 30]); // IHDR width, height
 * ```
 *
 * @param input A Vega-Lite spec, or an SVG document (a string starting with `<`).
 * @param options Scale, fonts, background and the warning callback.
 * @returns The PNG file's bytes (8-bit RGBA).
 */
export async function renderPng(
  input: TopLevelSpec | string,
  options: RenderPngOptions = {},
): Promise<Uint8Array> {
  const {
    scale = 2,
    fontFiles = [DEFAULT_FONT_FILE, DEFAULT_BOLD_FONT_FILE],
    fontFamily = "DejaVu Sans",
    background,
    onWarning,
  } = options;
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new RangeError(`Cannot render PNG: scale must be a finite number > 0, current value is ${scale}`);
  }
  const fontBuffers = await readFonts(fontFiles);
  const svg = typeof input === "string" ? input : await renderSvg(input, { onWarning });
  await ensureResvg();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    ...(background === undefined ? {} : { background }),
    font: {
      fontBuffers,
      defaultFontFamily: fontFamily,
      sansSerifFamily: fontFamily,
      serifFamily: fontFamily,
      monospaceFamily: fontFamily,
      cursiveFamily: fontFamily,
      fantasyFamily: fontFamily,
    },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
