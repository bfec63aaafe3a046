// `deno task reproduce`: every stage of the report, from the data to report/ (results, figures, REPORT.md).
import { initTensorBackend, shutdownTensorBackend } from "../lib/backend/mod.ts";
import { DEFAULT_CONFIG, formatDuration, QUICK_CONFIG, reproduce } from "../lib/pipeline/mod.ts";
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
  threads: { type: "string", help: "WASM backend threads", default: String(navigator.hardwareConcurrency) },
});
const seeds = parseIntegerList(TASK, "seeds", flags.seeds!);
const threads = parsePositiveInteger(TASK, "threads", flags.threads!);
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

const backend = await initTensorBackend({ threads });
console.log(
  `reproduce: seeds ${seeds.join(",")}${flags.quick ? " (quick slice)" : ""}, backend ${backend.backend}` +
    ` (SIMD, ${backend.threads} thread${backend.threads > 1 ? "s" : ""}), output ${outDir}`,
);
const t0 = performance.now();
try {
  const results = await reproduce({
    config,
    seeds,
    outDir,
    cacheDir,
    force: flags.force,
    dataDir: flags.data,
    threads: backend.threads,
    onProgress: progressPrinter(),
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
  console.log(
    `reproduce: done in ${formatDuration((performance.now() - t0) / 1000)}; see ${join(outDir, "REPORT.md")}`,
  );
} catch (error) {
  console.error(`reproduce: failed: ${error instanceof Error ? error.message : error}`);
  Deno.exitCode = 1;
} finally {
  await shutdownTensorBackend();
}
