/**
 * A content-addressed cache of stage artifacts: each stage's output lives in `ROOT/<stage>/<key>/`, where
 * the key hashes the stage's config and inputs, so a finished stage is reused by a later or resumed run and
 * any change of config recomputes it. Entries are written to a temporary folder and renamed into place, so a
 * killed run never leaves a half-written entry that looks complete.
 *
 * @module
 */
import { join } from "../std.ts";

/** Typed arrays a stage may store beside its JSON. */
export type ArtifactArray = Float32Array | Int32Array | Uint8Array | Float64Array;

/** What a stage stores: a JSON-able value and named binary arrays. */
export interface StageArtifact<T> {
  /** The JSON part. */
  json: T;
  /** Named binary arrays (stored as raw little-endian files). */
  arrays: Record<string, ArtifactArray>;
}

const ARRAY_TYPES = {
  float32: Float32Array,
  int32: Int32Array,
  uint8: Uint8Array,
  float64: Float64Array,
} as const;
type ArrayTypeName = keyof typeof ARRAY_TYPES;

interface EntryIndex<T> {
  stage: string;
  key: string;
  config: unknown;
  createdAt: string;
  /** Wall seconds the computation took (absent in entries stored without it). */
  computeSeconds?: number;
  json: T;
  arrays: Record<string, { type: ArrayTypeName; length: number; file: string }>;
}

/**
 * Stable SHA-256 (hex, first 16 digits) of a JSON-able value with object keys sorted, so equal configs give
 * equal keys whatever their key order.
 *
 * @example
 * ```ts
 * import { hashConfig } from "./cache.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(await hashConfig({ a: 1, b: [2] }), await hashConfig({ b: [2], a: 1 }));
 * ```
 *
 * @param value The config.
 * @returns 16 hex digits.
 */
