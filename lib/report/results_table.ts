/**
 * The results tables: test and training metrics per method (mean ± std over seeds), the report's AMI beside
 * ours, as Markdown and CSV.
 *
 * @module
 */
import {
  type Manifest,
  type MethodResult,
  METRIC_NAMES,
  type MetricName,
  type Results,
} from "../pipeline/results.ts";
import { csvField, fixed, integer, markdownTable, meanStd, signed } from "../format/mod.ts";

/** Display names of the metrics. */
export const METRIC_LABELS: Readonly<Record<MetricName, string>> = {
  ami: "AMI",
  nmi: "NMI",
  ari: "ARI",
  acc: "ACC",
};

/**
 * What a row's scores were computed on, as a table cell: `test` for an inductive row, `all` (every image:
 * training, validation and test) for a transductive one, with the count when the manifest records it.
 *
 * @example
 * ```ts
 * import { scoredOnLabel } from "./results_table.ts";
 * import { assertEquals } from "../std.ts";
 * const data = { source: "", sha256: {}, nTrain: 60000, nTest: 10000 };
 * assertEquals([scoredOnLabel("inductive", { data }), scoredOnLabel("transductive", {})], ["test (10,000)", "all"]);
 * ```
 *
 * @param protocol The row's protocol.
 * @param manifest The run's manifest.
 * @returns The cell's text.
 */
export function scoredOnLabel(protocol: MethodResult["protocol"], manifest: Manifest): string {
  const data = manifest.data;
  if (protocol === "transductive") return data ? `all (${integer(data.nTrain + data.nTest)})` : "all";
  return data ? `test (${integer(data.nTest)})` : "test";
}

/** Seeds as `0, 1, 2`. */
function seedList(m: MethodResult): string {
  return m.seeds.join(", ");
}

/**
 * The scored table: id, label, protocol, what the row was scored on, seeds, each metric as mean ± std
 * (4 decimals), the report's AMI and ours minus the report's.
 *
 * @example
 * ```ts
 * import { resultsTableMarkdown } from "./results_table.ts";
 * import { assert } from "../std.ts";
 * const s = { mean: 0.5, std: 0.01, values: [0.49, 0.51] };
 * const md = resultsTableMarkdown({
 *   methods: [{
 *     id: "kmeans-raw", label: "KMeans on raw pixels", protocol: "inductive", seeds: [0, 1],
 *     metrics: { ami: s, nmi: s, ari: s, acc: s }, reference: { ami: 0.5001, source: "report" },
 *   }],
 *   manifest: {},
 * });
 * assert(md.includes("| kmeans-raw | KMeans on raw pixels | inductive | test | 0, 1 | 0.5000 ± 0.0100 |"));
 * assert(md.includes("| 0.5001 | -0.0001 |"));
 * ```
 *
 * @param results The results.
 * @returns A Markdown table, one row per method.
 */
export function resultsTableMarkdown(results: Results): string {
  const headers = [
    "Id",
    "Method",
    "Protocol",
    "Scored on",
    "Seeds",
    ...METRIC_NAMES.map((n) => METRIC_LABELS[n]),
  ];
  headers.push("Report AMI", "Ours − report");
  const rows = results.methods.map((m) => [
    m.id,
    m.label,
    m.protocol,
    scoredOnLabel(m.protocol, results.manifest),
    seedList(m),
    ...METRIC_NAMES.map((n) => meanStd(m.metrics[n])),
    m.reference ? fixed(m.reference.ami) : "—",
    m.reference ? signed(m.metrics.ami.mean - m.reference.ami) : "—",
  ]);
  return markdownTable(headers, rows, ["l", "l", "l", "l", "l", "r", "r", "r", "r", "r", "r"]);
}

/**
 * The fitted-data table: each metric on the data the method was fitted on, beside the AMI on the data it
 * is scored on (methods without training metrics are listed with dashes).
 *
 * @example
 * ```ts
 * import { trainTableMarkdown } from "./results_table.ts";
 * import { assert } from "../std.ts";
 * const s = (mean: number) => ({ mean, std: 0, values: [mean] });
 * const md = trainTableMarkdown({
 *   methods: [{
 *     id: "km", label: "KMeans", protocol: "inductive", seeds: [0],
 *     metrics: { ami: s(0.5), nmi: s(0.5), ari: s(0.4), acc: s(0.6) },
 *     trainMetrics: { ami: s(0.52), nmi: s(0.5), ari: s(0.4), acc: s(0.6) },
 *   }],
 *   manifest: {},
 * });
 * assert(md.includes("| km | KMeans | 0.5200 ± 0.0000 |"));
 * assert(md.includes("| test | 0.5000 ± 0.0000 | -0.0200 |"));
 * ```
 *
 * @param results The results.
 * @returns A Markdown table, one row per method.
 */
