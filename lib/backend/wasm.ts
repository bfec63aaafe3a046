/**
 * The one module that sets up tensor computation: it selects tfjs's WASM backend with SIMD (optionally its
 * multi-threaded build), registers the kernels that make the backend train networks fast
 * ({@linkcode registerTrainingKernels}), and fails loudly when it cannot, so nothing heavy silently runs on
 * the slow `cpu` backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { disableWasmThreads, enableWasmThreads, withCoreCount } from "./_threads.ts";
import { registerTrainingKernels } from "./training_kernels.ts";

/** Options of {@linkcode initTensorBackend}. */
export interface TensorBackendOptions {
  /**
   * Number of threads for the WASM backend's thread pool. Above 1, the threaded-SIMD build is loaded and
   * its worker threads run until {@linkcode shutdownTensorBackend} or the end of the process (they do not
   * keep it alive). XNNPACK kernels (convolutions, matrix products, element-wise ops) use the pool; the
   * native training kernels run on the calling thread. Results match the single-threaded build within
   * float rounding. Counts above {@linkcode MAX_TENSOR_THREADS} run that many (tfjs's limit; the returned
   * info tells). The thread count is fixed once the backend is up: changing it needs
   * {@linkcode shutdownTensorBackend} first.
   *
   * @default 1
   */
  threads?: number;
}

/** What {@linkcode initTensorBackend} set up. */
export interface TensorBackendInfo {
  /** The active tfjs backend: always `"wasm"`. */
  backend: string;
  /** Whether the SIMD build was loaded. */
  simd: boolean;
  /** Number of threads the backend runs. */
  threads: number;
  /** The tfjs version. */
  tfjsVersion: string;
}

/** The most threads tfjs-backend-wasm 4.22 runs. */
export const MAX_TENSOR_THREADS = 8;

/** Threads of the backend this module initialised, `undefined` when none is up. */
let activeThreads: number | undefined;

/**
 * Selects the WASM backend (SIMD build, threaded when `threads > 1`) for all tensor work, registers the
 * training kernels, and checks it took effect. Calling it again with the same options is a no-op.
 *
 * @example
 * ```ts
 * import { initTensorBackend } from "./wasm.ts";
 * import { assertEquals } from "../std.ts";
 * const info = await initTensorBackend();
 * assertEquals(info.backend, "wasm");
 * assertEquals(info.threads, 1);
 * ```
 *
 * @param options The backend options.
 * @returns What was set up.
 * @throws {RangeError} When `threads` is not an integer >= 1.
 * @throws {Error} When the WASM backend or its SIMD build cannot be loaded, or when the backend already
 * runs another thread count.
 */
export async function initTensorBackend(
  { threads = 1 }: TensorBackendOptions = {},
): Promise<TensorBackendInfo> {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(
      `Cannot initialise the WASM backend: threads must be an integer >= 1, current value is ${threads}`,
    );
  }
  threads = Math.min(threads, MAX_TENSOR_THREADS);
  if (activeThreads !== undefined && activeThreads !== threads) {
    throw new Error(
      `Cannot initialise the WASM backend with ${threads} thread(s): it already runs ${activeThreads}, ` +
        "call shutdownTensorBackend() first",
    );
  }
  if (activeThreads === undefined && wasmBackendIsUp() && getThreadsCount() !== threads) {
    // Initialised elsewhere (e.g. by tf.ready()) with another thread count: rebuild it.
    recreateWasmBackend();
  }
  enableWasmThreads(threads);
  await withCoreCount(threads, async () => {
    if (tf.getBackend() !== "wasm") {
      const ok = await tf.setBackend("wasm");
      if (!ok || tf.getBackend() !== "wasm") {
        throw new Error(
          `Cannot initialise the WASM backend: tf.setBackend("wasm") failed, active backend is ${tf.getBackend()}`,
        );
      }
    }
    await tf.ready();
  });
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT") as boolean;
  if (!simd) {
    throw new Error("Cannot initialise the WASM backend: this runtime has no WebAssembly SIMD support");
  }
  const actual = getThreadsCount();
  if (actual !== threads) {
    shutdownTensorBackend();
    throw new Error(`Cannot initialise the WASM backend: asked for ${threads} thread(s), got ${actual}`);
  }
  activeThreads = threads;
  registerTrainingKernels();
  return { backend: tf.getBackend(), simd, threads: actual, tfjsVersion: tf.version.tfjs };
}

/** Whether a WASM backend instance exists (unlike `tf.findBackend`, this never starts one). */
function wasmBackendIsUp(): boolean {
  return "wasm" in (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
}

/** Disposes the WASM backend instance and registers its factory again, so a later init starts afresh. */
function recreateWasmBackend(): void {
  const engine = tf.engine() as unknown as {
    registryFactory: Record<
      string,
      { factory: () => tf.KernelBackend | Promise<tf.KernelBackend>; priority: number }
    >;
  };
  const entry = engine.registryFactory.wasm;
  tf.removeBackend("wasm");
  if (entry !== undefined) tf.registerBackend("wasm", entry.factory, entry.priority);
}

/**
 * Disposes the WASM backend: frees its memory and terminates its worker threads. Tensors made before
 * become unusable; a later {@linkcode initTensorBackend} starts a fresh backend
 * (with any thread count). A no-op when no WASM backend is up.
 *
 * @example
 * ```ts
 * import { initTensorBackend, shutdownTensorBackend } from "./wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * shutdownTensorBackend();
 * assertEquals((await initTensorBackend()).backend, "wasm");
 * ```
 */
export function shutdownTensorBackend(): void {
  if (wasmBackendIsUp()) recreateWasmBackend();
  disableWasmThreads();
  activeThreads = undefined;
}
