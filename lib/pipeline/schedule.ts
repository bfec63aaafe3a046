/**
 * The stage scheduler of `reproduce --jobs N`: every (stage, seed) the asked methods need is a task, ready
 * once the tasks of its inputs have ended, and up to N single-threaded processes compute ready tasks, the
 * one with the longest remaining path first. {@linkcode simulateSchedule} replays the same rule on measured
 * times, so a run predicts its wall time for other process counts, and {@linkcode criticalPath} names the
 * chain no number of processes can shorten.
 *
 * @module
 */
import type { AnyStage } from "./graph.ts";

/** One task: one stage for one seed (a stage shared by the seeds runs once, for the first seed). */
export interface StageTask {
  /** `stage@seed`. */
  name: string;
  /** The stage's id. */
  stage: string;
  /** The seed. */
  seed: number;
  /** The names of the tasks it waits for. */
  after: string[];
}

/**
 * The tasks of `stages` (in dependency order) for `seeds`.
 *
 * @example
 * ```ts
 * import { planTasks } from "./schedule.ts";
 * import { defineStage } from "./graph.ts";
 * import { assertEquals } from "../std.ts";
 * const stage = (id: string, scope: "run" | "seed", inputs = {}) =>
 *   defineStage({ id, description: id, scope, inputs, settings: () => ({}),
 *     compute: () => Promise.resolve({ json: {}, arrays: {} }), read: () => ({}) });
 * const shared = stage("shared", "run");
 * const own = stage("own", "seed", { shared });
 * assertEquals(planTasks([shared, own], [0, 1]).map((t) => [t.name, t.after]), [
 *   ["shared@0", []], ["own@0", ["shared@0"]], ["own@1", ["shared@0"]],
 * ]);
 * ```
 *
 * @param stages The stages, inputs first.
 * @param seeds The seeds.
 * @returns The tasks, in a valid order.
 */
export function planTasks(stages: readonly AnyStage[], seeds: readonly number[]): StageTask[] {
  const name = (stage: AnyStage, seed: number) => `${stage.id}@${stage.scope === "run" ? seeds[0] : seed}`;
  const tasks = new Map<string, StageTask>();
  for (const seed of seeds) {
    for (const stage of stages) {
      const task = name(stage, seed);
      if (tasks.has(task)) continue;
      tasks.set(task, {
        name: task,
        stage: stage.id,
        seed: stage.scope === "run" ? seeds[0] : seed,
        after: Object.values(stage.inputs as Record<string, AnyStage>).map((input) => name(input, seed)),
      });
    }
  }
  return [...tasks.values()];
}

/**
 * Each task's remaining path: its own seconds plus the longest remaining path among the tasks that wait
 * for it (the scheduler's priority).
 */
function remainingPaths(
  tasks: readonly StageTask[],
  seconds: (task: StageTask) => number,
): Map<string, number> {
  const after = new Map<string, string[]>(tasks.map((t) => [t.name, []]));
  for (const task of tasks) for (const first of task.after) after.get(first)?.push(task.name);
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const memo = new Map<string, number>();
  const path = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const rest = Math.max(0, ...after.get(name)!.map(path));
    const value = seconds(byName.get(name)!) + rest;
    memo.set(name, value);
    return value;
  };
  for (const task of tasks) path(task.name);
  return memo;
}

/** The longest chain of tasks by measured seconds. */
export interface CriticalPath {
  /** Its tasks, first to last. */
  tasks: string[];
  /** Their seconds summed: no number of processes runs the graph faster. */
  seconds: number;
}

/**
 * The critical path of the tasks under the given durations.
 *
 * @example
 * ```ts
 * import { criticalPath } from "./schedule.ts";
 * import { assertEquals } from "../std.ts";
 * const tasks = [
 *   { name: "a", stage: "a", seed: 0, after: [] },
 *   { name: "b", stage: "b", seed: 0, after: ["a"] },
 *   { name: "c", stage: "c", seed: 0, after: [] },
 * ];
 * const seconds = { a: 2, b: 3, c: 4 } as Record<string, number>;
 * assertEquals(criticalPath(tasks, (t) => seconds[t.name]), { tasks: ["a", "b"], seconds: 5 });
 * ```
 *
 * @param tasks The tasks.
 * @param seconds Each task's duration.
 * @returns The path.
 */
export function criticalPath(
  tasks: readonly StageTask[],
  seconds: (task: StageTask) => number,
): CriticalPath {
  const paths = remainingPaths(tasks, seconds);
  const waiting = new Map<string, StageTask[]>(tasks.map((t) => [t.name, []]));
  for (const task of tasks) for (const first of task.after) waiting.get(first)?.push(task);
  const longest = (candidates: readonly StageTask[]) =>
    candidates.reduce<StageTask | undefined>(
      (best, t) => (best === undefined || paths.get(t.name)! > paths.get(best.name)! ? t : best),
      undefined,
    );
  const chain: string[] = [];
  let at = longest(tasks.filter((t) => t.after.length === 0));
  const total = at === undefined ? 0 : paths.get(at.name)!;
  while (at !== undefined) {
    chain.push(at.name);
    at = longest(waiting.get(at.name)!);
  }
  return { tasks: chain, seconds: total };
}

