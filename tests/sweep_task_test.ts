// `deno task sweep` on a tiny grid and slice: writes sweep.json, the Vega-Lite spec and its SVG; bad flags
// fail with exit code 2.
import { assert, assertEquals, fromFileUrl, join } from "../lib/std.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));

async function sweep(args: string[]): Promise<{ code: number; text: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "tasks", "sweep.ts"), ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  return {
    code: out.code,
    text: new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr),
  };
}

Deno.test("sweep task writes sweep.json and its figure on a tiny grid", async () => {
  const out = await Deno.makeTempDir({ prefix: "sweep_task_test_" });
  try {
    const { code, text } = await sweep([
      "--architectures",
      "report",
      "--learning-rates",
      "0.001,0.01",
      "--epochs",
      "1,2",
      "--batch-size",
      "64",
      "--train-limit",
      "400",
      "--validation-size",
      "100",
      "--test-limit",
      "200",
      "--n-init",
      "1",
      "--threads",
      "1",
      "--out",
      out,
    ]);
    assertEquals(code, 0, text);
    const result = JSON.parse(await Deno.readTextFile(join(out, "sweep.json")));
    assertEquals(result.points.length, 4);
    assertEquals(result.data.nTrain, 300);
    assertEquals(result.data.nTest, 200);
    assertEquals(result.grid.learningRates, [0.001, 0.01]);
    const lowest = Math.min(...result.points.map((p: { valLoss: number }) => p.valLoss));
    assertEquals(result.selected.valLoss, lowest);
    const spec = JSON.parse(await Deno.readTextFile(join(out, "sweep.vl.json")));
    assertEquals(spec.data.values.length, 4);
    assert((await Deno.readTextFile(join(out, "sweep.svg"))).startsWith("<svg"));
    assert(text.includes("sweep: selected"));
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("sweep task rejects bad flags with exit code 2", async () => {
  const bad = await sweep(["--learning-rates", "0.001,fast"]);
  assertEquals(bad.code, 2);
  assert(bad.text.includes('--learning-rates has an invalid entry, current value is "0.001,fast"'), bad.text);
  const unknown = await sweep(["--nodes", "3"]);
  assertEquals(unknown.code, 2);
});

Deno.test("sweep and reproduce refuse an --out that is a file before any work, leaving it intact", async () => {
  const file = await Deno.makeTempFile({ prefix: "not_a_folder_" });
  try {
    await Deno.writeTextFile(file, "keep me");
    for (const task of ["sweep.ts", "reproduce.ts"]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", join(ROOT, "tasks", task), "--quick", "--out", file].filter((a) =>
          task === "reproduce.ts" || a !== "--quick"
        ),
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 2, text);
      assert(text.includes(`--out must be a folder (created when missing), but ${file} is a file`), text);
      assertEquals(await Deno.readTextFile(file), "keep me");
    }
  } finally {
    await Deno.remove(file);
  }
});
