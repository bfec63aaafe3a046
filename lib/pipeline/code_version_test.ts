import { codeVersion } from "./code_version.ts";
import { assert, assertEquals, assertRejects, join } from "../std.ts";

async function tree(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir();
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
  return root;
}

Deno.test("codeVersion changes with computing source and deno.lock, not with tests, benchmarks or figures", async () => {
  const base = {
    "lib/cluster/kmeans.ts": "export const a = 1;\n",
    "lib/manifold/native/layout.c": "int f() { return 1; }\n",
    "lib/cluster/kmeans_test.ts": "test 1",
    "lib/backend/step_bench.ts": "bench 1",
    "lib/report/figures.ts": "figure 1",
    "lib/README.md": "prose",
    "deno.lock": "{}",
  };
  const reference = await tree(base);
  const version = await codeVersion(reference);
  assertEquals(version.files, 3);
  const changed = async (path: string, text: string) => {
    const root = await tree({ ...base, [path]: text });
    try {
      return (await codeVersion(root)).sha256;
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  };
  try {
    assert(await changed("lib/cluster/kmeans.ts", "export const a = 2;\n") !== version.sha256);
    assert(await changed("lib/manifold/native/layout.c", "int f() { return 2; }\n") !== version.sha256);
    assert(await changed("deno.lock", '{"npm":{}}') !== version.sha256);
    assert(await changed("lib/cluster/extra.ts", "") !== version.sha256);
    assertEquals(await changed("lib/cluster/kmeans_test.ts", "test 2"), version.sha256);
    assertEquals(await changed("lib/backend/step_bench.ts", "bench 2"), version.sha256);
    assertEquals(await changed("lib/report/figures.ts", "figure 2"), version.sha256);
    assertEquals(await changed("lib/README.md", "other prose"), version.sha256);
    // A checkout with CRLF line endings computes the same version.
    assertEquals(await changed("lib/cluster/kmeans.ts", "export const a = 1;\r\n"), version.sha256);
  } finally {
    await Deno.remove(reference, { recursive: true });
  }
});

Deno.test("codeVersion names a root without lib/", async () => {
  const root = await Deno.makeTempDir();
  try {
    await assertRejects(() => codeVersion(root), Error, `${join(root, "lib")} does not exist`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
