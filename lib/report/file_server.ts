/**
 * A minimal static file handler for `Deno.serve`, enough to browse a report folder over HTTP: GET and HEAD,
 * `index.html` for folders, content types by extension, and no path outside the root (symlinks resolved).
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

/** Whether `path` is `base` or inside it (both absolute, normalised). */
function isInside(path: string, base: string): boolean {
  return path === base || path.startsWith(base.endsWith(sep) ? base : base + sep);
}

/** File system errors that mean "there is nothing to serve at this path" (404): missing, not a folder, a
 * name too long for the file system, a symlink loop. */
function isNotFound(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory ||
    error instanceof Deno.errors.FilesystemLoop || error instanceof Deno.errors.IsADirectory ||
    ["ENAMETOOLONG", "ENOTDIR", "ELOOP", "EINVAL"].includes((error as { code?: string })?.code ?? "");
}

/**
 * Makes a request handler that serves the files under `root`: `GET`/`HEAD` only (405 otherwise), a folder
 * gives its `index.html` (a folder path without a trailing slash is redirected to one, by a relative
 * `location` such as `./figures/`, which no browser reads as another host), and a missing file or a path
 * whose real path (symlinks resolved) leaves the real path of `root` gives 404. Every response, errors
 * included, is a status and a short text body, logged as one line; the handler never throws.
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
  const notFound = (method: string) => text(404, "Not found\n", method);
  const handle = async (request: Request, url: URL): Promise<Response> => {
    const method = request.method;
    if (method !== "GET" && method !== "HEAD") {
      return new Response("Method not allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      return text(400, "Bad request: the path is not valid percent-encoding\n", method);
    }
    if (relative.includes("\0")) return text(400, "Bad request\n", method);
    const path = resolve(join(base, relative));
    if (!isInside(path, base)) return notFound(method);
    // The real paths, symlinks resolved: a link inside the folder to a file outside it is refused too.
    const realBase = await Deno.realPath(base);
    const real = async (candidate: string) => {
      const resolved = await Deno.realPath(candidate);
      return isInside(resolved, realBase) ? resolved : undefined;
    };
    let file = await real(path);
    if (file === undefined) return notFound(method);
    let info = await Deno.stat(file);
    if (info.isDirectory) {
      if (!url.pathname.endsWith("/")) {
        // Relative to the request's own path: `//figures` gives `./figures/`, never the host `figures`.
        const last = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
        return new Response(null, { status: 301, headers: { location: `./${last}/${url.search}` } });
      }
      file = await real(join(file, "index.html"));
      if (file === undefined) return notFound(method);
      info = await Deno.stat(file);
    } else if (url.pathname.endsWith("/")) {
      // `file.png/` names a folder, and there is none.
      return notFound(method);
    }
    if (!info.isFile) return notFound(method);
    const headers = {
      "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": String(info.size),
      "cache-control": "no-cache",
    };
    if (method === "HEAD") return new Response(null, { status: 200, headers });
    const opened = await Deno.open(file, { read: true });
    return new Response(opened.readable, { status: 200, headers });
  };
  return async (request) => {
    let pathname = request.url;
    let response: Response;
    let why = "";
    try {
      const url = new URL(request.url);
      pathname = url.pathname;
      response = await handle(request, url);
    } catch (error) {
      const method = request.method;
      if (isNotFound(error)) response = notFound(method);
      else if (error instanceof Deno.errors.PermissionDenied) response = text(403, "Forbidden\n", method);
      else {
        response = text(500, "Internal server error\n", method);
        why = ` (${(error instanceof Error ? error.message : String(error)).split("\n")[0]})`;
      }
    }
    onRequest(`${request.method} ${pathname} ${response.status}${why}`);
    return response;
  };
}
