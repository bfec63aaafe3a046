/**
 * The pipeline as a typed graph of stages. A {@linkcode Stage} is declared once — its id, its input stages,
 * its own settings (a slice of the run's configuration), the function that computes its artifact and the
 * typed view of what it stored — and its cache key is derived from those alone: its id, its settings, its
 * inputs' keys, the data and the code version ({@linkcode stageKey}). Changing one stage's settings therefore
 * recomputes that stage and the stages that depend on it, nothing else.
 *
 * @module
 */
import type { StageArtifact } from "./cache.ts";
import type { ReproduceConfig } from "./config.ts";
import type { RunData, SeedSplit } from "./data.ts";
import { hashConfig } from "./cache.ts";

/** Rows of one feature space: fitted on `fit`, checked on `validation`, scored on `test`. */
export interface RowSets {
  /** Rows the estimator is fitted on, `[nFit, width]`. */
  fit: Float32Array;
  /** Validation rows, `[nValidation, width]`. */
  validation: Float32Array;
  /** Test rows, `[nTest, width]`. */
  test: Float32Array;
  /** Row width. */
  width: number;
}

/** Reports a stage's progress. */
export type StageReport = (fraction: number, message: string) => void;

/**
 * What a stage's output depends on besides its settings and inputs:
 *
 * - `run`: the data only (computed once per run, shared by every seed);
 * - `seed`: the data and the seed;
 * - `split`: the data, the seed and its train/validation split (`config.validationSize`).
 */
export type StageScope = "run" | "seed" | "split";

/** What a stage's computation is given besides its inputs' outputs. */
export interface StageContext {
  /** The run's data. */
  data: RunData;
  /** The run's configuration. */
  config: ReproduceConfig;
  /** The seed. */
  seed: number;
  /** The seed's train/validation split (computed on first use). */
  split: () => SeedSplit;
  /** This stage's cache key. */
  key: string;
  /** Its inputs' cache keys, by input name. */
  inputKeys: Readonly<Record<string, string>>;
  /** The stage cache's root (for a stage's own files, such as training checkpoints). */
  cacheDir: string;
  /** Whether the run recomputes cached work. */
  force: boolean;
  /** Progress of the computation. */
  report: StageReport;
}

/** A stage of any output and inputs (the element type of stage lists). */
// deno-lint-ignore no-explicit-any
export type AnyStage = Stage<any, any>;

/** A stage's named input stages. */
export type StageInputs = Record<string, AnyStage>;

/** The output type of a stage. */
export type OutputOf<S> = S extends Stage<infer O, infer _I> ? O : never;

/** The outputs of a stage's inputs, by input name. */
export type InputOutputs<I extends StageInputs> = { [K in keyof I]: OutputOf<I[K]> };

/** One stage of the graph. */
export interface Stage<Out, In extends StageInputs = StageInputs> {
  /** The stage's id: its folder in the cache and its name in the manifest. */
  readonly id: string;
  /** One line on what it computes (shown by `reproduce --list`). */
  readonly description: string;
  /** What its output depends on besides settings and inputs. */
  readonly scope: StageScope;
  /** The stages whose outputs it reads, by name. */
  readonly inputs: In;
  /** Its own settings: everything of the configuration its computation reads, and nothing else. */
  settings(config: ReproduceConfig): unknown;
  /** Computes its artifact from its inputs' outputs. */
  compute(inputs: InputOutputs<In>, context: StageContext): Promise<StageArtifact<unknown>>;
  /** The typed view of a stored artifact (its arrays checked by name and type). */
  read(artifact: StageArtifact<unknown>): Out;
}

/**
 * Declares a stage (checks its id; the stage is returned as given).
 *
 * @example
 * ```ts
 * import { defineStage } from "./graph.ts";
 * import { assertEquals } from "../std.ts";
 * const stage = defineStage({
 *   id: "demo",
 *   description: "a constant",
 *   scope: "run",
 *   inputs: {},
 *   settings: () => ({}),
 *   compute: () => Promise.resolve({ json: { x: 1 }, arrays: {} }),
 *   read: (artifact) => artifact.json as { x: number },
 * });
 * assertEquals(stage.id, "demo");
 * ```
 *
 * @param stage The declaration.
 * @returns The stage.
 * @throws {RangeError} When the id is not lowercase words joined by hyphens.
 */
export function defineStage<Out, In extends StageInputs>(stage: Stage<Out, In>): Stage<Out, In> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(stage.id)) {
    throw new RangeError(
      `Cannot define stage: id must be lowercase words joined by hyphens, current value is "${stage.id}"`,
    );
  }
  return stage;
}

