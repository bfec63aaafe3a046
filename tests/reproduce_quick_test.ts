// End to end on the quick slice: `deno task reproduce --quick` connects every stage, writes a valid
// results.json and the report; a killed run resumes without recomputing finished stages; `deno task report`
// regenerates identical files.
import { validateResults } from "../lib/pipeline/mod.ts";
import { assert, assertEquals, fromFileUrl, join } from "../lib/std.ts";
import { decodePng } from "../lib/plot/mod.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));

function task(script: string, args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "tasks", script), ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

async function run(script: string, args: string[]): Promise<string> {
  const out = await task(script, args).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert(out.success, `${script} ${args.join(" ")} failed:\n${text}`);
  return text;
}

/** Runs reproduce and SIGKILLs it as soon as `marker` appears in its output. */
async function runUntil(args: string[], marker: string): Promise<string> {
  const child = task("reproduce.ts", args);
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    text += decoder.decode(chunk);
    if (text.includes(marker)) {
      child.kill("SIGKILL");
      break;
    }
  }
  await child.stderr.cancel();
  await child.status;
  return text;
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (d: string) => {
    for await (const entry of Deno.readDir(d)) {
      const path = join(d, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.name !== "results.json" && entry.name !== "artifacts.json") {
        const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
        files.set(path.slice(dir.length), Array.from(new Uint8Array(digest)).join(","));
      }
    }
  };
  await walk(dir);
  return files;
}

