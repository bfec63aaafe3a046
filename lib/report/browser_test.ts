import { assert, assertEquals, assertRejects } from "../std.ts";
import { CHROMIUM_ARGS, chromiumInstalled, openReportPage } from "./browser.ts";

Deno.test("chromiumInstalled() is false for a missing file or a folder", async () => {
  assertEquals(await chromiumInstalled("/nonexistent/chromium"), false);
  assertEquals(await chromiumInstalled(Deno.cwd()), false);
});

Deno.test("CHROMIUM_ARGS runs headless, offline and without a sandbox", () => {
  for (const flag of ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-quic"]) {
    assert(CHROMIUM_ARGS.includes(flag), flag);
  }
  assert(!CHROMIUM_ARGS.some((a) => a.startsWith("--user-data-dir")), "the profile is fresh per launch");
});

Deno.test("openReportPage() says how to install Chromium when it is missing", async () => {
  await assertRejects(
    () => openReportPage("index.html", { executablePath: "/nonexistent/chromium" }),
    Error,
    "Cannot open the report in a browser: /nonexistent/chromium does not exist; install Debian's chromium",
  );
});
