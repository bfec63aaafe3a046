/**
 * Regenerates the report from saved results: reads `results.json` and `artifacts.json` from the output
 * folder, loads the test images, and writes `results.md`, `results.csv`, `figures/`, `REPORT.md` and the
 * self-contained interactive page `index.html` atomically. The output depends only on those files and the data, so two runs give identical bytes.
 *
 * @module
 */
import { CLASS_NAMES, loadFashionMnist } from "../data/mod.ts";
import { writeFileAtomic } from "../io/mod.ts";
import { METHODS } from "../methods/mod.ts";
import { type Results, validateResults } from "../pipeline/results.ts";
import { dirname, join } from "../std.ts";
import { buildExplorerData } from "./explorer_data.ts";
import { buildFigures } from "./figures.ts";
import { parseReportArtifacts, type ReportInputArtifacts } from "./report_artifacts.ts";
import { type NotebookLink, reportHtml } from "./report_html.ts";
import { reportMarkdown, type SweepSummary } from "./report_markdown.ts";
import { resultsCsv, resultsMarkdown } from "./results_table.ts";

/**
 * The executed notebooks in `<outDir>/notebooks/`: each `.ipynb` with an `.html` rendering beside it, titled
 * by its first Markdown heading, in file-name order (none when the folder is absent).
 *
 * @example
 * ```ts
 * import { findNotebooks } from "./write_report.ts";
 * import { assertEquals, join } from "../std.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(join(dir, "notebooks"));
 * const cell = { cell_type: "markdown", source: ["# 3. KMeans\n", "text"] };
 * await Deno.writeTextFile(join(dir, "notebooks", "03-kmeans.ipynb"), JSON.stringify({ cells: [cell] }));
 * await Deno.writeTextFile(join(dir, "notebooks", "03-kmeans.html"), "<html></html>");
 * await Deno.writeTextFile(join(dir, "notebooks", "04-other.ipynb"), "{}");
 * assertEquals(await findNotebooks(dir), [
 *   { title: "3. KMeans", html: "notebooks/03-kmeans.html", ipynb: "notebooks/03-kmeans.ipynb" },
 * ]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param outDir The report folder.
 * @returns The notebooks.
 */
export async function findNotebooks(outDir: string): Promise<NotebookLink[]> {
  const dir = join(outDir, "notebooks");
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".ipynb")) names.push(entry.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  const links: NotebookLink[] = [];
  for (const name of names.sort()) {
    const base = name.slice(0, -".ipynb".length);
    const hasHtml = await Deno.stat(join(dir, `${base}.html`)).then((s) => s.isFile, () => false);
    if (!hasHtml) continue;
    let title = base;
    try {
      const nb = JSON.parse(await Deno.readTextFile(join(dir, name))) as {
        cells?: { cell_type?: string; source?: string | string[] }[];
      };
      const first = (nb.cells ?? []).find((c) => c.cell_type === "markdown");
      const text = Array.isArray(first?.source) ? first!.source.join("") : first?.source ?? "";
      title = /^#\s+(.+)$/m.exec(text)?.[1].trim() ?? base;
    } catch (error) {
      throw new Error(
        `Cannot list the notebooks: ${join(dir, name)} is not a notebook (${(error as Error).message})`,
      );
    }
    links.push({ title, html: `notebooks/${base}.html`, ipynb: `notebooks/${name}` });
  }
  return links;
}

/** Options of {@linkcode writeReport}. */
export interface WriteReportOptions {
  /** The folder holding `results.json` (and `artifacts.json`); the report is written there. */
  outDir: string;
  /**
   * The folder of the four Fashion-MNIST files, as `loadFashionMnist({ dir })`.
   *
   * @default {undefined} (`$FASHION_MNIST_DIR`, the repository's `data/`, Debian's)
   */
  dataDir?: string;
  /**
   * Called with one line per file group written and with chart warnings (lib never prints).
   *
   * @default {() => {}}
   */
  onLog?: (line: string) => void;
  /**
   * Whether to write `index.html`, the self-contained interactive page.
   *
   * @default {true}
   */
  html?: boolean;
}

/** What {@linkcode writeReport} wrote. */
export interface WriteReportResult {
  /** Paths written, relative to `outDir`, in writing order. */
  files: string[];
  /** Figures of methods no longer in `results.json` that it removed, relative to `outDir`. */
  removed: string[];
}

