import { runPartsInParallel } from "./parallel.ts";
import { assert, assertEquals, assertRejects } from "../std.ts";

Deno.test("runPartsInParallel runs at most `jobs` processes at once and every task once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Each process marks itself running for 300 ms; the most marks seen at once must not exceed 2.
    const script = (name: string) =>
      `const d = ${JSON.stringify(dir)}; await Deno.writeTextFile(d + "/${name}", "");` +
      `const n = [...Deno.readDirSync(d)].length; console.log("running " + n);` +
      `await new Promise((r) => setTimeout(r, 300)); await Deno.remove(d + "/${name}");`;
    const lines: string[] = [];
    const run = await runPartsInParallel({
      tasks: [0, 1, 2, 3].map((seed) => ({ seed, part: "report" as const })),
      jobs: 2,
      command: (t) => ({ command: Deno.execPath(), args: ["eval", script(`t${t.seed}`)] }),
      onLine: (_, line) => lines.push(line),
    });
    assertEquals(run.tasks.map((t) => t.seed).sort(), [0, 1, 2, 3]);
    assertEquals(lines.length, 4);
    assert(lines.every((l) => l === "running 1" || l === "running 2"), lines.join(", "));
    assert(run.tasks.every((t) => t.seconds >= 0.3));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runPartsInParallel starts a task only after the one it waits for, letting later tasks go first", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Each process logs its start and end; self-training 0 is listed first but waits for report 0.
    const log = `${dir}/log`;
    const script = (name: string, ms: number) =>
      `Deno.writeTextFileSync(${JSON.stringify(log)}, "start ${name}\\n", { append: true });` +
      `await new Promise((r) => setTimeout(r, ${ms}));` +
      `Deno.writeTextFileSync(${JSON.stringify(log)}, "end ${name}\\n", { append: true });`;
    const run = await runPartsInParallel({
      tasks: [
        { seed: 0, part: "self-training" },
        { seed: 0, part: "report" },
        { seed: 1, part: "beyond" },
        { seed: 2, part: "self-training" },
      ],
      jobs: 2,
      after: (t) => (t.part === "self-training" ? { seed: t.seed, part: "report" } : undefined),
      command: (t) => ({
        command: Deno.execPath(),
        args: ["eval", script(`${t.part} ${t.seed}`, t.part === "report" ? 600 : 100)],
      }),
    });
    const events = (await Deno.readTextFile(log)).trim().split("\n");
    assertEquals(run.tasks.length, 4);
    // Report 0 and beyond 1 start at once; seed 2's self-training (its report is not listed) takes the
    // free worker; self-training 0 starts only after report 0 ends.
    assertEquals(events.slice(0, 2).sort(), ["start beyond 1", "start report 0"]);
    assert(events.indexOf("start self-training 2") < events.indexOf("end report 0"), events.join(", "));
    assert(events.indexOf("end report 0") < events.indexOf("start self-training 0"), events.join(", "));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runPartsInParallel names a failed task, quotes its last lines and ends the others", async () => {
  const started = performance.now();
  await assertRejects(
    () =>
      runPartsInParallel({
        tasks: [{ seed: 0, part: "report" }, { seed: 1, part: "beyond" }],
        jobs: 2,
        command: (t) => ({
          command: Deno.execPath(),
          args: [
            "eval",
            t.seed === 1
              ? `console.error("Cannot load the data"); Deno.exit(3);`
              : `await new Promise((r) => setTimeout(r, 20000));`,
          ],
        }),
      }),
    Error,
    "the beyond part of seed 1 failed (exit code 3):\n  Cannot load the data",
  );
  // The 20-second sibling was killed, not waited for.
  assert(performance.now() - started < 15000);
});

Deno.test("runPartsInParallel refuses a bad number of jobs", async () => {
  await assertRejects(
    () => runPartsInParallel({ tasks: [], jobs: 0, command: () => ({ command: "true", args: [] }) }),
    RangeError,
    "jobs must be an integer >= 1, current value is 0",
  );
});
