/**
 * A content-addressed cache of stage artifacts: each stage's output lives in `ROOT/<stage>/<key>/`, where
 * the key hashes the stage's config and inputs, so a finished stage is reused by a later or resumed run and
 * any change of config recomputes it. Entries are written to a temporary folder and renamed into place, so a
 * killed run never leaves a half-written entry that looks complete, and every entry records the SHA-256 of
 * each file it holds, checked on every read, so an entry changed after it was stored is never used.
 *
 * @module
 */
import { sha256Hex } from "../io/mod.ts";
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

/**
 * The entry format {@linkcode StageCache} writes: 2 records the SHA-256 of every array file and of the JSON
 * part. Entries without a `format` (stored before checksums) are read as absent and recomputed.
 */
export const CACHE_FORMAT = 2;

/** The entry's file that lists the others; written last, so an entry without it is not complete. */
const INDEX_FILE = "index.json";

/** A temporary folder of {@linkcode StageCache.store} (`.<key>-<random>`, or its `-replaced` copy). */
const TEMPORARY_NAME = /^\.[0-9a-f]{16}-/;

interface EntryIndex<T> {
  /** {@linkcode CACHE_FORMAT}; absent in entries stored before checksums. */
  format?: number;
  stage: string;
  key: string;
  config: unknown;
  createdAt: string;
  /** Wall seconds the computation took (absent in entries stored without it). */
  computeSeconds?: number;
  json: T;
  /** SHA-256 (hex) of `JSON.stringify(json)`. */
  jsonSha256?: string;
  arrays: Record<string, { type: ArrayTypeName; length: number; file: string; sha256?: string }>;
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
  /**
   * Called with one line when an entry is recomputed instead of read (one stored before checksums); lib
   * never prints.
   *
   * @default {() => {}}
   */
  onWarning?: (message: string) => void;
  /**
   * The run's start (milliseconds since the epoch). When given, the first time the cache opens a stage's
   * folder it removes the temporary folders of stores that were interrupted (a killed run) before then:
   * those whose folder and files were all last modified before this time. Younger ones may be another
   * run's store in progress and are kept.
   *
   * @default {undefined} (nothing is removed)
   */
  runStartedAt?: number;
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
  #onWarning: (message: string) => void;
  #runStartedAt: number | undefined;
  /** Stage folders already cleared of interrupted stores' temporary folders. */
  #swept = new Set<string>();