/** Options of {@linkcode checkReportMethods}. */
export interface CheckReportMethodsOptions {
  /**
   * The path of `results.json` in messages.
   *
   * @default {"results.json"}
   */
  resultsPath?: string;
  /**
   * The path of `artifacts.json` in messages.
   *
   * @default {"artifacts.json"}
   */
  artifactsPath?: string;
  /**
   * The ids of the methods a report may hold.
   *
   * @default {METHODS.map((m) => m.id)} (the registry, `lib/methods/mod.ts`)
   */
  registry?: readonly string[];
}

/**
 * Checks that the methods of `results.json` are the ones the report can describe: at least one, each a
 * method of the registry, the same as its `manifest.methods` when recorded and, with `artifacts.json`,
 * exactly the methods it has predictions of for every seed (two files of different runs are refused).
 *
 * @example
 * ```ts
 * import { checkReportMethods } from "./write_report.ts";
 * import { assertThrows } from "../std.ts";
 * const results = { methods: [{ id: "kmeans-raw" }], manifest: {} } as never;
 * const artifacts = { seeds: [0], nTest: 1, predictions: { "0": { "kmeans-raw": [0], "ae-gmm": [0] } } } as never;
 * assertThrows(
 *   () => checkReportMethods(results, artifacts),
 *   RangeError,
 *   "results.json lacks method ae-gmm, which artifacts.json has predictions of (seed 0)",
 * );
 * ```
 *
 * @param results The results.
 * @param artifacts The artifacts, when there is an `artifacts.json`.
 * @param options The paths for messages and the registry.
 * @throws {RangeError} Naming the file and the ids.
 */
export function checkReportMethods(
  results: Results,
  artifacts: ReportInputArtifacts | undefined,
  options: CheckReportMethodsOptions = {},
): void {
  const {
    resultsPath = "results.json",
    artifactsPath = "artifacts.json",
    registry = METHODS.map((m) => m.id),
  } = options;
  const fail = (what: string): never => {
    throw new RangeError(`Cannot write report: ${what}; rerun \`deno task reproduce\``);
  };
  const list = (ids: readonly string[]) => `method${ids.length > 1 ? "s" : ""} ${ids.join(", ")}`;
  const ids = results.methods.map((m) => m.id);
  if (ids.length === 0) fail(`${resultsPath} lists no methods (methods is [])`);
  const unknown = ids.filter((id) => !registry.includes(id));
  if (unknown.length > 0) {
    fail(
      `${resultsPath} lists ${list(unknown)}, not in the registry (lib/methods/mod.ts); the methods are ` +
        registry.join(", "),
    );
  }
  const recorded = results.manifest.methods;
  if (
    Array.isArray(recorded) && (recorded.length !== ids.length || recorded.some((id, i) => id !== ids[i]))
  ) {
    fail(`${resultsPath} holds ${list(ids)} but its manifest.methods lists ${recorded.join(", ")}`);
  }
  if (!artifacts) return;
  const seeds = [...new Set([...artifacts.seeds.map(String), ...Object.keys(artifacts.predictions)])];
  for (const seed of seeds) {
    const predicted = Object.keys(artifacts.predictions[seed] ?? {});
    const missing = predicted.filter((id) => !ids.includes(id));
    if (missing.length > 0) {
      fail(`${resultsPath} lacks ${list(missing)}, which ${artifactsPath} has predictions of (seed ${seed})`);
    }
    const extra = ids.filter((id) => !predicted.includes(id));
    if (extra.length > 0) {
      fail(
        `${resultsPath} lists ${list(extra)}, which ${artifactsPath} has no predictions of (seed ${seed})`,
      );
    }
  }
}

/** A per-method figure the report writes: `confusion_<id>.{svg,png}` or `clusters_<id>.png`. */
const METHOD_FIGURE =
  /^(?:confusion_([a-z0-9]+(?:-[a-z0-9]+)*)\.(?:svg|png)|clusters_([a-z0-9]+(?:-[a-z0-9]+)*)\.png)$/;

