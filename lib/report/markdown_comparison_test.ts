import { assert, assertEquals } from "../std.ts";
import { PUBLISHED_RESULTS } from "../methods/mod.ts";
import type { MethodResult, Results } from "../pipeline/results.ts";
import { comparisonRows } from "./markdown_comparison.ts";
import { reportMarkdown } from "./report_markdown.ts";

const summary = (mean: number, std = 0.01) => ({ mean, std, values: [mean - std, mean + std] });
const row = (id: string, protocol: MethodResult["protocol"], acc: number, nmi: number): MethodResult => ({
  id,
  label: id,
  protocol,
  seeds: [0, 1],
  metrics: { ami: summary(nmi), nmi: summary(nmi), ari: summary(acc - 0.1), acc: summary(acc) },
});
const results: Results = {
  methods: [
    row("kmeans-raw", "inductive", 0.55, 0.51),
    row("stack-umap-gmm", "inductive", 0.67, 0.7),
    row("stack-umap-gmm-transductive", "transductive", 0.74, 0.7),
  ],
  manifest: {
    data: { source: "x", sha256: {}, nTrain: 60000, nTest: 10000 },
    stages: [
      { stage: "stack-descriptors", seed: 0, seconds: 100, cached: false, key: "a", computeSeconds: 100 },
      {
        stage: "stack-umap-gmm-inductive",
        seed: 0,
        seconds: 50,
        cached: false,
        key: "b",
        computeSeconds: 50,
      },
      {
        stage: "stack-umap-gmm-inductive",
        seed: 1,
        seconds: 70,
        cached: false,
        key: "c",
        computeSeconds: 70,
      },
    ],
  },
};

Deno.test("comparisonRows() gives each of our rows beyond the report and each published number once, by ACC", () => {
  const rows = comparisonRows(results);
  // kmeans-raw is compared with the report's own number instead.
  assertEquals(rows.filter((r) => r.ours).map((r) => r.method), [
    "stack-umap-gmm-transductive",
    "stack-umap-gmm",
  ]);
  assertEquals(rows.filter((r) => !r.ours).length, PUBLISHED_RESULTS.length);
  const accs = rows.map((r) => r.acc ?? -1);
  assertEquals(accs, [...accs].sort((a, b) => b - a));
  // A published row without an ACC (NMI only) comes last.
  assertEquals(rows.at(-1)!.acc, undefined);
  const transductive = rows.find((r) => r.method === "stack-umap-gmm-transductive")!;
  assertEquals([transductive.scoredOn, transductive.runs], ["all (70,000)", "2 seeds (mean ± std)"]);
  // Seed 1 reads the descriptors computed once for seed 0: (100 + 50 + 100 + 70) / 2 = 160 s per seed.
  assertEquals(
    rows.find((r) => r.method === "stack-umap-gmm")!.compute,
    "CPU, 2 min 40 s per seed (1 thread per stage)",
  );
  // The transductive stage's time is not recorded: no compute time is claimed.
  assertEquals(transductive.compute, "CPU");
});

Deno.test("reportMarkdown() has one comparison table, each row once, ours marked", () => {
  const md = reportMarkdown({ results });
  const table = md.slice(md.indexOf("### Beyond the report"), md.indexOf("### Settings and why"));
  const lines = table.split("\n").filter((l) =>
    l.startsWith("| ") && !l.startsWith("| Method") && !l.startsWith("| ---")
  );
  assertEquals(lines.length, 2 + PUBLISHED_RESULTS.length);
  assert(lines[0].startsWith("| DCCS | published | transductive | all |"), lines[0]);
  assert(
    lines.some((l) => l.startsWith("| `stack-umap-gmm-transductive` | ours | transductive | all (70,000) |")),
  );
  assert(
    md.includes(
      "`stack-umap-gmm-transductive` reaches ACC 0.7400 ± 0.0100 and NMI 0.7000 ± 0.0100 on all 70,000 images",
    ),
  );
});