  /**
   * Opens a cache; nothing is read or written until a stage runs.
   *
   * @param root The root folder (created on first write).
   * @param options Cache behaviour.
   */
  constructor(root: string, { force = false, onWarning = () => {}, runStartedAt }: StageCacheOptions = {}) {
    this.root = root;
    this.force = force;
    this.#onWarning = onWarning;
    this.#runStartedAt = runStartedAt;
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
   * Whether an entry exists (complete: its index is written last) and is not of a format stored before
   * checksums (such an entry is recomputed). Its files are not checked here: {@linkcode StageCache.load}
   * does, and refuses a corrupt entry.
   *
   * @param stage The stage's name.
   * @param key The entry's key.
   * @returns Whether `ROOT/<stage>/<key>/index.json` exists, unless it parses and has no `format`.
   */
  async has(stage: string, key: string): Promise<boolean> {
    await this.#sweep(stage);
    let text: string;
    try {
      text = await Deno.readTextFile(join(this.root, stage, key, INDEX_FILE));
    } catch {
      return false;
    }
    try {
      const index = JSON.parse(text);
      return !(typeof index === "object" && index !== null && index.format === undefined);
    } catch {
      // Corrupt: present, so that load() reports it instead of a silent recompute.
      return true;
    }
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
   * Loads an entry and checks it: every file it holds is listed in its index.json, of the listed size and
   * SHA-256, and its JSON part of the recorded SHA-256. Returns `undefined` when it does not exist, or when
   * it was stored before checksums (reported through `onWarning`: it is recomputed and replaced).
   *
   * @param stage The stage's name.
   * @param key The entry's key.
   * @returns The artifact, or `undefined`.
   * @throws {Error} When the entry exists but is corrupt (index.json truncated or garbled, an array file
   *   missing, of the wrong size or of another SHA-256 than recorded, a file it does not list); the message
   *   names the folder and the file, and says to delete the folder or use --force.
   */
  async load<T>(
    stage: string,
    key: string,
  ): Promise<(StageArtifact<T> & { computeSeconds?: number }) | undefined> {
    await this.#sweep(stage);
    const dir = join(this.root, stage, key);
    let indexText: string;
    try {
      indexText = await Deno.readTextFile(join(dir, INDEX_FILE));
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
    if (index.format === undefined) {
      this.#onWarning(
        `cache entry ${dir} was stored without checksums (an older cache format); recomputing it`,
      );
      return undefined;
    }
    if (index.format !== CACHE_FORMAT) {
      throw corrupt(`index.json has format ${JSON.stringify(index.format)}, expected ${CACHE_FORMAT}`);
    }
    const listed = new Set([INDEX_FILE, ...Object.values(index.arrays).map((meta) => meta?.file)]);
    for await (const entry of Deno.readDir(dir)) {
      if (!listed.has(entry.name)) throw corrupt(`it holds ${entry.name}, which index.json does not list`);
    }
    if (
      typeof index.jsonSha256 !== "string" ||
      await sha256Hex(new TextEncoder().encode(JSON.stringify(index.json))) !== index.jsonSha256
    ) {
      throw corrupt("the JSON part of index.json does not have the SHA-256 recorded in it (it was edited)");
    }
    const arrays: Record<string, ArtifactArray> = {};
    for (const [name, meta] of Object.entries(index.arrays)) {
      const Type = ARRAY_TYPES[meta?.type];
      if (
        !Type || !Number.isInteger(meta.length) || meta.length < 0 || typeof meta.file !== "string" ||
        typeof meta.sha256 !== "string"
      ) {
        throw corrupt(
          `index.json lists array ${name} as ${
            JSON.stringify(meta)
          }, expected { type, length, file, sha256 }`,
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
      const digest = await sha256Hex(bytes);
      // Refused, not recomputed: something changed a stored entry, which a silent recompute would hide.
      if (digest !== meta.sha256) {
        throw corrupt(
          `${meta.file} has SHA-256 ${digest}, index.json recorded ${meta.sha256} (it changed after it was stored)`,
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
    await this.#sweep(stage);
    const parent = join(this.root, stage);
    await Deno.mkdir(parent, { recursive: true });
    const tmp = await Deno.makeTempDir({ dir: parent, prefix: `.${key}-` });
    const index: EntryIndex<T> = {
      format: CACHE_FORMAT,
      stage,
      key,
      config,
      createdAt: new Date().toISOString(),
      ...(computeSeconds !== undefined ? { computeSeconds } : {}),
      json: artifact.json,
      jsonSha256: await sha256Hex(new TextEncoder().encode(JSON.stringify(artifact.json))),
      arrays: {},
    };
    for (const [name, array] of Object.entries(artifact.arrays)) {
      const type = (Object.keys(ARRAY_TYPES) as ArrayTypeName[]).find((t) =>
        array instanceof ARRAY_TYPES[t]
      )!;
      const file = `${name}.${type}.bin`;
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      await Deno.writeFile(join(tmp, file), bytes);
      index.arrays[name] = { type, length: array.length, file, sha256: await sha256Hex(bytes) };
    }
    // index.json last: an entry without it is never read as complete.
    await Deno.writeTextFile(join(tmp, INDEX_FILE), JSON.stringify(index));
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

  /**
   * Removes the stage folder's temporary folders left by stores interrupted before the run started (once
   * per stage and cache; only with `runStartedAt`).
   */
  async #sweep(stage: string): Promise<void> {
    const before = this.#runStartedAt;
    if (before === undefined || this.#swept.has(stage)) return;
    this.#swept.add(stage);
    const parent = join(this.root, stage);
    const stale: string[] = [];
    try {
      for await (const entry of Deno.readDir(parent)) {
        if (!entry.isDirectory || !TEMPORARY_NAME.test(entry.name)) continue;
        const modified = await lastModified(join(parent, entry.name));
        if (modified !== undefined && modified < before) stale.push(entry.name);
      }
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    for (const name of stale) {
      await Deno.remove(join(parent, name), { recursive: true }).catch((error) => {
        // Another run removed or renamed it first.
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
    }
  }
}

/**
 * The latest modification time (ms since the epoch) of a folder and the files directly in it (a store
 * writes no deeper), or `undefined` when it vanished meanwhile (another run renamed or removed it).
 */
async function lastModified(dir: string): Promise<number | undefined> {
  try {
    let latest = (await Deno.stat(dir)).mtime?.getTime() ?? Infinity;
    for await (const entry of Deno.readDir(dir)) {
      const mtime = (await Deno.lstat(join(dir, entry.name))).mtime?.getTime() ?? Infinity;
      latest = Math.max(latest, mtime);
    }
    return latest;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
