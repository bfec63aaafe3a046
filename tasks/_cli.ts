// Shared by the task entry points: strict flag parsing with help text, and how progress is printed.
import { formatProgress, type ProgressEvent, type StageArtifact, StageCache } from "../lib/pipeline/mod.ts";
import { join, parseArgs } from "../lib/std.ts";

/** One flag of a task. */
export interface FlagSpec {
  type: "string" | "boolean";
  help: string;
  default?: string | boolean;
}

/**
 * Parses `args` against `flags`, rejecting unknown flags and positionals; prints help and exits on --help.
 */
export function parseFlags<T extends Record<string, FlagSpec>>(
  task: string,
  args: string[],
  flags: T,
): { [K in keyof T]: T[K]["type"] extends "boolean" ? boolean : string | undefined } {
  const options = Object.fromEntries(
    Object.entries({ ...flags, help: { type: "boolean", help: "show this help" } as FlagSpec }).map((
      [name, spec],
    ) => [
      name,
      { type: spec.type, ...(spec.default !== undefined ? { default: spec.default } : {}) },
    ]),
  );
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args, options: options as never, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error(`${task}: ${error instanceof Error ? error.message : error}\n\n${usage(task, flags)}`);
    Deno.exit(2);
  }
  if (values.help) {
    console.log(usage(task, flags));
    Deno.exit(0);
  }
  return values as never;
}

function usage(task: string, flags: Record<string, FlagSpec>): string {
  const lines = Object.entries(flags).map(([name, spec]) =>
    `  --${name}${spec.type === "string" ? " VALUE" : ""}`.padEnd(24) + spec.help +
    (spec.default !== undefined && spec.default !== false ? ` (default: ${spec.default})` : "")
  );
  return `Usage: deno task ${task} [flags]\n\nFlags:\n${lines.join("\n")}\n  --help`.trimEnd();
}

/** Fails with a clear message and exit code 2 when a flag's value is bad. */
export function badFlag(task: string, message: string): never {
  console.error(`${task}: ${message}`);
  Deno.exit(2);
}

/** Largest seed: seeds are mixed as unsigned 32-bit integers, so larger ones would alias smaller ones. */
const MAX_SEED = 2 ** 32 - 1;

/**
 * Parses a comma-separated list of seeds, e.g. `--seeds 0,1,2`: integers in [0, 2^32 - 1]; anything else
 * (a negative number, a fraction, an empty item) exits with a message naming the flag.
 */
export function parseIntegerList(task: string, flag: string, text: string): number[] {
  const values = text.split(",").map((s) => s.trim());
  if (values.some((v) => !/^\d+$/.test(v) || Number(v) > MAX_SEED)) {
    badFlag(
      task,
      `--${flag} must be a comma-separated list of integers in [0, ${MAX_SEED}], current value is "${text}"`,
    );
  }
  return values.map(Number);
}

/** Parses a positive integer flag. */
export function parsePositiveInteger(task: string, flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    badFlag(task, `--${flag} must be an integer >= 1, current value is "${text}"`);
  }
  return Number(text);
}

/**
 * Prints progress events: on a terminal one line per stage updated in place, otherwise start/done lines
 * and at most one update line every 10 seconds per stage.
 */
export function progressPrinter(): (event: ProgressEvent) => void {
  const tty = Deno.stdout.isTerminal();
  const lastPrinted = new Map<string, number>();
  const encoder = new TextEncoder();
  return (event) => {
    const line = formatProgress(event);
    const id = `${event.stage}/${event.seed}`;
    if (tty) {
      Deno.stdout.writeSync(encoder.encode(`\r\x1b[K${line}${event.phase === "done" ? "\n" : ""}`));
      return;
    }
    if (event.phase === "update") {
      const now = performance.now();
      if (now - (lastPrinted.get(id) ?? -Infinity) < 10_000) return;
      lastPrinted.set(id, now);
    }
    if (event.phase !== "start") console.log(line);
  };
}

