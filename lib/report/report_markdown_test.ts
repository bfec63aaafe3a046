import { assert, assertEquals } from "../std.ts";
import { CLASS_NAMES } from "../data/mod.ts";
import { fabricateRun } from "./_fixtures.ts";
import { parseReportArtifacts } from "./report_artifacts.ts";
import { compareWithReference, reportMarkdown } from "./report_markdown.ts";
import { resultsTableMarkdown, trainTableMarkdown } from "./results_table.ts";

const dir = await Deno.makeTempDir();
const run = await fabricateRun(dir, { nTest: 200, seeds: [0, 1] });
await Deno.remove(dir, { recursive: true });
const artifacts = parseReportArtifacts(run.artifacts);
const figures = [
  {
    id: "loss_curves",
    section: "architecture" as const,
    title: "Loss",
    caption: "Loss curves.",
    image: "figures/loss_curves.png",
    files: [{ path: "figures/loss_curves.svg" }],
  },
  {
    id: "results_bar",
    section: "results" as const,
    title: "Scores",
    caption: "Scores.",
    image: "figures/results_bar.png",
  },
];

Deno.test("reportMarkdown() has the report's sections in order", () => {
  const md = reportMarkdown({ results: run.results, artifacts, figures, classNames: CLASS_NAMES });
  const headings = md.split("\n").filter((l) => l.startsWith("## "));
  assertEquals(headings, [
    "## Dataset",
    "## Preprocessing",
    "## Architecture",
    "## Results",
    "## Conclusion",
    "## Reproducibility",
  ]);
});

Deno.test("reportMarkdown() takes every number from the results, manifest and artifacts", () => {
  const md = reportMarkdown({ results: run.results, artifacts, figures, classNames: CLASS_NAMES });
  const sha = (run.results.manifest.data as { sha256: Record<string, string> }).sha256;
  for (const h of Object.values(sha)) assert(md.includes(h));
  assert(md.includes(resultsTableMarkdown(run.results)));
  assert(md.includes(trainTableMarkdown(run.results)));
  assert(md.includes("3,000 training, 200 test"));
  assert(md.includes("2,250 for training and 750 for validation"));
  assert(md.includes("| Batch size | 128 |"));
  assert(md.includes("best of 3 runs (nInit)"));
  assert(
    md.includes("chose full (seeds 0, 1) by highest validation log-likelihood"),
    "the covariance choice and its reason are stated",
  );
  assert(md.includes("Latent representation: 7×7×7 = 343 features per image."));
  assert(md.includes("| 0 | 3 | 0.01667 | 0.01700 | 0.01700 (epoch 3) | 22.0 s | 1 min 06 s |"));
  assert(md.includes("Peak resident memory: 1.50 GiB"));
  assert(md.includes("| ae-train | 1 | 1 min 01 s | 0.25 s | yes |"));
  // The stage shared by both seeds counts once, for the seed that computed it.
  assert(md.includes("| descriptors | 0 | 10.0 s | 10.0 s | no |"));
  assert(md.includes("| descriptors | 1 | shared with seed 0 | 0.50 s | yes |"));
  assert(md.includes("Compute time per seed (all stages): seed 0: 1 min 24 s, seed 1: 1 min 14 s."));
  assert(md.includes("| tfjs | 4.22.0 |"));
  assert(md.includes("- Fabricated for tests: predictions are random, perfect and noisy."));
  assert(md.includes("> **Quick slice.**"));
});

Deno.test("reportMarkdown() embeds figures in their sections and links their SVG", () => {
  const md = reportMarkdown({ results: run.results, artifacts, figures, classNames: CLASS_NAMES });
  const architecture = md.slice(md.indexOf("## Architecture"), md.indexOf("## Results"));
  assert(
    architecture.includes(
      "![Loss](figures/loss_curves.png)\n\n*Loss curves.* ([SVG](figures/loss_curves.svg))",
    ),
  );
  assert(md.slice(md.indexOf("## Results")).includes("![Scores](figures/results_bar.png)"));
});

