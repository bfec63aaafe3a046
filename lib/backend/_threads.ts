/**
 * Internal: runs tfjs-backend-wasm's threaded-SIMD build under Deno.
 *
 * Out of the box the WASM backend runs one thread in Deno: tfjs sees a Node.js environment and reports no
 * multithreading support, emscripten's pthread workers are created from blob URLs that Deno's
 * `node:worker_threads` refuses, and tfjs caps the thread pool at half the logical cores. While the backend
 * initialises, {@linkcode enableWasmThreads} sets the support flag and thread count, reports enough cores,
 * and installs a `Worker` global that starts tfjs's workers from `_pthread_worker.cjs` (a file) and hands
 * any other worker to Deno's own `Worker`. {@linkcode disableWasmThreads} undoes the global patches.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import os from "node:os";
import { Worker as NodeWorker } from "node:worker_threads";
import { fromFileUrl } from "../std.ts";

interface Patch {
  worker: PropertyDescriptor | undefined;
  createObjectURL: typeof URL.createObjectURL;
}

let patch: Patch | undefined;

/** Paths of tfjs-backend-wasm's emscripten main script and worker script. */
function scriptPaths(): { mainScript: string; workerScript: string } {
  const main = import.meta.resolve("@tensorflow/tfjs-backend-wasm");
  const base = new URL("../wasm-out/", main);
  return {
    mainScript: fromFileUrl(new URL("tfjs-backend-wasm-threaded-simd.js", base)),
    workerScript: fromFileUrl(new URL("tfjs-backend-wasm-threaded-simd.worker.js", base)),
  };
}

/**
 * Prepares the next initialisation of the WASM backend to load the threaded-SIMD build with `threads`
 * threads (1 selects the single-threaded SIMD build). Call before `tf.setBackend("wasm")`; then call
 * {@linkcode withCoreCount} around it.
 *
 * @param threads The thread count, an integer >= 1.
 */
export function enableWasmThreads(threads: number): void {
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", threads > 1);
  setThreadsCount(threads);
  if (threads === 1 || patch !== undefined) return;
  const paths = scriptPaths();
  const workerFile = fromFileUrl(new URL("./_pthread_worker.cjs", import.meta.url));
  const blobUrls = new Set<string>();
  const createObjectURL = URL.createObjectURL;
  const denoWorker = globalThis.Worker;
  URL.createObjectURL = (obj: Blob) => {
    const url = createObjectURL(obj);
    blobUrls.add(url);
    return url;
  };
  function Worker(url: string | URL, options?: WorkerOptions) {
    if (typeof url === "string" && blobUrls.has(url)) {
      const worker = new NodeWorker(workerFile, { workerData: paths });
      // emscripten unrefs a worker once it has loaded but refs it again while it runs a pthread, and
      // tfjs's pool threads run forever, so the process would never exit. They only serve synchronous
      // kernels of the main thread: ignore the re-ref.
      worker.ref = () => {};
      return worker;
    }
    return new denoWorker(url, options);
  }
  patch = { worker: Object.getOwnPropertyDescriptor(globalThis, "Worker"), createObjectURL };
  // emscripten assigns node:worker_threads' Worker to this global; keep the dispatcher instead.
  Object.defineProperty(globalThis, "Worker", {
    get: () => Worker,
    set: () => {},
    configurable: true,
  });
}

/**
 * Runs `init` while `node:os` reports at least `2 * threads` logical cores (tfjs sizes its pool as half
 * the cores).
 *
 * @param threads The wanted thread count.
 * @param init The initialisation.
 * @returns What `init` returns.
 */
export async function withCoreCount<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const cpus = os.cpus;
  if (threads > 1) {
    os.cpus = () => {
      const list = cpus();
      return Array.from({ length: Math.max(list.length, 2 * threads) }, (_, i) => list[i % list.length]);
    };
  }
  try {
    return await init();
  } finally {
    os.cpus = cpus;
  }
}

/** Restores the globals {@linkcode enableWasmThreads} patched. Call after the backend is disposed. */
export function disableWasmThreads(): void {
  if (patch === undefined) return;
  URL.createObjectURL = patch.createObjectURL;
  if (patch.worker === undefined) delete (globalThis as { Worker?: unknown }).Worker;
  else Object.defineProperty(globalThis, "Worker", patch.worker);
  patch = undefined;
}
