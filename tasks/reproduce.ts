// `deno task reproduce`: the stages the methods need, from the data to report/ (results, figures, REPORT.md).
import { initTensorBackend, MAX_TENSOR_THREADS, shutdownTensorBackend } from "../lib/backend/mod.ts";
import { loadFashionMnist, resolveFashionMnistDir } from "../lib/data/mod.ts";
import { METHODS, REPORT_FIGURES } from "../lib/methods/mod.ts";
import {
  DEFAULT_CONFIG,
  formatDuration,
  methodStages,
  planTasks,
  prepareRunData,
  QUICK_CONFIG,
  reproduce,
  runDataKey,
  runSchedule,
  type ScheduleRecord,
  selectMethods,
  StageCache,
  StageRunner,
} from "../lib/pipeline/mod.ts";
import { computeStage } from "../lib/pipeline/reproduce.ts";
import { fromFileUrl, join, resolve } from "../lib/std.ts";
import {
  badFlag,
  parseFlags,
  parseIntegerList,
  parsePositiveInteger,
  parseThreads,
  probeOutputFolder,
  progressPrinter,
} from "./_cli.ts";
import { writeReport } from "./report.ts";

const TASK = "reproduce";
/** Set in the environment of the stage processes that --jobs starts. */
const PARENT_ENV = "REPRODUCE_PARENT";
const ROOT = fromFileUrl(new URL("..", import.meta.url));
/** This run's start: the cache's temporary folders of stores interrupted before it are removed. */
const RUN_STARTED_AT = Date.now();

const flags = parseFlags(TASK, Deno.args, {
  methods: {
    type: "string",
    help:
      "comma-separated method ids: only these and the stages they need (default: every method; see --list)",
  },
  list: {
    type: "boolean",
    help: "print the methods, their stages and inputs, whether each is cached and its last compute time",
  },
  seeds: {
    type: "string",
    help: "comma-separated seeds; metrics are mean ± std over them",
    default: "0,1,2",
  },
  quick: { type: "boolean", help: "run the whole graph on a small slice (smoke check, < 2 min)" },
  force: { type: "boolean", help: "recompute every stage even if cached" },
  "no-notebooks": {
    type: "boolean",
    help: "do not execute the notebooks into <out>/notebooks after the report (a full run into the default " +
      "report folder executes them)",
  },
  data: {
    type: "string",
    help: "folder with the four Fashion-MNIST IDX files (else FASHION_MNIST_DIR, data/, Debian's)",
  },
  out: {
    type: "string",
    help: "output folder (required with --methods: the committed report/ holds every method)",
    default: "report (report/quick with --quick)",
  },
  cache: { type: "string", help: "stage cache folder", default: ".cache/stages" },
  threads: {
    type: "string",
    help: `WASM backend threads, at most ${MAX_TENSOR_THREADS} (with --jobs above 1: of the final scoring ` +
      "step; each stage process runs 1)",
    default: String(Math.min(navigator.hardwareConcurrency, MAX_TENSOR_THREADS)),
  },
  jobs: {
    type: "string",
    help: "processes at once: each stage of each seed runs in its own single-threaded process as soon as " +
      "its inputs are done (1: every stage in this process)",
    default: String(Math.min(2, navigator.hardwareConcurrency)),
  },
  stage: {
    type: "string",
    help: "compute this one stage for the one seed of --seeds into the cache (what --jobs runs per process)",
  },
});
const seeds = parseIntegerList(TASK, "seeds", flags.seeds!);
const threads = parseThreads(TASK, flags.threads!, MAX_TENSOR_THREADS);
const jobs = parsePositiveInteger(TASK, "jobs", flags.jobs!);
let methods;
try {
  methods = selectMethods(METHODS, flags.methods?.split(",").map((id) => id.trim()));
} catch (error) {
  badFlag(TASK, `--methods: ${error instanceof Error ? error.message : error}`);
}
const allStages = methodStages(METHODS, REPORT_FIGURES);
const stage = flags.stage === undefined ? undefined : allStages.find((s) => s.id === flags.stage);
if (flags.stage !== undefined && stage === undefined) {
  badFlag(
    TASK,
    `--stage must be one of ${allStages.map((s) => s.id).join(", ")}, current value is "${flags.stage}"`,
  );
}
if (stage !== undefined && seeds.length !== 1) {
  badFlag(TASK, `--stage computes one seed: --seeds must be one seed, current value is "${flags.seeds}"`);
}
const isStageProcess = stage !== undefined && Deno.env.get(PARENT_ENV) === "1";
if (isStageProcess) {
  // A stage process started by --jobs: end when the parent ends (its piped stdin closes), killed or not.
  (async () => {
    for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
    Deno.exit(130);
  })();
}
const config = flags.quick ? QUICK_CONFIG : DEFAULT_CONFIG;
const partial = methods.length < METHODS.length;
const defaultOut = flags.out === undefined || flags.out.startsWith("report (");
if (partial && defaultOut && stage === undefined && !flags.list) {
  badFlag(
    TASK,
    "--methods runs part of the report: give --out DIR (the committed report/ is written only by a run of every method)",
  );
}
const outDir = defaultOut ? join(ROOT, flags.quick ? "report/quick" : "report") : resolve(flags.out!);
const cacheDir = flags.cache!.startsWith("/") ? flags.cache! : join(ROOT, flags.cache!);
// A stage process of --jobs writes only the cache, which its parent probed.
if (!flags.list && stage === undefined) probeOutputFolder(TASK, "out", outDir);
if (!flags.list && !isStageProcess) probeOutputFolder(TASK, "cache", cacheDir);
// The parent sweeps the cache's interrupted stores; its stage processes must not (their start is later than
// their siblings' stores).
const runStartedAt = isStageProcess ? undefined : RUN_STARTED_AT;
const onWarning = (message: string) => console.error(`${TASK}: warning: ${message}`);
if (flags.data !== undefined) {
  // Before the backend starts: a --data folder without the four files fails at once.
  await resolveFashionMnistDir(flags.data).catch((error) => badFlag(TASK, error.message));
}

