/**
 * `REPORT.md`'s "Beyond the report" section: one table of our rows beyond the report's three and every
 * published label-free Fashion-MNIST number the registry gives, sorted by ACC, with each row's protocol,
 * runs, compute and source; the written comparison of our best rows; and each method's settings with the
 * registry's reasons.
 *
 * @module
 */
import { fixed, integer, markdownTable, seconds } from "../format/mod.ts";
import { METHODS, PUBLISHED_RESULTS } from "../methods/mod.ts";
import type { AnyMethod } from "../pipeline/method.ts";
import { methodStages } from "../pipeline/reproduce.ts";
import type { Manifest, MethodResult, PublishedResult } from "../pipeline/results.ts";
import { type ReportContext, scoredOn } from "./markdown_context.ts";
import { scoredOnLabel } from "./results_table.ts";

/** One row of the comparison table: ours or published. */
export interface ComparisonRow {
  /** The method (our id, or the published method's name). */
  method: string;
  /** Whether the row is ours. */
  ours: boolean;
  /** Its protocol. */
  protocol: "inductive" | "transductive";
  /** What it was scored on. */
  scoredOn: string;
  /** How many runs the numbers summarise. */
  runs: string;
  /** What it was computed on. */
  compute: string;
  /** ACC (a mean for ours), when known. */
  acc?: number;
  /** Its standard deviation over our seeds. */
  accStd?: number;
  /** NMI (a mean for ours), when known. */
  nmi?: number;
  /** Its standard deviation over our seeds. */
  nmiStd?: number;
  /** Where the number comes from. */
  source: string;
}

/**
 * Mean compute seconds per seed of a method's stages, from nothing: for each seed, the recorded compute
 * time of every stage the method needs (a stage shared by the seeds counted for each), averaged over seeds.
 * Undefined when a stage's compute time is not recorded.
 */
function computePerSeed(method: AnyMethod, result: MethodResult, manifest: Manifest): number | undefined {
  const ids = new Set(methodStages([method]).map((s) => s.id));
  const timings = manifest.stages ?? [];
  const perSeed = result.seeds.map((seed) => {
    // A stage shared by the seeds is recorded once, under the first seed that needed it.
    const rows = [...ids].map((id) =>
      timings.find((t) => t.stage === id && t.seed === seed) ?? timings.find((t) => t.stage === id)
    );
    if (rows.some((t) => t?.computeSeconds === undefined)) return undefined;
    return rows.reduce((a, t) => a + t!.computeSeconds!, 0);
  });
  if (perSeed.length === 0 || perSeed.some((t) => t === undefined)) return undefined;
  return perSeed.reduce((a, t) => a! + t!, 0)! / perSeed.length;
}

/**
 * The comparison table's rows: each of our methods outside the report's own section, and every published
 * number of the registry (`PUBLISHED_RESULTS`), sorted by ACC (rows without one last, by NMI).
 *
 * @example
 * ```ts
 * import { comparisonRows } from "./markdown_comparison.ts";
 * import { assertEquals } from "../std.ts";
 * const s = (mean: number) => ({ mean, std: 0.01, values: [mean] });
 * const rows = comparisonRows({
 *   methods: [{ id: "stack-umap-gmm", label: "", protocol: "inductive", seeds: [0],
 *     metrics: { ami: s(0.7), nmi: s(0.7), ari: s(0.6), acc: s(0.7) } }],
 *   manifest: {},
 * });
 * assertEquals(rows.filter((r) => r.ours).map((r) => r.method), ["stack-umap-gmm"]);
 * assertEquals(rows[0].method, "DCCS");
 * ```
 *
 * @param results The results.
 * @returns The rows, highest ACC first.
 */
export function comparisonRows(results: { methods: MethodResult[]; manifest: Manifest }): ComparisonRow[] {
  const { manifest } = results;
  const ours: ComparisonRow[] = results.methods.flatMap((r) => {
    // A row of the registry's own "report" section is compared with the report instead; an id the registry
    // does not know (a results file of another version) is compared when it carries published numbers.
    const method = METHODS.find((m) => m.id === r.id);
    if (method ? method.section === "report" : (r.published ?? []).length === 0) return [];
    const perSeed = method ? computePerSeed(method, r, manifest) : undefined;
    return [{
      method: r.id,
      ours: true,
      protocol: r.protocol,
      scoredOn: scoredOnLabel(r.protocol, manifest),
      runs: `${r.seeds.length} seed${r.seeds.length === 1 ? "" : "s"} (mean ± std)`,
      compute: `CPU${perSeed !== undefined ? `, ${seconds(perSeed)} per seed (1 thread per stage)` : ""}`,
      acc: r.metrics.acc.mean,
      accStd: r.metrics.acc.std,
      nmi: r.metrics.nmi.mean,
      nmiStd: r.metrics.nmi.std,
      source: "this report",
    }];
  });
  const published = PUBLISHED_RESULTS.map((p: PublishedResult): ComparisonRow => ({
    method: p.name ?? p.source,
    ours: false,
    protocol: p.protocol,
    // The published numbers are on the whole dataset, whatever slice this run used.
    scoredOn: scoredOnLabel(p.protocol, {}),
    runs: p.runs ?? "—",
    compute: p.compute ?? "—",
    acc: p.acc,
    nmi: p.nmi,
    source: p.source,
  }));
  const key = (r: ComparisonRow) => [r.acc ?? -1, r.nmi ?? -1];
  return [...ours, ...published].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return kb[0] - ka[0] || kb[1] - ka[1];
  });
}

