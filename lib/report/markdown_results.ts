/**
 * `REPORT.md`'s "Results" section: the results table, the report's AMI beside ours, training against
 * scored data, per-seed scores, the result figures, each method's recorded details and the autoencoder
 * sweep.
 *
 * @module
 */
import { fixed, integer, markdownTable, obj, seconds, signed, value } from "../format/mod.ts";
import { type MethodResult, METRIC_NAMES } from "../pipeline/results.ts";
import { figureBlock, type ReportContext, type SweepSummary } from "./markdown_context.ts";
import { compareWithReference } from "./markdown_setup.ts";
import { METRIC_LABELS, resultsTableMarkdown, scoredOnLabel, trainTableMarkdown } from "./results_table.ts";

/**
 * "Results": every method's scores (with what each was scored on), the report's AMI beside ours, the
 * fitted data against the scored data, the scores per seed and the result figures.
 *
 * @param c The report's context.
 * @returns Markdown lines.
 */
export function resultsSection(c: ReportContext): string[] {
  const { results, figures } = c;
  const lines = [
    "## Results",
    "",
    "Mean ± sample standard deviation over seeds, on the images each row names (the test set for an " +
    "inductive row, every image for a transductive one); AMI and NMI use the arithmetic mean normalisation " +
    "(scikit-learn's default), ACC matches clusters to classes one to one (Hungarian).",
    "",
    resultsTableMarkdown(results),
    "",
  ];
  const comparisons = compareWithReference(results);
  if (comparisons.length > 0) {
    lines.push(
      "### The report's AMI and ours",
      "",
      markdownTable(
        ["Method", "Report AMI", "Our AMI", "Ours − report", "Met", "Reference"],
        comparisons.map((r) => [
          r.label,
          fixed(r.reference),
          `${fixed(r.ours)} ± ${fixed(r.std)}`,
          signed(r.difference),
          r.met ? "yes" : "no",
          results.methods.find((m) => m.id === r.id)!.reference!.source,
        ]),
        ["l", "r", "r", "r", "l", "l"],
      ),
      "",
    );
  }
  if (results.methods.some((m) => m.trainMetrics)) {
    lines.push(
      "### Fitted data against scored data",
      "",
      "Scores on the data each method was fitted on, beside its scored AMI.",
      "",
      trainTableMarkdown(results),
      "",
    );
  }
  if (results.methods.some((m) => m.seeds.length > 1)) {
    lines.push(
      "### Per seed",
      "",
      markdownTable(
        ["Method", "Scored on", "Seed", ...METRIC_NAMES.map((n) => METRIC_LABELS[n])],
        results.methods.flatMap((m) =>
          m.seeds.map((seed, i) => [
            m.id,
            scoredOnLabel(m.protocol, results.manifest),
            String(seed),
            ...METRIC_NAMES.map((n) => fixed(m.metrics[n].values[i])),
          ])
        ),
        ["l", "l", "l", "r", "r", "r", "r"],
      ),
      "",
    );
  }
  if (figures.some((f) => f.section === "results")) {
    lines.push("### Figures", "", ...figureBlock(figures, "results"));
  }
  return lines;
}

/** Every `perSeed` entry of a method's details (or the details themselves). */
function perSeedDetails(m: MethodResult): Record<string, unknown>[] {
  const per = m.details?.perSeed;
  if (Array.isArray(per)) return per.map((d) => obj(d) ?? {});
  return m.details ? [m.details] : [];
}

/** A table of a method's details: one row per key, one column per seed. */
function detailsTable(m: MethodResult): string[] {
  const per = perSeedDetails(m);
  const lines: string[] = [];
  const isRecords = (v: unknown): v is Record<string, unknown>[] =>
    Array.isArray(v) && v.length > 0 && v.every((x) => obj(x) !== undefined);
  if (per.length > 0) {
    const keys: string[] = [];
    for (const d of per) for (const k of Object.keys(d)) if (k !== "seed" && !keys.includes(k)) keys.push(k);
    const seedOf = (d: Record<string, unknown>, i: number) => value(d.seed ?? m.seeds[i] ?? i);
    const scalarKeys = keys.filter((k) => !per.some((d) => isRecords(d[k])));
    if (scalarKeys.length > 0) {
      const headers = ["Detail", ...per.map((d, i) => `Seed ${seedOf(d, i)}`)];
      lines.push(markdownTable(headers, scalarKeys.map((k) => [k, ...per.map((d) => value(d[k]))])), "");
    }
    // Lists of records (e.g. the candidates of a model selection) get a table each.
    for (const k of keys.filter((k) => !scalarKeys.includes(k))) {
      per.forEach((d, i) => {
        const records = d[k];
        if (!isRecords(records)) return;
        const columns: string[] = [];
        for (const r of records) {
          for (const col of Object.keys(r)) if (!columns.includes(col)) columns.push(col);
        }
        lines.push(
          `${k} (seed ${seedOf(d, i)}):`,
          "",
          markdownTable(columns, records.map((r) => columns.map((col) => value(r[col])))),
          "",
        );
      });
    }
  }
  const other = Object.entries(m.details ?? {}).filter(([k]) => k !== "perSeed");
  if (other.length > 0 && Array.isArray(m.details?.perSeed)) {
    lines.push(...other.map(([k, v]) => `- ${k}: ${value(v, 300)}`), "");
  }
  return lines;
}

/**
 * "Method details": every fact each method recorded per seed, as tables.
 *
 * @param c The report's context.
 * @returns Markdown lines (none when no method recorded details).
 */
export function methodDetailsSection(c: ReportContext): string[] {
  const tables = c.results.methods.map((m) => ({ m, table: detailsTable(m) })).filter((t) =>
    t.table.length > 0
  );
  if (tables.length === 0) return [];
  return [
    "### Method details",
    "",
    ...tables.flatMap(({ m, table }) => [`**${m.label}** (\`${m.id}\`)`, "", ...table]),
  ];
}

/**
 * "Autoencoder sweep": one row per evaluated point of `deno task sweep`, the chosen one marked.
 *
 * @param sweep The sweep's summary.
 * @returns Markdown lines.
 */
export function sweepSection(sweep: SweepSummary): string[] {
  const chosen = (p: SweepSummary["points"][number]) =>
    p.architecture === sweep.selected.architecture && p.learningRate === sweep.selected.learningRate &&
    p.epoch === sweep.selected.epoch;
  return [
    "### Autoencoder sweep",
    "",
    "The report's conclusion proposes tuning the autoencoder (nodes, epochs, learning rate). " +
    `\`deno task sweep\` trained each architecture and learning rate on ${integer(sweep.nTrain)} images ` +
    `(seed ${sweep.seed}) and chose the point with the lowest reconstruction MSE on the ` +
    `${integer(sweep.nValidation)} validation images. The test AMI (KMeans on the unscaled encodings) is ` +
    "shown for display only; it chose nothing.",
    "",
    ...(sweep.figure ? [`![Autoencoder sweep](${sweep.figure})`, ""] : []),
    markdownTable(
      [
        "Architecture",
        "Learning rate",
        "Epochs",
        "Validation MSE",
        "Test AMI (display)",
        "Training",
        "Chosen",
      ],
      sweep.points.map((p) => [
        p.architecture,
        String(p.learningRate),
        String(p.epoch),
        p.valLoss.toFixed(5),
        fixed(p.testAmi),
        seconds(p.trainSeconds),
        chosen(p) ? "yes" : "",
      ]),
      ["l", "r", "r", "r", "r", "r", "l"],
    ),
    "",
  ];
}
