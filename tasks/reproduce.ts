// `deno task reproduce`: every stage of the report, from the data to report/ (results, figures, REPORT.md).
import { initTensorBackend, shutdownTensorBackend } from "../lib/backend/mod.ts";
import {
  DEFAULT_CONFIG,
  formatDuration,
  type ParallelRun,
  PART_DEPENDENCIES,
  QUICK_CONFIG,
  reproduce,
  runPartsInParallel,
  SEED_PARTS,
  type SeedPart,
} from "../lib/pipeline/mod.ts";
import { fromFileUrl, join } from "../lib/std.ts";
import { resolveFashionMnistDir } from "../lib/data/mod.ts";
import {
  badFlag,
  checkOutputFolder,
  parseFlags,
  parseIntegerList,
  parsePositiveInteger,
  progressPrinter,
} from "./_cli.ts";
import { writeReport } from "./report.ts";

const TASK = "reproduce";
/** Set in the environment of the parts' processes that --jobs starts. */
const PARENT_ENV = "REPRODUCE_PARENT";
const ROOT = fromFileUrl(new URL("..", import.meta.url));

const flags = parseFlags(TASK, Deno.args, {
  seeds: {
    type: "string",
    help: "comma-separated seeds; metrics are mean ± std over them",
    default: "0,1,2",
  },
  quick: { type: "boolean", help: "run the whole graph on a small slice (smoke check, < 2 min)" },
  force: { type: "boolean", help: "recompute every stage even if cached" },
  data: {
    type: "string",
    help: "folder with the four Fashion-MNIST IDX files (else FASHION_MNIST_DIR, data/, Debian's)",
  },
  out: { type: "string", help: "output folder", default: "report (report/quick with --quick)" },
  cache: { type: "string", help: "stage cache folder", default: ".cache/stages" },
  threads: {
    type: "string",
    help: "WASM backend threads (with --jobs above 1: of the final scoring step; each part's process runs 1)",
    default: String(navigator.hardwareConcurrency),
  },
  jobs: {
    type: "string",
    help: "processes at once: each seed's report, self-training and beyond parts run in their own " +
      "single-threaded process (1: every stage in this process)",
    default: String(Math.min(2, navigator.hardwareConcurrency)),
  },
  parts: {
    type: "string",
    help:
      "only these parts of each seed (report,self-training,beyond), filling the stage cache; used by --jobs",
  },
});
const seeds = parseIntegerList(TASK, "seeds", flags.seeds!);
const threads = parsePositiveInteger(TASK, "threads", flags.threads!);
const jobs = parsePositiveInteger(TASK, "jobs", flags.jobs!);
const parts = flags.parts === undefined ? undefined : flags.parts.split(",").map((part) => {
  if (!(SEED_PARTS as readonly string[]).includes(part)) {
    badFlag(
      TASK,
      `--parts must be a comma-separated list of ${SEED_PARTS.join(", ")}, current value is "${flags.parts}"`,
    );
  }
  return part as SeedPart;
});
if (parts !== undefined && Deno.env.get(PARENT_ENV) === "1") {
  // A part's process started by --jobs: end when the parent ends (its piped stdin closes), killed or not.
  (async () => {
    for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
    Deno.exit(130);
  })();
}
const config = flags.quick ? QUICK_CONFIG : DEFAULT_CONFIG;
const outDir = flags.out && !flags.out.startsWith("report (")
  ? flags.out
  : join(ROOT, flags.quick ? "report/quick" : "report");
const cacheDir = flags.cache!.startsWith("/") ? flags.cache! : join(ROOT, flags.cache!);
checkOutputFolder(TASK, "out", outDir);
checkOutputFolder(TASK, "cache", cacheDir);
if (flags.data !== undefined) {
  // Before the backend starts: a --data folder without the four files fails at once.
  await resolveFashionMnistDir(flags.data).catch((error) => badFlag(TASK, error.message));
}

const t0 = performance.now();
let parallel: ParallelRun | undefined;
if (parts === undefined && jobs > 1) {
  // Each part in its own process; this one then scores the methods from the cache and writes the report.
  // The longest parts first, report and beyond seed by seed, then self-training (each after its seed's
  // report, whose trained autoencoder it starts from). Report first lets the first self-training part start
  // sooner: replaying the parts' times of two runs, this order ends 25-50 s before beyond-first.
  const tasks = [
    ...seeds.flatMap((seed) => (["report", "beyond"] as const).map((part) => ({ seed, part }))),
    ...seeds.map((seed) => ({ seed, part: "self-training" as const })),
  ];
  console.log(
    `reproduce: ${tasks.length} parts (${SEED_PARTS.join(", ")} × seeds ${seeds.join(",")}), ${jobs} at once`,
  );
  try {
    parallel = await runPartsInParallel({
      tasks,
      jobs,
      after: ({ seed, part }) => {
        const first = PART_DEPENDENCIES[part];
        return first === undefined ? undefined : { seed, part: first };
      },
      command: ({ seed, part }) => ({
        command: Deno.execPath(),
        args: [
          "run",
          "-A",
          fromFileUrl(import.meta.url),
          `--seeds=${seed}`,
          `--parts=${part}`,
          "--threads=1",
          `--cache=${cacheDir}`,
          ...(flags.quick ? ["--quick"] : []),
          ...(flags.force ? ["--force"] : []),
          ...(flags.data !== undefined ? [`--data=${flags.data}`] : []),
        ],
        env: { [PARENT_ENV]: "1" },
      }),
      onLine: ({ seed, part }, line) => {
        if (!line.startsWith("reproduce: seeds")) console.log(`[${part} ${seed}] ${line}`);
      },
    });
  } catch (error) {
    console.error(`reproduce: failed: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
const backend = await initTensorBackend({ threads });
console.log(
  `reproduce: seeds ${seeds.join(",")}${flags.quick ? " (quick slice)" : ""}, backend ${backend.backend}` +
    ` (SIMD, ${backend.threads} thread${backend.threads > 1 ? "s" : ""}), output ${outDir}`,
);
try {
  const results = await reproduce({
    config,
    seeds,
    outDir,
    cacheDir,
    // After --jobs, the parts' processes computed (or recomputed) every stage.
    force: flags.force && parallel === undefined,
    parts,
    parallel,
    dataDir: flags.data,
    threads: backend.threads,
    onProgress: progressPrinter(),
  });
  if (parts !== undefined) {
    console.log(`reproduce: the ${parts.join(", ")} part(s) of seeds ${seeds.join(",")} are in ${cacheDir}`);
    Deno.exit(0);
  }
  for (const m of results.methods) {
    const s = m.metrics;
    const f = (v: { mean: number; std: number }) => `${v.mean.toFixed(4)}±${v.std.toFixed(4)}`;
    console.log(
      `${m.id.padEnd(12)} test AMI ${f(s.ami)} NMI ${f(s.nmi)} ARI ${f(s.ari)} ACC ${f(s.acc)}` +
        (m.reference ? `  (report AMI ${m.reference.ami})` : ""),
    );
  }
  await writeReport({ outDir, onLog: (line) => console.log(line) });
  console.log(
    `reproduce: done in ${formatDuration((performance.now() - t0) / 1000)}; see ${join(outDir, "REPORT.md")}`,
  );
} catch (error) {
  console.error(`reproduce: failed: ${error instanceof Error ? error.message : error}`);
  Deno.exitCode = 1;
} finally {
  await shutdownTensorBackend();
}
// A part's process waits on its stdin for the parent's end: exit now, with the code set above.
if (parts !== undefined) Deno.exit(Deno.exitCode);
