/**
 * The committed report's numbers beside a notebook's own: with the report's settings they are equal (the
 * stages are the same code on the same data and seeds); with a changed setting the difference is its
 * effect.
 *
 * @module
 */
import { METRIC_NAMES, type Results } from "../pipeline/results.ts";
import { readResults } from "../report/mod.ts";
import { fromFileUrl, join } from "../std.ts";
import type { Table } from "./media_bundle.ts";
import type { NotebookSize } from "./settings.ts";
import { METRIC_LABELS } from "../report/mod.ts";

/** The committed report's folder of each size (`report/quick/` exists once `reproduce --quick` ran). */
export const COMMITTED_REPORT_DIRS: Readonly<Record<NotebookSize, string>> = {
  full: fromFileUrl(new URL("../../report", import.meta.url)),
  quick: fromFileUrl(new URL("../../report/quick", import.meta.url)),
};

/**
 * The committed results of a size, or `undefined` when that report folder has no `results.json`.
 *
 * @example
 * ```ts
 * import { readCommittedResults } from "./committed.ts";
 * import { assertEquals } from "../std.ts";
 * const dir = await Deno.makeTempDir();
 * assertEquals(await readCommittedResults("quick", dir), undefined);
 * await Deno.remove(dir);
 * ```
 *
 * @param size The data size.
 * @param dir The report folder (default: the size's in {@linkcode COMMITTED_REPORT_DIRS}).
 * @returns The results.
 */
export async function readCommittedResults(
  size: NotebookSize,
  dir: string = COMMITTED_REPORT_DIRS[size],
): Promise<Results | undefined> {
  const exists = await Deno.stat(join(dir, "results.json")).then(() => true, () => false);
  return exists ? await readResults(dir) : undefined;
}

/**
 * A table of each method's per-seed scores in this run beside the committed report's, and whether they
 * are equal (to the last bit).
 *
 * @example
 * ```ts
 * import { committedComparisonTable } from "./committed.ts";
 * import { assertEquals } from "../std.ts";
 * const s = (v: number) => ({ mean: v, std: 0, values: [v] });
 * const row = (ami: number) => ({ id: "kmeans-raw", label: "KMeans", protocol: "inductive" as const, seeds: [0],
 *   metrics: { ami: s(ami), nmi: s(0.5), ari: s(0.4), acc: s(0.6) } });
 * const ours = { methods: [row(0.51)], manifest: {} };
 * const table = committedComparisonTable(ours, { methods: [row(0.5)], manifest: {} }, ["kmeans-raw"]);
 * assertEquals(table.rows[0], ["kmeans-raw", "0", "AMI", "0.5100", "0.5000", "no (+0.0100)"]);
 * assertEquals(committedComparisonTable(ours, undefined, ["kmeans-raw"]).rows[0][4], "—");
 * ```
 *
 * @param ours This run's results.
 * @param committed The committed results (none: dashes).
 * @param ids The methods to compare.
 * @returns One row per method, seed and metric.
 * @throws {RangeError} When an id names no method of this run.
 */
export function committedComparisonTable(
  ours: Results,
  committed: Results | undefined,
  ids: readonly string[],
): Table {
  const rows: string[][] = [];
  for (const id of ids) {
    const mine = ours.methods.find((m) => m.id === id);
    if (!mine) {
      throw new RangeError(
        `Cannot compare with the committed report: this run has no method "${id}"; it has ${
          ours.methods.map((m) => m.id).join(", ")
        }`,
      );
    }
    const theirs = committed?.methods.find((m) => m.id === id);
    for (const [i, seed] of mine.seeds.entries()) {
      const j = theirs?.seeds.indexOf(seed) ?? -1;
      for (const n of METRIC_NAMES) {
        const value = mine.metrics[n].values[i];
        const reference = j >= 0 ? theirs!.metrics[n].values[j] : undefined;
        const diff = reference === undefined ? undefined : value - reference;
        rows.push([
          id,
          String(seed),
          METRIC_LABELS[n],
          value.toFixed(4),
          reference === undefined ? "—" : reference.toFixed(4),
          diff === undefined ? "—" : diff === 0 ? "yes" : `no (${diff > 0 ? "+" : ""}${diff.toFixed(4)})`,
        ]);
      }
    }
  }
  return {
    headers: ["Method", "Seed", "Metric", "This run", "Committed report", "Equal"],
    rows,
    align: ["l", "l", "l", "r", "r", "l"],
  };
}
