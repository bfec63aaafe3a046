/**
 * What every section of `REPORT.md` is built from: the results, the artifacts and the figures, with the
 * facts several sections need derived once ({@linkcode reportContext}), and the typed reads of a method's
 * per-seed facts.
 *
 * @module
 */
import { METHODS, REPORT_FIGURES } from "../methods/mod.ts";
import { methodStages } from "../pipeline/reproduce.ts";
import type { ReproduceConfig } from "../pipeline/config.ts";
import type { Manifest, MethodResult, Results } from "../pipeline/results.ts";
import { integer } from "../format/mod.ts";
import type { FigureSection } from "./figures.ts";
import type { AutoencoderArtifacts, ReportInputArtifacts } from "./report_artifacts.ts";

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

/** The input with the facts several sections share. */
export interface ReportContext extends ReportMarkdownInput {
  /** The figures written (none when not given). */
  figures: FigureRef[];
  /** The run's manifest. */
  manifest: Manifest;
  /** The run's configuration (fields may be missing in files of earlier versions). */
  config?: Partial<ReproduceConfig>;
  /** The seeds, as written in the report. */
  seeds: string[];
  /** Training images used. */
  nTrain?: number;
  /** Test images scored. */
  nTest?: number;
  /** Validation images held out of each seed's training split. */
  validationSize?: number;
  /** The first seed's autoencoder artifacts. */
  autoencoder?: AutoencoderArtifacts;
  /** Whether a row reads the report's autoencoder. */
  hasAutoencoder: boolean;
}

/**
 * Derives the shared facts from the input.
 *
 * @example
 * ```ts
 * import { reportContext } from "./markdown_context.ts";
 * import { assertEquals } from "../std.ts";
 * const c = reportContext({ results: { methods: [], manifest: { seeds: [0, 1] } } });
 * assertEquals([c.seeds, c.hasAutoencoder], [["0", "1"], false]);
 * ```
 *
 * @param input Results, artifacts, figures and class names.
 * @returns The context every section reads.
 */
export function reportContext(input: ReportMarkdownInput): ReportContext {
  const { results, artifacts } = input;
  const manifest = results.manifest;
  const config: Partial<ReproduceConfig> | undefined = manifest.config;
  const seeds = (manifest.seeds ?? artifacts?.seeds ?? results.methods[0]?.seeds ?? []).map(String);
  const autoencoder = artifacts
    ? artifacts.seeds.map((s) => artifacts.autoencoder[String(s)]).find((a) => a !== undefined) ??
      Object.values(artifacts.autoencoder)[0]
    : undefined;
  // Whether a row reads the report's autoencoder, by the registry's stage graph.
  const hasAutoencoder = autoencoder !== undefined ||
    METHODS.some((m) =>
      results.methods.some((r) => r.id === m.id) && methodStages([m]).includes(REPORT_FIGURES.stage)
    );
  return {
    ...input,
    figures: input.figures ?? [],
    manifest,
    config,
    seeds,
    nTrain: manifest.data?.nTrain,
    nTest: manifest.data?.nTest ?? artifacts?.nTest,
    validationSize: config?.validationSize,
    autoencoder,
    hasAutoencoder,
  };
}

/**
 * Embeds the figures of a section.
 *
 * @example
 * ```ts
 * import { figureBlock } from "./markdown_context.ts";
 * import { assertEquals } from "../std.ts";
 * const f = { id: "a", section: "dataset" as const, title: "A", caption: "The a.", image: "figures/a.png" };
 * assertEquals(figureBlock([f], "dataset"), ["![A](figures/a.png)", "", "*The a.*", ""]);
 * ```
 *
 * @param figures The figures written.
 * @param section The section.
 * @returns Markdown lines.
 */
export function figureBlock(figures: readonly FigureRef[], section: FigureSection): string[] {
  const out: string[] = [];
  for (const f of figures.filter((f) => f.section === section)) {
    const svg = f.files?.find((file) => file.path.endsWith(".svg"));
    out.push(`![${f.title}](${f.image})`, "", `*${f.caption}*${svg ? ` ([SVG](${svg.path}))` : ""}`, "");
  }
  return out;
}

/** The facts of one seed of a method that the report's prose reads (every method may record them). */
export interface SeedFacts {
  /** The seed. */
  seed?: number;
  /** The candidate chosen among several (a feature pipeline, a covariance type). */
  selected?: string;
  /** The mixture's covariance type. */
  covarianceType?: string;
  /** What was chosen and by which criterion. */
  choice?: string;
}

/**
 * A method's per-seed facts (its `details.perSeed`, or its details as one seed), the typed fields only.
 *
 * @example
 * ```ts
 * import { seedFacts } from "./markdown_context.ts";
 * import { assertEquals } from "../std.ts";
 * const s = { mean: 0.5, std: 0, values: [0.5] };
 * const facts = seedFacts({
 *   id: "m", label: "M", protocol: "inductive", seeds: [0], metrics: { ami: s, nmi: s, ari: s, acc: s },
 *   details: { perSeed: [{ seed: 0, selected: "l2", choice: "best", inertia: 3 }] },
 * });
 * assertEquals(facts, [{ seed: 0, selected: "l2", covarianceType: undefined, choice: "best" }]);
 * ```
 *
 * @param m The method's results.
 * @returns One entry per seed.
 */
export function seedFacts(m: MethodResult): SeedFacts[] {
  const per = m.details?.perSeed;
  const records = Array.isArray(per) ? per : m.details ? [m.details] : [];
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  return records.filter((d): d is Record<string, unknown> => typeof d === "object" && d !== null)
    .map((d) => ({
      seed: typeof d.seed === "number" ? d.seed : undefined,
      selected: text(d.selected),
      covarianceType: text(d.covarianceType),
      choice: text(d.choice),
    }));
}

/**
 * What a row's scores were computed on: the test set (inductive) or every image (transductive), with the
 * count when the manifest records it.
 *
 * @example
 * ```ts
 * import { scoredOn } from "./markdown_context.ts";
 * import { assertEquals } from "../std.ts";
 * const data = { source: "", sha256: {}, nTrain: 60000, nTest: 10000 };
 * assertEquals(scoredOn("transductive", { data }), "all 70,000 images");
 * assertEquals(scoredOn("inductive", {}), "the test images");
 * ```
 *
 * @param protocol The row's protocol.
 * @param manifest The run's manifest.
 * @returns A phrase.
 */
export function scoredOn(protocol: MethodResult["protocol"], manifest: Manifest): string {
  const data = manifest.data;
  if (protocol === "transductive") {
    return data ? `all ${integer(data.nTrain + data.nTest)} images` : "all images";
  }
  return data ? `the ${integer(data.nTest)} test images` : "the test images";
}
