/**
 * A method: one row of the report. It names the stages it needs, how its predictions are read from their
 * outputs and scored, its published references and a one-line reason per setting it does not take from
 * its paper. `lib/methods/` holds one file per method and the list that registers them; `reproduce`, the
 * report and the notebooks read that list.
 *
 * @module
 */
import type { ReproduceConfig } from "./config.ts";
import type { RunData, SeedSplit } from "./data.ts";
import type { InputOutputs, StageInputs } from "./graph.ts";
import type { MethodResult, PublishedResult, Reference } from "./results.ts";
import { concatArrays } from "./data.ts";

/** How a method meets the test set. */
export type Protocol = "inductive" | "transductive";

/** The protocols, in order. */
export const PROTOCOLS: readonly Protocol[] = ["inductive", "transductive"];

/** The report's sections a method belongs to. */
export type MethodSection = "report" | "self-training" | "beyond";

/** What a method gives for one seed: the predictions it is scored on and its facts. */
export interface MethodRow {
  /** Cluster of every test image. */
  testPred: Int32Array;
  /** True classes of the images the method was fitted on. */
  fitTruth: Uint8Array;
  /** Cluster of every image the method was fitted on. */
  fitPred: Int32Array;
  /** True classes of the scored images (the test set, or every image when transductive). */
  scoreTruth: Uint8Array;
  /** Clusters of the scored images. */
  scorePred: Int32Array;
  /** Method-specific facts (recorded per seed in `results.json`). */
  details: Record<string, unknown>;
}

/** What a method's row is made from besides its stages' outputs. */
export interface MethodContext {
  /** The run's data. */
  data: RunData;
  /** The seed's split. */
  split: SeedSplit;
  /** The run's configuration. */
  config: ReproduceConfig;
}

/** One method (a report row). */
export interface Method<In extends StageInputs = StageInputs> {
  /** Stable id, e.g. `kmeans-raw`. */
  readonly id: string;
  /** Human-readable name, from the settings it runs with. */
  label(config: ReproduceConfig): string;
  /** Inductive (fitted on the training split, scored on the test set) or transductive (on every image). */
  readonly protocol: Protocol;
  /** The report section it belongs to. */
  readonly section: MethodSection;
  /** The notebook that shows it: its file name in `notebooks/` without `.ipynb`, e.g. `03-kmeans`. */
  readonly notebook?: string;
  /** The stages whose outputs its row is read from (their inputs are computed too). */
  readonly stages: In;
  /** Its row for one seed, from its stages' outputs. */
  row(outputs: InputOutputs<In>, context: MethodContext): MethodRow;
  /** The report's own published number, when it published one. */
  readonly reference?: Reference;
  /** Published numbers from other work to compare it with. */
  readonly published?: readonly PublishedResult[];
  /**
   * One line of reasoning per setting it does not take from its paper, keyed by the setting's path in the
   * configuration; the measurements behind each are in `docs/decisions.md`.
   */
  readonly reasons?: Readonly<Record<string, string>>;
  /** Sentences of the report's notes about its results (read from them), given every method's results. */
  notes?(self: MethodResult, all: readonly MethodResult[]): string[];
}

/** A method of any stages (the element type of method lists). */
// deno-lint-ignore no-explicit-any
export type AnyMethod = Method<any>;

/**
 * Declares a method (checks its id; returned as given).
 *
 * @example
 * ```ts
 * import { defineMethod } from "./method.ts";
 * import { assertThrows } from "../std.ts";
 * assertThrows(
 *   () => defineMethod({ id: "Bad Id", label: () => "", protocol: "inductive", section: "report", stages: {},
 *     row: () => { throw new Error("unused"); } }),
 *   RangeError,
 *   'current value is "Bad Id"',
 * );
 * ```
 *
 * @param method The declaration.
 * @returns The method.
 * @throws {RangeError} When the id is not lowercase words joined by hyphens.
 */
export function defineMethod<In extends StageInputs>(method: Method<In>): Method<In> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(method.id)) {
    throw new RangeError(
      `Cannot define method: id must be lowercase words joined by hyphens, current value is "${method.id}"`,
    );
  }
  return method;
}

/** Rows of the three sets, as one array each (row-major). */
export interface ProtocolSets<T> {
  /** The training split's rows. */
  fit: T;
  /** The validation split's rows. */
  validation: T;
  /** The test set's rows. */
  test: T;
}

