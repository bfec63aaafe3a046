// `deno task screenshot`: opens the report's index.html in a headless Chromium (Debian's `chromium`) and
// saves a PNG of its top part (results and interactive views) as index.png beside it.
import { CHROMIUM_PATH, screenshotReport } from "../lib/report/browser.ts";
import { join } from "../lib/std.ts";
import { badFlag, parseFlags, parsePositiveInteger } from "./_cli.ts";

if (import.meta.main) {
  const TASK = "screenshot";
  const flags = parseFlags(TASK, Deno.args, {
    out: { type: "string", help: "the report folder holding index.html", default: "report" },
    png: { type: "string", help: "where to write the screenshot (default: <out>/index.png)" },
    width: { type: "string", help: "viewport width in CSS pixels", default: "1400" },
    "full-page": { type: "boolean", help: "capture the whole page, figures included", default: false },
    chromium: { type: "string", help: "the Chromium executable", default: CHROMIUM_PATH },
    page: {
      type: "string",
      help:
        "another page of the report folder to capture (e.g. notebooks/03-kmeans.html): ready once its images load",
    },
  });
  const html = join(flags.out!, flags.page ?? "index.html");
  try {
    await Deno.stat(html);
  } catch {
    badFlag(TASK, `${html} does not exist; run \`deno task report\` first, or pass --out`);
  }
  const png = flags.png ?? html.replace(/\.html$/, "") + ".png";
  try {
    const errors = await screenshotReport(html, png, {
      width: parsePositiveInteger(TASK, "width", flags.width!),
      fullPage: flags["full-page"],
      executablePath: flags.chromium,
      ready: flags.page ? "images" : "report",
    });
    for (const error of errors) console.error(`${TASK}: page error: ${error}`);
    console.log(`${TASK}: wrote ${png}`);
    if (errors.length > 0) Deno.exit(1);
  } catch (error) {
    console.error(`${TASK}: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
