import { assert, assertEquals } from "../std.ts";
import { fabricateRun } from "./_fixtures.ts";
import { METRIC_NAMES } from "../pipeline/results.ts";
import { resultsCsv, resultsMarkdown, resultsTableMarkdown, trainTableMarkdown } from "./results_table.ts";

const dir = await Deno.makeTempDir();
const { results } = await fabricateRun(dir, { nTest: 200, seeds: [0, 1] });
await Deno.remove(dir, { recursive: true });

Deno.test("resultsTableMarkdown() shows every metric as mean ± std with 4 decimals and the report's AMI", () => {
  const md = resultsTableMarkdown(results);
  const lines = md.split("\n");
  assertEquals(lines.length, 2 + results.methods.length);
  for (const [i, m] of results.methods.entries()) {
    const cells = lines[2 + i].split(" | ").map((c) => c.replace(/^\| |\s*\|$/g, ""));
    const scoredOn = m.protocol === "inductive" ? "test (200)" : "all (3,200)";
    assertEquals(cells.slice(0, 5), [m.id, m.label, m.protocol, scoredOn, m.seeds.join(", ")]);
    METRIC_NAMES.forEach((n, k) => {
      assertEquals(cells[5 + k], `${m.metrics[n].mean.toFixed(4)} ± ${m.metrics[n].std.toFixed(4)}`);
    });
    assertEquals(cells[9], m.reference!.ami.toFixed(4));
    assertEquals(Number(cells[10]), Number((m.metrics.ami.mean - m.reference!.ami).toFixed(4)));
  }
});

Deno.test("trainTableMarkdown() shows fitted-data metrics and the scored minus fitted AMI", () => {
  const md = trainTableMarkdown(results);
  for (const m of results.methods) {
    const t = m.trainMetrics!;
    assert(md.includes(`| ${m.id} | ${m.label} | ${t.ami.mean.toFixed(4)} ± ${t.ami.std.toFixed(4)} |`));
    const diff = m.metrics.ami.mean - t.ami.mean;
    assert(md.includes(`${diff >= 0 ? "+" : ""}${diff.toFixed(4)} |`));
  }
});

Deno.test("trainTableMarkdown() shows dashes for a method without training metrics", () => {
  const { trainMetrics: _, ...method } = results.methods[0];
  const md = trainTableMarkdown({ methods: [method], manifest: {} });
  assert(md.split("\n")[2].includes("| — | — | — | — |"));
});

Deno.test("resultsMarkdown() holds the scored and fitted-data tables", () => {
  const md = resultsMarkdown(results);
  assert(md.includes("## Scored data\n\n" + resultsTableMarkdown(results)));
  assert(md.includes(trainTableMarkdown(results)));
});

Deno.test("resultsCsv() round-trips every mean and std of results.json exactly", () => {
  const lines = resultsCsv(results).trimEnd().split("\n");
  const header = lines[0].split(",");
  assertEquals(lines.length, 1 + 2 * results.methods.length);
  for (const m of results.methods) {
    for (const split of ["test", "fitted"] as const) {
      const line = lines.find((l) => l.startsWith(`${m.id},`) && l.split(",")[4] === split)!;
      const row = Object.fromEntries(line.split(",").map((v, i) => [header[i], v]));
      const metrics = split === "test" ? m.metrics : m.trainMetrics!;
      for (const n of METRIC_NAMES) {
        assertEquals(Number(row[`${n}_mean`]), metrics[n].mean);
        assertEquals(Number(row[`${n}_std`]), metrics[n].std);
      }
      assertEquals(row.seeds, "0;1");
      assertEquals(row.reference_ami, split === "test" ? String(m.reference!.ami) : "");
    }
  }
});

Deno.test("every results table says a transductive row is scored on all the images", () => {
  const m = { ...results.methods[0], protocol: "transductive" as const };
  const one = { methods: [m], manifest: results.manifest };
  assert(resultsTableMarkdown(one).includes(`| transductive | all (3,200) |`));
  assert(trainTableMarkdown(one).includes(`| all (3,200) |`));
  assertEquals(resultsCsv(one).split("\n")[1].split(",")[4], "all");
});

Deno.test("resultsCsv() quotes fields with commas and quotes", () => {
  const m = { ...results.methods[0], label: 'KMeans, "raw"' };
  assert(resultsCsv({ methods: [m], manifest: {} }).includes(`,"KMeans, ""raw""",`));
});
