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
    assertEquals(cells.slice(0, 4), [m.id, m.label, m.protocol, m.seeds.join(", ")]);
    METRIC_NAMES.forEach((n, k) => {
      assertEquals(cells[4 + k], `${m.metrics[n].mean.toFixed(4)} ± ${m.metrics[n].std.toFixed(4)}`);
    });
    assertEquals(cells[8], m.reference!.ami.toFixed(4));
    assertEquals(Number(cells[9]), Number((m.metrics.ami.mean - m.reference!.ami).toFixed(4)));
  }
});

Deno.test("trainTableMarkdown() shows training metrics and the test minus train AMI", () => {
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

Deno.test("resultsMarkdown() holds the test and training tables", () => {
  const md = resultsMarkdown(results);
  assert(md.includes("## Test set\n\n" + resultsTableMarkdown(results)));
  assert(md.includes(trainTableMarkdown(results)));
});

Deno.test("resultsCsv() round-trips every mean and std of results.json exactly", () => {
  const lines = resultsCsv(results).trimEnd().split("\n");
  const header = lines[0].split(",");
  assertEquals(lines.length, 1 + 2 * results.methods.length);
  for (const m of results.methods) {
    for (const split of ["test", "train"] as const) {
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

Deno.test("resultsCsv() quotes fields with commas and quotes", () => {
  const m = { ...results.methods[0], label: 'KMeans, "raw"' };
  assert(resultsCsv({ methods: [m], manifest: {} }).includes(`,"KMeans, ""raw""",`));
});
