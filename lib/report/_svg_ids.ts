/**
 * Vega numbers the gradients and clip paths of its SVG output with process-wide counters (`gradient_7`,
 * `clip12`), so the same chart rendered twice in one process gets different ids. This renumbers them by
 * order of first appearance, making a chart's SVG independent of what was rendered before it.
 *
 * @module
 */

const ID_REFERENCE = /(id="|#)((?:p_)?(?:gradient_|clip)\d+)(?=["')])/g;

/** Renumbers Vega's gradient and clip-path ids (declarations and `url(#…)` references) from 0 / 1. */
export function normalizeSvgIds(svg: string): string {
  const renamed = new Map<string, string>();
  let gradients = 0;
  let clips = 0;
  return svg.replace(ID_REFERENCE, (_match, lead: string, id: string) => {
    let name = renamed.get(id);
    if (name === undefined) {
      const prefix = id.startsWith("p_") ? "p_" : "";
      name = id.includes("gradient_") ? `${prefix}gradient_${gradients++}` : `${prefix}clip${++clips}`;
      renamed.set(id, name);
    }
    return lead + name;
  });
}
