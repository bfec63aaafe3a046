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
  /**
   * Settings that differ from the size's configuration (a deep partial of it): the notebook's settings
   * cell. The stages that read a changed setting get their own cache key, so they are computed once for
   * it; every other stage is read from the cache.
   *
   * @default {{}}
   */
  overrides?: ConfigOverrides;
}

/** A deep partial of the configuration: only the settings that change (arrays are replaced whole). */
export type ConfigOverrides = DeepPartial<ReproduceConfig>;

/** A deep partial of `T`. */
type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/**
 * `config` with `overrides` applied: nested objects merged, arrays and values replaced. A key the
 * configuration does not have, or a value of another type, is refused with its path.
 *
 * @example
 * ```ts
 * import { applyOverrides } from "./settings.ts";
 * import { DEFAULT_CONFIG } from "../pipeline/mod.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * const config = applyOverrides(DEFAULT_CONFIG, { kmeans: { nClusters: 12 } });
 * assertEquals([config.kmeans.nClusters, config.kmeans.nInit], [12, DEFAULT_CONFIG.kmeans.nInit]);
 * assertEquals(DEFAULT_CONFIG.kmeans.nClusters, 10);
 * assertThrows(
 *   () => applyOverrides(DEFAULT_CONFIG, { kmeans: { nCluster: 12 } } as never),
 *   RangeError,
 *   'no setting "kmeans.nCluster"',
 * );
 * ```
 *
 * @param config The configuration.
 * @param overrides The settings that change.
 * @returns A new configuration (`config` is not modified).
 * @throws {RangeError} When a key is unknown or a value's type differs from the setting's.
 */
export function applyOverrides(config: ReproduceConfig, overrides: ConfigOverrides): ReproduceConfig {
  const merge = (base: unknown, patch: unknown, path: string): unknown => {
    if (patch === undefined) return base;
    const isObject = (v: unknown): v is Record<string, unknown> =>
      typeof v === "object" && v !== null && !Array.isArray(v);
    if (isObject(base) && isObject(patch)) {
      const out: Record<string, unknown> = { ...base };
      for (const [key, value] of Object.entries(patch)) {
        const at = path ? `${path}.${key}` : key;
        if (!(key in base)) {
          throw new RangeError(
            `Cannot apply the notebook's settings: no setting "${at}"; the settings there are ${
              Object.keys(base).join(", ")
            }`,
          );
        }
        out[key] = merge(base[key], value, at);
      }
      return out;
    }
    const kind = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
    if (base !== undefined && kind(base) !== kind(patch)) {
      throw new RangeError(
        `Cannot apply the notebook's settings: "${path}" must be of type ${kind(base)}, current value is ${
          JSON.stringify(patch)
        }`,
      );
    }
    return patch;
  };
  return merge(config, overrides, "") as ReproduceConfig;
}

/** What a notebook runs with. */
export interface NotebookSettings {
  /** The data size. */
  size: NotebookSize;
  /** The pipeline configuration: that size's (`QUICK_CONFIG` or `DEFAULT_CONFIG`) with the overrides. */
  config: ReproduceConfig;
  /** The settings that differ from the size's configuration. */
  overrides?: ConfigOverrides;
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
    overrides = {},
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
  // The settings cell shows the report's (full-size) values: at the quick size a value equal to the
  // report's keeps the quick slice's own, and only a changed one applies.
  const config = size === "quick"
    ? applyOverrides(QUICK_CONFIG, withoutDefaults(overrides, DEFAULT_CONFIG))
    : applyOverrides(DEFAULT_CONFIG, overrides);
  return {
    size: size as NotebookSize,
    config,
    overrides,
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
  const changed = changedSettings(settings.size === "quick" ? QUICK_CONFIG : DEFAULT_CONFIG, config);
  return `NOTEBOOK_SIZE=${settings.size}: ${images}, ${
    config.validationSize.toLocaleString("en-US")
  } held out for validation; seeds ${settings.seeds.join(", ")}; stage cache ${cache}` +
    (changed.length > 0 ? `; changed from the report's settings: ${changed.join(", ")}` : "");
}

/** `overrides` without the values equal to `base`'s (empty objects dropped). */
function withoutDefaults(overrides: ConfigOverrides, base: unknown): ConfigOverrides {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    const at = isObject(base) ? base[key] : undefined;
    if (isObject(value)) {
      const inner = withoutDefaults(value as ConfigOverrides, at);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (JSON.stringify(value) !== JSON.stringify(at)) out[key] = value;
  }
  return out as ConfigOverrides;
}

/** The settings of `config` that differ from `base`, as `path = value`, in key order. */
function changedSettings(base: unknown, config: unknown, path = ""): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(base) && isObject(config)) {
    return Object.keys(config).flatMap((key) =>
      changedSettings(base[key], config[key], path ? `${path}.${key}` : key)
    );
  }
  return JSON.stringify(base) === JSON.stringify(config) ? [] : [`${path} = ${JSON.stringify(config)}`];
}
