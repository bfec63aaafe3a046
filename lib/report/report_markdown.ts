/**
 * `REPORT.md`: the report's sections (Dataset, Preprocessing, Architecture, Results, Conclusion, then
 * Reproducibility), each built by its own function from the results, the manifest, the artifacts and the
 * method registry.
 *
 * @module
 */
import { beyondSection } from "./markdown_comparison.ts";
import { conclusionSection, reproducibilitySection } from "./markdown_closing.ts";
import { reportContext, type ReportMarkdownInput } from "./markdown_context.ts";
import { methodDetailsSection, resultsSection, sweepSection } from "./markdown_results.ts";
import {
  architectureSection,
  datasetSection,
  headerSection,
  preprocessingSection,
} from "./markdown_setup.ts";

export { type ComparisonRow, comparisonRows } from "./markdown_comparison.ts";
export type { FigureRef, ReportMarkdownInput, SweepSummary } from "./markdown_context.ts";
export { compareWithReference, type ReferenceComparison } from "./markdown_setup.ts";

/**
 * Builds `REPORT.md` from the results, the artifacts and the figures written: sections Dataset,
 * Preprocessing, Architecture, Results (with "Beyond the report" and the method details), Conclusion and
 * Reproducibility. Absent parts (no autoencoder artifacts, no manifest field) are stated as such rather
 * than invented.
 *
 * @example
 * ```ts
 * import { reportMarkdown } from "./report_markdown.ts";
 * import { assert } from "../std.ts";
 * const s = { mean: 0.5101, std: 0, values: [0.5101] };
 * const md = reportMarkdown({
 *   results: {
 *     methods: [{
 *       id: "kmeans-raw", label: "KMeans on raw pixels", protocol: "inductive", seeds: [0],
 *       metrics: { ami: s, nmi: s, ari: s, acc: s }, reference: { ami: 0.5001, source: "report" },
 *     }],
 *     manifest: { notes: ["Checked against scikit-learn."] },
 *   },
 * });
 * assert(md.includes("## Conclusion"));
 * assert(md.includes("met the report's AMI of 0.5001 (+0.0100)"));
 * assert(md.includes("- Checked against scikit-learn."));
 * ```
 *
 * @param input Results, artifacts, figures and class names.
 * @returns The Markdown document.
 */
export function reportMarkdown(input: ReportMarkdownInput): string {
  const c = reportContext(input);
  return [
    ...headerSection(c),
    ...datasetSection(c),
    ...preprocessingSection(c),
    ...architectureSection(c),
    ...resultsSection(c),
    ...beyondSection(c),
    ...methodDetailsSection(c),
    ...(c.sweep ? sweepSection(c.sweep) : []),
    ...conclusionSection(c),
    ...reproducibilitySection(c),
  ].join("\n").replace(/\n{3,}/g, "\n\n");
}
