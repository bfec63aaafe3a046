// `deno run -A tasks/check_notebooks.ts [NOTEBOOK...]`: type-checks the notebooks' code cells, which
// `deno check` does not read and whose type errors do not fail a notebook's execution. Each notebook's code
// cells are joined, in order, into one module (the kernel runs them in one scope), its relative imports made
// absolute, and the modules are checked with the repository's deno.json. Errors name the notebook and cell.
import { basename, dirname, fromFileUrl, join, parseArgs, resolve } from "../lib/std.ts";

const TASK = "check:notebooks";
const ROOT = fromFileUrl(new URL("..", import.meta.url));

/** The code cells of a notebook as one module, relative specifiers resolved against the notebook's folder. */
export async function notebookModule(path: string): Promise<string> {
  const nb = JSON.parse(await Deno.readTextFile(path)) as {
    cells: { cell_type: string; id?: string; source: string | string[] }[];
  };
  const base = new URL(`file://${resolve(dirname(path))}/`);
  const parts: string[] = [`// Code cells of ${path}, joined by tasks/check_notebooks.ts`];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const absolute = source.replace(
      /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.\.?\/[^"']+)\2/g,
      (_match, head: string, quote: string, specifier: string) =>
        `${head}${quote}${new URL(specifier, base).href}${quote}`,
    );
    parts.push(`// --- cell ${index + 1}${cell.id ? ` (${cell.id})` : ""}`, absolute);
  });
  return parts.join("\n") + "\n";
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { help: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(
      `Usage: deno run -A tasks/check_notebooks.ts [NOTEBOOK.ipynb...]  (default: notebooks/*.ipynb)`,
    );
    Deno.exit(0);
  }
  const notebooks = positionals.length > 0 ? positionals : [...Deno.readDirSync(join(ROOT, "notebooks"))]
    .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
    .map((e) => join(ROOT, "notebooks", e.name))
    .sort();
  if (notebooks.length === 0) {
    console.error(`${TASK}: no notebooks found`);
    Deno.exit(1);
  }
  const tmp = await Deno.makeTempDir({ prefix: "check-notebooks-" });
  const files: string[] = [];
  for (const path of notebooks) {
    const file = join(tmp, `${basename(path, ".ipynb")}.ipynb.ts`);
    await Deno.writeTextFile(file, await notebookModule(path));
    files.push(file);
  }
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", "--config", join(ROOT, "deno.json"), ...files],
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    console.error(
      `${TASK}: type errors in the notebooks; ${tmp} keeps their code cells joined (\`// --- cell N (id)\` marks)`,
    );
    Deno.exit(1);
  }
  await Deno.remove(tmp, { recursive: true });
  console.log(`${TASK}: ${notebooks.length} notebook${notebooks.length === 1 ? "" : "s"} type-check`);
}
