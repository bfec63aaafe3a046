/**
 * `REPORT.md`: the report's sections (Dataset, Preprocessing, Architecture, Results, Conclusion, then
 * Reproducibility) with every number read from `results.json`, its manifest and `artifacts.json`.
 *
 * @module
 */
import { IMAGE_SIZE, PIXELS } from "../data/mod.ts";
import { METHODS, REPORT_FIGURES } from "../methods/mod.ts";
import { methodStages } from "../pipeline/reproduce.ts";
import { type MethodResult, METRIC_NAMES, type Results } from "../pipeline/results.ts";
import { bytes, fixed, integer, markdownTable, num, obj, seconds, signed, value } from "../format/mod.ts";
import type { FigureSection } from "./figures.ts";
import type { AutoencoderArtifacts, ReportInputArtifacts } from "./report_artifacts.ts";
import { METRIC_LABELS, resultsTableMarkdown, trainTableMarkdown } from "./results_table.ts";

/** What `REPORT.md` needs to know about a figure. */
export interface FigureRef {
  /** The figure's id. */
  id: string;
  /** The section it belongs to. */
  section: FigureSection;
  /** The alt text. */
  title: string;
  /** The caption. */
  caption: string;
  /** The PNG to embed, relative to the output folder. */
  image: string;
  /** All its files (an SVG is linked beside the PNG). */
  files?: { path: string }[];
}

/** What {@linkcode reportMarkdown} is built from. */
export interface ReportMarkdownInput {
  /** The results (`results.json`). */
  results: Results;
  /** The artifacts (`artifacts.json`), for the autoencoder's training history and architecture. */
  artifacts?: ReportInputArtifacts;
  /** The figures written, in order. */
  figures?: FigureRef[];
  /** Class names by label. */
  classNames?: readonly string[];
  /** The autoencoder sweep (`sweep.json` of `deno task sweep`), when one was run into the same folder. */
  sweep?: SweepSummary;
}

/** What the report shows of a `deno task sweep` run. */
export interface SweepSummary {
  /** Every evaluated point. */
  points: {
    architecture: string;
    learningRate: number;
    epoch: number;
    valLoss: number;
    testAmi: number;
    trainSeconds: number;
  }[];
  /** The point with the lowest validation MSE. */
  selected: { architecture: string; learningRate: number; epoch: number };
  /** Training images, validation images and seed. */
  nTrain: number;
  nValidation: number;
  seed: number;
  /** The figure, relative to the report folder. */
  figure?: string;
}

