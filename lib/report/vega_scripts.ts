/**
 * The browser builds (UMD, minified) of Vega, Vega-Lite and vega-embed, read from the npm packages that
 * `deno.json` pins, so that `index.html` can inline them and work offline from `file://`.
 *
 * @module
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "../std.ts";

/** One browser script read from an npm package. */
export interface BrowserScript {
  /** The npm package's name, e.g. `vega-lite`. */
  name: string;
  /** Its version, from its `package.json`. */
  version: string;
  /** The global the script defines, e.g. `vegaLite`. */
  global: string;
  /** The script's text, its `sourceMappingURL` comment removed (the map is not shipped). */
  source: string;
}

/** The three scripts an interactive chart page needs, in loading order. */
export interface VegaScripts {
  /** Vega (defines `vega`). */
  vega: BrowserScript;
  /** Vega-Lite (defines `vegaLite`; needs `vega`). */
  vegaLite: BrowserScript;
  /** vega-embed with vega-tooltip bundled (defines `vegaEmbed`; needs both). */
  vegaEmbed: BrowserScript;
}

/** The packages, the global each defines, and the build to read when `package.json` names none. */
const PACKAGES = [
  { key: "vega", name: "vega", global: "vega", fallback: "build/vega.min.js" },
  { key: "vegaLite", name: "vega-lite", global: "vegaLite", fallback: "build/vega-lite.min.js" },
  { key: "vegaEmbed", name: "vega-embed", global: "vegaEmbed", fallback: "build/vega-embed.min.js" },
] as const;

/** The `file:` URL of a package's entry point (node_modules, else Deno's npm cache through Node's resolver). */
function entryUrl(name: string): URL {
  let resolved: string | undefined;
  try {
    resolved = import.meta.resolve(name);
  } catch {
    resolved = undefined;
  }
  if (resolved?.startsWith("file:")) return new URL(resolved);
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve(name));
  } catch (error) {
    throw new Error(
      `Cannot load the browser build of ${name}: the npm package cannot be resolved; add it to deno.json ` +
        `"imports" and run \`deno install\``,
      { cause: error },
    );
  }
}

/** The folder of the `package.json` named `name` at or above `start`. */
async function packageRoot(
  name: string,
  start: string,
): Promise<{ dir: string; json: Record<string, unknown> }> {
  let dir = start;
  while (true) {
    try {
      const json = JSON.parse(await Deno.readTextFile(join(dir, "package.json")));
      if (json?.name === name) return { dir, json };
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`Cannot load the browser build of ${name}: no package.json above ${start}`);
    }
    dir = parent;
  }
}

/**
 * Reads one package's browser build: the file its `package.json` names in `unpkg` (or `jsdelivr`), which
 * for these packages is the minified UMD bundle.
 *
 * @param name The npm package name.
 * @param global The global it defines.
 * @param fallback The build's path in the package when `package.json` names none.
 * @returns The script.
 */
async function readBrowserScript(name: string, global: string, fallback: string): Promise<BrowserScript> {
  const entry = fileURLToPath(entryUrl(name));
  const { dir, json } = await packageRoot(name, dirname(entry));
  const relative = typeof json.unpkg === "string"
    ? json.unpkg
    : typeof json.jsdelivr === "string"
    ? json.jsdelivr
    : fallback;
  const text = await Deno.readTextFile(join(dir, relative));
  return {
    name,
    version: String(json.version),
    global,
    source: text.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "\n"),
  };
}

/** Cache: the scripts, read once per process (they change only with `deno.json`). */
let cached: Promise<VegaScripts> | undefined;

/**
 * Reads the minified browser builds of Vega, Vega-Lite and vega-embed from their npm packages (the versions
 * pinned in `deno.json`), once per process.
 *
 * @example
 * ```ts
 * import { loadVegaScripts } from "./vega_scripts.ts";
 * import { assert, assertEquals } from "../std.ts";
 * const { vega, vegaLite, vegaEmbed } = await loadVegaScripts();
 * assertEquals([vega.version, vegaLite.version], ["6.2.0", "6.4.1"]);
 * assert(vegaEmbed.source.includes("vegaEmbed") && !vega.source.includes("sourceMappingURL"));
 * ```
 *
 * @returns The three scripts, in loading order.
 * @throws {Error} When a package is not installed (run `deno install`).
 */
export function loadVegaScripts(): Promise<VegaScripts> {
  cached ??= (async () => {
    const scripts = await Promise.all(PACKAGES.map((p) => readBrowserScript(p.name, p.global, p.fallback)));
    return Object.fromEntries(PACKAGES.map((p, i) => [p.key, scripts[i]])) as unknown as VegaScripts;
  })().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
