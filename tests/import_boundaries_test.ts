// The import graph between the folders of lib/, read from the source of every non-test `.ts` file: the
// static `import … from "…"`, `export … from "…"` and `import "…"` statements and `import("…")` calls with
// a literal relative path. Two rules: no cycle between folders (a folder is `lib/<name>/`, its subfolders
// included), and no file imports a `_`-prefixed file (or a file under a `_`-prefixed folder) of another
// folder: what a folder shares is public and re-exported by its mod.ts.
import { assert, assertEquals, dirname, fromFileUrl, join, relative, resolve } from "../lib/std.ts";

const LIB = fromFileUrl(new URL("../lib", import.meta.url));

/** One import of one file, resolved. */
interface Edge {
  /** The importing file, relative to lib/. */
  file: string;
  /** The specifier as written. */
  specifier: string;
  /** The imported file, relative to lib/. */
  target: string;
}

// Top-level statements start a line (deno fmt never indents them); JSDoc examples start with ` * `.
const STATIC_IMPORT =
  /^(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+)\s+from\s*["']([^"']+)["']/gm;
const BARE_IMPORT = /^import\s*["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /^(?![ \t]*(?:\*|\/\/))[^\n]*?\bimport\(\s*["']([^"']+)["']\s*\)/gm;

/** The specifiers imported or re-exported by a module's source. */
function specifiers(source: string): string[] {
  return [STATIC_IMPORT, BARE_IMPORT, DYNAMIC_IMPORT].flatMap((re) =>
    Array.from(source.matchAll(re), (m) => m[1])
  );
}

/** Every non-test `.ts` file under `dir`, as absolute paths, sorted. */
async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await sourceFiles(path));
    else if (entry.isFile && entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) files.push(path);
  }
  return files.sort();
}

/** The lib/ folder of a path relative to lib/ (`cluster` for `cluster/kmeans.ts`), none for lib/std.ts. */
function folderOf(path: string): string | undefined {
  const parts = path.split("/");
  return parts.length > 1 ? parts[0] : undefined;
}

/** Whether a path relative to lib/ is private to its folder: a `_`-prefixed file or folder below it. */
function isPrivate(path: string): boolean {
  return path.split("/").slice(1).some((part) => part.startsWith("_"));
}

/** The imports between different lib/ folders. */
async function crossFolderEdges(): Promise<Edge[]> {
  const edges: Edge[] = [];
  for (const path of await sourceFiles(LIB)) {
    const file = relative(LIB, path).replaceAll("\\", "/");
    for (const specifier of specifiers(await Deno.readTextFile(path))) {
      if (!specifier.startsWith(".")) continue;
      const target = relative(LIB, resolve(dirname(path), specifier)).replaceAll("\\", "/");
      if (target.startsWith("..")) continue;
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== undefined && to !== undefined && from !== to) edges.push({ file, specifier, target });
    }
  }
  return edges;
}

/**
 * The cycles of a directed graph: for every edge inside a strongly connected component (Tarjan's
 * algorithm), the shortest cycle through it, each cycle once, as a path that starts and ends at its first
 * node in sorted order.
 */
