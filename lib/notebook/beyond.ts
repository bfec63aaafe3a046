/**
 * Tables and charts of the notebooks on the methods beyond the report: our rows beside the published numbers
 * the registry cites, partitions compared by their cluster sizes and scores, which test images a refinement
 * moved between clusters (SCAN after the mixture), the self-training rows against their KMeans start, and the
 * per-update and per-epoch histories that DEC, IDEC and SCAN record.
 *
 * @module
 */
import { CLASS_NAMES } from "../data/mod.ts";
import { fixedOrDash, integer, jsonCell, meanStdOrMean, num, obj, withSign } from "../format/mod.ts";
import { matchClusters } from "../metrics/mod.ts";
import { METHODS } from "../methods/mod.ts";
import {
  type MethodResult,
  METRIC_NAMES,
  type ReproduceConfig,
  type Results,
  score,
} from "../pipeline/mod.ts";
import { confusionMatrixSpec, type TopLevelSpec } from "../plot/mod.ts";
import { matchedConfusion, METRIC_LABELS, scoredOnLabel } from "../report/mod.ts";
import type { Table } from "./media_bundle.ts";

/** A partition to compare: its name and the cluster of every image. */
export interface NamedPartition {
  /** Its name, e.g. a method id. */
  name: string;
  /** The cluster of every image. */
  pred: ArrayLike<number>;
}

/** Options of {@linkcode clusterTransitions}, {@linkcode transitionChartSpec} and {@linkcode classMovesTable}. */
export interface TransitionOptions {
  /**
   * Class names by label.
   *
   * @default {CLASS_NAMES}
   */
  classNames?: readonly string[];
  /**
   * What the first partition is called.
   *
   * @default {"before"}
   */
  beforeName?: string;
  /**
   * What the second partition is called.
   *
   * @default {"after"}
   */
  afterName?: string;
  /**
   * The chart's title ({@linkcode transitionChartSpec} only).
   *
   * @default {"<beforeName> → <afterName>: test images per pair of clusters"}
   */
  title?: string;
}

/** The counts of images per pair of clusters of two partitions, each ordered by its matched class. */
export interface ClusterTransitions {
  /** `matrix[i][j]`: images in the first partition's cluster `rowClusters[i]` and the second's `columnClusters[j]`. */
  matrix: number[][];
  /** The first partition's clusters, in the order of the classes they are matched to (unmatched last). */
  rowClusters: number[];
  /** The second partition's clusters, likewise. */
  columnClusters: number[];
  /** Row captions, e.g. `c3: Trouser`. */
  rowNames: string[];
  /** Column captions. */
  columnNames: string[];
}

function method(results: Results, id: string, action: string): MethodResult {
  const m = results.methods.find((r) => r.id === id);
  if (!m) {
    throw new RangeError(
      `Cannot ${action}: ids must name methods of the results, current value is "${id}"; the results hold ${
        results.methods.map((r) => r.id).join(", ") || "none"
      }`,
    );
  }
  return m;
}

/** The per-seed facts of a method for a seed (`details.perSeed`), or `undefined`. */
function seedFacts(m: MethodResult, seed: number): Record<string, unknown> | undefined {
  const perSeed = m.details?.perSeed;
  if (!Array.isArray(perSeed)) return undefined;
  return perSeed.map(obj).find((d) => d?.seed === seed);
}

/** A setting's value as written in a configuration: `1e-6`, `0.001`, `200,000`, JSON for the rest. */
function settingCell(value: unknown): string {
  if (typeof value === "number" && !Number.isInteger(value)) {
    return Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
  }
  return jsonCell(value);
}

/**
 * Settings of the configuration, one row per value (an object's values each on a row, under its path), with
 * the one-line reason the methods' files give for a setting they do not take from their paper (the
 * registry's `reasons`, keyed by path; a reason for an object is shown on its first value).
 *
 * @example
 * ```ts
 * import { settingsTable } from "./beyond.ts";
 * import { DEFAULT_CONFIG } from "../pipeline/mod.ts";
 * import { assertEquals } from "../std.ts";
 * const table = settingsTable(DEFAULT_CONFIG, ["beyond.stack.scan.entropyWeight", "kmeans"], ["stack-umap-gmm-scan"]);
 * assertEquals(table.rows[0].slice(0, 2), ["beyond.stack.scan.entropyWeight", "5"]);
 * assertEquals(table.rows[1].slice(0, 3), ["kmeans.nClusters", "10", ""]);
 * ```
 *
 * @param config The run's configuration.
 * @param paths Dotted paths into it, e.g. `beyond.umap` or `gmm.regCovar`.
 * @param ids The methods whose reasons are shown.
 * @returns The table.
 * @throws {RangeError} When a path names no setting.
 */
