// The notebooks in notebooks/: committed clean (no outputs, the Deno kernelspec, lib-only imports), their
// code cells type-check, and `deno task notebooks` executes them all headless on the quick slice with every
// expected output (tables, Vega-Lite charts with a PNG fallback, image grids) and no error.
//
// Execution needs Python with nbclient (Debian: jupyter-client python3-nbclient python3-nbconvert). Without
// it the execution test is ignored, unless the CI variable is set: then it runs, and fails.
import { findNotebookPython, VEGA_LITE_MIME_TYPE, VEGA_LITE_V5_SCHEMA } from "../lib/notebook/mod.ts";
import { chromiumInstalled, openReportPage } from "../lib/report/mod.ts";
import { decodePng, PNG_SIGNATURE } from "../lib/plot/mod.ts";
import { assert, assertEquals, fromFileUrl, join } from "../lib/std.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));
const NOTEBOOK_DIR = join(ROOT, "notebooks");

/** What each notebook must show once executed (at least these counts). */
interface Expectation {
  /** HTML tables. */
  tables: number;
  /** Tables of metrics (an `AMI` column). */
  metricsTables: number;
  /** Charts: the Vega-Lite MIME type and `image/png` in one output. */
  charts: number;
  /** Image grids: `image/png` without a spec. */
  grids: number;
  /** Texts that must appear in the outputs (e.g. method ids). */
  texts: string[];
  /** Whether every pipeline stage must come from the cache (an earlier notebook computed them). */
  cached: boolean;
}

const METHODS = ["kmeans-raw", "ae-kmeans", "ae-gmm", "ae-kmeans-unscaled", "ae-gmm-unscaled"];
const STAGES = ["kmeans-raw", "autoencoder", "ae-kmeans", "ae-gmm", "ae-gmm-unscaled"];

const EXPECTED: Record<string, Expectation> = {
  "01-dataset": { tables: 2, metricsTables: 0, charts: 2, grids: 1, texts: ["Ankle boot"], cached: false },
  "02-preprocessing": {
    tables: 4,
    metricsTables: 0,
    charts: 1,
    grids: 1,
    texts: ["validation", "Zero pixels"],
    cached: false,
  },
  "03-kmeans": { tables: 3, metricsTables: 2, charts: 1, grids: 1, texts: ["kmeans-raw"], cached: false },
  "04-autoencoder": {
    tables: 3,
    metricsTables: 0,
    charts: 1,
    grids: 1,
    texts: ["conv1", "Validation MSE"],
    cached: true,
  },
  "05-autoencoder-kmeans": {
    tables: 3,
    metricsTables: 2,
    charts: 3,
    grids: 1,
    texts: ["ae-kmeans-unscaled", "Validation AMI"],
    cached: true,
  },
  "06-autoencoder-gmm": {
    tables: 5,
    metricsTables: 2,
    charts: 3,
    grids: 1,
    texts: ["ae-gmm-unscaled", "Validation log-likelihood"],
    cached: true,
  },
  "07-results": { tables: 3, metricsTables: 2, charts: 1, grids: 0, texts: METHODS, cached: true },
  "08-n2d-umap-gmm": {
    tables: 7,
    metricsTables: 2,
    charts: 5,
    grids: 1,
    texts: ["ae-umap-gmm-transductive", "autoencoder-dense", "N2D", "the same clusters as the stage's: yes"],
    cached: false,
  },
  "09-feature-stack": {
    tables: 5,
    metricsTables: 2,
    charts: 4,
    grids: 4,
    texts: [
      "stack-umap-gmm-transductive",
      "stack-descriptors",
      "the stage's descriptors of these images are the same: yes",
      "the same clusters as the stage's: yes",
    ],
    cached: false,
  },
  "10-scan": {
    tables: 9,
    metricsTables: 4,
    charts: 3,
    grids: 1,
    texts: ["stack-umap-gmm-scan", "stack-umap-gmm-inductive (before)", "Put right", "entropy weight 0"],
    cached: false,
  },
  "11-dec-idec": {
    tables: 10,
    metricsTables: 2,
    charts: 5,
    grids: 1,
    texts: ["ae-idec", "KMeans start", "the stage's centres: yes", "the rows' start's clusters: yes"],
    cached: true,
  },
};

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