/**
 * The stages `roots` need, each once, inputs before the stages that read them (depth first, in the order
 * the roots and their inputs are listed).
 *
 * @example
 * ```ts
 * import { defineStage, stageClosure } from "./graph.ts";
 * import { assertEquals } from "../std.ts";
 * const stage = (id: string, inputs = {}) =>
 *   defineStage({ id, description: id, scope: "run", inputs, settings: () => ({}),
 *     compute: () => Promise.resolve({ json: {}, arrays: {} }), read: () => ({}) });
 * const a = stage("a");
 * const b = stage("b", { a });
 * const c = stage("c", { a, b });
 * assertEquals(stageClosure([c, b]).map((s) => s.id), ["a", "b", "c"]);
 * ```
 *
 * @param roots The stages asked for.
 * @returns Every stage they need, in dependency order.
 * @throws {RangeError} When two different stages share an id.
 */
export function stageClosure(roots: readonly AnyStage[]): AnyStage[] {
  const order: AnyStage[] = [];
  const byId = new Map<string, AnyStage>();
  const visit = (stage: AnyStage) => {
    const seen = byId.get(stage.id);
    if (seen === stage) return;
    if (seen !== undefined) {
      throw new RangeError(`Cannot build the stage graph: two different stages have the id "${stage.id}"`);
    }
    byId.set(stage.id, stage);
    for (const input of Object.values(stage.inputs as StageInputs)) visit(input);
    order.push(stage);
  };
  roots.forEach(visit);
  return order;
}

/**
 * A stage's cache key: a hash of its id, its own settings, its inputs' keys, the data and code key, and —
 * by its scope — the seed and the validation size. Nothing is written by hand: a setting that is not in
 * the stage's {@linkcode Stage.settings} cannot change its key.
 *
 * @example
 * ```ts
 * import { defineStage, stageKey } from "./graph.ts";
 * import { DEFAULT_CONFIG } from "./config.ts";
 * import { assert } from "../std.ts";
 * const stage = defineStage({ id: "demo", description: "", scope: "seed", inputs: {},
 *   settings: (config) => config.kmeans, compute: () => Promise.resolve({ json: {}, arrays: {} }),
 *   read: () => ({}) });
 * const key = (seed: number, k: number) =>
 *   stageKey(stage, { ...DEFAULT_CONFIG, kmeans: { ...DEFAULT_CONFIG.kmeans, nClusters: k } },
 *     { seed, dataKey: "data", inputKeys: {} });
 * assert(await key(0, 10) !== await key(1, 10) && await key(0, 10) !== await key(0, 12));
 * assert(await key(0, 10) === await key(0, 10));
 * ```
 *
 * @param stage The stage.
 * @param config The run's configuration.
 * @param of The seed, the data and code key, and the inputs' keys.
 * @returns 16 hex digits.
 */
export function stageKey(
  stage: AnyStage,
  config: ReproduceConfig,
  of: { seed: number; dataKey: unknown; inputKeys: Readonly<Record<string, string>> },
): Promise<string> {
  return hashConfig({
    stage: stage.id,
    settings: stage.settings(config) ?? null,
    inputs: of.inputKeys,
    data: of.dataKey,
    ...(stage.scope === "run" ? {} : { seed: of.seed }),
    ...(stage.scope === "split" ? { validationSize: config.validationSize } : {}),
  });
}

/** The array types a stage artifact may hold. */
type ArrayConstructors = {
  Float32Array: Float32Array;
  Int32Array: Int32Array;
  Uint8Array: Uint8Array;
  Float64Array: Float64Array;
};

/**
 * The named arrays of a stored artifact, checked: each must exist and be of the given type, so a stage's
 * {@linkcode Stage.read} returns typed fields instead of its users casting string-keyed arrays.
 *
 * @example
 * ```ts
 * import { artifactArrays } from "./graph.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * const artifact = { json: {}, arrays: { testPred: Int32Array.of(1, 0) } };
 * assertEquals(artifactArrays("demo", artifact, { testPred: "Int32Array" }).testPred, Int32Array.of(1, 0));
 * assertThrows(() => artifactArrays("demo", artifact, { z: "Float32Array" }), Error, "lacks the Float32Array z");
 * ```
 *
 * @param stage The stage's id (for the error message).
 * @param artifact The artifact.
 * @param types Each array's name and type.
 * @returns The arrays, typed.
 * @throws {Error} When an array is missing or of another type.
 */
export function artifactArrays<T extends Record<string, keyof ArrayConstructors>>(
  stage: string,
  artifact: StageArtifact<unknown>,
  types: T,
): { [K in keyof T]: ArrayConstructors[T[K]] } {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(types)) {
    const array = artifact.arrays[name];
    if (array === undefined || array.constructor.name !== type) {
      throw new Error(
        `Cannot read the ${stage} stage's artifact: it lacks the ${type} ${name}` +
          (array === undefined ? "" : ` (found a ${array.constructor.name})`) +
          "; delete the entry or use --force",
      );
    }
    out[name] = array;
  }
  return out as { [K in keyof T]: ArrayConstructors[T[K]] };
}
