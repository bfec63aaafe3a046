// `deno task scan:variants` at the quick size: the committed settings give the SCAN stage's own validation
// clusters (the harness fits what the stage fits), a variant gives others, and a bad variants file is refused.
import { assert, assertEquals, fromFileUrl, join } from "../lib/std.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));

async function scanVariants(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "tasks", "scan_variants.ts"), ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("scan:variants reproduces the SCAN stage with its settings and scores a variant beside it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "scan_variants_test_" });
  try {
    const variants = join(dir, "variants.jsonl");
    await Deno.writeTextFile(
      variants,
      ['{"name": "committed"}', '{"name": "average", "combine": "average", "nInit": 2}'].join("\n"),
    );
    const { code, stdout, stderr } = await scanVariants([
      "--variants",
      variants,
      "--size",
      "quick",
      "--seeds",
      "0",
      "--cache",
      join(dir, "cache"),
    ]);
    assertEquals(code, 0, stderr);
    const lines = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    assertEquals(lines.map((l) => [l.variant, l.seed]), [["committed", 0], ["average", 0]]);
    assertEquals(lines[0].sameAsStage, true);
    assertEquals(lines[1].sameAsStage, false);
    for (const l of lines) assert(l.nmi > 0 && l.nmi <= 1 && l.acc > 0.1 && l.acc <= 1, JSON.stringify(l));
    assert(stdout.includes("scan:variants: average: validation ACC"), stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("scan:variants refuses a variants file without names, naming the line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "scan_variants_test_" });
  try {
    const variants = join(dir, "variants.jsonl");
    await Deno.writeTextFile(variants, '{"name": "ok"}\n{"combine": "average"}\n');
    const { code, stderr } = await scanVariants(["--variants", variants, "--cache", join(dir, "cache")]);
    assertEquals(code, 2);
    assert(stderr.includes("line 2"), stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
