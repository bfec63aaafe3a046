/**
 * The generalized mean that normalizes NMI and AMI (scikit-learn's `_generalized_average`).
 *
 * @module
 */

/** How NMI and AMI average the two entropies in their denominator. */
export type AverageMethod = "arithmetic" | "geometric" | "min" | "max";

const METHODS: readonly AverageMethod[] = ["arithmetic", "geometric", "min", "max"];

/**
 * Checks an `averageMethod` option.
 *
 * @param method The value received.
 * @param action The failed action used in error messages, e.g. "compute AMI".
 * @throws {RangeError} If `method` is not one of the four names.
 */
export function checkAverageMethod(method: unknown, action: string): asserts method is AverageMethod {
  if (!METHODS.includes(method as AverageMethod)) {
    const shown = typeof method === "string" ? JSON.stringify(method) : String(method);
    throw new RangeError(
      `Cannot ${action}: averageMethod must be one of "arithmetic", "geometric", "min" or "max", ` +
        `current value is ${shown}`,
    );
  }
}

/**
 * Returns a particular mean of two numbers.
 *
 * @param u The first value.
 * @param v The second value.
 * @param method Which mean.
 * @returns `(u + v) / 2`, `sqrt(u v)`, `min(u, v)` or `max(u, v)`.
 */
export function generalizedAverage(u: number, v: number, method: AverageMethod): number {
  switch (method) {
    case "min":
      return Math.min(u, v);
    case "geometric":
      return Math.sqrt(u * v);
    case "arithmetic":
      return (u + v) / 2; // np.mean([U, V])
    case "max":
      return Math.max(u, v);
  }
}
