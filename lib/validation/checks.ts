/**
 * Checks shared by the estimators and transforms of lib/: option ranges and choices, feature matrices,
 * fitted state. Each throws with the house message shape "Cannot ACTION: NAME must be …, current value is
 * V".
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";

/**
 * Range constraints of one numeric option.
 *
 * @example
 * ```ts
 * import { checkOption, type OptionConstraint } from "./checks.ts";
 * import { assertThrows } from "../std.ts";
 * const positiveInteger: OptionConstraint = { integer: true, min: 1 };
 * assertThrows(() => checkOption("fit KMeans", "nInit", 0, positiveInteger), RangeError);
 * ```
 */
export interface OptionConstraint {
  /** Whether the value must be an integer. @default {false} */
  integer?: boolean;
  /** Smallest allowed value (inclusive); none when undefined. */
  min?: number;
  /** Largest allowed value (inclusive); none when undefined. */
  max?: number;
}

/**
 * Throws a RangeError "Cannot OWNER: NAME must be …, current value is V" when `value` breaks `constraint`
 * (non-finite numbers always do).
 *
 * @example
 * ```ts
 * import { checkOption } from "./checks.ts";
 * import { assertThrows } from "../std.ts";
 * checkOption("fit KMeans", "nClusters", 3, { integer: true, min: 1 });
 * assertThrows(
 *   () => checkOption("fit KMeans", "nClusters", 0, { integer: true, min: 1 }),
 *   RangeError,
 *   "Cannot fit KMeans: nClusters must be an integer >= 1, current value is 0",
 * );
 * ```
 *
 * @param owner The failed action, e.g. `fit KMeans`.
 * @param name The option's name.
 * @param value Its value.
 * @param constraint What the value must satisfy.
 */
export function checkOption(owner: string, name: string, value: number, constraint: OptionConstraint): void {
  const { integer = false, min, max } = constraint;
  const ok = typeof value === "number" && Number.isFinite(value) && (!integer || Number.isInteger(value)) &&
    (min === undefined || value >= min) && (max === undefined || value <= max);
  if (ok) return;
  const parts = [integer ? "an integer" : "a finite number"];
  if (min !== undefined) parts.push(`>= ${min}`);
  if (max !== undefined) parts.push(`<= ${max}`);
  throw new RangeError(`Cannot ${owner}: ${name} must be ${parts.join(" ")}, current value is ${value}`);
}

/**
 * Throws a RangeError "Cannot OWNER: NAME must be one of "a", "b", current value is "V"" when `value` is not
 * one of `allowed`.
 *
 * @example
 * ```ts
 * import { checkChoice } from "./checks.ts";
 * import { assertThrows } from "../std.ts";
 * checkChoice("fit GaussianMixture", "covarianceType", "full", ["full", "diag"]);
 * assertThrows(
 *   () => checkChoice("fit GaussianMixture", "covarianceType", "round", ["full", "diag"]),
 *   RangeError,
 *   'Cannot fit GaussianMixture: covarianceType must be one of "full", "diag", current value is "round"',
 * );
 * ```
 *
 * @typeParam T The allowed strings.
 * @param owner The failed action.
 * @param name The option's name.
 * @param value Its value.
 * @param allowed The values it may take.
 */
export function checkChoice<T extends string>(
  owner: string,
  name: string,
  value: T,
  allowed: readonly T[],
): void {
  if (!allowed.includes(value)) {
    throw new RangeError(
      `Cannot ${owner}: ${name} must be one of ${
        allowed.map((a) => `"${a}"`).join(", ")
      }, current value is "${value}"`,
    );
  }
}

/**
 * Throws a TypeError unless `x` is a non-empty 2-D tensor `[nSamples, nFeatures]` (with `nFeatures` columns
 * when given, as seen in fit).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { checkFeatureMatrix } from "./checks.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertThrows } from "../std.ts";
 * await initTensorBackend();
 * const x = tf.zeros([4, 3]);
 * checkFeatureMatrix("fit PCA", x);
 * assertThrows(
 *   () => checkFeatureMatrix("transform with PCA", x, 2),
 *   TypeError,
 *   "Cannot transform with PCA: x must have 2 features as seen in fit, current value is 3",
 * );
 * x.dispose();
 * ```
 *
 * @param owner The failed action.
 * @param x The feature matrix.
 * @param nFeatures Columns it must have; any when undefined.
 */
export function checkFeatureMatrix(owner: string, x: tf.Tensor, nFeatures?: number): void {
  if (!x || typeof x !== "object" || !("shape" in x) || x.rank !== 2) {
    throw new TypeError(
      `Cannot ${owner}: x must be a 2-D tensor [nSamples, nFeatures], current shape is ${
        x && "shape" in x ? `[${x.shape.join(", ")}]` : typeof x
      }`,
    );
  }
  if ((x.shape[0] ?? 0) < 1 || (x.shape[1] ?? 0) < 1) {
    throw new TypeError(`Cannot ${owner}: x must not be empty, current shape is [${x.shape.join(", ")}]`);
  }
  if (nFeatures !== undefined && x.shape[1] !== nFeatures) {
    throw new TypeError(
      `Cannot ${owner}: x must have ${nFeatures} features as seen in fit, current value is ${x.shape[1]}`,
    );
  }
}

/**
 * Reads a feature matrix into a Float32Array (its own data when it is float32), throwing a RangeError on NaN
 * or infinite values.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { readMatrix } from "./checks.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * await initTensorBackend();
 * const x = tf.tensor2d([[1, 2], [3, NaN]]);
 * assertEquals(Array.from(readMatrix("fit KMeans", x.slice([0, 0], [1, 2]))), [1, 2]);
 * assertThrows(
 *   () => readMatrix("fit KMeans", x),
 *   RangeError,
 *   "Cannot fit KMeans: x must hold finite values, current value at [1, 1] is NaN",
 * );
 * x.dispose();
 * ```
 *
 * @param owner The failed action.
 * @param x The feature matrix `[nSamples, nFeatures]`.
 * @returns Its values, row-major.
 */
export function readMatrix(owner: string, x: tf.Tensor2D): Float32Array {
  const data = x.dtype === "float32" ? x.dataSync() as Float32Array : Float32Array.from(x.dataSync());
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const d = x.shape[1];
      throw new RangeError(
        `Cannot ${owner}: x must hold finite values, current value at [${Math.floor(i / d)}, ${i % d}] is ${
          data[i]
        }`,
      );
    }
  }
  return data;
}

/**
 * Returns the fitted state, or throws an Error "Cannot use NAME before fit: call fit(x) first" when it is
 * undefined.
 *
 * @example
 * ```ts
 * import { checkFitted } from "./checks.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * assertEquals(checkFitted({ k: 2 }, "KMeans").k, 2);
 * assertThrows(() => checkFitted(undefined, "KMeans"), Error, "Cannot use KMeans before fit: call fit(x) first");
 * ```
 *
 * @typeParam T The fitted state.
 * @param state The state, undefined before fit.
 * @param name The estimator's name.
 * @returns The state.
 */
export function checkFitted<T>(state: T | undefined, name: string): T {
  if (state === undefined) throw new Error(`Cannot use ${name} before fit: call fit(x) first`);
  return state;
}
