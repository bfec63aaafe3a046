/**
 * Compiles a Vega-Lite spec to Vega, collecting warnings instead of printing them.
 *
 * @module
 */
import type { Spec as VegaSpec } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { collectingLogger } from "./_logger.ts";

/** The result of {@linkcode compileChart}. */
export interface CompiledChart {
  /** The Vega spec. */
  vega: VegaSpec;
  /** The warnings Vega-Lite logged while compiling, e.g. about a dropped encoding; empty for a clean spec. */
  warnings: string[];
}

/**
 * Compiles a Vega-Lite spec to a Vega spec, returning Vega-Lite's warnings rather than printing them.
 *
 * @example
 * ```ts
 * import { compileChart } from "./compile_chart.ts";
 * import { assertEquals } from "../std.ts";
 * const { warnings } = compileChart({
 *   data: { values: [{ a: 1 }] },
 *   mark: "point",
 *   encoding: { x: { field: "a", type: "quantitative" } },
 * });
 * assertEquals(warnings, []);
 * ```
 *
 * @param spec The Vega-Lite spec.
 * @returns The Vega spec and the warnings.
 */
export function compileChart(spec: TopLevelSpec): CompiledChart {
  const warnings: string[] = [];
  const { logger, errors } = collectingLogger((message) => warnings.push(message));
  let vega: VegaSpec;
  try {
    vega = compile(spec, { logger }).spec;
  } catch (error) {
    throw new TypeError(`Cannot compile Vega-Lite spec: ${(error as Error).message}`, { cause: error });
  }
  if (errors.length > 0) {
    throw new TypeError(`Cannot compile Vega-Lite spec: ${errors.join("; ")}`);
  }
  return { vega, warnings };
}
