/**
 * Finding a Python that can execute notebooks headless (with `nbclient`, `nbformat` and `jupyter_client`).
 *
 * @module
 */

/** Where to look for Python by default: Debian's, then the first on PATH. */
export const PYTHON_CANDIDATES: readonly string[] = ["/usr/bin/python3", "python3"];

/**
 * The first of `candidates` that can import nbclient, nbformat and jupyter_client, or `undefined`.
 *
 * @example
 * ```ts
 * import { findNotebookPython } from "./find_python.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(await findNotebookPython(["/nonexistent/python3"]), undefined);
 * ```
 *
 * @param candidates Python executables to try, in order.
 * @returns The executable, or `undefined` when none qualifies.
 */
export async function findNotebookPython(
  candidates: readonly string[] = PYTHON_CANDIDATES,
): Promise<string | undefined> {
  for (const python of candidates) {
    try {
      const { success } = await new Deno.Command(python, {
        args: ["-c", "import nbclient, nbformat, jupyter_client"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (success) return python;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return undefined;
}
