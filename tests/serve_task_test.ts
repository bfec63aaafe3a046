// `deno task serve` serves a report folder on the loopback interface until stopped.
import { assert, assertEquals, fromFileUrl, join } from "../lib/std.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));

Deno.test("deno task serve serves the folder on 127.0.0.1 and rejects a bad port", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "index.html"), "<p>report</p>");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "tasks", "serve.ts"), "--dir", dir, "--port", "0"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let text = "";
    while (!/http:\/\/\S+\//.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    const url = /http:\/\/(127\.0\.0\.1:\d+)\//.exec(text);
    assert(url, `no URL in the output: ${text}`);
    const response = await fetch(`http://${url[1]}/`);
    assertEquals([response.status, await response.text()], [200, "<p>report</p>"]);
    const { value } = await reader.read();
    assertEquals(value?.trim(), "serve: GET / 200");
  } finally {
    child.kill("SIGTERM");
    await reader.cancel();
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
  const bad = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "tasks", "serve.ts"), "--port", "http"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
  }).output();
  assertEquals(bad.code, 2);
  assert(
    new TextDecoder().decode(bad.stderr).includes(
      '--port must be an integer in [0, 65535], current value is "http"',
    ),
  );
});

Deno.test("deno task serve fails to start with one line and exit code 1 on a port in use or a missing folder", async () => {
  const dir = await Deno.makeTempDir();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  try {
    const serve = (args: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", join(ROOT, "tasks", "serve.ts"), ...args],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
    const cases: [string[], string][] = [
      [
        ["--dir", dir, "--port", String(port)],
        `serve: cannot listen on 127.0.0.1:${port}: Address already in use (os error 98) (port ${port} is in use; ` +
        "pick another with --port)",
      ],
      [
        ["--dir", join(dir, "missing"), "--port", "0"],
        `serve: --dir must be an existing folder, current value is "${join(dir, "missing")}" (No such file`,
      ],
    ];
    for (const [args, message] of cases) {
      const out = await serve(args);
      const stderr = new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 1, stderr);
      assertEquals(stderr.trim().split("\n").length, 1, stderr);
      assert(stderr.startsWith(message), stderr);
      assertEquals(new TextDecoder().decode(out.stdout), "");
    }
  } finally {
    listener.close();
    await Deno.remove(dir, { recursive: true });
  }
});