export function settingsTable(
  config: ReproduceConfig,
  paths: readonly string[],
  ids: readonly string[] = [],
): Table {
  const reasons = new Map<string, string>();
  for (const m of METHODS.filter((m) => ids.includes(m.id))) {
    for (const [path, reason] of Object.entries(m.reasons ?? {})) reasons.set(path, reason);
  }
  const shown = new Set<string>();
  const reasonOf = (path: string) => {
    const key = [...reasons.keys()].find((k) => !shown.has(k) && (path === k || path.startsWith(`${k}.`)));
    if (key === undefined) return "";
    shown.add(key);
    return reasons.get(key)!;
  };
  const rows = paths.flatMap((path) => {
    const value = path.split(".").reduce<unknown>((v, key) => obj(v)?.[key], config);
    if (value === undefined) {
      throw new RangeError(`Cannot list the settings: the configuration has no setting "${path}"`);
    }
    const entries = obj(value) ? Object.entries(obj(value)!).map(([k, v]) => [`${path}.${k}`, v] as const) : [
      [path, value] as const,
    ];
    return entries.map(([at, v]) => [at, settingCell(v), reasonOf(at)]);
  });
  return { headers: ["Setting", "Value", "Why (lib/methods/)"], rows, align: ["l", "r", "l"] };
}

/**
 * Our rows beside the published numbers each method cites (its `published` field in the registry): our
 * ACC and NMI (mean ± std over seeds), the published ones, the differences and the source. A method that
 * cites none gets one row with dashes.
 *
 * @example
 * ```ts
 * import { publishedTable } from "./beyond.ts";
 * import { assertEquals } from "../std.ts";
 * const s = (v: number) => ({ mean: v, std: 0, values: [v] });
 * const table = publishedTable({
 *   methods: [{ id: "n2d", label: "N2D", protocol: "transductive", seeds: [0],
 *     metrics: { ami: s(0.6), nmi: s(0.65), ari: s(0.5), acc: s(0.6) },
 *     published: [{ name: "N2D", acc: 0.672, nmi: 0.684, protocol: "transductive", source: "McConville" }] }],
 *   manifest: {},
 * }, ["n2d"]);
 * assertEquals(table.rows[0].slice(3, 6), ["0.6000", "0.6720", "-0.0720"]);
 * ```
 *
 * @param results The run's results.
 * @param ids The methods, in order.
 * @returns The table.
 * @throws {RangeError} When an id names no method of the results.
 */
export function publishedTable(results: Results, ids: readonly string[]): Table {
  const rows = ids.flatMap((id) => {
    const m = method(results, id, "compare with the published numbers");
    const head = [m.id, m.protocol, scoredOnLabel(m.protocol, results.manifest)];
    const ours = { acc: meanStdOrMean(m.metrics.acc), nmi: meanStdOrMean(m.metrics.nmi) };
    const published = m.published ?? [];
    if (published.length === 0) return [[...head, ours.acc, "—", "—", ours.nmi, "—", "—", "—"]];
    return published.map((p) => [
      ...head,
      ours.acc,
      fixedOrDash(p.acc),
      p.acc === undefined ? "—" : withSign(m.metrics.acc.mean - p.acc),
      ours.nmi,
      fixedOrDash(p.nmi),
      p.nmi === undefined ? "—" : withSign(m.metrics.nmi.mean - p.nmi),
      p.source,
    ]);
  });
  return {
    headers: [
      "Id",
      "Protocol",
      "Scored on",
      "Our ACC",
      "Published ACC",
      "Ours − published",
      "Our NMI",
      "Published NMI",
      "Ours − published",
      "Published by",
    ],
    rows,
    align: ["l", "l", "l", "r", "r", "r", "r", "r", "r", "l"],
  };
}

