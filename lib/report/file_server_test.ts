import { assert, assertEquals, join } from "../std.ts";
import { fileServerHandler } from "./file_server.ts";

async function site(): Promise<string> {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(join(root, "figures"));
  await Deno.writeTextFile(join(root, "index.html"), "<p>report</p>");
  await Deno.writeFile(join(root, "figures", "a b.png"), Uint8Array.of(137, 80, 78, 71));
  await Deno.writeTextFile(join(root, "data.bin"), "x");
  return root;
}

Deno.test("fileServerHandler() serves files with their content type and folders with index.html", async () => {
  const root = await site();
  const lines: string[] = [];
  const handler = fileServerHandler(root, { onRequest: (l) => lines.push(l) });
  const get = (path: string, init?: RequestInit) => handler(new Request(`http://localhost${path}`, init));
  let r = await get("/index.html");
  assertEquals([r.status, await r.text()], [200, "<p>report</p>"]);
  r = await get("/figures/a%20b.png");
  assertEquals([r.status, r.headers.get("content-type"), r.headers.get("content-length")], [
    200,
    "image/png",
    "4",
  ]);
  assertEquals(new Uint8Array(await r.arrayBuffer()), Uint8Array.of(137, 80, 78, 71));
  r = await get("/data.bin");
  assertEquals(r.headers.get("content-type"), "application/octet-stream");
  await r.body?.cancel();
  r = await get("/figures");
  assertEquals([r.status, r.headers.get("location")], [301, "./figures/"]);
  r = await get("/figures/");
  assertEquals(r.status, 404);
  await r.body?.cancel();
  r = await get("/index.html", { method: "HEAD" });
  assertEquals([r.status, r.headers.get("content-length"), await r.text()], [200, "13", ""]);
  assertEquals(lines, [
    "GET /index.html 200",
    "GET /figures/a%20b.png 200",
    "GET /data.bin 200",
    "GET /figures 301",
    "GET /figures/ 404",
    "HEAD /index.html 200",
  ]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("fileServerHandler() refuses other methods and paths outside the root", async () => {
  const root = await site();
  const outside = join(root, "..", `${root.split("/").pop()}-secret.txt`);
  await Deno.writeTextFile(outside, "secret");
  const handler = fileServerHandler(join(root, "figures"));
  const get = (path: string, init?: RequestInit) => handler(new Request(`http://localhost${path}`, init));
  const post = await get("/", { method: "POST", body: "x" });
  assertEquals([post.status, post.headers.get("allow")], [405, "GET, HEAD"]);
  await post.body?.cancel();
  for (const path of ["/..%2Findex.html", "/..%2F..%2F" + outside.split("/").pop(), "/%2e%2e/index.html"]) {
    const r = await get(path);
    assertEquals(r.status, 404, path);
    assert(!(await r.text()).includes("secret"));
  }
  const bad = await get("/%E0%A4%A");
  assertEquals(bad.status, 400);
  await bad.body?.cancel();
  await Deno.remove(root, { recursive: true });
  await Deno.remove(outside);
});

Deno.test("fileServerHandler() refuses a symlink to a file or folder outside the root", async () => {
  const root = await site();
  const outside = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(outside, "secret.txt"), "secret");
    await Deno.writeTextFile(join(outside, "index.html"), "secret");
    await Deno.symlink(outside, join(root, "escape"));
    await Deno.symlink(join(outside, "secret.txt"), join(root, "secret.txt"));
    await Deno.mkdir(join(root, "linked"));
    await Deno.symlink(join(outside, "index.html"), join(root, "linked", "index.html"));
    // A link that stays inside the root is served.
    await Deno.symlink(join(root, "index.html"), join(root, "same.html"));
    const lines: string[] = [];
    const handler = fileServerHandler(root, { onRequest: (l) => lines.push(l) });
    for (const path of ["/escape/secret.txt", "/escape/", "/escape", "/secret.txt", "/linked/"]) {
      const r = await handler(new Request(`http://localhost${path}`));
      assertEquals(r.status, 404, path);
      assert(!(await r.text()).includes("secret"), path);
    }
    const same = await handler(new Request("http://localhost/same.html"));
    assertEquals([same.status, await same.text()], [200, "<p>report</p>"]);
    assertEquals(lines.at(-2), "GET /linked/ 404");
  } finally {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("fileServerHandler() redirects a folder by a relative location that cannot name another host", async () => {
  const root = await site();
  try {
    const handler = fileServerHandler(root);
    for (const [path, location] of [["//figures", "./figures/"], ["/figures?x=1", "./figures/?x=1"]]) {
      const request = new Request(`http://localhost${path}`);
      const r = await handler(request);
      assertEquals([r.status, r.headers.get("location")], [301, location], path);
      // Resolved the way a browser does, it stays on the same host.
      assertEquals(new URL(location, request.url).host, "localhost");
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("fileServerHandler() answers a file system error with a status and one log line, never a throw", async () => {
  const root = await site();
  const lines: string[] = [];
  const handler = fileServerHandler(root, { onRequest: (l) => lines.push(l) });
  const long = "a".repeat(300);
  for (const path of [`/${long}`, `/figures/${long}.png`, "/index.html/x", "/figures/a%20b.png/"]) {
    const r = await handler(new Request(`http://localhost${path}`));
    assertEquals([r.status, await r.text()], [404, "Not found\n"], path);
  }
  assertEquals(lines.length, 4);
  assertEquals(lines[0], `GET /${long} 404`);
  // The served folder removed while serving: 404, not a crash.
  await Deno.remove(root, { recursive: true });
  const gone = await handler(new Request("http://localhost/index.html"));
  assertEquals([gone.status, lines.at(-1)], [404, "GET /index.html 404"]);
  await gone.body?.cancel();
});

Deno.test("fileServerHandler() works behind Deno.serve on the loopback interface", async () => {
  const root = await site();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, fileServerHandler(root));
  try {
    const response = await fetch(`http://127.0.0.1:${server.addr.port}/`);
    assertEquals([response.status, await response.text()], [200, "<p>report</p>"]);
  } finally {
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});
