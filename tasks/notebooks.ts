// `deno task notebooks`: type-checks the notebooks, then executes every notebook in notebooks/ headless on
// the Deno kernel and writes the executed copies (with their outputs) to report/notebooks/ (full size) or
// report/quick/notebooks/ (quick size). Execution goes through tasks/run_notebooks.py (nbclient) with a
// private kernelspec that runs this very deno binary, so no `deno jupyter --install` is needed.
import { basename, dirname, fromFileUrl, join, resolve } from "../lib/std.ts";
import { writeReport } from "../lib/report/mod.ts";
import { findNotebookPython, NOTEBOOK_SIZES, PYTHON_CANDIDATES } from "../lib/notebook/mod.ts";
import { badFlag, parseFlags, parsePositiveInteger } from "./_cli.ts";

const TASK = "notebooks";

/** Whether a path exists. */
const exists = (path: string) => Deno.stat(path).then(() => true, () => false);
const ROOT = fromFileUrl(new URL("..", import.meta.url));

const flags = parseFlags(TASK, Deno.args, {
  size: {
    type: "string",
    help: "data size: quick (small slice, as reproduce --quick) or full (the report's data)",
    default: "$NOTEBOOK_SIZE, else full",
  },
  out: {
    type: "string",
    help: "folder of the executed copies",
    default: "report/notebooks, or report/quick/notebooks with --size quick",
  },
  cache: { type: "string", help: "stage cache folder (sets NOTEBOOK_CACHE_DIR)", default: ".cache/stages" },
  only: { type: "string", help: "comma-separated notebook name prefixes to run, e.g. 01,03" },
  dir: {
    type: "string",
    help: "folder of the notebooks (a sibling of lib/: they import ../lib/)",
    default: "notebooks",
  },
  timeout: { type: "string", help: "seconds each cell may run", default: "3600" },
  python: { type: "string", help: "Python with nbclient", default: "/usr/bin/python3, else python3" },
  "no-check": { type: "boolean", help: "skip type-checking the notebooks first" },
  "no-html": { type: "boolean", help: "skip the static HTML rendering of each executed notebook" },
});

const size = flags.size === undefined || flags.size.startsWith("$")
  ? (Deno.env.get("NOTEBOOK_SIZE") || "full")
  : flags.size;
if (!(NOTEBOOK_SIZES as readonly string[]).includes(size)) {
  badFlag(TASK, `--size (or NOTEBOOK_SIZE) must be quick or full, current value is "${size}"`);
}
const outDir = flags.out && !flags.out.startsWith("report/notebooks, or")
  ? resolve(flags.out)
  : join(ROOT, size === "quick" ? "report/quick/notebooks" : "report/notebooks");
const cacheDir = resolve(ROOT, flags.cache!);
const timeout = parsePositiveInteger(TASK, "timeout", flags.timeout!);

const notebookDir = resolve(ROOT, flags.dir!);
const prefixes = flags.only?.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
const notebooks = [...Deno.readDirSync(notebookDir)]
  .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
  .map((e) => e.name)
  .filter((name) => !prefixes || prefixes.some((p) => name.startsWith(p)))
  .sort()
  .map((name) => join(notebookDir, name));
if (notebooks.length === 0) badFlag(TASK, `no notebook in ${notebookDir} matches --only ${flags.only}`);

/** The Python that can import nbclient, or a message saying how to install it. */
async function findPython(): Promise<string> {
  const candidates = flags.python && !flags.python.startsWith("/usr/bin/python3, else")
    ? [flags.python]
    : PYTHON_CANDIDATES;
  const found = await findNotebookPython(candidates);
  if (found) return found;
  console.error(
    `${TASK}: no Python with nbclient found (tried ${candidates.join(", ")}); install it with\n` +
      "  apt-get install -y jupyter-client python3-nbclient python3-nbconvert\n" +
      "or `pip install nbclient`, or pass --python",
  );
  Deno.exit(1);
}

const python = await findPython();

if (!flags["no-check"]) {
  const check = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "tasks", "check_notebooks.ts"), ...notebooks],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!check.success) Deno.exit(1);
}

// A private kernelspec for this deno binary, first on JUPYTER_PATH: NO_COLOR keeps ANSI codes out of the
// outputs, and the executed notebooks never depend on a stale `deno jupyter --install`.
const jupyterPath = await Deno.makeTempDir({ prefix: "notebooks-kernel-" });
try {
  await Deno.mkdir(join(jupyterPath, "kernels", "deno"), { recursive: true });
  await Deno.writeTextFile(
    join(jupyterPath, "kernels", "deno", "kernel.json"),
    JSON.stringify(
      {
        argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
        display_name: "Deno",
        language: "typescript",
        env: { NO_COLOR: "1" },
      },
      null,
      2,
    ),
  );
  console.log(
    `${TASK}: ${notebooks.length} notebook(s), NOTEBOOK_SIZE=${size}, cache ${cacheDir}, output ${outDir}`,
  );
  const existing = Deno.env.get("JUPYTER_PATH");
  const status = await new Deno.Command(python, {
    args: [
      join(ROOT, "tasks", "run_notebooks.py"),
      "--out",
      outDir,
      "--kernel",
      "deno",
      "--timeout",
      String(timeout),
      ...(flags["no-html"] ? [] : ["--html"]),
      ...notebooks,
    ],
    cwd: ROOT,
    env: {
      JUPYTER_PATH: existing ? `${jupyterPath}:${existing}` : jupyterPath,
      NOTEBOOK_SIZE: size,
      NOTEBOOK_CACHE_DIR: cacheDir,
      NO_COLOR: "1",
      PYTHONUNBUFFERED: "1",
    },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  Deno.exitCode = status.code;
  // Executed into a report folder's notebooks/: its index.html lists them.
  const reportDir = dirname(outDir);
  if (
    status.success && basename(outDir) === "notebooks" && !flags["no-html"] &&
    await exists(join(reportDir, "results.json"))
  ) {
    await writeReport({ outDir: reportDir, onLog: console.log });
  }
} finally {
  await Deno.remove(jupyterPath, { recursive: true });
}