/** A task's place in a schedule. */
export interface ScheduledTask {
  /** The task's name. */
  name: string;
  /** Seconds from the schedule's start. */
  start: number;
  /** Seconds from the schedule's start. */
  end: number;
  /** The process slot (0 to jobs - 1). */
  slot: number;
}

/**
 * Replays the scheduler's rule — whenever a process is free, the ready task with the longest remaining path
 * starts — on known durations, and returns when each task would start and end.
 *
 * @example
 * ```ts
 * import { simulateSchedule } from "./schedule.ts";
 * import { assertEquals } from "../std.ts";
 * const tasks = [
 *   { name: "a", stage: "a", seed: 0, after: [] },
 *   { name: "b", stage: "b", seed: 0, after: ["a"] },
 *   { name: "c", stage: "c", seed: 0, after: [] },
 * ];
 * const seconds = { a: 2, b: 3, c: 4 } as Record<string, number>;
 * const wall = (jobs: number) => Math.max(...simulateSchedule(tasks, (t) => seconds[t.name], jobs).map((t) => t.end));
 * assertEquals([wall(1), wall(2), wall(8)], [9, 5, 5]);
 * ```
 *
 * @param tasks The tasks.
 * @param seconds Each task's duration.
 * @param jobs Processes at once.
 * @returns Each task's start, end and slot, in start order.
 * @throws {RangeError} When `jobs` is not an integer >= 1, or a task waits for one that is not listed.
 */
export function simulateSchedule(
  tasks: readonly StageTask[],
  seconds: (task: StageTask) => number,
  jobs: number,
): ScheduledTask[] {
  checkJobs(jobs);
  checkTasks(tasks);
  const paths = remainingPaths(tasks, seconds);
  const ended = new Map<string, number>();
  const pending = [...tasks];
  const slots = new Array<number>(jobs).fill(0);
  const out: ScheduledTask[] = [];
  while (pending.length > 0) {
    const slot = slots.indexOf(Math.min(...slots));
    const now = slots[slot];
    const ready = pending.filter((t) => t.after.every((a) => (ended.get(a) ?? Infinity) <= now));
    if (ready.length === 0) {
      // Nothing is ready on this slot now: it idles until the next running task ends.
      const next = Math.min(...[...ended.values()].filter((e) => e > now));
      if (!Number.isFinite(next)) {
        throw new RangeError("Cannot simulate the schedule: the tasks wait in a cycle");
      }
      slots[slot] = next;
      continue;
    }
    const task = ready.reduce((best, t) => (paths.get(t.name)! > paths.get(best.name)! ? t : best));
    pending.splice(pending.indexOf(task), 1);
    const end = now + seconds(task);
    ended.set(task.name, end);
    slots[slot] = end;
    out.push({ name: task.name, start: now, end, slot });
  }
  return out;
}

/** The wall time a schedule of the tasks would take with `jobs` processes (see {@linkcode simulateSchedule}). */
export function predictedWallSeconds(
  tasks: readonly StageTask[],
  seconds: (task: StageTask) => number,
  jobs: number,
): number {
  return Math.max(0, ...simulateSchedule(tasks, seconds, jobs).map((t) => t.end));
}

/** What {@linkcode runSchedule} did (recorded in the manifest). */
export interface ScheduleRecord {
  /** Processes at most at once. */
  jobs: number;
  /** Wall seconds from the first start to the last end. */
  wallSeconds: number;
  /** Every task computed in a process, in start order, with its start and end (seconds from the start). */
  tasks: { name: string; stage: string; seed: number; start: number; end: number }[];
  /** Tasks whose stage was already cached (no process was started). */
  cached: string[];
}

/** Options of {@linkcode runSchedule}. */
export interface RunScheduleOptions {
  /** The tasks. */
  tasks: readonly StageTask[];
  /** The tasks already done (cached): no process is started for them. */
  done?: ReadonlySet<string>;
  /** Processes at once (>= 1). */
  jobs: number;
  /** The priority of each task: its expected seconds (the remaining path is computed from them). */
  seconds: (task: StageTask) => number;
  /** The command line of a task's process. */
  command: (task: StageTask) => { command: string; args: string[]; env?: Record<string, string> };
  /** Receives every line a task's process prints (stdout and stderr). */
  onLine?: (task: StageTask, line: string) => void;
}

