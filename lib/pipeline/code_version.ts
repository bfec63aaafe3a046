/**
 * The version of the code that computes a run's numbers: a SHA-256 of the source files every stage runs
 * (everything under `lib/` but tests, benchmarks and the presentation folders) and of `deno.lock`, which
 * pins tfjs and the other npm packages. Stage cache keys include it, so an artifact computed by other code
 * is never reused as if the current code had made it.
 *
 * @module
 */
import { fromFileUrl, join } from "../std.ts";
import { concatArrays } from "./data.ts";

/** Folders of `lib/` that only present results (figures, tables, notebooks); they do not change numbers. */
export const PRESENTATION_FOLDERS: readonly string[] = ["notebook", "plot", "report"];

/** File endings of source that computes: TypeScript, the native kernels' C and build scripts, workers. */
const SOURCE_ENDINGS = [".ts", ".c", ".h", ".sh", ".cjs", ".js"];

/** What {@linkcode codeVersion} hashed. */
export interface CodeVersion {
  /** SHA-256 (hex) of the files' repository-relative paths and contents, in path order. */
  sha256: string;
  /** Number of files hashed. */
  files: number;
}

/**
 * Hashes the computing source of the workspace rooted at `root`: every file under `lib/` with a source
 * ending, except `*_test.ts`, `*_bench.ts` and the {@linkcode PRESENTATION_FOLDERS}, plus `deno.lock`.
 *
 * @example
 * ```ts
 * import { codeVersion } from "./code_version.ts";
 * import { assertEquals } from "../std.ts";
 * const a = await codeVersion();
 * assertEquals(a.sha256.length, 64);
 * assertEquals((await codeVersion()).sha256, a.sha256);
 * ```
 *
 * @param root The workspace root (the folder holding `lib/` and `deno.lock`).
 * @returns The digest and the number of files.
 * @throws {Error} When `root` has no `lib/` folder.
 */
export async function codeVersion(
  root: string = fromFileUrl(new URL("../..", import.meta.url)),
): Promise<CodeVersion> {
  const paths: string[] = [];
  const walk = async (relative: string) => {
    const entries = [];
    for await (const entry of Deno.readDir(join(root, relative))) entries.push(entry);
    for (const entry of entries) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory) {
        if (relative === "lib" && PRESENTATION_FOLDERS.includes(entry.name)) continue;
        await walk(path);
      } else if (
        entry.isFile && SOURCE_ENDINGS.some((e) => entry.name.endsWith(e)) &&
        !/_(test|bench)\.ts$/.test(entry.name)
      ) {
        paths.push(path);
      }
    }
  };
  try {
    await walk("lib");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot compute the code version: ${join(root, "lib")} does not exist`);
    }
    throw error;
  }
  paths.sort();
  const lock = join(root, "deno.lock");
  const hasLock = await Deno.stat(lock).then(() => true, () => false);
  if (hasLock) paths.push("deno.lock");
  const encoder = new TextEncoder();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (const path of paths) {
    // Line endings are normalised so a checkout with CRLF endings computes the same version.
    const text = (await Deno.readTextFile(join(root, path))).replaceAll("\r\n", "\n");
    parts.push(encoder.encode(`${path}\0${text.length}\0`), encoder.encode(text));
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", concatArrays(parts)));
  return {
    sha256: Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""),
    files: paths.length,
  };
}