export async function hashConfig(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(value));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * JSON with object keys sorted recursively.
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./cache.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}');
 * ```
 *
 * @param value A JSON-able value.
 * @returns Its canonical JSON text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
  );
}

/** Options of {@linkcode StageCache}. */
export interface StageCacheOptions {
  /**
   * When true, entries are recomputed (and overwritten) even if present.
   *
   * @default {false}
   */
  force?: boolean;
}

/** How {@linkcode StageCache.run} obtained an entry. */
export type CacheOutcome = "hit" | "computed";

/**
 * A cache of stage artifacts under one root folder.
 *
 * @example
 * ```ts
 * import { StageCache } from "./cache.ts";
 * import { assertEquals } from "../std.ts";
 * const root = await Deno.makeTempDir();
 * const cache = new StageCache(root);
 * let calls = 0;
 * const compute = () => { calls++; return Promise.resolve({ json: { x: 1 }, arrays: { v: Float32Array.of(2) } }); };
 * await cache.run("demo", { seed: 0 }, compute);
 * const again = await cache.run("demo", { seed: 0 }, compute);
 * assertEquals([calls, again.outcome, again.artifact.arrays.v[0]], [1, "hit", 2]);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export class StageCache {
  /** The root folder. */
  readonly root: string;
  /** Whether entries are recomputed even if present. */
  readonly force: boolean;

  /**
   * Opens a cache; nothing is read or written until a stage runs.
   *
   * @param root The root folder (created on first write).
   * @param options Cache behaviour.
   */
  constructor(root: string, { force = false }: StageCacheOptions = {}) {
    this.root = root;
    this.force = force;
  }

  /**
   * Returns the entry of `stage` for `config`, computing and storing it when absent (or when `force`).
   *
   * @param stage The stage's name (a folder name).
   * @param config Everything the stage's output depends on.
   * @param compute Computes the artifact.
   * @returns The artifact, whether it came from the cache, and the entry's key.
   * @throws {Error} When the entry exists but is corrupt (see {@linkcode StageCache.load}); it is never
   *   read as a hit, and `force` recomputes it.
   */
  async run<T>(
    stage: string,
    config: unknown,
    compute: () => Promise<StageArtifact<T>>,
  ): Promise<{ artifact: StageArtifact<T>; outcome: CacheOutcome; key: string; computeSeconds?: number }> {
    const key = await hashConfig(config);
    if (!this.force) {
      const found = await this.load<T>(stage, key);
      if (found) return { artifact: found, outcome: "hit", key, computeSeconds: found.computeSeconds };
    }
    const t0 = performance.now();
    const artifact = await compute();
    const computeSeconds = (performance.now() - t0) / 1000;
    await this.store(stage, key, config, artifact, computeSeconds);
    return { artifact, outcome: "computed", key, computeSeconds };
  }

  /**
   * Whether an entry exists (complete: its index is written last).
   *
   * @param stage The stage's name.
   * @param key The entry's key.
   * @returns Whether `ROOT/<stage>/<key>/index.json` exists.
   */
  async has(stage: string, key: string): Promise<boolean> {
    return await Deno.stat(join(this.root, stage, key, "index.json")).then(() => true, () => false);
  }

  /**
   * The newest entry's compute time of a stage, any key (what `reproduce --list` shows and the scheduler
   * orders by), or `undefined` when none is recorded.
   *
   * @param stage The stage's name.
   * @returns Wall seconds, or `undefined`.
   */
  async lastComputeSeconds(stage: string): Promise<number | undefined> {
    let newest: { createdAt: string; seconds: number } | undefined;
    try {
      for await (const entry of Deno.readDir(join(this.root, stage))) {
        if (!entry.isDirectory || entry.name.startsWith(".")) continue;
        try {
          const index = JSON.parse(await Deno.readTextFile(join(this.root, stage, entry.name, "index.json")));
          if (typeof index.computeSeconds === "number" && (!newest || index.createdAt > newest.createdAt)) {
            newest = { createdAt: String(index.createdAt), seconds: index.computeSeconds };
          }
        } catch {
          // An entry without a readable index is not complete.
        }
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return newest?.seconds;
  }

  /**
   * Loads an entry, or returns `undefined` when it does not exist.
   *
   * @param stage The stage's name.
   * @param key The entry's key.
   * @returns The artifact, or `undefined`.
   * @throws {Error} When the entry exists but is corrupt (index.json truncated or garbled, an array file
   *   missing or of the wrong size); the message names the folder and the file.
   */
  async load<T>(
    stage: string,
    key: string,
  ): Promise<(StageArtifact<T> & { computeSeconds?: number }) | undefined> {
    const dir = join(this.root, stage, key);
    let indexText: string;
    try {
      indexText = await Deno.readTextFile(join(dir, "index.json"));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
    const corrupt = (what: string) =>
      new Error(`Cannot load cache entry ${dir}: ${what}; delete the folder or use --force`);
    let index: EntryIndex<T>;
    try {
      index = JSON.parse(indexText);
    } catch {
      throw corrupt("index.json is not valid JSON (truncated or garbled)");
    }
    if (typeof index !== "object" || index === null || typeof index.arrays !== "object" || !index.arrays) {
      throw corrupt("index.json has no arrays object");
    }
    const arrays: Record<string, ArtifactArray> = {};
    for (const [name, meta] of Object.entries(index.arrays)) {
      const Type = ARRAY_TYPES[meta?.type];
      if (!Type || !Number.isInteger(meta.length) || meta.length < 0 || typeof meta.file !== "string") {
        throw corrupt(
          `index.json lists array ${name} as ${JSON.stringify(meta)}, expected { type, length, file }`,
        );
      }
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = await Deno.readFile(join(dir, meta.file));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) {
          throw corrupt(`${meta.file}, listed in index.json, is missing`);
        }
        throw error;
      }
      if (bytes.byteLength !== meta.length * Type.BYTES_PER_ELEMENT) {
        throw corrupt(
          `${meta.file} has ${bytes.byteLength} bytes, expected ${meta.length * Type.BYTES_PER_ELEMENT}` +
            (bytes.byteLength < meta.length * Type.BYTES_PER_ELEMENT ? " (truncated)" : ""),
        );
      }
      arrays[name] = new Type(bytes.buffer, bytes.byteOffset, meta.length);
    }
    return { json: index.json, arrays, computeSeconds: index.computeSeconds };
  }

  /**
   * Stores an entry atomically (temporary folder, then rename), replacing any previous one.
   *
   * @param stage The stage's name.
   * @param key The entry's key.
   * @param config The config the key was made from (kept for inspection).
   * @param artifact What to store.
   * @param computeSeconds How long computing it took (kept so cached runs can report it).
   */
  async store<T>(
    stage: string,
    key: string,
    config: unknown,
    artifact: StageArtifact<T>,
    computeSeconds?: number,
  ): Promise<void> {
    const parent = join(this.root, stage);
    await Deno.mkdir(parent, { recursive: true });
    const tmp = await Deno.makeTempDir({ dir: parent, prefix: `.${key}-` });
    const index: EntryIndex<T> = {
      stage,
      key,
      config,
      createdAt: new Date().toISOString(),
      ...(computeSeconds !== undefined ? { computeSeconds } : {}),
      json: artifact.json,
      arrays: {},
    };
    for (const [name, array] of Object.entries(artifact.arrays)) {
      const type = (Object.keys(ARRAY_TYPES) as ArrayTypeName[]).find((t) =>
        array instanceof ARRAY_TYPES[t]
      )!;
      const file = `${name}.${type}.bin`;
      await Deno.writeFile(join(tmp, file), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      index.arrays[name] = { type, length: array.length, file };
    }
    // index.json last: an entry without it is never read as complete.
    await Deno.writeTextFile(join(tmp, "index.json"), JSON.stringify(index));
    const target = join(parent, key);
    // A rename cannot replace a folder that holds files: an existing entry (a forced recompute, or another
    // process's copy of a stage shared between parallel parts) is moved aside and deleted, and the rename
    // retried. When other writers keep landing first, their complete entry stands.
    for (let attempt = 0;; attempt++) {
      try {
        await Deno.rename(tmp, target);
        return;
      } catch (error) {
        if (attempt >= 3) {
          const stored = await Deno.stat(join(target, "index.json")).then(() => true, () => false);
          await Deno.remove(tmp, { recursive: true });
          if (stored) return;
          throw error;
        }
      }
      const aside = `${tmp}-replaced`;
      await Deno.rename(target, aside).then(() => Deno.remove(aside, { recursive: true }), () => {});
    }
  }
}
