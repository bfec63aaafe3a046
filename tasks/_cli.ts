// Shared by the task entry points: strict flag parsing with help text, and how progress is printed.
import { formatProgress, type ProgressEvent, type StageArtifact, StageCache } from "../lib/pipeline/mod.ts";
import { dirname, join, parseArgs, resolve } from "../lib/std.ts";

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
 * Parses a comma-separated list of seeds, e.g. `--seeds 0,1,2`: distinct integers in [0, 2^32 - 1];
 * anything else (a negative number, a fraction, an empty item, a seed given twice, which would count one
 * run twice in the mean ± std) exits with a message naming the flag.
 */
export function parseIntegerList(task: string, flag: string, text: string): number[] {
  const values = text.split(",").map((s) => s.trim());
  if (values.some((v) => !/^\d+$/.test(v) || Number(v) > MAX_SEED)) {
    badFlag(
      task,
      `--${flag} must be a comma-separated list of integers in [0, ${MAX_SEED}], current value is "${text}"`,
    );
  }
  const numbers = values.map(Number);
  const repeated = numbers.find((v, i) => numbers.indexOf(v) !== i);
  if (repeated !== undefined) {
    badFlag(
      task,
      `--${flag} must not repeat a value, but ${repeated} is given twice, current value is "${text}"`,
    );
  }
  return numbers;
}

/**
 * Parses a `--threads` value: an integer in [1, `max`], the most threads the backend runs (a larger count
 * would be recorded in the manifest but not used).
 */
export function parseThreads(task: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    badFlag(
      task,
      `--threads must be an integer in [1, ${max}] (the WASM backend runs at most ${max} threads), ` +
        `current value is "${text}"`,
    );
  }
  return Number(text);
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

/** Options of {@linkcode probeOutputFolder}. */
export interface ProbeOptions {
  /**
   * Whether a missing folder is acceptable (the task creates it when it writes); otherwise it must exist.
   *
   * @default {true}
   */
  create?: boolean;
}

/**
 * Checks before any work that a task will be able to write into the folder `path`, so that a long run
 * cannot fail at its end: creates it when missing (with its missing parents), writes and removes a probe
 * file, then removes again the folders it created (the task creates them when it writes, and a run refused
 * later leaves nothing behind). Nothing that existed is changed. Exits with one line naming the flag: code 2
 * when `path` is a file, code 1 when the folder cannot be created or written.
 */
export function probeOutputFolder(
  task: string,
  flag: string,
  path: string,
  options: ProbeOptions = {},
): void {
  const { create = true } = options;
  const full = resolve(path);
  const fail = (why: string): never => {
    console.error(`${task}: --${flag} ${path} cannot be written: ${why}`);
    Deno.exit(1);
  };
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0];
  // The missing folders, outermost first.
  const missing: string[] = [];
  for (let dir = full;; dir = dirname(dir)) {
    try {
      if (Deno.statSync(dir).isDirectory) break;
      if (dir === full) {
        badFlag(
          task,
          `--${flag} must be a folder${create ? " (created when missing)" : ""}, but ${path} is a file`,
        );
      }
      fail(`${dir} is a file, expected a folder`);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) fail(message(error));
      missing.unshift(dir);
      if (dirname(dir) === dir) break;
    }
  }
  if (!create && missing.length > 0) fail("it does not exist (expected an existing folder)");
  const created: string[] = [];
  const removeCreated = () => {
    for (const dir of created.reverse()) {
      try {
        Deno.removeSync(dir);
      } catch {
        // Something else wrote into it meanwhile: it stays.
      }
    }
  };
  try {
    for (const dir of missing) {
      Deno.mkdirSync(dir);
      created.push(dir);
    }
    const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(16);
    const probe = join(full, `.write-probe-${Deno.pid}-${random}`);
    Deno.writeFileSync(probe, new Uint8Array(), { createNew: true });
    Deno.removeSync(probe);
  } catch (error) {
    removeCreated();
    fail(message(error));
  }
  removeCreated();
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
  if (!artifact) {
    badFlag(
      task,
      `the cached encodings ${cacheDir}/autoencoder/${best.key} were stored without checksums (an older ` +
        "cache format); run `deno task reproduce` to recompute them",
    );
  }
  return { artifact, key: best.key, seed: best.seed };
}