/**
 * Partitions of the same images side by side: how many clusters each uses, the share of its largest and
 * smallest cluster (a collapsed partition has a few huge clusters and some empty or tiny ones), and its
 * scores against the classes.
 *
 * @example
 * ```ts
 * import { partitionsTable } from "./beyond.ts";
 * import { assertEquals } from "../std.ts";
 * const labels = [0, 0, 1, 1];
 * const table = partitionsTable([{ name: "good", pred: [1, 1, 0, 0] }, { name: "one", pred: [0, 0, 0, 0] }], labels);
 * assertEquals(table.rows.map((r) => r.slice(0, 4)), [["good", "2", "50.0% (2)", "50.0% (2)"], ["one", "1", "100.0% (4)", "100.0% (4)"]]);
 * ```
 *
 * @param partitions The partitions, each with one cluster per image.
 * @param labels The images' classes.
 * @returns The table.
 * @throws {RangeError} When a partition's length differs from the labels'.
 */
export function partitionsTable(partitions: readonly NamedPartition[], labels: ArrayLike<number>): Table {
  const rows = partitions.map(({ name, pred }) => {
    if (pred.length !== labels.length) {
      throw new RangeError(
        `Cannot compare the partitions: "${name}" must have one cluster per image (${labels.length}), current length is ${pred.length}`,
      );
    }
    const sizes = new Map<number, number>();
    for (let i = 0; i < pred.length; i++) sizes.set(pred[i], (sizes.get(pred[i]) ?? 0) + 1);
    const counts = [...sizes.values()];
    const share = (n: number) => `${(100 * n / pred.length).toFixed(1)}% (${integer(n)})`;
    const s = score(labels, pred);
    return [
      name,
      String(sizes.size),
      share(Math.max(...counts)),
      share(Math.min(...counts)),
      ...METRIC_NAMES.map((n) => s[n].toFixed(4)),
    ];
  });
  return {
    headers: [
      "Partition",
      "Clusters used",
      "Largest cluster",
      "Smallest cluster",
      ...METRIC_NAMES.map((n) => METRIC_LABELS[n]),
    ],
    rows,
    align: ["l", "r", "r", "r", "r", "r", "r", "r"],
  };
}

/**
 * How the images of two partitions' clusters correspond: a count per pair of clusters, each partition's
 * clusters ordered by the class they are matched to (Hungarian matching against the true classes), so an
 * image that keeps its matched class sits on the diagonal.
 *
 * @example
 * ```ts
 * import { clusterTransitions } from "./beyond.ts";
 * import { assertEquals } from "../std.ts";
 * const t = clusterTransitions([0, 0, 1, 1], [5, 5, 5, 9], [2, 2, 7, 7], { classNames: ["a", "b"] });
 * assertEquals(t.matrix, [[2, 1], [0, 1]]);
 * assertEquals([t.rowNames, t.columnNames], [["c5: a", "c9: b"], ["c2: a", "c7: b"]]);
 * ```
 *
 * @param labels The images' classes.
 * @param before The first partition's clusters.
 * @param after The second partition's clusters.
 * @param options Class names.
 * @returns The counts and captions.
 * @throws {RangeError} When the lengths differ.
 */
export function clusterTransitions(
  labels: ArrayLike<number>,
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  options: TransitionOptions = {},
): ClusterTransitions {
  const { classNames = CLASS_NAMES } = options;
  if (before.length !== labels.length || after.length !== labels.length) {
    throw new RangeError(
      `Cannot count the cluster transitions: both partitions must have one cluster per image (${labels.length}), current lengths are ${before.length} and ${after.length}`,
    );
  }
  const rows = matchedConfusion(labels, before, { classNames });
  const cols = matchedConfusion(labels, after, { classNames });
  const rowIndex = new Map(rows.columnClusters.map((c, i) => [c, i]));
  const colIndex = new Map(cols.columnClusters.map((c, j) => [c, j]));
  const matrix = rows.columnClusters.map(() => new Array<number>(cols.columnClusters.length).fill(0));
  for (let i = 0; i < labels.length; i++) matrix[rowIndex.get(before[i])!][colIndex.get(after[i])!]++;
  return {
    matrix,
    rowClusters: rows.columnClusters,
    columnClusters: cols.columnClusters,
    rowNames: rows.columnNames,
    columnNames: cols.columnNames,
  };
}