const t0 = performance.now();
const backend = await initTensorBackend({ threads });
try {
  if (stage !== undefined) {
    await computeStage({
      config,
      stage,
      seed: seeds[0],
      cacheDir,
      force: flags.force,
      dataDir: flags.data,
      onProgress: progressPrinter(),
      onWarning,
      runStartedAt,
    });
    Deno.exit(0);
  }
  const stages = methodStages(methods);
  const data = prepareRunData(await loadFashionMnist({ dir: flags.data }), config);
  const runner = new StageRunner({
    data,
    config,
    cacheDir,
    dataKey: await runDataKey(data),
    onWarning,
    runStartedAt,
  });
  const tasks = planTasks(stages, seeds);
  const cachedTasks = new Set<string>();
  for (const task of tasks) {
    if (await runner.isCached(stages.find((s) => s.id === task.stage)!, task.seed)) {
      cachedTasks.add(task.name);
    }
  }
  if (flags.list) {
    await printList(methods, tasks, cachedTasks);
    Deno.exit(0);
  }
  let schedule: ScheduleRecord | undefined;
  if (jobs > 1) {
    // Each stage of each seed in its own process, as soon as its inputs are done; this one then reads
    // every stage from the cache, scores the methods and writes the report.
    const cache = new StageCache(cacheDir);
    const expected = new Map<string, number>();
    for (const s of stages) expected.set(s.id, (await cache.lastComputeSeconds(s.id)) ?? 1);
    const todo = flags.force ? new Set<string>() : cachedTasks;
    console.log(
      `reproduce: ${tasks.length - todo.size} stage tasks of ${tasks.length} to compute ` +
        `(${methods.length} methods × seeds ${seeds.join(",")}), ${jobs} processes at once`,
    );
    try {
      schedule = await runSchedule({
        tasks,
        done: todo,
        jobs,
        seconds: (task) => expected.get(task.stage)!,
        command: (task) => ({
          command: Deno.execPath(),
          args: [
            "run",
            "-A",
            fromFileUrl(import.meta.url),
            `--stage=${task.stage}`,
            `--seeds=${task.seed}`,
            "--threads=1",
            `--cache=${cacheDir}`,
            ...(flags.quick ? ["--quick"] : []),
            ...(flags.force ? ["--force"] : []),
            ...(flags.data !== undefined ? [`--data=${flags.data}`] : []),
          ],
          env: { [PARENT_ENV]: "1" },
        }),
        onLine: (task, line) => console.log(`[${task.name}] ${line}`),
      });
    } catch (error) {
      console.error(`reproduce: failed: ${error instanceof Error ? error.message : error}`);
      Deno.exit(1);
    }
  }
  console.log(
    `reproduce: ${partial ? `methods ${methods.map((m) => m.id).join(",")}, ` : ""}seeds ${seeds.join(",")}` +
      `${flags.quick ? " (quick slice)" : ""}, backend ${backend.backend} (SIMD, ${backend.threads} thread` +
      `${backend.threads > 1 ? "s" : ""}), output ${outDir}`,
  );
  const results = await reproduce({
    config,
    methods,
    seeds,
    outDir,
    cacheDir,
    figures: REPORT_FIGURES,
    // After --jobs, the stage processes computed (or recomputed) every stage.
    force: flags.force && schedule === undefined,
    schedule,
    dataDir: flags.data,
    threads: backend.threads,
    onProgress: progressPrinter(),
    onWarning,
    runStartedAt,
  });
  for (const m of results.methods) {
    const s = m.metrics;
    const f = (v: { mean: number; std: number }) => `${v.mean.toFixed(4)}±${v.std.toFixed(4)}`;
    console.log(
      `${m.id.padEnd(12)} test AMI ${f(s.ami)} NMI ${f(s.nmi)} ARI ${f(s.ari)} ACC ${f(s.acc)}` +
        (m.reference ? `  (report AMI ${m.reference.ami})` : ""),
    );
  }
  await writeReport({ outDir, onLog: (line) => console.log(line) });
  if (defaultOut && !partial && !flags["no-notebooks"] && seeds.includes(0)) {
    // The executed notebooks and their HTML, read from the cache this run filled; the notebooks task lists
    // them in index.html.
    const notebooks = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        join(ROOT, "tasks", "notebooks.ts"),
        "--size",
        flags.quick ? "quick" : "full",
        "--out",
        join(outDir, "notebooks"),
        "--cache",
        cacheDir,
      ],
      env: flags.data ? { FASHION_MNIST_DIR: resolve(flags.data) } : {},
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!notebooks.success) {
      throw new Error("the notebooks did not all execute (see above); the report is written");
    }
  }
  console.log(
    `reproduce: done in ${formatDuration((performance.now() - t0) / 1000)}; see ${join(outDir, "REPORT.md")}`,
  );
} catch (error) {
  console.error(`reproduce: failed: ${error instanceof Error ? error.message : error}`);
  Deno.exitCode = 1;
} finally {
  await shutdownTensorBackend();
}
// A stage process waits on its stdin for the parent's end: exit now, with the code set above.
if (stage !== undefined) Deno.exit(Deno.exitCode);

/** `--list`: every method's stages, with their inputs, whether cached per seed, and last compute time. */
async function printList(
  listed: typeof METHODS,
  tasks: ReturnType<typeof planTasks>,
  cached: ReadonlySet<string>,
): Promise<void> {
  const cache = new StageCache(cacheDir);
  const lines: string[] = [];
  for (const method of listed) {
    lines.push(`${method.id} (${method.protocol}, ${method.section}): ${method.label(config)}`);
    for (const s of methodStages([method])) {
      const inputs = Object.values(s.inputs as Record<string, { id: string }>).map((i) => i.id);
      const perSeed = tasks.filter((t) => t.stage === s.id).map((t) =>
        `${s.scope === "run" ? "shared by the seeds" : `seed ${t.seed}`} ${
          cached.has(t.name) ? "cached" : "not cached"
        }`
      );
      const last = await cache.lastComputeSeconds(s.id);
      lines.push(
        `  ${s.id.padEnd(30)} ${inputs.length > 0 ? `after ${inputs.join(", ")}` : "from the data"}; ` +
          `${perSeed.join(", ")}; last computed in ${last === undefined ? "-" : formatDuration(last)}`,
      );
    }
  }
  console.log(lines.join("\n"));
}
