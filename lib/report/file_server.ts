/**
 * A minimal static file handler for `Deno.serve`, enough to browse a report folder over HTTP: GET and HEAD,
 * `index.html` for folders, content types by extension, and no path outside the root.
 *
 * @module
 */
import { sep } from "node:path";
import { extname, join, resolve } from "../std.ts";

/** Content types by file extension; anything else is `application/octet-stream`. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** Options of {@linkcode fileServerHandler}. */
export interface FileServerOptions {
  /**
   * Called once per request with `METHOD /path STATUS` (lib never prints).
   *
   * @default {() => {}}
   */
  onRequest?: (line: string) => void;
}

function text(status: number, body: string, method: string): Response {
  return new Response(method === "HEAD" ? null : body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

/**
 * Makes a request handler that serves the files under `root`: `GET`/`HEAD` only (405 otherwise), a folder
 * gives its `index.html` (a folder path without a trailing slash is redirected to one), a missing file or
 * a path that leaves `root` gives 404.
 *
 * @example
 * ```ts
 * import { fileServerHandler } from "./file_server.ts";
 * import { assertEquals } from "../std.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/index.html`, "<p>hi</p>");
 * const handler = fileServerHandler(root);
 * const response = await handler(new Request("http://localhost/"));
 * assertEquals([response.status, response.headers.get("content-type")], [200, "text/html; charset=utf-8"]);
 * assertEquals(await response.text(), "<p>hi</p>");
 * assertEquals((await handler(new Request("http://localhost/../etc/passwd"))).status, 404);
 * await Deno.remove(root, { recursive: true });
 * ```
 *
 * @param root The folder to serve.
 * @param options The request log callback.
 * @returns The handler, for `Deno.serve(handler)`.
 */
export function fileServerHandler(
  root: string,
  options: FileServerOptions = {},
): (request: Request) => Promise<Response> {
  const { onRequest = () => {} } = options;
  const base = resolve(root);
  const handle = async (request: Request): Promise<Response> => {
    const method = request.method;
    if (method !== "GET" && method !== "HEAD") {
      return new Response("Method not allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    const url = new URL(request.url);
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      return text(400, "Bad request: the path is not valid percent-encoding\n", method);
    }
    if (relative.includes("\0")) return text(400, "Bad request\n", method);
    let path = resolve(join(base, relative));
    if (path !== base && !path.startsWith(base + sep)) return text(404, "Not found\n", method);
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
      if (info.isDirectory) {
        if (!url.pathname.endsWith("/")) {
          return new Response(null, { status: 301, headers: { location: `${url.pathname}/${url.search}` } });
        }
        path = join(path, "index.html");
        info = await Deno.stat(path);
      }
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return text(404, "Not found\n", method);
      throw error;
    }
    if (!info.isFile) return text(404, "Not found\n", method);
    const headers = {
      "content-type": CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
      "content-length": String(info.size),
      "cache-control": "no-cache",
    };
    if (method === "HEAD") return new Response(null, { status: 200, headers });
    const file = await Deno.open(path, { read: true });
    return new Response(file.readable, { status: 200, headers });
  };
  return async (request) => {
    const response = await handle(request);
    onRequest(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
    return response;
  };
}