/**
 * {@linkcode clusterTransitions} as a heatmap: the first partition's clusters in rows, the second's in
 * columns, both labelled with their matched class; off-diagonal cells are the images the second partition
 * moved to a cluster of another class.
 *
 * @example
 * ```ts
 * import { transitionChartSpec } from "./beyond.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = transitionChartSpec([0, 0, 1, 1], [5, 5, 5, 9], [2, 2, 7, 7], { classNames: ["a", "b"] });
 * assertEquals((spec.data as { values: unknown[] }).values.length, 4);
 * ```
 *
 * @param labels The images' classes.
 * @param before The first partition's clusters.
 * @param after The second partition's clusters.
 * @param options Class names, the partitions' names and the title.
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When the lengths differ.
 */
export function transitionChartSpec(
  labels: ArrayLike<number>,
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  options: TransitionOptions = {},
): TopLevelSpec {
  const { beforeName = "before", afterName = "after" } = options;
  const { title = `${beforeName} → ${afterName}: test images per pair of clusters` } = options;
  const t = clusterTransitions(labels, before, after, options);
  return confusionMatrixSpec(t.matrix, {
    classNames: t.rowNames,
    columnNames: t.columnNames,
    title,
    xTitle: `${afterName} cluster: matched class`,
    yTitle: `${beforeName} cluster: matched class`,
    cellSize: 34,
  });
}

/**
 * Which classes a refinement moved: per class, its images, how many sit in a cluster matched to their class
 * before and after (their sum over classes is each partition's ACC times the images), how many the second
 * partition put right that the first had wrong, the reverse, and how many changed matched class at all.
 *
 * @example
 * ```ts
 * import { classMovesTable } from "./beyond.ts";
 * import { assertEquals } from "../std.ts";
 * const table = classMovesTable([0, 0, 1, 1], [5, 5, 5, 9], [2, 2, 7, 7], { classNames: ["a", "b"] });
 * assertEquals(table.rows[1], ["b", "2", "1", "2", "1", "0", "1"]);
 * assertEquals(table.rows.at(-1), ["all", "4", "3", "4", "1", "0", "1"]);
 * ```
 *
 * @param labels The images' classes.
 * @param before The first partition's clusters.
 * @param after The second partition's clusters.
 * @param options Class names and the partitions' names.
 * @returns The table, one row per class and a total.
 * @throws {RangeError} When the lengths differ.
 */
export function classMovesTable(
  labels: ArrayLike<number>,
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  options: TransitionOptions = {},
): Table {
  const { classNames = CLASS_NAMES, beforeName = "before", afterName = "after" } = options;
  if (before.length !== labels.length || after.length !== labels.length) {
    throw new RangeError(
      `Cannot list the classes moved: both partitions must have one cluster per image (${labels.length}), current lengths are ${before.length} and ${after.length}`,
    );
  }
  const beforeClass = matchClusters(labels, before).mapping;
  const afterClass = matchClusters(labels, after).mapping;
  const counts = classNames.map(() => ({ n: 0, before: 0, after: 0, gained: 0, lost: 0, moved: 0 }));
  for (let i = 0; i < labels.length; i++) {
    const c = counts[labels[i]];
    if (c === undefined) {
      throw new RangeError(
        `Cannot list the classes moved: labels must index classNames (length ${classNames.length}), current value is ${
          labels[i]
        }`,
      );
    }
    const rightBefore = beforeClass.get(before[i]) === labels[i];
    const rightAfter = afterClass.get(after[i]) === labels[i];
    c.n++;
    if (rightBefore) c.before++;
    if (rightAfter) c.after++;
    if (rightAfter && !rightBefore) c.gained++;
    if (rightBefore && !rightAfter) c.lost++;
    if (beforeClass.get(before[i]) !== afterClass.get(after[i])) c.moved++;
  }
  const total = counts.reduce((t, c) => ({
    n: t.n + c.n,
    before: t.before + c.before,
    after: t.after + c.after,
    gained: t.gained + c.gained,
    lost: t.lost + c.lost,
    moved: t.moved + c.moved,
  }));
  const row = (name: string, c: typeof total) =>
    [name, c.n, c.before, c.after, c.gained, c.lost, c.moved].map((v) =>
      typeof v === "number" ? integer(v) : v
    );
  return {
    headers: [
      "Class",
      "Test images",
      `Matched, ${beforeName}`,
      `Matched, ${afterName}`,
      "Put right",
      "Put wrong",
      "Changed matched class",
    ],
    rows: [...counts.map((c, k) => row(classNames[k], c)), row("all", total)],
    align: ["l", "r", "r", "r", "r", "r", "r"],
  };
}