export function trainTableMarkdown(results: Results): string {
  const headers = ["Id", "Method", ...METRIC_NAMES.map((n) => `${METRIC_LABELS[n]} (fitted data)`)];
  headers.push("Scored on", "AMI (scored)", "Scored − fitted AMI");
  const rows = results.methods.map((m) => {
    const t = m.trainMetrics;
    return [
      m.id,
      m.label,
      ...METRIC_NAMES.map((n) => (t ? meanStd(t[n]) : "—")),
      scoredOnLabel(m.protocol, results.manifest),
      meanStd(m.metrics.ami),
      t ? signed(m.metrics.ami.mean - t.ami.mean) : "—",
    ];
  });
  return markdownTable(headers, rows, ["l", "l", "r", "r", "r", "r", "l", "r", "r"]);
}

/**
 * `results.md`: the scored table and the fitted-data table with their headings.
 *
 * @example
 * ```ts
 * import { resultsMarkdown } from "./results_table.ts";
 * import { assert } from "../std.ts";
 * assert(resultsMarkdown({ methods: [], manifest: {} }).startsWith("# Results\n"));
 * ```
 *
 * @param results The results.
 * @returns The Markdown document.
 */
export function resultsMarkdown(results: Results): string {
  return [
    "# Results",
    "",
    "Mean ± sample standard deviation over seeds. Generated from `results.json`. An inductive row is scored " +
    "on the test set, a transductive row on every image (training, validation and test) it was fitted on.",
    "",
    "## Scored data",
    "",
    resultsTableMarkdown(results),
    "",
    "## Fitted data (the data each method was fitted on)",
    "",
    trainTableMarkdown(results),
    "",
  ].join("\n");
}

/**
 * `results.csv`: one row per method and split (`test` or, for a transductive row, `all`: the images it is
 * scored on; `fitted`: the images it was fitted on), full-precision means and standard
 * deviations, the report's AMI and ours minus the report's (test rows only). Seeds are `;`-separated.
 *
 * @example
 * ```ts
 * import { resultsCsv } from "./results_table.ts";
 * import { assertEquals } from "../std.ts";
 * const s = { mean: 0.25, std: 0, values: [0.25] };
 * const csv = resultsCsv({
 *   methods: [{ id: "km", label: "KMeans, raw", protocol: "inductive", seeds: [3], metrics: { ami: s, nmi: s, ari: s, acc: s } }],
 *   manifest: {},
 * });
 * assertEquals(csv.split("\n")[1], 'km,"KMeans, raw",inductive,3,test,1,0.25,0,0.25,0,0.25,0,0.25,0,,');
 * ```
 *
 * @param results The results.
 * @returns The CSV text (header row first, `\n` line ends, trailing newline).
 */
export function resultsCsv(results: Results): string {
  const header = ["id", "label", "protocol", "seeds", "split", "n_seeds"];
  for (const n of METRIC_NAMES) header.push(`${n}_mean`, `${n}_std`);
  header.push("reference_ami", "ami_minus_reference");
  const lines = [header.join(",")];
  for (const m of results.methods) {
    for (const scored of [true, false]) {
      const metrics = scored ? m.metrics : m.trainMetrics;
      const split = !scored ? "fitted" : m.protocol === "transductive" ? "all" : "test";
      if (!metrics) continue;
      const row: (string | number | undefined)[] = [
        m.id,
        m.label,
        m.protocol,
        m.seeds.join(";"),
        split,
        m.seeds.length,
      ];
      for (const n of METRIC_NAMES) row.push(metrics[n].mean, metrics[n].std);
      const ref = scored ? m.reference?.ami : undefined;
      row.push(ref, ref === undefined ? undefined : metrics.ami.mean - ref);
      lines.push(row.map(csvField).join(","));
    }
  }
  return lines.join("\n") + "\n";
}
