// Checks shared by the estimators in lib/cluster: option ranges, feature matrices, fitted state.
import type * as tf from "@tensorflow/tfjs";

/** Range constraints of one numeric option. */
export interface OptionConstraint {
  integer?: boolean;
  min?: number;
  max?: number;
}

/**
 * Throws a RangeError "Cannot OWNER: NAME must be …, current value is V" when `value` breaks `constraint`.
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

/** Throws a RangeError when `value` is not one of `allowed`. */
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

/** Throws a TypeError unless `x` is a non-empty 2-D float tensor (with `nFeatures` columns when given). */
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

/** Reads a feature matrix into a Float32Array, throwing a RangeError on NaN or infinite values. */
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

/** Returns the fitted state or throws "Cannot use NAME before fit: call fit(x) first". */
export function checkFitted<T>(state: T | undefined, name: string): T {
  if (state === undefined) throw new Error(`Cannot use ${name} before fit: call fit(x) first`);
  return state;
}