/** A score and its spread as a cell: `0.7168 ± 0.0193`, `0.672`, or a dash. */
function scoreCell(mean: number | undefined, std: number | undefined): string {
  if (mean === undefined) return "—";
  return std === undefined ? fixed(mean, 3) : `${fixed(mean)} ± ${fixed(std)}`;
}

/**
 * The written comparison of our best row per protocol (by the mean of ACC and NMI) with the published
 * ones: what each number is, so that rows of different protocols are not read as equal.
 */
function comparisonParagraphs(c: ReportContext, rows: readonly ComparisonRow[]): string[] {
  const { results, manifest, nTrain, validationSize, nTest } = c;
  const beyond = results.methods.filter((m) => rows.some((r) => r.ours && r.method === m.id));
  if (beyond.length === 0) return [];
  // Best by the mean of ACC and NMI: a row that leads on one while trailing on the other is not the better
  // clustering.
  const both = (m: MethodResult) => (m.metrics.acc.mean + m.metrics.nmi.mean) / 2;
  const best = (protocol: string) =>
    beyond.filter((m) => m.protocol === protocol).sort((a, b) => both(b) - both(a))[0];
  const describe = (m: MethodResult) =>
    `\`${m.id}\` reaches ACC ${fixed(m.metrics.acc.mean)} ± ${fixed(m.metrics.acc.std)} and NMI ` +
    `${fixed(m.metrics.nmi.mean)} ± ${fixed(m.metrics.nmi.std)} on ${scoredOn(m.protocol, manifest)} ` +
    `(mean ± sample standard deviation over seeds ${m.seeds.join(", ")})`;
  const count = (n: number | undefined) => (n === undefined ? "?" : integer(n));
  const lines: string[] = [];
  const inductive = best("inductive");
  if (inductive) {
    lines.push(
      `Our best inductive row, ${describe(inductive)}: it is fitted on the ${
        count(nTrain !== undefined && validationSize !== undefined ? nTrain - validationSize : undefined)
      }-image training split alone, and the ${count(nTest)} test images are assigned afterwards by the ` +
        "fitted model, so no test image shapes the clustering. Its settings were chosen on the seeds' " +
        "validation splits only; the test images are scored, never used to choose.",
    );
  }
  const transductive = best("transductive");
  if (transductive) {
    lines.push(
      `Under the published numbers' own protocol (fitted and scored on every image), ${
        describe(transductive)
      }.`,
    );
  }
  const jobs = manifest.schedule?.jobs ?? 1;
  lines.push(
    "Each published number is one number as its source reports it (the runs column says how many runs it " +
      `summarises); ours are means over seeds, computed on the CPU (${jobs} single-threaded process` +
      `${jobs > 1 ? "es" : ""} at once). The feature-stack rows train no feature extractor: their only ` +
      "learnt features are k-means atoms of image patches, and the SCAN row's network is one hidden layer " +
      "on those fixed descriptors.",
  );
  return lines.flatMap((l) => [l, ""]);
}

/**
 * "Settings and why": each run method's settings that are not its paper's, with the registry's one-line
 * reason; the measurements behind them are in `docs/decisions.md`.
 */
function reasonsLines(c: ReportContext): string[] {
  // A setting two rows share (the inductive and transductive versions of a method) is listed once.
  const shared = new Map<string, { ids: string[]; setting: string; reason: string }>();
  for (const m of METHODS.filter((m) => c.results.methods.some((r) => r.id === m.id) && m.reasons)) {
    for (const [setting, reason] of Object.entries(m.reasons!)) {
      const key = `${setting}\0${reason}`;
      const entry = shared.get(key) ?? { ids: [], setting, reason };
      entry.ids.push(m.id);
      shared.set(key, entry);
    }
  }
  const rows = [...shared.values()].map((
    e,
  ) => [e.ids.map((id) => `\`${id}\``).join(", "), `\`${e.setting}\``, e.reason]);
  if (rows.length === 0) return [];
  return [
    "### Settings and why",
    "",
    "The settings each method does not take from its paper, with the one-line reason its file gives " +
    "(`lib/methods/`); the measurements behind each, and the commands that re-measure them, are in " +
    "`docs/decisions.md`. Every choice was made on the seeds' validation splits.",
    "",
    markdownTable(["Method", "Setting", "Why"], rows, ["l", "l", "l"]),
    "",
  ];
}

/**
 * "Beyond the report": the comparison table (ours and published, sorted by ACC), the written comparison
 * and the settings' reasons.
 *
 * @param c The report's context.
 * @returns Markdown lines (none when no method beyond the report's own ran).
 */
export function beyondSection(c: ReportContext): string[] {
  const rows = comparisonRows(c.results);
  if (!rows.some((r) => r.ours)) return [];
  return [
    "### Beyond the report",
    "",
    "Our rows beyond the report's three, and the published label-free Fashion-MNIST numbers, in one table " +
    "sorted by ACC. Inductive rows are fitted on the training split and scored on the test set; " +
    "transductive rows are fitted and scored on every image.",
    "",
    markdownTable(
      ["Method", "By", "Protocol", "Scored on", "Runs", "Compute", "ACC", "NMI", "Source"],
      rows.map((r) => [
        r.ours ? `\`${r.method}\`` : r.method,
        r.ours ? "ours" : "published",
        r.protocol,
        r.scoredOn,
        r.runs,
        r.compute,
        scoreCell(r.acc, r.accStd),
        scoreCell(r.nmi, r.nmiStd),
        r.source,
      ]),
      ["l", "l", "l", "l", "l", "l", "r", "r", "l"],
    ),
    "",
    ...comparisonParagraphs(c, rows),
    ...reasonsLines(c),
  ];
}
