/**
 * Text formatting shared by the report's builders and the notebook tables: fixed-decimal numbers, mean ±
 * std, integers, byte sizes, durations, JSON values, Markdown tables and CSV fields. Everything is
 * locale-free so that output is byte-identical on every machine.
 *
 * @module
 */

/**
 * A number with `digits` decimals, never `-0.0000`; non-finite values as `String(value)`.
 *
 * @example
 * ```ts
 * import { fixed } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([fixed(0.50014), fixed(-0.00001), fixed(2.5, 1), fixed(NaN)], ["0.5001", "0.0000", "2.5", "NaN"]);
 * ```
 *
 * @param value The number.
 * @param digits Decimals.
 * @returns The text.
 */
export function fixed(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/**
 * A signed difference with `digits` decimals: `+0.0123`, `-0.0040`, `+0.0000`.
 *
 * @example
 * ```ts
 * import { signed } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([signed(0.0123), signed(-0.004), signed(-0.00001)], ["+0.0123", "-0.0040", "+0.0000"]);
 * ```
 *
 * @param value The difference.
 * @param digits Decimals.
 * @returns The text, with its sign.
 */
export function signed(value: number, digits = 4): string {
  const text = fixed(value, digits);
  return text.startsWith("-") ? text : `+${text}`;
}

/**
 * `mean ± std` with `digits` decimals, as {@linkcode fixed} writes them.
 *
 * @example
 * ```ts
 * import { meanStd } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(meanStd({ mean: 0.71684, std: 0.0193 }), "0.7168 ± 0.0193");
 * ```
 *
 * @param summary A mean and standard deviation, such as a `MetricSummary` of `lib/pipeline`.
 * @param digits Decimals.
 * @returns The text.
 */
export function meanStd(summary: { mean: number; std: number }, digits = 4): string {
  return `${fixed(summary.mean, digits)} ± ${fixed(summary.std, digits)}`;
}

/**
 * A number rounded to an integer, with comma thousands separators: `60,000`.
 *
 * @example
 * ```ts
 * import { integer } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([integer(60000), integer(-1234.4), integer(7)], ["60,000", "-1,234", "7"]);
 * ```
 *
 * @param value The number.
 * @returns The text.
 */
export function integer(value: number): string {
  const sign = value < 0 ? "-" : "";
  return sign + String(Math.abs(Math.round(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A byte count in MiB (no decimals) or, from 1024 MiB, in GiB (2 decimals).
 *
 * @example
 * ```ts
 * import { bytes } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([bytes(5 * 2 ** 20), bytes(1.5 * 2 ** 30)], ["5 MiB", "1.50 GiB"]);
 * ```
 *
 * @param value The number of bytes.
 * @returns The text.
 */
export function bytes(value: number): string {
  const mib = value / 2 ** 20;
  return mib >= 1024 ? `${fixed(mib / 1024, 2)} GiB` : `${fixed(mib, 0)} MiB`;
}

/**
 * Seconds as `12.3 s` (2 decimals below 10 s), `3 min 05 s` or `1 h 02 min`; `?` when not finite.
 *
 * @example
 * ```ts
 * import { seconds } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([seconds(3.456), seconds(12.34), seconds(185), seconds(3720), seconds(NaN)], [
 *   "3.46 s",
 *   "12.3 s",
 *   "3 min 05 s",
 *   "1 h 02 min",
 *   "?",
 * ]);
 * ```
 *
 * @param value The duration in seconds.
 * @returns The text.
 */
export function seconds(value: number): string {
  if (!Number.isFinite(value)) return "?";
  if (value < 60) return `${fixed(value, value < 10 ? 2 : 1)} s`;
  const s = Math.round(value);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/**
 * Any JSON value as short text: numbers to 6 significant digits, booleans as yes/no, objects as compact JSON
 * cut to `maxLength` characters, a dash for nothing.
 *
 * @example
 * ```ts
 * import { value } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([value(1 / 3), value(true), value({ a: 0.1234567 }), value(undefined)], [
 *   "0.333333",
 *   "yes",
 *   '{"a":0.123457}',
 *   "—",
 * ]);
 * ```
 *
 * @param v The value.
 * @param maxLength Longest text for an object, an ellipsis included.
 * @returns The text.
 */
export function value(v: unknown, maxLength = 160): string {
  if (v === undefined || v === null) return "—";
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    if (!Number.isFinite(v)) return String(v);
    return String(Number(v.toPrecision(6)));
  }
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "yes" : "no";
  const text = JSON.stringify(
    v,
    (_k, x) => typeof x === "number" && !Number.isInteger(x) ? Number(x.toPrecision(6)) : x,
  );
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * Escapes a Markdown table cell: backslashes and pipes escaped, line breaks as spaces.
 *
 * @example
 * ```ts
 * import { markdownCell } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(markdownCell("a|b\nc"), "a\\|b c");
 * ```
 *
 * @param text The cell's text.
 * @returns The escaped text.
 */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * A Markdown table, every cell escaped by {@linkcode markdownCell}; `align` gives `l` or `r` per column.
 *
 * @example
 * ```ts
 * import { markdownTable } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(markdownTable(["row", "AMI"], [["kmeans", "0.5100"]], ["l", "r"]), [
 *   "| row | AMI |",
 *   "| --- | ---: |",
 *   "| kmeans | 0.5100 |",
 * ].join("\n"));
 * ```
 *
 * @param headers The header cells.
 * @param rows The body rows.
 * @param align Alignment per column; left when missing.
 * @returns The table, lines joined by `\n`.
 */
export function markdownTable(headers: string[], rows: string[][], align?: ("l" | "r")[]): string {
  const rule = headers.map((_, i) => (align?.[i] === "r" ? "---:" : "---"));
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  return [line(headers), `|${rule.map((r) => ` ${r} `).join("|")}|`, ...rows.map(line)].join("\n");
}

/**
 * One CSV field (RFC 4180 quoting); empty for undefined.
 *
 * @example
 * ```ts
 * import { csvField } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([csvField("a,b"), csvField('say "hi"'), csvField(0.5), csvField(undefined)], [
 *   '"a,b"',
 *   '"say ""hi"""',
 *   "0.5",
 *   "",
 * ]);
 * ```
 *
 * @param v The value.
 * @returns The field.
 */
export function csvField(v: string | number | undefined): string {
  if (v === undefined) return "";
  const text = String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * `v` when it is a finite number, else `undefined`: reads an optional number from parsed JSON.
 *
 * @example
 * ```ts
 * import { num } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([num(2), num("2"), num(Infinity)], [2, undefined, undefined]);
 * ```
 *
 * @param v The value.
 * @returns The number, or `undefined`.
 */
export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * `v` when it is a plain object (not an array, not null), else `undefined`: reads an optional object from
 * parsed JSON.
 *
 * @example
 * ```ts
 * import { obj } from "./text.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([obj({ a: 1 }), obj([1]), obj(null)], [{ a: 1 }, undefined, undefined]);
 * ```
 *
 * @param v The value.
 * @returns The object, or `undefined`.
 */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
}
