/**
 * Validation of one labeling, shared by {@linkcode checkClusterings} and `entropy`.
 *
 * @module
 */

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

/**
 * Checks that `labels` is a 1-D array-like of numbers and returns its length.
 *
 * @param labels The labeling to check.
 * @param name The parameter name used in error messages.
 * @param action The failed action used in error messages, e.g. "score clusterings".
 * @returns The number of labels.
 * @throws {TypeError} If `labels` is not an array-like, or holds a value that is not a number.
 */
export function checkLabelsType(labels: unknown, name: string, action: string): number {
  if (
    labels === null || typeof labels !== "object" ||
    typeof (labels as { length?: unknown }).length !== "number"
  ) {
    throw new TypeError(
      `Cannot ${action}: ${name} must be a 1-D array-like of numbers, current value is ${describe(labels)}`,
    );
  }
  const arr = labels as ArrayLike<unknown>;
  const n = arr.length;
  // Integer typed arrays hold numbers only: skip the per-element type check.
  if (
    arr instanceof Int32Array || arr instanceof Uint8Array || arr instanceof Int16Array ||
    arr instanceof Uint16Array || arr instanceof Uint32Array || arr instanceof Int8Array ||
    arr instanceof Uint8ClampedArray || arr instanceof Float64Array || arr instanceof Float32Array
  ) {
    return n;
  }
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (typeof v !== "number") {
      if (Array.isArray(v) || ArrayBuffer.isView(v)) {
        throw new TypeError(
          `Cannot ${action}: ${name} must be 1-D, current value at index ${i} is an array`,
        );
      }
      throw new TypeError(
        `Cannot ${action}: ${name} must hold numbers, current value at index ${i} is ${describe(v)}`,
      );
    }
  }
  return n;
}

/**
 * Checks that every label is a finite (safe) integer.
 *
 * @param labels The labeling, already checked by {@linkcode checkLabelsType}.
 * @param name The parameter name used in error messages.
 * @param action The failed action used in error messages.
 * @throws {RangeError} If a label is NaN, infinite, fractional or beyond `Number.MAX_SAFE_INTEGER`.
 */
export function checkLabelsValues(labels: ArrayLike<number>, name: string, action: string): void {
  // Integer typed arrays cannot hold anything else.
  if (
    labels instanceof Int32Array || labels instanceof Uint8Array || labels instanceof Int16Array ||
    labels instanceof Uint16Array || labels instanceof Uint32Array || labels instanceof Int8Array ||
    labels instanceof Uint8ClampedArray
  ) {
    return;
  }
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    if (!Number.isSafeInteger(v)) {
      throw new RangeError(
        `Cannot ${action}: ${name} must hold finite integer labels, current value at index ${i} is ${v}`,
      );
    }
  }
}
