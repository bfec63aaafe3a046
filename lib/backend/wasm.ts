/**
 * The one module that sets up tensor computation: it selects tfjs's WASM backend with SIMD and fails
 * loudly when it cannot, so nothing heavy silently runs on the slow `cpu` backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

/** Options of {@linkcode initTensorBackend}. */
export interface TensorBackendOptions {
  /**
   * Number of threads for the WASM backend's thread pool.
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

/**
 * Selects the WASM backend (SIMD build) for all tensor work and checks it took effect.
 *
 * @example
 * ```ts
 * import { initTensorBackend } from "./wasm.ts";
 * import { assertEquals } from "../std.ts";
 * const info = await initTensorBackend();
 * assertEquals(info.backend, "wasm");
 * ```
 *
 * @param options The backend options.
 * @returns What was set up.
 * @throws {Error} When the WASM backend or its SIMD build cannot be loaded.
 */
export async function initTensorBackend(
  { threads = 1 }: TensorBackendOptions = {},
): Promise<TensorBackendInfo> {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(
      `Cannot initialise the WASM backend: threads must be an integer >= 1, current value is ${threads}`,
    );
  }
  if (tf.getBackend() !== "wasm") {
    const ok = await tf.setBackend("wasm");
    if (!ok || tf.getBackend() !== "wasm") {
      throw new Error(
        `Cannot initialise the WASM backend: tf.setBackend("wasm") failed, active backend is ${tf.getBackend()}`,
      );
    }
  }
  await tf.ready();
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT") as boolean;
  if (!simd) {
    throw new Error("Cannot initialise the WASM backend: this runtime has no WebAssembly SIMD support");
  }
  return { backend: tf.getBackend(), simd, threads: 1, tfjsVersion: tf.version.tfjs };
}
