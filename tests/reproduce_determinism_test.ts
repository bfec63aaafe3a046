// The same seed gives bit-identical numbers whatever the thread count and whether the stages run in one
// process or in the scheduler's processes: `deno task reproduce --quick` from an empty cache with 1 thread,
// with 2 threads, and with --jobs 2, compared value for value. And killing a --jobs run ends its processes.
import { assert, assertEquals, fromFileUrl, join } from "../lib/std.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));

function reproduceCommand(args: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "tasks", "reproduce.ts"), "--quick", "--seeds", "0", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

/** Runs reproduce into a fresh output and cache folder; returns what a run's numbers are. */
async function numbers(tmp: string, name: string, args: string[]) {
  const out = join(tmp, name);
  const result = await reproduceCommand([...args, "--out", out, "--cache", join(tmp, `${name}-cache`)])
    .output();
  const text = new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr);
  assert(result.success, `reproduce ${args.join(" ")} failed:\n${text}`);
  const results = JSON.parse(await Deno.readTextFile(join(out, "results.json")));
  const artifacts = JSON.parse(await Deno.readTextFile(join(out, "artifacts.json")));
  return {
    threads: results.manifest.backend.threads as number,
    metrics: results.methods.map((m: { id: string; metrics: unknown; trainMetrics: unknown }) => ({
      id: m.id,
      test: m.metrics,
      train: m.trainMetrics,
    })),
    predictions: artifacts.predictions,
    // The autoencoder's figures' data, less the training speed (images/s and seconds per epoch).
    autoencoder: JSON.parse(
      JSON.stringify(
        artifacts.autoencoder,
        (k, v) => (k === "seconds" || k === "imagesPerSecond" ? undefined : v),
      ),
    ),
  };
}

Deno.test({
  name:
    "reproduce --quick gives bit-identical numbers with 1 thread, 2 threads and scheduled stage processes",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const tmp = await Deno.makeTempDir({ prefix: "reproduce-determinism-" });
    try {
      const one = await numbers(tmp, "one", ["--jobs", "1", "--threads", "1"]);
      const two = await numbers(tmp, "two", ["--jobs", "1", "--threads", "2"]);
      const parallel = await numbers(tmp, "parallel", ["--jobs", "2", "--threads", "1"]);
      assertEquals([one.threads, two.threads], [1, 2]);
      assert(one.metrics.length >= 11, `only ${one.metrics.length} methods`);
      for (const other of [two, parallel]) {
        assertEquals(other.metrics, one.metrics);
        assertEquals(other.predictions, one.predictions);
        assertEquals(other.autoencoder, one.autoencoder);
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

Deno.test({
  name: "killing reproduce --jobs 2 ends the stage processes it started",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const tmp = await Deno.makeTempDir({ prefix: "reproduce-kill-" });
    const cache = join(tmp, "cache");
    try {
      const child = reproduceCommand(["--jobs", "2", "--out", join(tmp, "out"), "--cache", cache]).spawn();
      const decoder = new TextDecoder();
      let text = "";
      for await (const chunk of child.stdout) {
        text += decoder.decode(chunk);
        // A stage's process has started working.
        if (/\[[a-z-]+@0\] /.test(text)) break;
      }
      child.kill("SIGKILL");
      await child.status;
      await child.stderr.cancel();
      const partsAlive = async () => {
        const ps = await new Deno.Command("ps", { args: ["-eo", "args"], stdout: "piped" }).output();
        return new TextDecoder().decode(ps.stdout).split("\n").filter((l) => l.includes(`--cache=${cache}`));
      };
      let alive = await partsAlive();
      // A stage process sees its parent's end when its current synchronous step returns (a quick stage
      // takes seconds), then exits.
      for (let i = 0; i < 300 && alive.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        alive = await partsAlive();
      }
      assertEquals(alive, [], "the stage processes outlived their parent");
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
