/**
 * Table cells as the notebook tables write them, where they differ from the report's helpers in `text.ts`:
 * a dash for a missing number, plain `toFixed` (so `-0.0000` keeps its sign), a lone mean for one
 * seed, and JSON values with up to 4 decimals.
 *
 * @module
 */
/**
 * `0.5001` (4 decimals by default), as `toFixed` writes it; a dash for a missing or non-finite number.
 *
 * @example
 * ```ts
 * import { fixedOrDash } from "./cells.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([fixedOrDash(0.50014), fixedOrDash(1.5, 5), fixedOrDash(undefined), fixedOrDash(NaN)], [
 *   "0.5001",
 *   "1.50000",
 *   "—",
 *   "—",
 * ]);
 * ```
 *
 * @param value The number, if any.
 * @param digits Decimals.
 * @returns The text.
 */
export function fixedOrDash(value: number | undefined, digits = 4): string {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "—";
}

/**
 * `+0.0100` / `-0.0100`: `toFixed` with a `+` before values >= 0.
 *
 * @example
 * ```ts
 * import { withSign } from "./cells.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([withSign(0.01), withSign(-0.01), withSign(0)], ["+0.0100", "-0.0100", "+0.0000"]);
 * ```
 *
 * @param value The difference.
 * @param digits Decimals.
 * @returns The text, with its sign.
 */
export function withSign(value: number, digits = 4): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
}

/**
 * `0.5000 ± 0.0100`, or just the mean for one seed.
 *
 * @example
 * ```ts
 * import { meanStdOrMean } from "./cells.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(meanStdOrMean({ mean: 0.5, std: 0.01, values: [0.49, 0.51] }), "0.5000 ± 0.0100");
 * assertEquals(meanStdOrMean({ mean: 0.5, std: 0, values: [0.5] }), "0.5000");
 * ```
 *
 * @param summary A mean and standard deviation over `values`, such as a `MetricSummary` of `lib/pipeline`.
 * @param digits Decimals.
 * @returns The text.
 */
export function meanStdOrMean(
  summary: { mean: number; std: number; values: readonly number[] },
  digits = 4,
): string {
  return summary.values.length > 1
    ? `${summary.mean.toFixed(digits)} ± ${summary.std.toFixed(digits)}`
    : summary.mean.toFixed(digits);
}

/**
 * A cell for any JSON value: integers with `en-US` thousands separators, other numbers with 4 decimals (1 from
 * 1000), booleans as yes/no, objects as JSON, a dash for nothing.
 *
 * @example
 * ```ts
 * import { jsonCell } from "./cells.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([jsonCell(60000), jsonCell(0.12345), jsonCell(1234.56), jsonCell(false), jsonCell([1])], [
 *   "60,000",
 *   "0.1235",
 *   "1234.6",
 *   "no",
 *   "[1]",
 * ]);
 * ```
 *
 * @param value The value.
 * @returns The text.
 */
export function jsonCell(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value.toLocaleString("en-US");
    return Math.abs(value) >= 1000 ? value.toFixed(1) : value.toFixed(4);
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
