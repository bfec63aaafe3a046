/**
 * The settings every notebook starts from: its seeds, the data size (`NOTEBOOK_SIZE`), and where the stage
 * cache lives, so notebooks reuse the stages `deno task reproduce` computed.
 *
 * @module
 */
import { DEFAULT_CONFIG, QUICK_CONFIG, type ReproduceConfig } from "../pipeline/mod.ts";
import { fromFileUrl, relative } from "../std.ts";

/** The data sizes a notebook runs at. */
export const NOTEBOOK_SIZES = ["quick", "full"] as const;

/**
 * One of {@linkcode NOTEBOOK_SIZES}: `quick` runs the whole graph on the small slice of `QUICK_CONFIG`
 * (`deno task reproduce --quick`), `full` runs the report's protocol (`DEFAULT_CONFIG`, `deno task
 * reproduce`).
 */
export type NotebookSize = typeof NOTEBOOK_SIZES[number];

/** The size used when neither the option nor `NOTEBOOK_SIZE` gives one. */
export const DEFAULT_NOTEBOOK_SIZE: NotebookSize = "full";

/** The repository's root folder. */
const REPO_ROOT: string = fromFileUrl(new URL("../..", import.meta.url));

/** The repository's stage cache, the one `deno task reproduce` fills. */
export const REPO_CACHE_DIR: string = fromFileUrl(new URL("../../.cache/stages", import.meta.url));

/** Options of {@linkcode notebookSettings}. */
export interface NotebookSettingsOptions {
  /**
   * Seeds of the run; metrics are mean ± std over them. Each seed's stages are cached separately.
   *
   * @default {[0]}
   */
  seeds?: number[];
  /**
   * The data size, `"quick"` or `"full"`; an empty string means the default.
   *
   * @default {Deno.env.get("NOTEBOOK_SIZE") || "full"}
   */
  size?: string;
  /**
   * The stage cache folder.
   *
   * @default {Deno.env.get("NOTEBOOK_CACHE_DIR") || REPO_CACHE_DIR}
   */
  cacheDir?: string;
  /**
   * The Fashion-MNIST folder, as `loadFashionMnist({ dir })`.
   *
   * @default {undefined} (`$FASHION_MNIST_DIR`, the repository's `data/`, Debian's)
   */
  dataDir?: string;
}

/** What a notebook runs with. */
export interface NotebookSettings {
  /** The data size. */
  size: NotebookSize;
  /** The pipeline configuration of that size (`QUICK_CONFIG` or `DEFAULT_CONFIG`). */
  config: ReproduceConfig;
  /** The seeds. */
  seeds: number[];
  /** The stage cache folder. */
  cacheDir: string;
  /** The Fashion-MNIST folder, when set explicitly. */
  dataDir?: string;
}

/**
 * Resolves a notebook's settings: the seeds it was given, the size from the option or `NOTEBOOK_SIZE`
 * (default `full`, mirroring the report and reusing `deno task reproduce`'s cache), and the cache folder.
 *
 * @example
 * ```ts
 * import { notebookSettings } from "./settings.ts";
 * import { QUICK_CONFIG } from "../pipeline/mod.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * const settings = notebookSettings({ seeds: [0, 1], size: "quick" });
 * assertEquals(settings.config, QUICK_CONFIG);
 * assertEquals(settings.seeds, [0, 1]);
 * assertThrows(
 *   () => notebookSettings({ size: "large" }),
 *   RangeError,
 *   'NOTEBOOK_SIZE must be "quick" or "full", current value is "large"',
 * );
 * ```
 *
 * @param options Seeds, size, cache and data folders.
 * @returns The settings.
 * @throws {RangeError} When the size is unknown or the seeds are not a non-empty list of integers.
 */
export function notebookSettings(options: NotebookSettingsOptions = {}): NotebookSettings {
  const {
    seeds = [0],
    size = Deno.env.get("NOTEBOOK_SIZE") || DEFAULT_NOTEBOOK_SIZE,
    cacheDir = Deno.env.get("NOTEBOOK_CACHE_DIR") || REPO_CACHE_DIR,
    dataDir,
  } = options;
  if (!(NOTEBOOK_SIZES as readonly string[]).includes(size)) {
    throw new RangeError(
      `Cannot read notebook settings: NOTEBOOK_SIZE must be "quick" or "full", current value is "${size}"`,
    );
  }
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every(Number.isInteger)) {
    throw new RangeError(
      `Cannot read notebook settings: seeds must be a non-empty list of integers, current value is ${
        JSON.stringify(seeds)
      }`,
    );
  }
  const config = size === "quick" ? QUICK_CONFIG : DEFAULT_CONFIG;
  return {
    size: size as NotebookSize,
    config,
    seeds: [...seeds],
    cacheDir,
    ...(dataDir === undefined ? {} : { dataDir }),
  };
}

/**
 * A one-line description of the settings, for a notebook's first output (the cache folder relative to the
 * repository when inside it).
 *
 * @example
 * ```ts
 * import { describeSettings, notebookSettings, REPO_CACHE_DIR } from "./settings.ts";
 * import { assert } from "../std.ts";
 * const line = describeSettings(notebookSettings({ size: "quick", cacheDir: REPO_CACHE_DIR }));
 * assert(line.startsWith("NOTEBOOK_SIZE=quick: first 3,000 training and 1,000 test images"), line);
 * assert(line.endsWith("stage cache .cache/stages"), line);
 * ```
 *
 * @param settings The settings.
 * @returns The description.
 */
export function describeSettings(settings: NotebookSettings): string {
  const { config } = settings;
  const count = (n: number | undefined, all: string) => (n === undefined ? all : n.toLocaleString("en-US"));
  const images = config.trainLimit === undefined && config.testLimit === undefined
    ? "all 60,000 training and 10,000 test images"
    : `first ${count(config.trainLimit, "all")} training and ${count(config.testLimit, "all")} test images`;
  const inRepo = relative(REPO_ROOT, settings.cacheDir);
  const cache = inRepo.startsWith("..") || inRepo.startsWith("/") ? settings.cacheDir : inRepo;
  return `NOTEBOOK_SIZE=${settings.size}: ${images}, ${
    config.validationSize.toLocaleString("en-US")
  } held out for validation; seeds ${settings.seeds.join(", ")}; stage cache ${cache}`;
}