/**
 * The rows an estimator is fitted on under `protocol`: the training rows (inductive), or every row —
 * training, validation, test, in that order — (transductive).
 *
 * @example
 * ```ts
 * import { protocolFitRows } from "./method.ts";
 * import { assertEquals } from "../std.ts";
 * const sets = { fit: Float32Array.of(1), validation: Float32Array.of(2), test: Float32Array.of(3) };
 * assertEquals(protocolFitRows("inductive", sets), Float32Array.of(1));
 * assertEquals(protocolFitRows("transductive", sets), Float32Array.of(1, 2, 3));
 * ```
 *
 * @param protocol The protocol.
 * @param sets The three sets' rows.
 * @returns The fitted rows.
 */
export function protocolFitRows<T extends Float32Array | Uint8Array>(
  protocol: Protocol,
  sets: ProtocolSets<T>,
): T {
  return protocol === "inductive" ? sets.fit : concatArrays([sets.fit, sets.validation, sets.test]);
}

/**
 * The validation and test rows' values under `protocol`: computed by `inductive` (an inductive fit places
 * them itself), or sliced back out of the values of every fitted row (transductive: they were fitted).
 *
 * @example
 * ```ts
 * import { heldOutRows } from "./method.ts";
 * import { assertEquals } from "../std.ts";
 * const all = Int32Array.of(0, 0, 1, 2, 2);
 * assertEquals(heldOutRows("transductive", all, { nFit: 2, nValidation: 1 }, () => { throw new Error(); }),
 *   { validation: Int32Array.of(1), test: Int32Array.of(2, 2) });
 * ```
 *
 * @param protocol The protocol.
 * @param fitted The values of every fitted row (`width` values a row).
 * @param sizes The training and validation rows' counts, and the values per row (default 1).
 * @param inductive Computes the validation and test rows' values of an inductive fit.
 * @returns The validation and test rows' values.
 */
export function heldOutRows<T extends Float32Array | Int32Array>(
  protocol: Protocol,
  fitted: T,
  { nFit, nValidation, width = 1 }: { nFit: number; nValidation: number; width?: number },
  inductive: () => { validation: T; test: T },
): { validation: T; test: T } {
  if (protocol === "inductive") return inductive();
  return {
    validation: fitted.slice(nFit * width, (nFit + nValidation) * width) as T,
    test: fitted.slice((nFit + nValidation) * width) as T,
  };
}

/** Predictions of a fitted estimator, as a stage stores them. */
export interface FittedPredictions {
  /** Clusters of the fitted rows: the training split (inductive) or every row (transductive). */
  fitPred: Int32Array;
  /** Clusters of the test rows. */
  testPred: Int32Array;
}

/**
 * A method's row under its protocol: an inductive row was fitted on the seed's training rows and is scored
 * on the test set; a transductive row was fitted on every row (training, validation, test, in that order)
 * and is scored on all of them.
 *
 * @example
 * ```ts
 * import { protocolRow } from "./method.ts";
 * import { assertEquals } from "../std.ts";
 * const context = {
 *   data: { testLabels: Uint8Array.of(1) },
 *   split: { trainLabels: Uint8Array.of(0, 0), validationLabels: Uint8Array.of(1) },
 * } as unknown as Parameters<typeof protocolRow>[2];
 * const row = protocolRow("transductive", { fitPred: Int32Array.of(0, 0, 1, 1), testPred: Int32Array.of(1) },
 *   context, {});
 * assertEquals([row.scoreTruth, row.scorePred], [Uint8Array.of(0, 0, 1, 1), Int32Array.of(0, 0, 1, 1)]);
 * ```
 *
 * @param protocol The protocol.
 * @param predictions The fitted rows' and the test rows' clusters.
 * @param context The data and the seed's split.
 * @param details The row's facts.
 * @returns The row.
 */
export function protocolRow(
  protocol: Protocol,
  predictions: FittedPredictions,
  context: Pick<MethodContext, "data" | "split">,
  details: Record<string, unknown>,
): MethodRow {
  const { data, split } = context;
  if (protocol === "inductive") {
    return {
      testPred: predictions.testPred,
      fitTruth: split.trainLabels,
      fitPred: predictions.fitPred,
      scoreTruth: data.testLabels,
      scorePred: predictions.testPred,
      details,
    };
  }
  const all = concatArrays([split.trainLabels, split.validationLabels, data.testLabels]);
  return {
    testPred: predictions.testPred,
    fitTruth: all,
    fitPred: predictions.fitPred,
    scoreTruth: all,
    scorePred: predictions.fitPred,
    details,
  };
}