/**
 * Runs a peer program (e.g. a Python script) and parses the JSON objects it prints, one per line; throws with
 * the last line of its stderr when it fails.
 */
export async function runJsonLines<T>(
  command: string,
  args: string[],
  env?: Record<string, string>,
): Promise<T[]> {
  const out = await new Deno.Command(command, { args, env, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr).trim().split("\n").pop());
  return new TextDecoder().decode(out.stdout).trim().split("\n").filter((l) => l.startsWith("{")).map((l) =>
    JSON.parse(l)
  );
}

/**
 * Runs a benchmark's Python peer and returns the last JSON line it printed, or `undefined` after printing
 * "<name> peer not run (why); install <package>" when it cannot run (missing interpreter or module, failure).
 *
 * @param python The interpreter.
 * @param args Its arguments (script and values).
 * @param peer The peer's name and the Debian package that provides it.
 * @param env Extra environment variables.
 * @returns The peer's result, or `undefined`.
 */
export async function runPeer<T>(
  python: string,
  args: string[],
  peer: { name: string; install: string },
  env?: Record<string, string>,
): Promise<T | undefined> {
  try {
    const lines = await runJsonLines<T>(python, args, env);
    if (lines.length === 0) throw new Error("it printed no result");
    return lines[lines.length - 1];
  } catch (error) {
    console.log(
      `${peer.name} peer not run (${
        error instanceof Error ? error.message : error
      }); install ${peer.install}`,
    );
    return undefined;
  }
}

/**
 * Exits with a clear message when `path` exists but is not a folder (an output folder is created when
 * missing); checked before any work so that a long run cannot fail at its end.
 */
export function checkOutputFolder(task: string, flag: string, path: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch {
    return;
  }
  if (!info.isDirectory) {
    badFlag(task, `--${flag} must be a folder (created when missing), but ${path} is a file`);
  }
}

/** Encodings of a `reproduce` run read from the stage cache. */
export interface CachedEncodings {
  /** The stage artifact (`zTrain`, `zValidation`, `zTest`, …). */
  artifact: StageArtifact<{ latentSize: number }>;
  /** Its cache key. */
  key: string;
  /** The run seed it was trained with. */
  seed: number;
}

/**
 * The full-size encodings of a `reproduce` run: among the cached autoencoder entries with the most training
 * rows, the one of the lowest seed (then key), so the choice does not depend on directory order. Unreadable
 * entries are skipped; exits with a clear message when none is usable.
 */
export async function loadLargestEncodings(task: string, cacheDir: string): Promise<CachedEncodings> {
  const found: { key: string; rows: number; seed: number }[] = [];
  try {
    for await (const entry of Deno.readDir(join(cacheDir, "autoencoder"))) {
      if (entry.name.startsWith(".")) continue;
      try {
        const index = JSON.parse(
          await Deno.readTextFile(join(cacheDir, "autoencoder", entry.name, "index.json")),
        );
        const rows = index.arrays.zTrain.length / index.json.latentSize;
        const seed = Number(index.config?.seed ?? 0);
        if (Number.isFinite(rows)) found.push({ key: entry.name, rows, seed });
      } catch {
        // An incomplete entry: skipped.
      }
    }
  } catch {
    // No cache folder: handled below.
  }
  found.sort((a, b) => b.rows - a.rows || a.seed - b.seed || (a.key < b.key ? -1 : 1));
  const best = found[0];
  if (!best) {
    badFlag(task, `no cached encodings in ${cacheDir}/autoencoder; run \`deno task reproduce\` first`);
  }
  const artifact = await new StageCache(cacheDir).load<{ latentSize: number }>("autoencoder", best.key);
  if (!artifact) badFlag(task, `the cached encodings ${cacheDir}/autoencoder/${best.key} are unreadable`);
  return { artifact, key: best.key, seed: best.seed };
}
