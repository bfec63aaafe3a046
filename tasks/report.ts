// `deno task report`: regenerates results.md, results.csv, figures/ and REPORT.md from the results.json and
// artifacts.json that `deno task reproduce` saved, without recomputing anything.
import { writeReport } from "../lib/report/mod.ts";
import { parseFlags, probeOutputFolder } from "./_cli.ts";

export { writeReport };

if (import.meta.main) {
  const TASK = "report";
  const flags = parseFlags(TASK, Deno.args, {
    out: {
      type: "string",
      help: "folder holding results.json and artifacts.json; the report is written there",
      default: "report",
    },
    data: {
      type: "string",
      help: "folder with the four Fashion-MNIST IDX files (else FASHION_MNIST_DIR, data/, Debian's)",
    },
  });
  // It must exist: it holds results.json.
  probeOutputFolder(TASK, "out", flags.out!, { create: false });
  try {
    const { files } = await writeReport({
      outDir: flags.out!,
      dataDir: flags.data,
      onLog: (line) => console.log(line),
    });
    console.log(`${TASK}: wrote ${files.length} files:`);
    for (const file of files) console.log(`  ${file}`);
  } catch (error) {
    console.error(`${TASK}: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