/** What a method's row for one seed must hold, and where its predictions were read from. */
export interface RowExpectation {
  /** The method's id. */
  method: string;
  /** The seed. */
  seed: number;
  /** Clusters every prediction must lie in: ids in `[0, nClusters)`. */
  nClusters: number;
  /** Test images the run scores: the length of `testPred`. */
  nTest: number;
  /** The stages the row was read from, each with its cache entry, e.g. `kmeans-raw (.cache/stages/…)`. */
  stages: readonly string[];
}

/**
 * Checks a method's row before it is scored: `testPred` holds one cluster per test image, `fitPred` and
 * `scorePred` one per image of their truths, and every cluster id lies in `[0, nClusters)`; so a damaged or
 * wrong stage output is refused instead of scored.
 *
 * @example
 * ```ts
 * import { checkMethodRow } from "./method.ts";
 * import { assertThrows } from "../std.ts";
 * const pred = Int32Array.of(0, 1, 5);
 * const row = { testPred: pred, fitTruth: Uint8Array.of(0, 1, 1), fitPred: pred, scoreTruth: Uint8Array.of(0, 1, 1),
 *   scorePred: pred, details: {} };
 * assertThrows(
 *   () => checkMethodRow(row, { method: "km", seed: 0, nClusters: 2, nTest: 3, stages: ["km-stage"] }),
 *   RangeError,
 *   "Cannot score method km for seed 0: testPred[2] is 5, expected a cluster id in [0, 2)",
 * );
 * ```
 *
 * @param row The row.
 * @param expected The sizes it must have and, for the message, the method, seed and stages.
 * @throws {RangeError} Naming the method, the seed, the array and the stages (with their cache entries).
 */
export function checkMethodRow(row: MethodRow, expected: RowExpectation): void {
  const { method, seed, nClusters, nTest, stages } = expected;
  const fail = (what: string): never => {
    throw new RangeError(
      `Cannot score method ${method} for seed ${seed}: ${what}; read from stage ${
        stages.join(", stage ")
      }: ` +
        "delete the entry or use --force",
    );
  };
  const lengths: [string, ArrayLike<number>, number, string][] = [
    ["testPred", row.testPred, nTest, "the test images scored"],
    ["fitPred", row.fitPred, row.fitTruth.length, "the images it was fitted on"],
    ["scorePred", row.scorePred, row.scoreTruth.length, "the images it is scored on"],
  ];
  for (const [name, pred, length, of] of lengths) {
    if (pred.length !== length) fail(`${name} has ${pred.length} entries, expected ${length} (${of})`);
    for (let i = 0; i < pred.length; i++) {
      const v = pred[i];
      if (!(Number.isInteger(v) && v >= 0 && v < nClusters)) {
        fail(`${name}[${i}] is ${v}, expected a cluster id in [0, ${nClusters})`);
      }
    }
  }
}

/**
 * The methods of `ids`, in registry order, or all of them when `ids` is undefined.
 *
 * @example
 * ```ts
 * import { defineMethod, selectMethods } from "./method.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * const m = (id: string) => defineMethod({ id, label: () => id, protocol: "inductive", section: "report",
 *   stages: {}, row: () => { throw new Error("unused"); } });
 * const all = [m("a"), m("b"), m("c")];
 * assertEquals(selectMethods(all, ["c", "a"]).map((x) => x.id), ["a", "c"]);
 * assertThrows(() => selectMethods(all, ["d"]), RangeError, "unknown method \"d\"; the methods are a, b, c");
 * ```
 *
 * @param methods The registry.
 * @param ids The ids asked for.
 * @returns The methods.
 * @throws {RangeError} When an id is unknown (the message lists the ids), repeated, or none is given.
 */
export function selectMethods<M extends AnyMethod>(methods: readonly M[], ids?: readonly string[]): M[] {
  if (ids === undefined) return [...methods];
  const known = methods.map((m) => m.id);
  if (ids.length === 0) {
    throw new RangeError(`Cannot select methods: no method given; the methods are ${known.join(", ")}`);
  }
  for (const [i, id] of ids.entries()) {
    if (!known.includes(id)) {
      throw new RangeError(
        `Cannot select methods: unknown method "${id}"; the methods are ${known.join(", ")}`,
      );
    }
    if (ids.indexOf(id) !== i) throw new RangeError(`Cannot select methods: method "${id}" is given twice`);
  }
  return methods.filter((m) => ids.includes(m.id));
}
