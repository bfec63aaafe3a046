// The interactive report in a real browser: `writeReport` builds index.html from a fabricated quick-slice run
// (1000 real test labels, seeded predictions), and a headless Chromium (Debian's `chromium`, driven by
// playwright-core) opens it from file:// with every non-file request blocked. Skipped only when Chromium is
// missing and the CI variable is unset: in CI it always runs.
import { chromiumInstalled, openReportPage } from "../lib/report/browser.ts";
import { fabricateRun } from "../lib/report/_fixtures.ts";
import { writeReport } from "../lib/report/mod.ts";
import { decodePng } from "../lib/plot/mod.ts";
import { METRIC_NAMES } from "../lib/pipeline/results.ts";
import { CLASS_NAMES } from "../lib/data/mod.ts";
import { assert, assertEquals, fromFileUrl, join } from "../lib/std.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));

const N_TEST = 1000;
const MEMBERS_PER_CLUSTER = 40;
const canRun = (await chromiumInstalled()) || Deno.env.get("CI") !== undefined;

interface Cell {
  method: string;
  metric?: string;
  mean?: string;
  std?: string;
  reference?: string;
  text: string;
}

Deno.test({
  name: "index.html draws the tables, the scatter with image tooltips and the cluster explorer in Chromium",
  ignore: !canRun,
  // Playwright keeps a pipe to the browser process open until close(); the sanitizers would flag it.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const dir = await Deno.makeTempDir();
    const { results, artifacts, data } = await fabricateRun(dir, { nTest: N_TEST, seeds: [0, 1] });
    const { files } = await writeReport({ outDir: dir });
    assert(files.includes("index.html"));
    const predictions = artifacts.predictions as Record<string, Record<string, number[]>>;
    const { page, errors, externalRequests, close } = await openReportPage(join(dir, "index.html"));
    const ready = () => page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    try {
      await t.step("loads with no console error and no request outside the file", async () => {
        assertEquals(await page.getAttribute("body", "data-ready"), "true");
        assertEquals(errors, []);
        assertEquals(externalRequests, []);
        assertEquals(await page.textContent("#explore-error"), "");
      });

      await t.step("the results table holds the numbers of results.json", async () => {
        const cells: Cell[] = await page.$$eval("#results-table td", (tds) =>
          tds.map((td) => ({
            method: td.parentElement!.dataset.method!,
            metric: td.dataset.metric,
            mean: td.dataset.mean,
            std: td.dataset.std,
            reference: td.dataset.reference,
            text: td.textContent!,
          })));
        const rows = await page.$$eval(
          "#results-table tbody tr",
          (trs) => trs.map((tr) => tr.dataset.method),
        );
        assertEquals(rows, results.methods.map((m) => m.id));
        for (const m of results.methods) {
          for (const n of METRIC_NAMES) {
            const cell = cells.find((c) => c.method === m.id && c.metric === n)!;
            assertEquals(Number(cell.mean), m.metrics[n].mean, `${m.id} ${n} mean`);
            assertEquals(Number(cell.std), m.metrics[n].std, `${m.id} ${n} std`);
            assertEquals(cell.text, `${m.metrics[n].mean.toFixed(4)} ± ${m.metrics[n].std.toFixed(4)}`);
          }
          const ref = cells.find((c) => c.method === m.id && c.reference !== undefined)!;
          assertEquals(Number(ref.reference), m.reference!.ami);
          assertEquals(ref.text, m.reference!.ami.toFixed(4));
        }
      });

      await t.step("the scatter draws one mark per test image of the slice", async () => {
        assertEquals(await page.locator("#scatter .mark-symbol.role-mark path").count(), N_TEST);
        assertEquals(await page.inputValue("#method-select"), "ae-gmm");
      });

      await t.step("hovering a point shows a tooltip with its image, true class and cluster", async () => {
        const box = await page.locator("#scatter .mark-symbol.role-mark path").nth(123).boundingBox();
        assert(box, "the point has no bounding box");
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        const tooltip = page.locator("#vg-tooltip-element");
        await tooltip.locator("img").waitFor({ state: "visible", timeout: 5000 });
        assert((await tooltip.locator("img").getAttribute("src"))!.startsWith("data:image/png;base64,"));
        const text = (await tooltip.textContent())!;
        const index = Number(/Test image(\d+)/.exec(text)?.[1]);
        assert(Number.isInteger(index), `no test image index in the tooltip: ${text}`);
        assert(text.includes(`True class${CLASS_NAMES[data.test.labels[index]]}`), text);
        assert(text.includes(`Clusterc${predictions["0"]["ae-gmm"][index]}:`), text);
        await page.mouse.move(0, 0);
      });

      await t.step("choosing a cluster shows its first members and its class mix", async () => {
        const options = await page.$$eval("#cluster-select option", (os) => os.map((o) => o.value));
        assertEquals(options.length, 10);
        const before = await page.$$eval("#cluster-grid img", (imgs) => imgs.map((i) => i.dataset.index));
        const cluster = Number(options[3]);
        await page.selectOption("#cluster-select", String(cluster));
        await page.waitForSelector(`#cluster-grid[data-cluster="${cluster}"]`);
        await ready();
        const pred = predictions["0"]["ae-gmm"];
        const members = pred.flatMap((k, i) => (k === cluster ? [i] : []));
        const shown = await page.$$eval(
          "#cluster-grid img",
          (imgs) => imgs.map((i) => Number(i.dataset.index)),
        );
        assertEquals(shown, members.slice(0, MEMBERS_PER_CLUSTER));
        assert(JSON.stringify(shown) !== JSON.stringify(before.map(Number)));
        assert((await page.textContent("#cluster-summary"))!.includes(`${members.length} of ${N_TEST}`));
        assertEquals(await page.locator("#class-mix .mark-rect.role-mark path").count(), CLASS_NAMES.length);
        const total = await page.evaluate(
          `globalThis.report.views.classMix.data("source_0").reduce((a, d) => a + d.count, 0)`,
        );
        assertEquals(total, members.length);
      });

      await t.step("choosing a method redraws the confusion matrix and the scatter", async () => {
        await page.selectOption("#method-select", "ae-kmeans");
        await ready();
        assert((await page.textContent("#confusion-note"))!.startsWith("Matched accuracy 100.00%"));
        assertEquals(await page.locator("#confusion .mark-rect.role-mark path").count(), 100);
        assertEquals(await page.locator("#scatter .mark-symbol.role-mark path").count(), N_TEST);
        assert((await page.textContent("#scatter"))!.includes("Autoencoder + KMeans cluster"));
        assertEquals(errors, []);
      });

      await t.step("every figure is embedded and decodes", async () => {
        const figures = await page.$$eval(
          "figure img",
          (imgs) =>
            imgs.map((i) => ({
              ok: (i as unknown as { naturalWidth: number }).naturalWidth > 0,
              src: i.getAttribute("src")!,
            })),
        );
        assertEquals(figures.length, files.filter((f) => f.endsWith(".png")).length);
        for (const f of figures) assert(f.ok && f.src.startsWith("data:image/"), f.src.slice(0, 40));
      });

      await t.step(
        "deno task screenshot saves index.png of the results and the interactive views",
        async () => {
          const out = await new Deno.Command(Deno.execPath(), {
            args: ["run", "-A", join(ROOT, "tasks", "screenshot.ts"), "--out", dir],
            cwd: ROOT,
            env: { NO_COLOR: "1" },
          }).output();
          const log = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
          assert(out.success, log);
          assertEquals(log.trim(), `screenshot: wrote ${join(dir, "index.png")}`);
          const { width, height } = await decodePng(await Deno.readFile(join(dir, "index.png")));
          assertEquals(width, 1400);
          assert(height > 900, `the screenshot is only ${height} px high`);
        },
      );
    } finally {
      await close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "index.html of a run without autoencoder, or without artifacts.json, opens without errors",
  ignore: !canRun,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    for (const artifacts of [true, false]) {
      const dir = await Deno.makeTempDir();
      await fabricateRun(dir, { nTest: 200, seeds: [0], autoencoder: false });
      if (!artifacts) await Deno.remove(join(dir, "artifacts.json"));
      await writeReport({ outDir: dir });
      const { page, errors, externalRequests, close } = await openReportPage(join(dir, "index.html"));
      try {
        assertEquals([errors, externalRequests], [[], []]);
        assertEquals(await page.locator("#results-table tbody tr").count(), 1);
        if (artifacts) {
          assertEquals(
            await page.textContent("#scatter-note"),
            "This run has no 2-D embedding of the test encodings.",
          );
          assert((await page.locator("#cluster-grid img").count()) > 0);
          assertEquals(await page.locator("#confusion .mark-rect.role-mark path").count(), 100);
        } else {
          assertEquals(await page.locator("#cluster-grid").count(), 0);
          assert((await page.textContent("#explore"))!.includes("nothing to explore"));
        }
      } finally {
        await close();
        await Deno.remove(dir, { recursive: true });
      }
    }
  },
});
