/**
 * `REPORT.md`'s closing sections: "Conclusion" (which pipelines met the report's AMI, the ranking, the
 * run's notes) and "Reproducibility" (the command, the code version, the schedule and its prediction, the
 * versions and the time of every stage).
 *
 * @module
 */
import { bytes, fixed, markdownTable, seconds, signed } from "../format/mod.ts";
import type { Manifest, StageTiming } from "../pipeline/results.ts";
import type { ReportContext } from "./markdown_context.ts";
import { compareWithReference, type ReferenceComparison } from "./markdown_setup.ts";

/** The report's ranking of methods by AMI against ours, as a sentence. */
function rankingSentence(comparisons: ReferenceComparison[]): string | undefined {
  // One method per published number: variants sharing a reference (e.g. `-unscaled`) are not ranked twice.
  const seen = new Set<number>();
  comparisons = comparisons.filter((c) => !seen.has(c.reference) && seen.add(c.reference));
  if (comparisons.length < 2) return undefined;
  const byRef = [...comparisons].sort((a, b) => b.reference - a.reference).map((c) => c.id);
  const byOurs = [...comparisons].sort((a, b) => b.ours - a.ours).map((c) => c.id);
  const same = byRef.every((id, i) => id === byOurs[i]);
  return `The report ranks the pipelines by AMI as ${byRef.join(" > ")}; ours rank ${byOurs.join(" > ")}` +
    (same ? ", the same order." : ", a different order.");
}

/**
 * "Conclusion": each pipeline with a report number, met or not and by how much, the ranking, and the
 * run's notes.
 *
 * @param c The report's context.
 * @returns Markdown lines.
 */
export function conclusionSection(c: ReportContext): string[] {
  const { results, config, manifest } = c;
  const comparisons = compareWithReference(results);
  const lines = ["## Conclusion", ""];
  if (comparisons.length === 0) {
    lines.push("No method in this run has a reference value from the report.", "");
  } else {
    for (const r of comparisons) {
      const spread = !r.met && results.methods.find((m) => m.id === r.id)!.seeds.length > 1
        ? r.withinOneStd ? ", within one standard deviation" : ", more than one standard deviation below"
        : "";
      lines.push(
        `- ${r.label} (\`${r.id}\`): test AMI ${fixed(r.ours)} ± ${fixed(r.std)} ` +
          `${r.met ? "met" : "did not meet"} the report's AMI of ${fixed(r.reference)} (${
            signed(r.difference)
          }${spread}).`,
      );
    }
    const nMet = comparisons.filter((r) => r.met).length;
    lines.push("", `${nMet} of ${comparisons.length} pipelines met the report's AMI.`);
    const ranking = rankingSentence(comparisons);
    if (ranking) lines.push(ranking);
    lines.push("");
  }
  if (config?.quick === true) {
    lines.push(
      "This was a quick slice; run `deno task reproduce` without `--quick` for the report's protocol.",
      "",
    );
  }
  const notes = manifest.notes ?? [];
  if (notes.length > 0) lines.push("Notes:", "", ...notes.map((n) => `- ${n}`), "");
  return lines;
}

/**
 * The scheduler's record (how many stage processes ran, at most how many at once) and what the recorded
 * stage times predict for 1 to 16 processes, with the critical path.
 */
function scheduleLines(manifest: Manifest): string[] {
  const lines: string[] = [];
  const schedule = manifest.schedule;
  if (schedule !== undefined) {
    lines.push(
      `- Schedule: ${schedule.tasks.length} stage tasks (one stage of one seed each) computed in up to ` +
        `${schedule.jobs} single-threaded processes at once, each as soon as its inputs were done ` +
        `(${schedule.cached.length} already cached), ${seconds(schedule.wallSeconds)} of the wall time; ` +
        "the numbers do not depend on the thread count or the process layout",
    );
  }
  const prediction = manifest.prediction;
  if (prediction !== undefined) {
    lines.push(
      `- Predicted wall time of the stages from their recorded compute times (the scheduler replayed, ` +
        `${seconds(prediction.overheadSeconds)} of process start-up added per stage): ` +
        prediction.wallSeconds.map((p) => `${p.jobs} process${p.jobs > 1 ? "es" : ""} ${seconds(p.seconds)}`)
          .join(", ") +
        `. Critical path (${seconds(prediction.criticalPath.seconds)}, no number of processes is faster): ` +
        prediction.criticalPath.tasks.map((t) => `\`${t}\``).join(" → "),
    );
  }
  return lines;
}

