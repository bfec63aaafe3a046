// `deno task serve`: serves the report folder (index.html, REPORT.md, figures/) on localhost, for people who
// prefer a server to opening report/index.html from disk (which works too: the page is self-contained).
import { fileServerHandler } from "../lib/report/mod.ts";
import { badFlag, parseFlags } from "./_cli.ts";

if (import.meta.main) {
  const TASK = "serve";
  const flags = parseFlags(TASK, Deno.args, {
    dir: { type: "string", help: "the folder to serve", default: "report" },
    port: { type: "string", help: "the TCP port (0 picks a free one)", default: "8000" },
    host: { type: "string", help: "the address to listen on", default: "127.0.0.1" },
    quiet: { type: "boolean", help: "do not print one line per request", default: false },
  });
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port!) || port > 65535) {
    badFlag(TASK, `--port must be an integer in [0, 65535], current value is "${flags.port}"`);
  }
  // Start-up failures are one line and exit code 1, never a stack trace.
  const fail = (message: string): never => {
    console.error(`${TASK}: ${message}`);
    Deno.exit(1);
  };
  const why = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0];
  try {
    if (!(await Deno.stat(flags.dir!)).isDirectory) {
      fail(`--dir must be a folder, but ${flags.dir} is a file`);
    }
  } catch (error) {
    fail(`--dir must be an existing folder, current value is "${flags.dir}" (${why(error)})`);
  }
  const log = flags.quiet ? undefined : (line: string) => console.log(`${TASK}: ${line}`);
  const handler = fileServerHandler(flags.dir!, { onRequest: log });
  try {
    Deno.serve({
      hostname: flags.host,
      port,
      onListen: ({ hostname, port }) => {
        const host = hostname.includes(":") ? `[${hostname}]` : hostname;
        console.log(`${TASK}: serving ${flags.dir}/ at http://${host}:${port}/ (Ctrl-C to stop)`);
      },
      // The handler answers every error itself; this is the last resort, one line as well.
      onError: (error) => {
        console.error(`${TASK}: ${why(error)}`);
        return new Response("Internal server error\n", { status: 500 });
      },
    }, handler);
  } catch (error) {
    const busy = error instanceof Deno.errors.AddrInUse
      ? ` (port ${port} is in use; pick another with --port)`
      : "";
    fail(`cannot listen on ${flags.host}:${port}: ${why(error)}${busy}`);
  }
}
