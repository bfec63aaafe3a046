/**
 * Number formatting shared by the notebook tables.
 *
 * @module
 */
import type { MetricSummary } from "../pipeline/mod.ts";

/** `0.5001` (4 decimals by default); a dash for non-numbers. */
export function fixed(value: number | undefined, digits = 4): string {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "—";
}

/** `+0.0100` / `-0.0100`. */
export function signed(value: number, digits = 4): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
}

/** `0.5000 ± 0.0100`, or just the value for one seed. */
export function meanStd(summary: MetricSummary, digits = 4): string {
  return summary.values.length > 1
    ? `${summary.mean.toFixed(digits)} ± ${summary.std.toFixed(digits)}`
    : summary.mean.toFixed(digits);
}

/** `60,000`. */
export function integer(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** A cell for any JSON value: numbers with up to 4 decimals, booleans as yes/no, objects as JSON. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return integer(value);
    return Math.abs(value) >= 1000 ? value.toFixed(1) : value.toFixed(4);
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