/** The sweep's table: one row per evaluated point, the chosen one marked. */
function sweepSection(sweep: SweepSummary): string[] {
  const chosen = (p: SweepSummary["points"][number]) =>
    p.architecture === sweep.selected.architecture && p.learningRate === sweep.selected.learningRate &&
    p.epoch === sweep.selected.epoch;
  return [
    "### Autoencoder sweep",
    "",
    `The report's conclusion proposes tuning the autoencoder (nodes, epochs, learning rate). \`deno task sweep\` ` +
    `trained each architecture and learning rate on ${
      integer(sweep.nTrain)
    } images (seed ${sweep.seed}) and ` +
    `chose the point with the lowest reconstruction MSE on the ${
      integer(sweep.nValidation)
    } validation images. ` +
    "The test AMI (KMeans on the unscaled encodings) is shown for display only; it chose nothing.",
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

/** Whether a method met the report's AMI, and by how much. */
export interface ReferenceComparison {
  /** The method's id. */
  id: string;
  /** Its label. */
  label: string;
  /** Our mean test AMI. */
  ours: number;
  /** Our standard deviation over seeds. */
  std: number;
  /** The report's AMI. */
  reference: number;
  /** `ours - reference`. */
  difference: number;
  /** Whether `ours >= reference`. */
  met: boolean;
  /** Whether the reference lies within one standard deviation of ours (only meaningful for > 1 seed). */
  withinOneStd: boolean;
}

/**
 * Compares each method that has a reference with the report's AMI: met when our mean test AMI is at least
 * the report's.
 *
 * @example
 * ```ts
 * import { compareWithReference } from "./report_markdown.ts";
 * import { assertEquals } from "../std.ts";
 * const s = (mean: number, std = 0) => ({ mean, std, values: [mean] });
 * const [c] = compareWithReference({
 *   methods: [{
 *     id: "km", label: "KMeans", protocol: "inductive", seeds: [0],
 *     metrics: { ami: s(0.49, 0.02), nmi: s(0.5), ari: s(0.4), acc: s(0.6) },
 *     reference: { ami: 0.5, source: "report" },
 *   }],
 *   manifest: {},
 * });
 * assertEquals([c.met, c.withinOneStd, Math.round(c.difference * 1e4)], [false, true, -100]);
 * ```
 *
 * @param results The results.
 * @returns One comparison per method with a reference, in results order.
 */
export function compareWithReference(results: Results): ReferenceComparison[] {
  return results.methods.filter((m) => m.reference).map((m) => {
    const ours = m.metrics.ami.mean;
    const reference = m.reference!.ami;
    return {
      id: m.id,
      label: m.label,
      ours,
      std: m.metrics.ami.std,
      reference,
      difference: ours - reference,
      met: ours >= reference,
      withinOneStd: Math.abs(ours - reference) <= m.metrics.ami.std,
    };
  });
}

/** Embeds the figures of a section. */
function figureBlock(
  figures: FigureRef[],
  section: FigureSection,
  filter?: (f: FigureRef) => boolean,
): string[] {
  const out: string[] = [];
  for (const f of figures.filter((f) => f.section === section && (!filter || filter(f)))) {
    const svg = f.files?.find((file) => file.path.endsWith(".svg"));
    out.push(`![${f.title}](${f.image})`, "", `*${f.caption}*${svg ? ` ([SVG](${svg.path}))` : ""}`, "");
  }
  return out;
}

/** A shape as `7×7×7`. */
function shape(dims: number[]): string {
  return dims.join("×");
}

/** Renders an architecture description: a string, a list of layers, or an object. */
function architectureLines(architecture: unknown): string[] {
  if (architecture === undefined || architecture === null) return [];
  if (typeof architecture === "string") return [`Architecture: ${architecture}.`, ""];
  if (Array.isArray(architecture)) {
    return [
      "Layers:",
      "",
      ...architecture.map((layer, i) => `${i + 1}. ${typeof layer === "string" ? layer : value(layer, 300)}`),
      "",
    ];
  }
  const o = obj(architecture);
  if (!o) return [`Architecture: ${value(architecture)}.`, ""];
  const layers = Object.entries(o).find(([, v]) => Array.isArray(v));
  const scalars = Object.entries(o).filter(([, v]) => !Array.isArray(v));
  const lines: string[] = [];
  if (scalars.length > 0) {
    lines.push(markdownTable(["Architecture", "Value"], scalars.map(([k, v]) => [k, value(v, 300)])), "");
  }
  if (layers) lines.push(...architectureLines(layers[1]));
  return lines;
}

/** The training summary of every seed with a history. */
function trainingTable(artifacts: ReportInputArtifacts): string[] {
  const rows: string[][] = [];
  for (const seed of artifacts.seeds) {
    const h = artifacts.autoencoder[String(seed)]?.history;
    if (!h || h.length === 0) continue;
    const last = h[h.length - 1];
    const withVal = h.filter((e) => e.valLoss !== undefined);
    const best = withVal.reduce<typeof h[number] | undefined>(
      (b, e) => (b === undefined || e.valLoss! < b.valLoss! ? e : b),
      undefined,
    );
    const times = h.map((e) => e.seconds).filter((s): s is number => s !== undefined);
    const total = times.reduce((a, b) => a + b, 0);
    rows.push([
      String(seed),
      String(h.length),
      fixed(last.loss, 5),
      last.valLoss !== undefined ? fixed(last.valLoss, 5) : "—",
      best ? `${fixed(best.valLoss!, 5)} (epoch ${best.epoch})` : "—",
      times.length > 0 ? seconds(total / times.length) : "—",
      times.length > 0 ? seconds(total) : "—",
    ]);
  }
  if (rows.length === 0) return [];
  return [
    markdownTable(
      [
        "Seed",
        "Epochs run",
        "Final train MSE",
        "Final validation MSE",
        "Best validation MSE",
        "Time per epoch",
        "Training time",
      ],
      rows,
      ["l", "r", "r", "r", "r", "r", "r"],
    ),
    "",
  ];
}

/** Every `perSeed` entry of a method's details (or the details themselves). */
function perSeedDetails(m: MethodResult): Record<string, unknown>[] {
  const per = m.details?.perSeed;
  if (Array.isArray(per)) return per.map((d) => obj(d) ?? {});
  return m.details ? [m.details] : [];
}

/** Finds string-valued facts in a method's details whose key matches `pattern`, with their seeds. */
function findFacts(m: MethodResult, pattern: RegExp): { key: string; seed?: unknown; text: string }[] {
  const found: { key: string; seed?: unknown; text: string }[] = [];
  for (const d of perSeedDetails(m)) {
    for (const [key, v] of Object.entries(d)) {
      if (pattern.test(key) && (typeof v === "string" || typeof v === "number")) {
        found.push({ key, seed: d.seed, text: String(v) });
      }
    }
  }
  for (const [key, v] of Object.entries(m.details ?? {})) {
    if (key !== "perSeed" && pattern.test(key) && typeof v === "string") found.push({ key, text: v });
  }
  return found;
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
        for (const r of records) for (const c of Object.keys(r)) if (!columns.includes(c)) columns.push(c);
        lines.push(
          `${k} (seed ${seedOf(d, i)}):`,
          "",
          markdownTable(columns, records.map((r) => columns.map((c) => value(r[c])))),
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
 * "Beyond the report": methods compared with numbers published elsewhere (`published`), with the protocol
 * each was measured under, and whether ours is higher.
 */
function beyondSection(results: Results): string[] {
  const rows: string[][] = [];
  for (const m of results.methods) {
    for (const p of m.published ?? []) {
      const cell = (name: "acc" | "nmi" | "ami") => {
        const theirs = p[name];
        if (theirs === undefined) return "—";
        const ours = m.metrics[name].mean;
        return `${fixed(theirs)} (${ours > theirs ? "ours higher" : "ours lower"} by ${
          fixed(Math.abs(ours - theirs))
        })`;
      };
      rows.push([
        `\`${m.id}\``,
        m.protocol,
        `${fixed(m.metrics.acc.mean)} ± ${fixed(m.metrics.acc.std)}`,
        `${fixed(m.metrics.nmi.mean)} ± ${fixed(m.metrics.nmi.std)}`,
        cell("acc"),
        cell("nmi"),
        p.source,
      ]);
    }
  }
  if (rows.length === 0) return [];
  return [
    "### Beyond the report",
    "",
    "Methods compared with published from-scratch results on Fashion-MNIST, each under its protocol " +
    "(transductive: fitted and scored on all 70,000 images).",
    "",
    markdownTable(
      ["Method", "Protocol", "Our ACC", "Our NMI", "Published ACC", "Published NMI", "Published by"],
      rows,
      ["l", "l", "r", "r", "r", "r", "l"],
    ),
    "",
    ...comparisonParagraphs(results),
    ...reasonsSection(results),
  ];
}

/**
 * The written comparison of the best row beyond the report (by the mean of test ACC and NMI, per protocol)
 * with N2D, DEC and ClusterGAN: what each number is (seeds, trials, protocol, training budget), so rows of
 * different protocols are not read as equal.
 */
function comparisonParagraphs(results: Results): string[] {
  const beyond = results.methods.filter((m) => (m.published ?? []).length > 0);
  if (beyond.length === 0) return [];
  // Best by the mean of test ACC and NMI: the published rows are compared on both, and a row that leads
  // on one while trailing on the other is not the better clustering.
  const both = (m: MethodResult) => (m.metrics.acc.mean + m.metrics.nmi.mean) / 2;
  const best = (protocol: string) =>
    beyond.filter((m) => m.protocol === protocol).sort((a, b) => both(b) - both(a))[0];
  const describe = (m: MethodResult) =>
    `\`${m.id}\` reaches ${scoredOn(m, results)} ACC ${fixed(m.metrics.acc.mean)} ± ${
      fixed(m.metrics.acc.std)
    } and NMI ${fixed(m.metrics.nmi.mean)} ± ${fixed(m.metrics.nmi.std)} (mean ± sample standard deviation ` +
    `over seeds ${m.seeds.join(", ")})`;
  const { data, config } = results.manifest;
  const count = (n: number | undefined) => (n === undefined ? "?" : integer(n));
  const nFit = data && config ? data.nTrain - config.validationSize : undefined;
  const inductive = best("inductive");
  const transductive = best("transductive");
  const lines: string[] = [];
  if (inductive) {
    lines.push(
      `Our best inductive row, ${describe(inductive)}: it is fitted on the ${count(nFit)}-image training ` +
        `split alone, and the ${
          count(data?.nTest)
        } test images are assigned afterwards by the fitted model, so ` +
        "no test image shapes the clustering. Its settings were chosen on the seeds' validation splits only; " +
        "the test images are scored, never used to choose.",
    );
  }
  if (transductive) {
    lines.push(
      `Under the published numbers' own protocol (fitted and scored on all ${
        count(data ? data.nTrain + data.nTest : undefined)
      } images), ${describe(transductive)}.`,
    );
  }
  // Each published number once, as the registry gives it (its source says what the number is).
  const published = new Map<string, string>();
  for (const p of beyond.flatMap((m) => m.published ?? [])) {
    const numbers = (["acc", "nmi", "ami"] as const).filter((k) => p[k] !== undefined)
      .map((k) => `${k.toUpperCase()} ${fixed(p[k]!, 3)}`).join(" / ");
    const name = p.source.split(/[:(]/)[0].trim();
    if (!published.has(name)) published.set(name, `${p.source} — ${numbers} (${p.protocol})`);
  }
  lines.push(
    `What the published numbers are: ${[...published.values()].join("; ")}. Each is one number as its ` +
      `source reports it; ours are means over ${
        inductive?.seeds.length ?? transductive?.seeds.length
      } seeds ` +
      `on the CPU (${results.manifest.schedule?.jobs ?? 1} single-threaded process` +
      `${
        (results.manifest.schedule?.jobs ?? 1) > 1 ? "es" : ""
      } at once), and the feature-stack rows train ` +
      "no feature extractor: their only learnt features are k-means atoms of image patches, and the SCAN " +
      "row's network is one hidden layer on those fixed descriptors.",
  );
  return lines.flatMap((l) => [l, ""]);
}

/** What a row's test scores were computed on: the test set, or every image for a transductive row. */
function scoredOn(m: MethodResult, results: Results): string {
  const data = results.manifest.data;
  return m.protocol === "transductive"
    ? `on all ${data ? integer(data.nTrain + data.nTest) : ""} images`.replace("  ", " ")
    : "test";
}

/**
 * "Settings and why": each run method's settings that are not its paper's, with the registry's one-line
 * reason; the measurements behind them are in `docs/decisions.md`.
 */
function reasonsSection(results: Results): string[] {
  const rows = METHODS.filter((m) => results.methods.some((r) => r.id === m.id) && m.reasons)
    .flatMap((m) =>
      Object.entries(m.reasons!).map(([setting, reason]) => [`\`${m.id}\``, `\`${setting}\``, reason])
    );
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

/** The report's ranking of methods by AMI against ours, as a sentence. */
function rankingSentence(comparisons: ReferenceComparison[]): string | undefined {
  // One method per published number: variants sharing a reference (e.g. `-unscaled`) are not ranked twice.
  const seen = new Set<number>();
  comparisons = comparisons.filter((c) => !seen.has(c.reference) && seen.add(c.reference));
  if (comparisons.length < 2) return undefined;
  const byRef = [...comparisons].sort((a, b) => b.reference - a.reference).map((c) => c.id);
  const byOurs = [...comparisons].sort((a, b) => b.ours - a.ours).map((c) => c.id);
  const same = byRef.every((id, i) => id === byOurs[i]);
  return `The report ranks the pipelines by AMI as ${byRef.join(" > ")}; ours rank ${byOurs.join(" > ")}` +
    (same ? ", the same order." : ", a different order.");
}

/**
 * Builds `REPORT.md` from the results, the artifacts and the figures written: sections Dataset,
 * Preprocessing, Architecture, Results, Conclusion and Reproducibility. Absent parts (no autoencoder
 * artifacts, no manifest field) are stated as such rather than invented.
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
  const { results, artifacts, figures = [], classNames, sweep } = input;
  const manifest = results.manifest;
  const config = obj(manifest.config);
  const data = obj(manifest.data);
  const seeds =
    (Array.isArray(manifest.seeds) ? manifest.seeds : artifacts?.seeds ?? results.methods[0]?.seeds ?? [])
      .map(String);
  const nTrain = num(data?.nTrain);
  const nTest = num(data?.nTest) ?? artifacts?.nTest;
  const validationSize = num(config?.validationSize);
  const comparisons = compareWithReference(results);
  const firstAe: AutoencoderArtifacts | undefined = artifacts
    ? artifacts.seeds.map((s) => artifacts.autoencoder[String(s)]).find((a) => a !== undefined) ??
      Object.values(artifacts.autoencoder)[0]
    : undefined;
  // Whether a row reads the report's autoencoder, by the registry's stage graph.
  const hasAutoencoder = firstAe !== undefined ||
    METHODS.some((m) =>
      results.methods.some((r) => r.id === m.id) && methodStages([m]).includes(REPORT_FIGURES.stage)
    );
  const L: string[] = [];

  L.push("# Clustering Fashion-MNIST without labels: reproduction", "");
  L.push(
    `Generated by \`deno task report\` from \`results.json\`${artifacts ? " and `artifacts.json`" : ""}: ` +
      `${results.methods.length} method${results.methods.length === 1 ? "" : "s"}, ` +
      `seed${seeds.length === 1 ? "" : "s"} ${
        seeds.join(", ") || "—"
      }. Every number below is read from those files.`,
    "",
  );
  if (config?.quick === true) {
    L.push(
      `> **Quick slice.** This run used ${
        nTrain !== undefined ? integer(nTrain) : "a subset of the"
      } training and ` +
        `${
          nTest !== undefined ? integer(nTest) : "a subset of the"
        } test images and shortened settings: a smoke ` +
        "check of the pipeline, not the report's protocol. Its scores are not comparable with the report's.",
      "",
    );
  }
  if (comparisons.length > 0) {
    L.push(
      comparisons.map((c) =>
        `**${c.label}**: test AMI ${fixed(c.ours)} ± ${fixed(c.std)} (report ${fixed(c.reference)}, ${
          signed(c.difference)
        })`
      ).join("; ") + ".",
      "",
    );
  }

  // Dataset.
  L.push("## Dataset", "");
  const names = classNames ?? [];
  L.push(
    `Fashion-MNIST${
      names.length > 0 ? `: ${names.length} classes (${names.join(", ")})` : ""
    }, ${IMAGE_SIZE}×${IMAGE_SIZE} grey images.`,
    "",
  );
  L.push(`- Source: ${data?.source !== undefined ? `\`${value(data.source)}\`` : "not recorded"}`);
  L.push(
    `- Images used: ${nTrain !== undefined ? integer(nTrain) : "—"} training, ${
      nTest !== undefined ? integer(nTest) : "—"
    } test (the first ${nTest !== undefined ? integer(nTest) : "—"} images of the test set are scored).`,
  );
  const sha = obj(data?.sha256);
  if (sha) {
    L.push("- SHA-256 of the decompressed files (verified against the published checksums when loaded):", "");
    L.push(
      markdownTable(
        ["File", "SHA-256"],
        Object.entries(sha).sort(([a], [b]) => (a < b ? -1 : 1)).map((
          [f, h],
        ) => [`\`${f}\``, `\`${value(h)}\``]),
      ),
    );
  }
  L.push("", ...figureBlock(figures, "dataset"));

  // Preprocessing.
  L.push("## Preprocessing", "");
  L.push("- Pixels are divided by 255, giving intensities in [0, 1].");
  L.push(
    `- KMeans on raw pixels sees each image as a ${PIXELS}-dimensional vector` +
      (hasAutoencoder
        ? `; the autoencoder sees ${IMAGE_SIZE}×${IMAGE_SIZE}×1 images, and its encoder's output is flattened ` +
          "before clustering."
        : "."),
  );
  if (hasAutoencoder && nTrain !== undefined && validationSize !== undefined) {
    L.push(
      `- The autoencoder is trained on a seeded split of the ${integer(nTrain)} training images: ` +
        `${integer(nTrain - validationSize)} for training and ${integer(validationSize)} for validation ` +
        "(validation loss for early stopping); the split's seed derives from the run's seed.",
    );
  }
  const protocols = [...new Set(results.methods.map((m) => m.protocol))];
  for (const p of protocols) {
    const ids = results.methods.filter((m) => m.protocol === p).map((m) => `\`${m.id}\``).join(", ");
    L.push(
      p === "inductive"
        ? `- ${ids}: fitted on training data only, then used to assign the test images (inductive protocol).`
        : `- ${ids}: fitted and scored on the same images (transductive protocol).`,
    );
  }
  if (config?.trainLimit !== undefined || config?.testLimit !== undefined) {
    L.push(
      `- Slice: the first ${
        num(config?.trainLimit) !== undefined ? integer(config!.trainLimit as number) : "all"
      } ` +
        `training and ${
          num(config?.testLimit) !== undefined ? integer(config!.testLimit as number) : "all"
        } test images.`,
    );
  }
  L.push("");

  // Architecture.
  L.push("## Architecture", "");
  L.push("### Autoencoder", "");
  const ae = obj(config?.autoencoder);
  if (ae) {
    L.push(
      markdownTable(["Setting", "Value"], [
        ["Architecture", value(ae.architecture)],
        ["Epochs (at most)", value(ae.epochs)],
        ["Batch size", value(ae.batchSize)],
        ["Optimizer", `Adam, learning rate ${value(ae.learningRate)}`],
        ["Loss", "mean squared error"],
        ["Early-stopping patience (epochs)", value(ae.patience)],
      ]),
      "",
    );
  }
  if (firstAe) {
    L.push(...architectureLines(firstAe.architecture));
    if (firstAe.latentShape) {
      const size = firstAe.latentShape.reduce((a, b) => a * b, 1);
      L.push(
        `Latent representation: ${shape(firstAe.latentShape)} = ${integer(size)} features per image.`,
        "",
      );
    }
    L.push(...trainingTable(artifacts!));
    L.push(...figureBlock(figures, "architecture"));
  } else {
    L.push(
      "This run has no autoencoder artifacts, so the autoencoder's architecture, training and figures are absent.",
      "",
    );
  }
  L.push("### Clustering", "");
  const km = obj(config?.kmeans);
  if (km) {
    L.push(
      `- KMeans: ${value(km.nClusters)} clusters, k-means++ initialisation, best of ${
        value(km.nInit)
      } runs ` +
        `(nInit), at most ${value(km.maxIter)} iterations, tolerance ${value(km.tol)}.`,
    );
  }
  const gmm = obj(config?.gmm);
  if (gmm) {
    const types = Array.isArray(gmm.covarianceTypes)
      ? gmm.covarianceTypes.join(", ")
      : value(gmm.covarianceTypes);
    L.push(
      `- Gaussian mixture: covariance types tried ${types}; regCovar ${value(gmm.regCovar)}, tolerance ` +
        `${value(gmm.tol)}, at most ${value(gmm.maxIter)} EM iterations.`,
    );
  }
  for (const m of results.methods) {
    // A selected candidate (feature pipeline / covariance) when the method chose among several, else the
    // covariance type alone.
    const selected = findFacts(m, /^selected$/);
    const chosen = selected.length > 0 ? selected : findFacts(m, /covariance/i);
    const why = findFacts(m, /reason|why|choice|selection|criterion|because/i);
    if (chosen.length === 0 && why.length === 0) continue;
    const chosenText = chosen.map((c) =>
      `${c.text}${c.seed !== undefined ? ` (seed ${value(c.seed)})` : ""}`
    );
    L.push(
      `- \`${m.id}\`: ${selected.length > 0 ? "candidate" : "covariance type"} chosen ${
        chosenText.join(", ") || "—"
      }` +
        (why.length > 0 ? `; ${[...new Set(why.map((w) => w.text))].join("; ")}` : ""),
    );
  }
  L.push("");

  // Results.
  L.push("## Results", "");
  L.push(
    "Test-set scores, mean ± sample standard deviation over seeds; AMI and NMI use the arithmetic mean " +
      "normalisation (scikit-learn's default), ACC matches clusters to classes one to one (Hungarian).",
    "",
  );
  L.push(resultsTableMarkdown(results), "");
  if (comparisons.length > 0) {
    L.push("### The report's AMI and ours", "");
    L.push(
      markdownTable(
        ["Method", "Report AMI", "Our AMI", "Ours − report", "Met", "Reference"],
        comparisons.map((c) => {
          const ref = results.methods.find((m) => m.id === c.id)!.reference!;
          return [
            c.label,
            fixed(c.reference),
            `${fixed(c.ours)} ± ${fixed(c.std)}`,
            signed(c.difference),
            c.met ? "yes" : "no",
            ref.source,
          ];
        }),
        ["l", "r", "r", "r", "l", "l"],
      ),
      "",
    );
  }
  if (results.methods.some((m) => m.trainMetrics)) {
    L.push("### Training set against test set", "");
    L.push(
      "Scores on the data each method was fitted on, beside its test AMI.",
      "",
      trainTableMarkdown(results),
      "",
    );
  }
  if (results.methods.some((m) => m.seeds.length > 1)) {
    L.push("### Per seed", "");
    L.push(
      markdownTable(
        ["Method", "Seed", ...METRIC_NAMES.map((n) => METRIC_LABELS[n])],
        results.methods.flatMap((m) =>
          m.seeds.map((
            seed,
            i,
          ) => [m.id, String(seed), ...METRIC_NAMES.map((n) => fixed(m.metrics[n].values[i]))])
        ),
        ["l", "l", "r", "r", "r", "r"],
      ),
      "",
    );
  }
  const resultFigures = figures.filter((f) => f.section === "results");
  if (resultFigures.length > 0) {
    L.push("### Figures", "");
    L.push(...figureBlock(figures, "results"));
  }
  L.push(...beyondSection(results));
  const withDetails = results.methods.filter((m) => detailsTable(m).length > 0);
  if (withDetails.length > 0) {
    L.push("### Method details", "");
    for (const m of withDetails) L.push(`**${m.label}** (\`${m.id}\`)`, "", ...detailsTable(m));
  }

  if (sweep) L.push(...sweepSection(sweep));

  // Conclusion.
  L.push("## Conclusion", "");
  if (comparisons.length === 0) {
    L.push("No method in this run has a reference value from the report.", "");
  } else {
    for (const c of comparisons) {
      const spread = !c.met && results.methods.find((m) => m.id === c.id)!.seeds.length > 1
        ? c.withinOneStd ? ", within one standard deviation" : ", more than one standard deviation below"
        : "";
      L.push(
        `- ${c.label} (\`${c.id}\`): test AMI ${fixed(c.ours)} ± ${fixed(c.std)} ` +
          `${c.met ? "met" : "did not meet"} the report's AMI of ${fixed(c.reference)} (${
            signed(c.difference)
          }${spread}).`,
      );
    }
    const nMet = comparisons.filter((c) => c.met).length;
    L.push("", `${nMet} of ${comparisons.length} pipelines met the report's AMI.`);
    const ranking = rankingSentence(comparisons);
    if (ranking) L.push(ranking);
    L.push("");
  }
  if (config?.quick === true) {
    L.push(
      "This was a quick slice; run `deno task reproduce` without `--quick` for the report's protocol.",
      "",
    );
  }
  const notes = Array.isArray(manifest.notes) ? manifest.notes.filter((n) => typeof n === "string") : [];
  if (notes.length > 0) L.push("Notes:", "", ...notes.map((n) => `- ${n}`), "");

  // Reproducibility.
  L.push("## Reproducibility", "");
  if (seeds.length > 0) {
    const defaultSeeds = seeds.join(",") === "0,1,2";
    L.push(
      `- Command: \`deno task reproduce${defaultSeeds ? "" : ` --seeds ${seeds.join(",")}`}${
        config?.quick === true ? " --quick" : ""
      }\`${defaultSeeds ? " (seeds 0, 1, 2 are its default)" : ""} ` +
        "(stages are cached; `--force` recomputes them), then `deno task report`.",
    );
  }
  const code = obj(manifest.code);
  if (code && typeof code.sha256 === "string") {
    L.push(
      `- Code version: \`${code.sha256.slice(0, 16)}\` (SHA-256 of the ${
        value(code.files)
      } computing source files under lib/ and deno.lock; every stage's cache key includes it)`,
    );
  }
  L.push(...scheduleLines(results.manifest));
  if (typeof manifest.startedAt === "string") L.push(`- Run started: ${manifest.startedAt}`);
  if (num(manifest.wallSeconds) !== undefined) {
    const stages = Array.isArray(manifest.stages) ? manifest.stages as { cached?: unknown }[] : [];
    const cached = stages.filter((s) => s.cached === true).length;
    L.push(
      `- Wall time: ${seconds(manifest.wallSeconds as number)}` +
        (cached > 0
          ? ` (${cached} of ${stages.length} stages were read from the cache; their compute times are below)`
          : ""),
    );
  }
  const backend = obj(manifest.backend);
  if (backend) L.push(`- Tensor backend: ${value(backend.name)}, ${value(backend.threads)} thread(s)`);
  if (num(manifest.peakRssBytes) !== undefined) {
    L.push(`- Peak resident memory: ${bytes(manifest.peakRssBytes as number)}`);
  }
  const versions = obj(manifest.versions);
  if (versions) {
    L.push(
      "",
      markdownTable(["Component", "Version"], Object.entries(versions).map(([k, v]) => [k, value(v)])),
    );
  }
  const stages = Array.isArray(manifest.stages)
    ? manifest.stages.map((s) => obj(s)).filter((s) => s !== undefined)
    : [];
  if (stages.length > 0) {
    L.push(
      "",
      "Time per stage (compute time: when the stage was computed, in this run or the one that cached it):",
      "",
    );
    // A stage shared by the seeds (one cache entry, e.g. descriptors of the images) is computed once: its
    // later rows name the seed whose row counts its compute time.
    const firstSeedOfEntry = new Map<string, string>();
    const sharedWith = stages.map((s) => {
      if (typeof s.key !== "string") return undefined;
      const entry = `${value(s.stage)}/${s.key}`;
      const first = firstSeedOfEntry.get(entry);
      if (first === undefined) firstSeedOfEntry.set(entry, value(s.seed));
      return first;
    });
    L.push(
      markdownTable(
        ["Stage", "Seed", "Compute time", "This run", "Cached"],
        stages.map((s, i) => [
          value(s.stage),
          value(s.seed),
          sharedWith[i] !== undefined
            ? `shared with seed ${sharedWith[i]}`
            : num(s.computeSeconds) !== undefined
            ? seconds(s.computeSeconds as number)
            : "—",
          num(s.seconds) !== undefined ? seconds(s.seconds as number) : "—",
          s.cached === true ? "yes" : "no",
        ]),
        ["l", "l", "r", "r", "l"],
      ),
    );
    // Summed only for seeds whose every stage has a known compute time; a shared stage counts once.
    const perSeed = new Map<string, number | undefined>();
    for (const [i, s] of stages.entries()) {
      const t = sharedWith[i] !== undefined
        ? 0
        : num(s.computeSeconds) ?? (s.cached === true ? undefined : num(s.seconds));
      const key = value(s.seed);
      const sofar = perSeed.has(key) ? perSeed.get(key) : 0;
      perSeed.set(key, sofar === undefined || t === undefined ? undefined : sofar + t);
    }
    for (const [key, t] of perSeed) if (t === undefined) perSeed.delete(key);
    if (perSeed.size > 0) {
      L.push(
        "",
        `Compute time per seed (all stages): ${
          [...perSeed].map(([seed, t]) => `seed ${seed}: ${seconds(t!)}`).join(", ")
        }.`,
      );
    }
  }
  L.push(
    "",
    "Files: `results.json` (all numbers), `artifacts.json` (predictions and autoencoder artifacts), " +
      "`results.md` and `results.csv` (the tables), `figures/`.",
    "",
  );
  return L.join("\n").replace(/\n{3,}/g, "\n\n");
}

/**
 * The scheduler's record (how many stage processes ran, at most how many at once) and what the recorded
 * stage times predict for 1 to 16 processes, with the critical path.
 */
function scheduleLines(manifest: Results["manifest"]): string[] {
  const lines: string[] = [];
  const schedule = manifest.schedule;
  if (schedule !== undefined) {
    lines.push(
      `- Schedule: ${schedule.tasks.length} stage tasks (one stage of one seed each) computed in up to ` +
        `${schedule.jobs} single-threaded processes at once, each as soon as its inputs were done ` +
        `(${schedule.cached.length} already cached), ${seconds(schedule.wallSeconds)} of the wall time; ` +
        "the numbers do not depend on the thread count or the process layout",
    );
  }
  const prediction = manifest.prediction;
  if (prediction !== undefined) {
    lines.push(
      `- Predicted wall time of the stages from their recorded compute times (the scheduler replayed, ` +
        `${seconds(prediction.overheadSeconds)} of process start-up added per stage): ` +
        prediction.wallSeconds.map((p) => `${p.jobs} process${p.jobs > 1 ? "es" : ""} ${seconds(p.seconds)}`)
          .join(", ") +
        `. Critical path (${seconds(prediction.criticalPath.seconds)}, no number of processes is faster): ` +
        prediction.criticalPath.tasks.map((t) => `\`${t}\``).join(" → "),
    );
  }
  return lines;
}