/**
 * The self-training rows against the KMeans start they share, per seed: the start's validation AMI and
 * test scores (recorded in each row's `details.perSeed[].start`), then each method's, with the target update
 * it kept (the batch; 0 is the start itself).
 *
 * @example
 * ```ts
 * import { selfTrainingTable } from "./beyond.ts";
 * import { assertEquals } from "../std.ts";
 * const s = (v: number) => ({ mean: v, std: 0, values: [v] });
 * const scores = (v: number) => ({ ami: v, nmi: v, ari: v, acc: v });
 * const table = selfTrainingTable({
 *   methods: [{ id: "dec", label: "DEC", protocol: "inductive", seeds: [0],
 *     metrics: { ami: s(0.52), nmi: s(0.52), ari: s(0.4), acc: s(0.5) },
 *     details: { perSeed: [{ seed: 0, selectedIteration: 280, start: { validation: scores(0.5), test: scores(0.49), validationSelf: scores(0.53) } }] } }],
 *   manifest: {},
 * }, ["dec"]);
 * assertEquals(table.rows.map((r) => r.slice(1, 4)), [["KMeans start", "0.5000", "0.4900"], ["dec", "0.5300", "0.5200"]]);
 * ```
 *
 * @param results The run's results.
 * @param ids The self-training methods (they share one start).
 * @returns The table.
 * @throws {RangeError} When an id names no method of the results, or a method recorded no start for a seed.
 */
export function selfTrainingTable(results: Results, ids: readonly string[]): Table {
  const methods = ids.map((id) => method(results, id, "compare with the KMeans start"));
  const seeds = methods[0]?.seeds ?? [];
  const rows = seeds.flatMap((seed) => {
    const facts = methods.map((m) => {
      const d = seedFacts(m, seed);
      const start = obj(d?.start);
      if (!d || !start) {
        throw new RangeError(
          `Cannot compare with the KMeans start: method "${m.id}" recorded no start for seed ${seed}`,
        );
      }
      return { m, d, start };
    });
    const test = (s: unknown) => METRIC_NAMES.map((n) => fixedOrDash(num(obj(s)?.[n])));
    const first = facts[0].start;
    return [
      [String(seed), "KMeans start", fixedOrDash(num(obj(first.validation)?.ami)), ...test(first.test), "0"],
      ...facts.map(({ m, d, start }) => [
        String(seed),
        m.id,
        fixedOrDash(num(obj(start.validationSelf)?.ami)),
        ...METRIC_NAMES.map((n) => fixedOrDash(m.metrics[n].values[m.seeds.indexOf(seed)])),
        num(d.selectedIteration) === undefined ? "—" : integer(num(d.selectedIteration)!),
      ]),
    ];
  });
  return {
    headers: [
      "Seed",
      "Clustering",
      "Validation AMI",
      ...METRIC_NAMES.map((n) => `Test ${METRIC_LABELS[n]}`),
      "Kept update (batch)",
    ],
    rows,
    align: ["l", "l", "r", "r", "r", "r", "r", "r"],
  };
}

/** One target update of a self-training row, as its `details.perSeed[].history` records it. */
interface UpdateRecord {
  iteration: number;
  changed?: number;
  loss?: number;
  score?: number;
}

function updates(m: MethodResult, seed: number): UpdateRecord[] {
  const history = seedFacts(m, seed)?.history;
  if (!Array.isArray(history)) return [];
  return history.map(obj).filter((u) => num(u?.iteration) !== undefined).map((u) => ({
    iteration: num(u!.iteration)!,
    changed: num(u!.changed),
    loss: num(u!.loss),
    score: num(u!.score),
  }));
}