/**
 * Runs the tasks' processes, at most `jobs` at once, each when the tasks it waits for have ended, the ready
 * one with the longest remaining path first. Each process gets a piped standard input that stays open while
 * this process lives, so a child can exit when its parent is killed (it sees end-of-file).
 *
 * @example
 * ```ts
 * import { runSchedule } from "./schedule.ts";
 * import { assertEquals } from "../std.ts";
 * const lines: string[] = [];
 * const record = await runSchedule({
 *   tasks: [{ name: "a@0", stage: "a", seed: 0, after: [] }, { name: "b@0", stage: "b", seed: 0, after: ["a@0"] }],
 *   jobs: 2,
 *   seconds: () => 1,
 *   command: (t) => ({ command: Deno.execPath(), args: ["eval", `console.log("${t.name}")`] }),
 *   onLine: (_, line) => lines.push(line),
 * });
 * assertEquals([record.tasks.map((t) => t.name), lines], [["a@0", "b@0"], ["a@0", "b@0"]]);
 * ```
 *
 * @param options The tasks, the number of jobs, the command and the output handler.
 * @returns What ran and when.
 * @throws {RangeError} When `jobs` is not an integer >= 1.
 * @throws {Error} When a task's process fails: the others are killed and the message names the task and
 *   quotes the last lines it printed.
 */
export async function runSchedule(options: RunScheduleOptions): Promise<ScheduleRecord> {
  const { tasks, jobs, command, onLine = () => {}, done = new Set<string>() } = options;
  checkJobs(jobs);
  checkTasks(tasks);
  const paths = remainingPaths(tasks, (t) => (done.has(t.name) ? 0 : options.seconds(t)));
  const started = performance.now();
  const clock = () => (performance.now() - started) / 1000;
  const record: ScheduleRecord["tasks"] = [];
  const ended = new Set<string>(done);
  const pending = tasks.filter((t) => !done.has(t.name));
  const running = new Set<Deno.ChildProcess>();
  let taskEnded!: () => void;
  let nextEnd = new Promise<void>((resolve) => taskEnded = resolve);
  let failure: Error | undefined;

  const runOne = async (task: StageTask): Promise<void> => {
    const start = clock();
    const { command: cmd, args, env } = command(task);
    const child = new Deno.Command(cmd, { args, env, stdin: "piped", stdout: "piped", stderr: "piped" })
      .spawn();
    running.add(child);
    const tail: string[] = [];
    const pump = async (stream: ReadableStream<Uint8Array>) => {
      let partial = "";
      const take = (line: string) => {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        onLine(task, line);
      };
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        partial += chunk;
        const lines = partial.split(/\r?\n|\r/);
        partial = lines.pop()!;
        for (const line of lines) if (line.trim() !== "") take(line);
      }
      if (partial.trim() !== "") take(partial);
    };
    const [status] = await Promise.all([child.status, pump(child.stdout), pump(child.stderr)]);
    running.delete(child);
    await child.stdin.close().catch(() => {});
    if (!status.success && failure === undefined) {
      failure = new Error(
        `stage ${task.stage} of seed ${task.seed} failed (exit code ${status.code}):\n  ${tail.join("\n  ")}`,
      );
      for (const other of running) {
        try {
          other.kill("SIGTERM");
        } catch {
          // Already ended.
        }
      }
    }
    record.push({ name: task.name, stage: task.stage, seed: task.seed, start, end: clock() });
  };

  const worker = async () => {
    while (failure === undefined && pending.length > 0) {
      const ready = pending.filter((t) => t.after.every((a) => ended.has(a)));
      if (ready.length === 0) {
        await nextEnd;
        continue;
      }
      const task = ready.reduce((best, t) => (paths.get(t.name)! > paths.get(best.name)! ? t : best));
      pending.splice(pending.indexOf(task), 1);
      await runOne(task);
      ended.add(task.name);
      const wake = taskEnded;
      nextEnd = new Promise<void>((resolve) => taskEnded = resolve);
      wake();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, Math.max(1, pending.length)) }, worker));
  if (failure) throw failure;
  record.sort((a, b) => a.start - b.start);
  return { jobs, wallSeconds: clock(), tasks: record, cached: [...done] };
}

function checkJobs(jobs: number): void {
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new RangeError(
      `Cannot schedule the stages: jobs must be an integer >= 1, current value is ${jobs}`,
    );
  }
}

function checkTasks(tasks: readonly StageTask[]): void {
  const names = new Set(tasks.map((t) => t.name));
  for (const task of tasks) {
    for (const first of task.after) {
      if (!names.has(first)) {
        throw new RangeError(
          `Cannot schedule the stages: task ${task.name} waits for ${first}, which is not listed`,
        );
      }
    }
  }
}

/** What the recorded stage times predict of a run's wall time with more or fewer processes. */
export interface SchedulePrediction {
  /** Seconds each stage process spends besides its stage (start-up, reading its inputs), measured. */
  overheadSeconds: number;
  /** The chain of stages no number of processes can shorten, by compute seconds. */
  criticalPath: CriticalPath;
  /** The scheduler's rule replayed on the compute times plus the overhead, per number of processes. */
  wallSeconds: { jobs: number; seconds: number }[];
}

/** The process counts {@linkcode SchedulePrediction} predicts for. */
export const PREDICTED_JOBS: readonly number[] = [1, 2, 4, 8, 16];
