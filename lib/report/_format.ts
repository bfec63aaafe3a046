/**
 * Text formatting shared by the report's builders: fixed-decimal numbers, mean ± std, byte sizes, Markdown
 * tables and CSV fields. Everything is locale-free so that output is byte-identical on every machine.
 *
 * @module
 */
import type { MetricSummary } from "../pipeline/results.ts";

/** A number with `digits` decimals, never `-0.0000`. */
export function fixed(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** A signed difference with `digits` decimals: `+0.0123`, `-0.0040`, `+0.0000`. */
export function signed(value: number, digits = 4): string {
  const text = fixed(value, digits);
  return text.startsWith("-") ? text : `+${text}`;
}

/** `mean ± std` with 4 decimals. */
export function meanStd(summary: MetricSummary, digits = 4): string {
  return `${fixed(summary.mean, digits)} ± ${fixed(summary.std, digits)}`;
}

/** An integer with thin-space-free thousands separators: `60,000`. */
export function integer(value: number): string {
  const sign = value < 0 ? "-" : "";
  return sign + String(Math.abs(Math.round(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A byte count in MiB or GiB. */
export function bytes(value: number): string {
  const mib = value / 2 ** 20;
  return mib >= 1024 ? `${fixed(mib / 1024, 2)} GiB` : `${fixed(mib, 0)} MiB`;
}

/** Seconds as `12.3 s`, `3 min 05 s` or `1 h 02 min`. */
export function seconds(value: number): string {
  if (!Number.isFinite(value)) return "?";
  if (value < 60) return `${fixed(value, value < 10 ? 2 : 1)} s`;
  const s = Math.round(value);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** Any JSON value as short text: numbers to 6 significant digits, objects as compact JSON. */
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

/** Escapes a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A Markdown table; `align` gives `l` or `r` per column (default left). */
export function markdownTable(headers: string[], rows: string[][], align?: ("l" | "r")[]): string {
  const rule = headers.map((_, i) => (align?.[i] === "r" ? "---:" : "---"));
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(headers), `|${rule.map((r) => ` ${r} `).join("|")}|`, ...rows.map(line)].join("\n");
}

/** One CSV field (RFC 4180 quoting). */
export function csvField(v: string | number | undefined): string {
  if (v === undefined) return "";
  const text = String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `value` when it is a finite number, else `undefined`. */
export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** `value` when it is a plain object, else `undefined`. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
}
