// `deno task notebooks:kernel`: registers the Deno Jupyter kernel for this deno binary (Deno.execPath()),
// overwriting any earlier registration, so JupyterLab, Notebook and VS Code open notebooks/ with it.
// `deno jupyter --install` does the same but keeps a stale path once deno moves; this always rewrites it.
// The kernelspec goes to $JUPYTER_DATA_DIR/kernels/<name>/, else Jupyter's per-user data folder.
import { join } from "../lib/std.ts";
import { parseFlags } from "./_cli.ts";

const TASK = "notebooks:kernel";

const flags = parseFlags(TASK, Deno.args, {
  name: { type: "string", help: "kernelspec name (the notebooks ask for deno)", default: "deno" },
  "display-name": { type: "string", help: "name shown in the launcher", default: "Deno" },
  "data-dir": {
    type: "string",
    help: "Jupyter data folder",
    default: "$JUPYTER_DATA_DIR, else the per-user one",
  },
});

/** Jupyter's per-user data folder, as `jupyter --data-dir` reports it. */
function userDataDir(): string {
  const env = Deno.env.get("JUPYTER_DATA_DIR");
  if (env) return env;
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? ".";
  if (Deno.build.os === "darwin") return join(home, "Library", "Jupyter");
  if (Deno.build.os === "windows") return join(Deno.env.get("APPDATA") ?? home, "jupyter");
  return join(Deno.env.get("XDG_DATA_HOME") || join(home, ".local", "share"), "jupyter");
}

const dataDir = flags["data-dir"] && !flags["data-dir"].startsWith("$") ? flags["data-dir"] : userDataDir();
const dir = join(dataDir, "kernels", flags.name!);
await Deno.mkdir(dir, { recursive: true });
const spec = {
  argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
  display_name: flags["display-name"],
  language: "typescript",
};
await Deno.writeTextFile(join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
console.log(`${TASK}: kernel "${flags.name}" (${Deno.execPath()}) registered in ${dir}`);