function findCycles(graph: Map<string, Set<string>>): string[][] {
  const successors = (v: string) => [...(graph.get(v) ?? [])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of successors(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (!component.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      let w: string;
      do {
        w = stack.pop()!;
        component.set(w, index.get(v)!);
      } while (w !== v);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  // The shortest path from `from` to `to` inside their component (breadth first).
  const shortestPath = (from: string, to: string): string[] => {
    const previous = new Map<string, string>([[from, from]]);
    const queue = [from];
    while (!previous.has(to)) {
      const v = queue.shift()!;
      for (const w of successors(v)) {
        if (component.get(w) !== component.get(from) || previous.has(w)) continue;
        previous.set(w, v);
        queue.push(w);
      }
    }
    const path = [to];
    while (path[0] !== from) path.unshift(previous.get(path[0])!);
    return path;
  };
  const cycles = new Map<string, string[]>();
  for (const u of [...graph.keys()].sort()) {
    for (const v of successors(u)) {
      if (u === v || component.get(u) !== component.get(v)) continue;
      const loop = [u, ...shortestPath(v, u).slice(0, -1)];
      const first = loop.indexOf([...loop].sort()[0]);
      const cycle = [...loop.slice(first), ...loop.slice(0, first)];
      cycles.set(cycle.join(" -> "), [...cycle, cycle[0]]);
    }
  }
  return [...cycles.keys()].sort().map((key) => cycles.get(key)!);
}

Deno.test("import boundaries: the parser reads every kind of relative import and skips doc examples", () => {
  const source = [
    'import * as tf from "@tensorflow/tfjs";',
    'import { a, type B } from "../x/a.ts";',
    "import {",
    "  c,",
    "  d,",
    '} from "../y/mod.ts";',
    'import type { E } from "./_e.ts";',
    'import f, * as g from "../z/f.ts";',
    'export * from "./h.ts";',
    'export type { I } from "../w/_i.ts";',
    'import "./side_effect.ts";',
    'const j = await import("../v/j.ts");',
    "/**",
    " * ```ts",
    ' * import { k } from "../u/k.ts";',
    ' * const l = await import("../u/l.ts");',
    " * ```",
    " */",
    '// const m = await import("../u/m.ts");',
  ].join("\n");
  assertEquals(specifiers(source).sort(), [
    "../v/j.ts",
    "../w/_i.ts",
    "../x/a.ts",
    "../y/mod.ts",
    "../z/f.ts",
    "./_e.ts",
    "./h.ts",
    "./side_effect.ts",
    "@tensorflow/tfjs",
  ]);
});

Deno.test("import boundaries: findCycles() reports each cycle between folders as a path", () => {
  const graph = new Map([
    ["a", new Set(["b"])],
    ["b", new Set(["c"])],
    ["c", new Set(["a", "d"])],
    ["d", new Set<string>()],
    ["e", new Set(["f"])],
    ["f", new Set(["e"])],
  ]);
  assertEquals(findCycles(graph), [["a", "b", "c", "a"], ["e", "f", "e"]]);
  const twoLoops = new Map([["a", new Set(["b", "c"])], ["b", new Set(["a"])], ["c", new Set(["a"])]]);
  assertEquals(findCycles(twoLoops), [["a", "b", "a"], ["a", "c", "a"]]);
  assertEquals(findCycles(new Map([["a", new Set(["b"])], ["b", new Set<string>()]])), []);
});

Deno.test("import boundaries: no cycle between lib/ folders", async () => {
  const edges = await crossFolderEdges();
  assert(edges.length > 0, "No import between lib/ folders was found: the parser is broken");
  const graph = new Map<string, Set<string>>();
  const examples = new Map<string, Edge>();
  for (const edge of edges) {
    const from = folderOf(edge.file)!;
    const to = folderOf(edge.target)!;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
    if (!examples.has(`${from} -> ${to}`)) examples.set(`${from} -> ${to}`, edge);
  }
  const cycles = findCycles(graph);
  const lines = cycles.map((cycle) =>
    [
      `  ${cycle.join(" -> ")}`,
      ...cycle.slice(1).map((to, i) => {
        const edge = examples.get(`${cycle[i]} -> ${to}`)!;
        return `    lib/${edge.file} imports "${edge.specifier}"`;
      }),
    ].join("\n")
  );
  assert(cycles.length === 0, `Import cycles between lib/ folders:\n${lines.join("\n")}`);
});

Deno.test("import boundaries: no file imports a private file of another lib/ folder", async () => {
  const violations = (await crossFolderEdges()).filter((edge) => isPrivate(edge.target));
  assert(
    violations.length === 0,
    `Imports of another folder's private (_-prefixed) files:\n${
      violations.map((e) => `  lib/${e.file} imports "${e.specifier}"`).join("\n")
    }`,
  );
});
