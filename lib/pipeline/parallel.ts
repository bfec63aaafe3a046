/**
 * Runs the parts of a `reproduce` run (each seed's `report`, `self-training` and `beyond` parts) in separate
 * processes, a few at a time, each filling the shared stage cache; a part that reads another's results
 * waits for it. The WASM backend's own threads
 * speed up only part of the work (its native training kernels and the UMAP layout run on one thread), so
 * two single-threaded processes use two cores better than one process with two threads; the results do not
 * depend on the thread count.
 *
 * @module
 */
import type { SeedPart } from "./reproduce.ts";

/** One process's work: one part of one seed. */
export interface ParallelTask {
  /** The seed. */
  seed: number;
  /** The part. */
  part: SeedPart;
}

/** What {@linkcode runPartsInParallel} did (recorded in the manifest). */
export interface ParallelRun {
  /** Processes run at once. */
  jobs: number;
  /** Wall seconds from the first start to the last end. */
  wallSeconds: number;
  /** Each task with its wall seconds, in start order. */
  tasks: (ParallelTask & { seconds: number })[];
}

/** Options of {@linkcode runPartsInParallel}. */
export interface ParallelOptions {
  /** The tasks, started in this order (a task waiting for its `after` lets the next ones go first). */
  tasks: ParallelTask[];
  /**
   * The task that must end before `task` starts, if any (one not among `tasks` is taken as done).
   *
   * @default {() => undefined}
   */
  after?: (task: ParallelTask) => ParallelTask | undefined;
  /** Processes at once (>= 1). */
  jobs: number;
  /** The command line of a task's process. */
  command: (task: ParallelTask) => { command: string; args: string[]; env?: Record<string, string> };
  /** Receives every line a task's process prints (stdout and stderr). */
  onLine?: (task: ParallelTask, line: string) => void;
}

/**
 * Runs the tasks' processes, at most `jobs` at once. Each process gets a piped standard input that stays
 * open while this process lives, so a child can exit when its parent is killed (it sees end-of-file).
 *
 * @example
 * ```ts
 * import { runPartsInParallel } from "./parallel.ts";
 * import { assertEquals } from "../std.ts";
 * const lines: string[] = [];
 * const run = await runPartsInParallel({
 *   tasks: [{ seed: 0, part: "report" }, { seed: 1, part: "beyond" }],
 *   jobs: 2,
 *   command: (t) => ({ command: Deno.execPath(), args: ["eval", `console.log("${t.part} ${t.seed}")`] }),
 *   onLine: (_, line) => lines.push(line),
 * });
 * assertEquals([run.tasks.length, lines.sort()], [2, ["beyond 1", "report 0"]]);
 * ```
 *
 * @param options The tasks, the number of jobs, the command and the output handler.
 * @returns What ran and how long it took.
 * @throws {RangeError} When `jobs` is not an integer >= 1.
 * @throws {Error} When a task's process fails: the others are killed and the message names the task and
 *   quotes the last lines it printed.
 */
export async function runPartsInParallel(
  { tasks, jobs, command, onLine = () => {}, after = () => undefined }: ParallelOptions,
): Promise<ParallelRun> {
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new RangeError(
      `Cannot run the parts in parallel: jobs must be an integer >= 1, current value is ${jobs}`,
    );
  }
  const started = performance.now();
  const done: (ParallelTask & { seconds: number })[] = [];
  const running = new Set<Deno.ChildProcess>();
  const name = (task: ParallelTask) => `${task.part} ${task.seed}`;
  const pending = [...tasks];
  const listed = new Set(tasks.map(name));
  const ended = new Set<string>();
  // Resolved (and replaced) whenever a task ends, so workers waiting for a dependency look again.
  let taskEnded!: () => void;
  let nextEnd = new Promise<void>((resolve) => taskEnded = resolve);
  let failure: Error | undefined;

  const runOne = async (task: ParallelTask): Promise<void> => {
    const t0 = performance.now();
    const { command: cmd, args, env } = command(task);
    const child = new Deno.Command(cmd, { args, env, stdin: "piped", stdout: "piped", stderr: "piped" })
      .spawn();
    running.add(child);
    const tail: string[] = [];
    const pump = async (stream: ReadableStream<Uint8Array>) => {
      let pending = "";
      const take = (line: string) => {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        onLine(task, line);
      };
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        pending += chunk;
        const lines = pending.split(/\r?\n|\r/);
        pending = lines.pop()!;
        for (const line of lines) if (line.trim() !== "") take(line);
      }
      if (pending.trim() !== "") take(pending);
    };
    const [status] = await Promise.all([child.status, pump(child.stdout), pump(child.stderr)]);
    running.delete(child);
    await child.stdin.close().catch(() => {});
    if (!status.success && failure === undefined) {
      failure = new Error(
        `the ${task.part} part of seed ${task.seed} failed (exit code ${status.code}):\n  ${
          tail.join("\n  ")
        }`,
      );
      for (const other of running) {
        try {
          other.kill("SIGTERM");
        } catch {
          // Already ended.
        }
      }
    }
    done.push({ ...task, seconds: (performance.now() - t0) / 1000 });
  };

  const ready = (task: ParallelTask) => {
    const first = after(task);
    return first === undefined || !listed.has(name(first)) || ended.has(name(first));
  };
  const worker = async () => {
    while (failure === undefined && pending.length > 0) {
      const index = pending.findIndex(ready);
      if (index < 0) {
        await nextEnd;
        continue;
      }
      const [task] = pending.splice(index, 1);
      await runOne(task);
      ended.add(name(task));
      const wake = taskEnded;
      nextEnd = new Promise<void>((resolve) => taskEnded = resolve);
      wake();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  if (failure) throw failure;
  return { jobs, wallSeconds: (performance.now() - started) / 1000, tasks: done };
}