/**
 * The time of every stage, then the compute per seed. A stage shared by the seeds (one cache entry) is
 * computed once: its later rows name the seed whose row counts its compute time.
 */
function stageTimeLines(stages: readonly StageTiming[]): string[] {
  const firstSeedOfEntry = new Map<string, number>();
  const sharedWith = stages.map((s) => {
    const entry = `${s.stage}/${s.key}`;
    const first = firstSeedOfEntry.get(entry);
    if (first === undefined) firstSeedOfEntry.set(entry, s.seed);
    return first;
  });
  const lines = [
    "",
    "Time per stage (compute time: when the stage was computed, in this run or the one that cached it):",
    "",
    markdownTable(
      ["Stage", "Seed", "Compute time", "This run", "Cached"],
      stages.map((s, i) => [
        s.stage,
        String(s.seed),
        sharedWith[i] !== undefined
          ? `shared with seed ${sharedWith[i]}`
          : s.computeSeconds !== undefined
          ? seconds(s.computeSeconds)
          : "—",
        seconds(s.seconds),
        s.cached ? "yes" : "no",
      ]),
      ["l", "l", "r", "r", "l"],
    ),
  ];
  // Summed only for seeds whose every stage has a known compute time; a shared stage counts once.
  const perSeed = new Map<number, number | undefined>();
  for (const [i, s] of stages.entries()) {
    const t = sharedWith[i] !== undefined ? 0 : s.computeSeconds ?? (s.cached ? undefined : s.seconds);
    const sofar = perSeed.has(s.seed) ? perSeed.get(s.seed) : 0;
    perSeed.set(s.seed, sofar === undefined || t === undefined ? undefined : sofar + t);
  }
  const known = [...perSeed].filter(([, t]) => t !== undefined);
  if (known.length > 0) {
    lines.push(
      "",
      `Compute time per seed (all stages): ${
        known.map(([seed, t]) => `seed ${seed}: ${seconds(t!)}`).join(", ")
      }.`,
    );
  }
  return lines;
}

/**
 * "Reproducibility": the command that reproduces the run, the code version, the schedule and its
 * prediction, the wall time, the backend, memory, versions and the time of every stage.
 *
 * @param c The report's context.
 * @returns Markdown lines.
 */
export function reproducibilitySection(c: ReportContext): string[] {
  const { manifest, seeds, config } = c;
  const lines = ["## Reproducibility", ""];
  if (seeds.length > 0) {
    const defaultSeeds = seeds.join(",") === "0,1,2";
    lines.push(
      `- Command: \`deno task reproduce${defaultSeeds ? "" : ` --seeds ${seeds.join(",")}`}${
        config?.quick === true ? " --quick" : ""
      }\`${defaultSeeds ? " (seeds 0, 1, 2 are its default)" : ""} ` +
        "(stages are cached; `--force` recomputes them), then `deno task report`.",
    );
  }
  if (manifest.code) {
    lines.push(
      `- Code version: \`${manifest.code.sha256.slice(0, 16)}\` (SHA-256 of the ${manifest.code.files} ` +
        "computing source files under lib/ and deno.lock; every stage's cache key includes it)",
    );
  }
  lines.push(...scheduleLines(manifest));
  if (manifest.startedAt !== undefined) lines.push(`- Run started: ${manifest.startedAt}`);
  const stages = manifest.stages ?? [];
  if (manifest.wallSeconds !== undefined) {
    const cached = stages.filter((s) => s.cached).length;
    lines.push(
      `- Wall time: ${seconds(manifest.wallSeconds)}` +
        (cached > 0
          ? ` (${cached} of ${stages.length} stages were read from the cache; their compute times are below)`
          : ""),
    );
  }
  if (manifest.backend) {
    lines.push(`- Tensor backend: ${manifest.backend.name}, ${manifest.backend.threads} thread(s)`);
  }
  if (manifest.peakRssBytes !== undefined) {
    lines.push(`- Peak resident memory: ${bytes(manifest.peakRssBytes)}`);
  }
  if (manifest.versions) {
    lines.push(
      "",
      markdownTable(["Component", "Version"], Object.entries(manifest.versions).map(([k, v]) => [k, v])),
    );
  }
  if (stages.length > 0) lines.push(...stageTimeLines(stages));
  lines.push(
    "",
    "Files: `results.json` (all numbers), `artifacts.json` (predictions and autoencoder artifacts), " +
      "`results.md` and `results.csv` (the tables), `figures/`.",
    "",
  );
  return lines;
}