/**
 * One self-training row's target updates for a seed: the batch, the share of labels that changed since the
 * previous update, the mean loss over the batches since, the validation AMI the monitor measured, and which
 * update was kept.
 *
 * @example
 * ```ts
 * import { updateHistoryTable } from "./beyond.ts";
 * import type { MethodResult } from "../pipeline/mod.ts";
 * import { assertEquals } from "../std.ts";
 * const m = { id: "dec", seeds: [0], details: { perSeed: [{ seed: 0, selectedIteration: 140, history: [
 *   { iteration: 0, changed: 0, loss: null, score: 0.5 }, { iteration: 140, changed: 0.05, loss: 0.06, score: 0.52 },
 * ] }] } } as unknown as MethodResult;
 * assertEquals(updateHistoryTable(m).rows, [["0", "0.00%", "—", "0.5000", ""], ["140", "5.00%", "0.0600", "0.5200", "✓"]]);
 * ```
 *
 * @param m The method's results.
 * @param seed The seed (default: its first).
 * @returns The table.
 * @throws {RangeError} When the method recorded no update for the seed.
 */
export function updateHistoryTable(m: MethodResult, seed: number = m.seeds[0]): Table {
  const history = updates(m, seed);
  if (history.length === 0) {
    throw new RangeError(`Cannot list the target updates: method "${m.id}" recorded none for seed ${seed}`);
  }
  const kept = num(seedFacts(m, seed)?.selectedIteration);
  return {
    headers: ["Batch", "Labels changed", "Loss since the previous update", "Validation AMI", "Kept"],
    rows: history.map((u) => [
      integer(u.iteration),
      u.changed === undefined ? "—" : `${(100 * u.changed).toFixed(2)}%`,
      fixedOrDash(u.loss),
      fixedOrDash(u.score),
      u.iteration === kept ? "✓" : "",
    ]),
    align: ["r", "r", "r", "r", "l"],
  };
}

/**
 * The validation AMI at every target update of the self-training rows (one line per method and seed, the
 * start at batch 0), with the kept update drawn larger: where self-training gained on its start, and where
 * the monitor stopped it.
 *
 * @example
 * ```ts
 * import { updateHistorySpec } from "./beyond.ts";
 * import { assertEquals } from "../std.ts";
 * const s = { mean: 0.5, std: 0, values: [0.5] };
 * const spec = updateHistorySpec({
 *   methods: [{ id: "dec", label: "DEC", protocol: "inductive", seeds: [0], metrics: { ami: s, nmi: s, ari: s, acc: s },
 *     details: { perSeed: [{ seed: 0, selectedIteration: 6, history: [{ iteration: 0, score: 0.5 }, { iteration: 6, score: 0.52 }] }] } }],
 *   manifest: {},
 * }, ["dec"]);
 * assertEquals((spec.data as { values: { kept: boolean }[] }).values.map((v) => v.kept), [false, true]);
 * ```
 *
 * @param results The run's results.
 * @param ids The self-training methods.
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When an id names no method, or no method recorded a validation AMI.
 */