interface NotebookCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}

interface Notebook {
  cells: NotebookCell[];
  metadata: { kernelspec?: { name?: string }; language_info?: { name?: string } };
  nbformat: number;
}

const text = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : v ?? "");

async function readNotebook(path: string): Promise<Notebook> {
  return JSON.parse(await Deno.readTextFile(path));
}

const IN_CI = Boolean(Deno.env.get("CI"));
const JUPYTER = (await findNotebookPython()) !== undefined;

Deno.test("notebooks are committed without outputs, on the Deno kernel, importing only lib/ and the import map", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))) as {
    imports: Record<string, string>;
  };
  for (const name of Object.keys(EXPECTED)) {
    const nb = await readNotebook(join(NOTEBOOK_DIR, `${name}.ipynb`));
    assertEquals(nb.nbformat, 4, name);
    assertEquals(nb.metadata.kernelspec?.name, "deno", `${name}: kernelspec`);
    assertEquals(nb.metadata.language_info?.name, "typescript", `${name}: language_info (deno fmt needs it)`);
    // nbformat 4.5: every cell has an id, unique in its notebook (nbclient renames duplicates with a warning).
    const ids = nb.cells.map((c) => c.id);
    assert(ids.every((id) => typeof id === "string" && id.length > 0), `${name}: a cell has no id`);
    assertEquals(new Set(ids).size, ids.length, `${name}: cell ids are not unique`);
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert(code.length > 0, name);
    for (const cell of code) {
      const source = text(cell.source);
      const where = `${name}, cell ${cell.id}`;
      assertEquals(cell.outputs, [], `${where}: committed with outputs`);
      assertEquals(cell.execution_count, null, `${where}: committed with an execution count`);
      const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)]
        .map((m) => m[1]);
      for (const specifier of specifiers) {
        assert(
          /^\.\.\/lib\/[a-z_]+\/mod\.ts$/.test(specifier) || specifier in config.imports,
          `${where}: imports "${specifier}"; import ../lib/<area>/mod.ts or an import-map name`,
        );
      }
      assert(
        !/^\s*(export\s+)?((async\s+)?function\b|class\s+\w)/m.test(source),
        `${where}: defines a function or class; put it in lib/`,
      );
    }
    const first = text(code[0].source);
    assert(/notebookSettings\(\{\s*seeds:/.test(first), `${name}: the first cell must set the seeds`);
    assert(first.includes("NOTEBOOK_SIZE"), `${name}: the first cell must read NOTEBOOK_SIZE`);
  }
});

// deno 2.9.6's `deno fmt --check` reports every .ipynb as unformatted even right after `deno fmt` (so deno.json
// excludes notebooks/ from fmt): format a copy with the same settings and require identical bytes instead.
Deno.test("notebooks are formatted by deno fmt (deno task fmt:notebooks)", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "notebooks-fmt-" });
  try {
    for await (const entry of Deno.readDir(NOTEBOOK_DIR)) {
      if (!entry.name.endsWith(".ipynb")) continue;
      const original = await Deno.readFile(join(NOTEBOOK_DIR, entry.name));
      const copy = join(tmp, entry.name);
      await Deno.writeFile(copy, original);
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["fmt", "--config", join(ROOT, "tasks", "notebooks_fmt.json"), copy],
        stdout: "null",
        stderr: "piped",
      }).output();
      assert(out.success, new TextDecoder().decode(out.stderr));
      assertEquals(
        new TextDecoder().decode(await Deno.readFile(copy)),
        new TextDecoder().decode(original),
        `${entry.name} is not formatted: run \`deno task fmt:notebooks\``,
      );
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("notebooks type-check", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "tasks", "check_notebooks.ts")],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
  }).output();
  const log = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert(out.success, log);
});