Deno.test("reportMarkdown() states in the conclusion which pipelines met the report's AMI", () => {
  const md = reportMarkdown({ results: run.results, artifacts, classNames: CLASS_NAMES });
  const conclusion = md.slice(md.indexOf("## Conclusion"), md.indexOf("## Reproducibility"));
  const comparisons = compareWithReference(run.results);
  for (const c of comparisons) {
    assert(conclusion.includes(`(\`${c.id}\`): test AMI ${c.ours.toFixed(4)}`));
    assert(
      conclusion.includes(`${c.met ? "met" : "did not meet"} the report's AMI of ${c.reference.toFixed(4)}`),
    );
  }
  const nMet = comparisons.filter((c) => c.met).length;
  assertEquals(nMet, 1); // only the perfect predictions beat the report
  assert(conclusion.includes(`${nMet} of 3 pipelines met the report's AMI.`));
});

Deno.test("reportMarkdown() says the autoencoder part is absent when the artifacts lack it", () => {
  const results = { ...run.results, methods: run.results.methods.filter((m) => m.id === "kmeans-raw") };
  const md = reportMarkdown({
    results,
    artifacts: { ...artifacts, autoencoder: {} },
    classNames: CLASS_NAMES,
  });
  assert(md.includes("This run has no autoencoder artifacts"));
  assert(!md.includes("the autoencoder sees"));
  assert(!md.includes("Latent representation"));
});

Deno.test("reportMarkdown() is identical for identical input", () => {
  const a = reportMarkdown({ results: run.results, artifacts, figures, classNames: CLASS_NAMES });
  const b = reportMarkdown({
    results: structuredClone(run.results),
    artifacts,
    figures,
    classNames: CLASS_NAMES,
  });
  assertEquals(a, b);
});

Deno.test("reportMarkdown() shows the autoencoder sweep with its chosen point, and none without one", () => {
  const point = (learningRate: number, epoch: number, valLoss: number, testAmi: number) => ({
    architecture: "report",
    learningRate,
    epoch,
    valLoss,
    testAmi,
    trainSeconds: 60 * epoch,
  });
  const sweep = {
    points: [point(0.001, 5, 0.0123, 0.4712), point(0.003, 5, 0.0101, 0.4655)],
    selected: { architecture: "report", learningRate: 0.003, epoch: 5 },
    nTrain: 45000,
    nValidation: 15000,
    seed: 0,
    figure: "sweep.svg",
  };
  const md = reportMarkdown({ results: run.results, artifacts, sweep });
  assert(md.includes("### Autoencoder sweep"));
  assert(md.includes("![Autoencoder sweep](sweep.svg)"));
  assert(md.includes("| report | 0.003 | 5 | 0.01010 | 0.4655 |"), md);
  const rows = md.split("\n").filter((l) => l.startsWith("| report |"));
  assertEquals(rows.map((r) => r.trim().endsWith("| yes |")), [false, true]);
  assert(md.indexOf("### Autoencoder sweep") < md.indexOf("## Conclusion"));
  assert(!reportMarkdown({ results: run.results, artifacts }).includes("Autoencoder sweep"));
});

Deno.test("reportMarkdown() compares the inductive row best on mean ACC and NMI with the published rows", () => {
  const template = run.results.methods[0];
  const row = (id: string, acc: number, nmi: number) => ({
    ...template,
    id,
    protocol: "inductive" as const,
    reference: undefined,
    metrics: {
      ...template.metrics,
      acc: { ...template.metrics.acc, mean: acc, std: 0.01 },
      nmi: { ...template.metrics.nmi, mean: nmi, std: 0.01 },
    },
    published: [{ acc: 0.672, nmi: 0.684, protocol: "transductive" as const, source: "N2D" }],
  });
  // The first leads on NMI alone; the second on the mean of both.
  const results = {
    ...run.results,
    methods: [...run.results.methods, row("higher-nmi", 0.65, 0.71), row("higher-mean", 0.72, 0.69)],
  };
  const md = reportMarkdown({ results, artifacts, classNames: CLASS_NAMES });
  assert(md.includes("Our best inductive row, `higher-mean` reaches ACC 0.7200"), md);
});