export function updateHistorySpec(results: Results, ids: readonly string[]): TopLevelSpec {
  const values = ids.flatMap((id) => {
    const m = method(results, id, "chart the target updates");
    return m.seeds.flatMap((seed) => {
      const kept = num(seedFacts(m, seed)?.selectedIteration);
      return updates(m, seed).filter((u) => u.score !== undefined).map((u) => ({
        method: m.id,
        seed: `seed ${seed}`,
        iteration: u.iteration,
        score: u.score!,
        kept: u.iteration === kept,
      }));
    });
  });
  if (values.length === 0) {
    throw new RangeError(
      "Cannot chart the target updates: no method recorded a validation AMI (beyond.dec.selectOnValidation off?)",
    );
  }
  const manySeeds = new Set(values.map((v) => v.seed)).size > 1;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Validation AMI at each target update (larger point: the update kept)",
    width: 420,
    height: 240,
    data: { values },
    encoding: {
      x: { field: "iteration", type: "quantitative", title: "Batches of self-training" },
      y: { field: "score", type: "quantitative", title: "Validation AMI", scale: { zero: false } },
      color: { field: "method", type: "nominal", title: "Method" },
      ...(manySeeds ? { strokeDash: { field: "seed", type: "nominal", title: "Seed" } } : {}),
      tooltip: [
        { field: "method", type: "nominal", title: "Method" },
        { field: "seed", type: "nominal", title: "Seed" },
        { field: "iteration", type: "quantitative", title: "Batch" },
        { field: "score", type: "quantitative", title: "Validation AMI", format: ".4f" },
        { field: "kept", type: "nominal", title: "Kept" },
      ],
    },
    layer: [
      { mark: { type: "line" } },
      {
        mark: { type: "point", filled: true },
        encoding: {
          size: {
            field: "kept",
            type: "nominal",
            scale: { domain: [false, true], range: [30, 160] },
            legend: null,
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/** One epoch of SCAN's network, as the row's `details.perSeed[].history` records it. */
interface ScanRecord {
  epoch: number;
  phase: string;
  loss?: number;
  entropy?: number;
}

function scanEpochs(m: MethodResult, seed: number): ScanRecord[] {
  const history = seedFacts(m, seed)?.history;
  if (!Array.isArray(history)) return [];
  return history.map(obj).filter((e) => typeof e?.phase === "string").map((e, i) => ({
    epoch: i + 1,
    phase: e!.phase as string,
    loss: num(e!.loss),
    entropy: num(e!.entropy),
  }));
}

/**
 * SCAN's kept network, epoch by epoch, for a seed: the warm-up's cross-entropy on the mixture's clusters,
 * then the neighbour-consistency loss and the entropy of the batches' mean cluster probabilities (its
 * largest possible value is `ln k`, every cluster equally used).
 *
 * @example
 * ```ts
 * import { scanHistoryTable } from "./beyond.ts";
 * import type { MethodResult } from "../pipeline/mod.ts";
 * import { assertEquals } from "../std.ts";
 * const m = { id: "scan", seeds: [0], details: { perSeed: [{ seed: 0, history: [
 *   { phase: "warm", loss: 0.9, entropy: null }, { phase: "scan", loss: 0.2, entropy: 2.28 },
 * ] }] } } as unknown as MethodResult;
 * assertEquals(scanHistoryTable(m).rows, [["1", "warm", "0.9000", "—"], ["2", "scan", "0.2000", "2.2800"]]);
 * ```
 *
 * @param m The method's results.
 * @param seed The seed (default: its first).
 * @returns The table.
 * @throws {RangeError} When the method recorded no epoch for the seed.
 */
export function scanHistoryTable(m: MethodResult, seed: number = m.seeds[0]): Table {
  const epochs = scanEpochs(m, seed);
  if (epochs.length === 0) {
    throw new RangeError(`Cannot list SCAN's epochs: method "${m.id}" recorded none for seed ${seed}`);
  }
  return {
    headers: ["Epoch", "Phase", "Loss", "Entropy of the mean cluster probabilities"],
    rows: epochs.map((e) => [String(e.epoch), e.phase, fixedOrDash(e.loss), fixedOrDash(e.entropy)]),
    align: ["r", "l", "r", "r"],
  };
}

/**
 * {@linkcode scanHistoryTable}'s losses as a line chart, coloured by phase.
 *
 * @example
 * ```ts
 * import { scanHistorySpec } from "./beyond.ts";
 * import type { MethodResult } from "../pipeline/mod.ts";
 * import { assertEquals } from "../std.ts";
 * const m = { id: "scan", seeds: [0], details: { perSeed: [{ seed: 0, history: [
 *   { phase: "warm", loss: 0.9 }, { phase: "scan", loss: 0.2, entropy: 2.28 },
 * ] }] } } as unknown as MethodResult;
 * assertEquals((scanHistorySpec(m).data as { values: unknown[] }).values.length, 2);
 * ```
 *
 * @param m The method's results.
 * @param seed The seed (default: its first).
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When the method recorded no epoch for the seed.
 */
export function scanHistorySpec(m: MethodResult, seed: number = m.seeds[0]): TopLevelSpec {
  const values = scanEpochs(m, seed).filter((e) => e.loss !== undefined);
  if (values.length === 0) {
    throw new RangeError(`Cannot chart SCAN's epochs: method "${m.id}" recorded none for seed ${seed}`);
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${m.id}: the kept network's loss per epoch (seed ${seed})`,
    width: 420,
    height: 220,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "Epoch", axis: { tickMinStep: 1 } },
      y: { field: "loss", type: "quantitative", title: "Mean loss" },
      color: { field: "phase", type: "nominal", title: "Phase", sort: ["warm", "scan"] },
      tooltip: [
        { field: "epoch", type: "quantitative", title: "Epoch" },
        { field: "phase", type: "nominal", title: "Phase" },
        { field: "loss", type: "quantitative", title: "Loss", format: ".4f" },
        { field: "entropy", type: "quantitative", title: "Entropy", format: ".4f" },
      ],
    },
  } as TopLevelSpec;
}