Deno.test({
  name: "reproduce --quick runs every stage, resumes after a kill, and report regenerates identical files",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const tmp = await Deno.makeTempDir({ prefix: "reproduce-quick-" });
    try {
      const out = join(tmp, "report");
      // One process: the stage order and the kill/resume below are those of a sequential run (the parallel
      // parts are checked by reproduce_determinism_test.ts).
      const args = [
        "--quick",
        "--seeds",
        "0",
        "--jobs",
        "1",
        "--out",
        out,
        "--cache",
        join(tmp, "cache"),
        "--threads",
        "1",
      ];

      // 1. Killed right after the first stage finished: nothing is written to the report yet.
      const killed = await runUntil(args, "kmeans-raw [seed 0] done");
      assert(killed.includes("kmeans-raw [seed 0] done"), killed);

      // 2. The rerun reuses the finished stage and computes the rest.
      const resumed = await run("reproduce.ts", args);
      assert(/kmeans-raw \[seed 0\] done in .*\(cached\)/.test(resumed), resumed);
      assert(/autoencoder \[seed 0\] done in [^\n(]*\n/.test(resumed), resumed);

      const results = validateResults(JSON.parse(await Deno.readTextFile(join(out, "results.json"))));
      assertEquals(results.methods.map((m) => m.id), [
        "kmeans-raw",
        "ae-kmeans",
        "ae-gmm",
        "ae-kmeans-unscaled",
        "ae-gmm-unscaled",
        "ae-umap-gmm",
        "ae-umap-gmm-transductive",
        "stack-umap-gmm",
        "stack-umap-gmm-transductive",
        "stack-umap-gmm-scan",
        "ae-dec",
        "ae-idec",
      ]);
      const transductive = results.methods.find((m) => m.id === "ae-umap-gmm-transductive")!;
      assertEquals(transductive.protocol, "transductive");
      assert(transductive.published!.some((p) => p.acc === 0.672 && p.nmi === 0.684));
      for (const method of results.methods.filter((m) => m.protocol === "inductive")) {
        assertEquals(method.seeds, [0]);
        assert(
          method.metrics.ami.mean > 0.3,
          `${method.id} AMI ${method.metrics.ami.mean} is not a real clustering`,
        );
        assert(method.metrics.acc.mean > 0.3 && method.metrics.acc.mean <= 1);
        // The report's methods carry its published AMI; the methods beyond it do not.
        const beyond = method.id.startsWith("ae-umap") || method.id.startsWith("stack-") ||
          method.id === "ae-dec" || method.id === "ae-idec";
        assertEquals(method.reference !== undefined, !beyond, method.id);
      }
      const stages = results.manifest.stages as { stage: string; cached: boolean }[];
      assertEquals(stages.map((s) => s.stage), [
        "kmeans-raw",
        "autoencoder",
        "ae-kmeans",
        "ae-gmm",
        "ae-gmm-unscaled",
        "autoencoder-dense",
        "ae-umap-gmm-inductive",
        "ae-umap-gmm-transductive",
        "stack-descriptors",
        "stack-umap-gmm-inductive",
        "stack-umap-gmm-transductive",
        "stack-umap-gmm-scan-inductive",
        "ae-dec-start",
        "ae-dec",
        "ae-idec",
      ]);
      assertEquals(stages.map((s) => s.cached), [true, ...new Array(14).fill(false)]);
      // The UMAP rows record which autoencoder they used and why.
      const umapRow = results.methods.find((m) => m.id === "ae-umap-gmm")!;
      const choice = (umapRow.details as { perSeed: { autoencoderChoice: { candidates: unknown[] } }[] })
        .perSeed[0].autoencoderChoice;
      assertEquals(choice.candidates.length, 1);
      // The stack rows record their blocks; DEC and IDEC their KMeans start's scores.
      const stackRow = results.methods.find((m) => m.id === "stack-umap-gmm")!;
      const stack = (stackRow.details as { perSeed: { stack: { blocks: string[]; widths: number[] } }[] })
        .perSeed[0].stack;
      assertEquals(stack.blocks, ["hog", "scattering", "patches"]);
      assertEquals(stack.widths, [20, 20, 20]);
      // The SCAN row starts from the inductive mixture: its losses are recorded, warm-up first.
      const scanRow = results.methods.find((m) => m.id === "stack-umap-gmm-scan")!;
      assertEquals(scanRow.protocol, "inductive");
      const scanSeed = (scanRow.details as {
        perSeed: { history: { phase: string }[]; changedFromMixture: number }[];
      }).perSeed[0];
      assertEquals(scanSeed.history.map((h) => h.phase), ["warm", "scan", "scan"]);
      assert(scanSeed.changedFromMixture >= 0 && scanSeed.changedFromMixture < 0.5);
      for (const id of ["ae-dec", "ae-idec"]) {
        const row = results.methods.find((m) => m.id === id)!;
        const start = (row.details as { perSeed: { start: { test: { ami: number } } }[] }).perSeed[0].start;
        assert(start.test.ami > 0.3 && start.test.ami < 1, `${id} start AMI ${start.test.ami}`);
      }
      const dec = results.methods.find((m) => m.id === "ae-dec")!;
      assertEquals(dec.published?.[0].acc, 0.618);
      // The selection used the validation split and recorded every candidate.
      const aeGmm = results.methods.find((m) => m.id === "ae-gmm")!;
      const perSeed =
        (aeGmm.details as { perSeed: { selected: string; candidates: unknown[] }[] }).perSeed[0];
      assertEquals(perSeed.candidates.length, 6);
      assert(perSeed.selected.length > 0);

      // 3. The report: tables, figures (valid PNG with content, SVG with text) and REPORT.md.
      const report = await Deno.readTextFile(join(out, "REPORT.md"));
      for (const heading of ["Dataset", "Preprocessing", "Architecture", "Results", "Conclusion"]) {
        assert(report.includes(`## ${heading}`), `REPORT.md lacks ## ${heading}`);
      }
      const table = await Deno.readTextFile(join(out, "results.md"));
      assert(table.includes(results.methods[0].metrics.ami.mean.toFixed(4)), table);
      let pngs = 0;
      let svgs = 0;
      for await (const entry of Deno.readDir(join(out, "figures"))) {
        const path = join(out, "figures", entry.name);
        if (entry.name.endsWith(".png")) {
          const image = await decodePng(await Deno.readFile(path));
          assert(image.width > 50 && image.height > 50, `${entry.name} is ${image.width}×${image.height}`);
          pngs++;
        } else if (entry.name.endsWith(".svg")) {
          const svg = await Deno.readTextFile(path);
          assert(svg.startsWith("<svg") && svg.includes("<text"), `${entry.name} has no text`);
          svgs++;
        }
      }
      assert(pngs >= 8 && svgs >= 3, `only ${pngs} PNG and ${svgs} SVG figures`);
      for (
        const name of [
          "dataset_samples.png",
          "reconstructions.png",
          "loss_curves.svg",
          "embedding_classes.svg",
        ]
      ) {
        assert((await Deno.stat(join(out, "figures", name))).isFile, `figures/${name} is missing`);
      }

      // 4. `deno task report` regenerates identical files without retraining.
      const before = await snapshot(out);
      await run("report.ts", ["--out", out]);
      assertEquals(await snapshot(out), before);

      // 5. A third run finds every stage cached.
      const third = await run("reproduce.ts", args);
      assertEquals((third.match(/\(cached\)/g) ?? []).length, 15, third);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