/** Counts a notebook's outputs by kind and checks each chart's spec and PNG. */
async function census(name: string, nb: Notebook) {
  const counts = { tables: 0, metricsTables: 0, charts: 0, grids: 0 };
  let all = "";
  for (const [index, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    const where = `${name}, cell ${index + 1} (${cell.id})`;
    assert(typeof cell.execution_count === "number", `${where} did not run`);
    for (const output of cell.outputs ?? []) {
      assert(output.output_type !== "error", `${where} raised ${output.ename}: ${output.evalue}`);
      if (output.output_type === "stream") {
        assert(output.name !== "stderr", `${where} wrote to stderr: ${text(output.text)}`);
        all += text(output.text);
        continue;
      }
      const data = output.data ?? {};
      const html = text(data["text/html"] as string | string[] | undefined);
      all += html + text(data["text/plain"] as string | string[] | undefined);
      if (html.includes("<table")) {
        counts.tables++;
        if (/>AMI( \(fitted data\))?<\/th>/.test(html)) counts.metricsTables++;
      }
      const png = data["image/png"];
      if (typeof png !== "string") continue;
      const bytes = Uint8Array.from(atob(png.replace(/\s/g, "")), (c) => c.charCodeAt(0));
      assert(PNG_SIGNATURE.every((b, i) => bytes[i] === b), `${where}: image/png is not a PNG`);
      const { width, height } = await decodePng(bytes);
      assert(width > 50 && height > 50, `${where}: a ${width}×${height} PNG`);
      const spec = data[VEGA_LITE_MIME_TYPE] as
        | { $schema?: string; data?: { values?: unknown[] } }
        | undefined;
      if (spec) {
        assertEquals(
          spec.$schema,
          VEGA_LITE_V5_SCHEMA,
          `${where}: the spec's $schema must match the v5 MIME type`,
        );
        assert((spec.data?.values?.length ?? 0) > 0, `${where}: a chart without inline data`);
        counts.charts++;
      } else counts.grids++;
    }
  }
  return { counts, all };
}

Deno.test({
  name: "deno task notebooks executes every notebook on the quick slice with its expected outputs",
  ignore: !JUPYTER && !IN_CI,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const tmp = await Deno.makeTempDir({ prefix: "notebooks-test-" });
    try {
      const outDir = join(tmp, "out");
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          join(ROOT, "tasks", "notebooks.ts"),
          "--size",
          "quick",
          "--out",
          outDir,
          "--cache",
          join(tmp, "cache"),
          "--no-check",
        ],
        cwd: ROOT,
        env: { NO_COLOR: "1" },
      }).output();
      const log = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert(out.success, `deno task notebooks failed:\n${log}`);
      const computed = new Set<string>();
      for (const [name, expected] of Object.entries(EXPECTED)) {
        const nb = await readNotebook(join(outDir, `${name}.ipynb`));
        const { counts, all } = await census(name, nb);
        // The static rendering beside it shows the outputs: the charts as their PNG fallback.
        const html = await Deno.readTextFile(join(outDir, `${name}.html`));
        const pngs = html.match(/<img [^>]*src="data:image\/png;base64,/g)?.length ?? 0;
        assert(pngs >= expected.charts + expected.grids, `${name}.html shows ${pngs} PNGs`);
        if (IN_CI || await chromiumInstalled()) {
          const { page, errors, externalRequests, close } = await openReportPage(
            join(outDir, `${name}.html`),
            {
              ready: "images",
            },
          );
          try {
            const drawn = Number(
              await page.evaluate(`[...document.images].filter((i) => i.naturalWidth > 0).length`),
            );
            assertEquals(drawn, pngs, `${name}.html: ${drawn} of ${pngs} images drawn in Chromium`);
            assertEquals(
              [errors, externalRequests],
              [[], []],
              `${name}.html: errors or requests in Chromium`,
            );
          } finally {
            await close();
          }
        }
        for (const key of ["tables", "metricsTables", "charts", "grids"] as const) {
          assert(
            counts[key] >= expected[key],
            `${name}: ${counts[key]} ${key}, expected at least ${expected[key]} (${JSON.stringify(counts)})`,
          );
        }
        assert(all.includes("NOTEBOOK_SIZE=quick"), `${name}: did not run at the quick size`);
        for (const t of expected.texts) assert(all.includes(t), `${name}: "${t}" missing from the outputs`);
        // Each notebook runs only its section's stages, and a stage an earlier notebook computed is read
        // from the cache.
        const ran = STAGES.filter((stage) => new RegExp(`${stage} \\[seed 0\\] done in`).test(all));
        if (name === "03-kmeans") assertEquals(ran, ["kmeans-raw"], `${name} ran other sections' stages`);
        for (const stage of ran.filter((s) => computed.has(s))) {
          assert(
            new RegExp(`${stage} \\[seed 0\\] done in [^\\n]*\\(cached\\)`).test(all),
            `${name}: stage ${stage} was not read from the cache:\n${all.slice(0, 2000)}`,
          );
        }
        if (expected.cached) assert(ran.length > 0, `${name}: reported no stage`);
        ran.forEach((s) => computed.add(s));
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

/** The test AMI of the first row of the first metrics table in a notebook's outputs. */
function firstTestAmi(nb: Notebook): number {
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const markdown = text(output.data?.["text/markdown"] as string | string[] | undefined);
      const row = /^\| kmeans-raw \| [^|]+ \| [^|]+ \| ([0-9.]+)/m.exec(markdown);
      if (row) return Number(row[1]);
    }
  }
  throw new Error("no metrics table in the notebook's outputs");
}

Deno.test({
  name: "an edit of 03-kmeans's settings cell (k = 12) changes its result on re-run",
  ignore: !JUPYTER && !IN_CI,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "notebooks-edit-" });
    const folders: string[] = [];
    try {
      const source = await Deno.readTextFile(join(NOTEBOOK_DIR, "03-kmeans.ipynb"));
      assert(source.includes("const k = 10;"), "03-kmeans's settings cell sets k");
      const run = async (name: string, notebook: string) => {
        // A sibling of notebooks/, so that the copy's ../lib/ imports resolve.
        const folder = await Deno.makeTempDir({ dir: ROOT, prefix: `.notebooks-edit-${name}-` });
        folders.push(folder);
        await Deno.writeTextFile(join(folder, "03-kmeans.ipynb"), notebook);
        const out = await new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            join(ROOT, "tasks", "notebooks.ts"),
            "--dir",
            folder,
            "--size",
            "quick",
            "--out",
            join(dir, name, "out"),
            "--cache",
            join(dir, "cache"),
            "--no-check",
            "--no-html",
          ],
          cwd: ROOT,
          env: { NO_COLOR: "1" },
        }).output();
        const log = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
        assert(out.success, log);
        const nb = await readNotebook(join(dir, name, "out", "03-kmeans.ipynb"));
        return { nb, all: (await census(name, nb)).all };
      };
      const original = await run("original", source);
      const edited = await run("edited", source.replace("const k = 10;", "const k = 12;"));
      assert(edited.all.includes("changed from the report's settings: kmeans.nClusters = 12"), edited.all);
      assert(
        edited.all.includes("KMeans(12) on 3,000 × 784 pixels") ||
          edited.all.includes("KMeans(12) on 3000 × 784 pixels"),
        edited.all,
      );
      assert(edited.all.includes("the same clusters as the stage's: yes"), edited.all);
      // The k = 10 stage was cached by the first run; k = 12 has its own key and was computed.
      assert(
        /kmeans-raw \[seed 0\] done in [^\n]*s\n/.test(edited.all) &&
          !/kmeans-raw \[seed 0\] done in [^\n]*\(cached\)/.test(edited.all),
        edited.all,
      );
      const [before, after] = [firstTestAmi(original.nb), firstTestAmi(edited.nb)];
      assert(
        Number.isFinite(before) && Number.isFinite(after) && before !== after,
        `AMI ${before} and ${after}`,
      );
    } finally {
      for (const folder of [dir, ...folders]) await Deno.remove(folder, { recursive: true });
    }
  },
});