/**
 * Removes from `figuresDir` the per-method figures the report writes (`confusion_<id>.svg`,
 * `confusion_<id>.png`, `clusters_<id>.png`) of methods not in `ids`; no other file is touched.
 *
 * @param figuresDir The folder.
 * @param ids The methods whose figures stay.
 * @returns The names removed, sorted.
 */
async function removeStaleMethodFigures(figuresDir: string, ids: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  try {
    for await (const entry of Deno.readDir(figuresDir)) {
      const match = entry.isFile ? METHOD_FIGURE.exec(entry.name) : null;
      if (match && !ids.includes(match[1] ?? match[2])) removed.push(entry.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  removed.sort();
  for (const name of removed) await Deno.remove(join(figuresDir, name));
  return removed;
}

/**
 * Reads and validates `results.json` in `outDir`.
 *
 * @example
 * ```ts
 * import { readResults } from "./write_report.ts";
 * import { assertRejects } from "../std.ts";
 * const dir = await Deno.makeTempDir();
 * await assertRejects(() => readResults(dir), Error, "results.json does not exist");
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param outDir The folder.
 * @returns The results.
 * @throws {Error} When the file is missing or not JSON; {TypeError} when it breaks the schema.
 */
export async function readResults(outDir: string): Promise<Results> {
  const path = join(outDir, "results.json");
  const parsed = await readJson(path, "run `deno task reproduce` first, or pass --out");
  if (parsed === undefined) {
    throw new Error(
      `Cannot write report: ${path} does not exist; run \`deno task reproduce\` first, or pass --out`,
    );
  }
  try {
    return validateResults(parsed);
  } catch (error) {
    throw new TypeError(`Cannot write report: ${path} is invalid: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Reads and checks `artifacts.json` in `outDir`; `undefined` when the file does not exist.
 *
 * @example
 * ```ts
 * import { readArtifacts } from "./write_report.ts";
 * import { assertEquals } from "../std.ts";
 * const dir = await Deno.makeTempDir();
 * assertEquals(await readArtifacts(dir), undefined);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param outDir The folder.
 * @returns The artifacts, or `undefined`.
 * @throws {Error} When the file is not JSON; {TypeError} when it breaks the schema.
 */
export async function readArtifacts(outDir: string): Promise<ReportInputArtifacts | undefined> {
  const path = join(outDir, "artifacts.json");
  const parsed = await readJson(path, "rerun `deno task reproduce`");
  if (parsed === undefined) return undefined;
  try {
    return parseReportArtifacts(parsed);
  } catch (error) {
    throw new TypeError(`Cannot write report: ${path} is invalid: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Reads the `sweep.json` of a `deno task sweep` run in `outDir` for the report; `undefined` when there is
 * none.
 *
 * @param outDir The folder.
 * @returns The sweep's points and choice, or `undefined`.
 * @throws {Error} When the file is not JSON; {TypeError} when it lacks the points or the choice.
 */
export async function readSweep(outDir: string): Promise<SweepSummary | undefined> {
  const path = join(outDir, "sweep.json");
  const parsed = await readJson(path, "rerun `deno task sweep`") as Record<string, unknown> | undefined;
  if (parsed === undefined) return undefined;
  const points = parsed.points;
  const selected = parsed.selected as SweepSummary["selected"] | undefined;
  const data = parsed.data as { nTrain?: unknown; nValidation?: unknown } | undefined;
  const pointOk = (p: unknown) =>
    typeof p === "object" && p !== null &&
    ["learningRate", "epoch", "valLoss", "testAmi", "trainSeconds"].every((k) =>
      typeof (p as Record<string, unknown>)[k] === "number"
    ) && typeof (p as Record<string, unknown>).architecture === "string";
  if (
    !Array.isArray(points) || points.length === 0 || !points.every(pointOk) || !pointOk(selected) ||
    typeof data?.nTrain !== "number" || typeof data?.nValidation !== "number" ||
    typeof parsed.seed !== "number"
  ) {
    throw new TypeError(
      `Cannot write report: ${path} is invalid: expected points, selected, seed and data.nTrain/nValidation ` +
        "as written by `deno task sweep`",
    );
  }
  let figure: string | undefined;
  try {
    await Deno.stat(join(outDir, "sweep.svg"));
    figure = "sweep.svg";
  } catch {
    figure = undefined;
  }
  return {
    points: points as SweepSummary["points"],
    selected: selected!,
    nTrain: data.nTrain,
    nValidation: data.nValidation,
    seed: parsed.seed,
    figure,
  };
}

async function readJson(path: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot write report: ${path} is not valid JSON (${(error as Error).message}); ${hint}`, {
      cause: error,
    });
  }
}

/**
 * Writes the report into `outDir` from its `results.json` and `artifacts.json` (optional): `results.md`,
 * `results.csv`, `figures/*.{svg,png}`, `REPORT.md` and `index.html` (tables, figures and interactive views
 * in one file that opens from `file://`), each atomically. Figures whose inputs are absent
 * (e.g. no autoencoder artifacts) are skipped, and the per-method figures of methods no longer in
 * `results.json` are removed from `figures/`.
 *
 * @example
 * ```ts
 * import { writeReport } from "./write_report.ts";
 * import { assertRejects } from "../std.ts";
 * const outDir = await Deno.makeTempDir();
 * await assertRejects(() => writeReport({ outDir }), Error, "results.json does not exist");
 * await Deno.remove(outDir, { recursive: true });
 * ```
 *
 * @param options The folder, the data folder and the log callback.
 * @returns The files written, relative to `outDir`.
 * @throws {Error} When `results.json` is missing or invalid, `artifacts.json` is invalid, their methods
 * disagree (see {@linkcode checkReportMethods}), or the data cannot be loaded.
 */
export async function writeReport(options: WriteReportOptions): Promise<WriteReportResult> {
  const { outDir, dataDir, onLog = () => {}, html = true } = options;
  const t0 = performance.now();
  const results = await readResults(outDir);
  const artifacts = await readArtifacts(outDir);
  checkReportMethods(results, artifacts, {
    resultsPath: join(outDir, "results.json"),
    artifactsPath: join(outDir, "artifacts.json"),
  });
  if (!artifacts) {
    onLog(`report: no artifacts.json in ${outDir}; drawing only the dataset and results figures`);
  }
  // Read before anything is written, so a malformed sweep.json fails the report early.
  const sweep = await readSweep(outDir);
  const data = await loadFashionMnist({ dir: dataDir });
  const files: string[] = [];
  const write = async (path: string, contents: string | Uint8Array) => {
    const full = join(outDir, path);
    await Deno.mkdir(dirname(full), { recursive: true });
    await writeFileAtomic(full, contents);
    files.push(path);
  };
  await write("results.md", resultsMarkdown(results));
  await write("results.csv", resultsCsv(results));
  onLog("report: results.md, results.csv");
  const figures = await buildFigures(
    {
      results,
      artifacts,
      testImages: data.test.images,
      testLabels: data.test.labels,
      classNames: CLASS_NAMES,
    },
    {
      onWarning: (message) => onLog(`report: warning: ${message}`),
      onFigure: (figure) => onLog(`report: ${figure.files.map((f) => f.path).join(", ")}`),
    },
  );
  for (const figure of figures) for (const file of figure.files) await write(file.path, file.data);
  const removed = await removeStaleMethodFigures(join(outDir, "figures"), results.methods.map((m) => m.id));
  if (removed.length > 0) {
    onLog(`report: removed the figures of methods no longer in results.json: ${removed.join(", ")}`);
  }
  if (sweep) onLog(`report: including the autoencoder sweep (${sweep.points.length} points) from sweep.json`);
  await write("REPORT.md", reportMarkdown({ results, artifacts, figures, classNames: CLASS_NAMES, sweep }));
  if (html) {
    const explorer = artifacts
      ? await buildExplorerData({
        results,
        artifacts,
        testImages: data.test.images,
        testLabels: data.test.labels,
        classNames: CLASS_NAMES,
      })
      : undefined;
    const page = await reportHtml({ results, figures, explorer, notebooks: await findNotebooks(outDir) });
    await write("index.html", page);
    onLog(`report: index.html (${(page.length / 2 ** 20).toFixed(1)} MiB, self-contained)`);
  }
  onLog(
    `report: ${files.length} files written to ${outDir} in ${((performance.now() - t0) / 1000).toFixed(1)}s`,
  );
  return { files, removed: removed.map((name) => `figures/${name}`) };
}
