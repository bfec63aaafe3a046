/**
 * Internal helpers for kernels that compose the WASM backend's own kernels: calling a registered kernel
 * function directly (no engine bookkeeping), freeing intermediates, and viewing tensor memory on the WASM
 * heap.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/** The WASM backend as kernel functions receive it. */
export type WasmBackend = BackendWasm;

/** A kernel function's argument, typed for the WASM backend. */
export interface WasmKernelArgs {
  /** The named inputs. */
  inputs: tf.NamedTensorInfoMap;
  /** The WASM backend. */
  backend: WasmBackend;
  /** The kernel attributes. */
  attrs?: tf.NamedAttrMap;
}

/**
 * Runs the kernel currently registered as `name` for the WASM backend, bypassing the engine.
 *
 * @param backend The WASM backend.
 * @param name The kernel name.
 * @param inputs The named inputs.
 * @param attrs The attributes.
 * @returns The output, owned by the caller.
 */
export function run(
  backend: WasmBackend,
  name: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = tf.getKernel(name, "wasm");
  if (config === undefined) {
    throw new Error(`Cannot run kernel: ${name} is not registered for the wasm backend`);
  }
  return config.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/**
 * Frees intermediate tensor data (decrements its reference count).
 *
 * @param backend The WASM backend.
 * @param infos The intermediates; `undefined` entries are skipped.
 */
export function free(backend: WasmBackend, ...infos: (tf.TensorInfo | undefined)[]): void {
  for (const info of infos) {
    if (info !== undefined) backend.disposeData(info.dataId);
  }
}

/** Reshapes (shares data; free the result). */
export function reshape(backend: WasmBackend, x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return run(backend, "Reshape", { x }, { shape });
}

/** Transposes with the WASM kernel. */
export function transpose(backend: WasmBackend, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return run(backend, "Transpose", { x }, { perm });
}

/** Zero-pads with the WASM kernel; `paddings` is `[before, after]` per axis. */
export function pad(backend: WasmBackend, x: tf.TensorInfo, paddings: [number, number][]): tf.TensorInfo {
  return run(backend, "PadV2", { x }, { paddings, constantValue: 0 });
}

/** Concatenates along `axis` with the WASM kernel. */
export function concat(backend: WasmBackend, xs: tf.TensorInfo[], axis: number): tf.TensorInfo {
  if (xs.length === 1) {
    const x = xs[0];
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  }
  return run(backend, "Concat", xs as unknown as tf.NamedTensorInfoMap, { axis });
}

/** Plain matrix product of rank-3 (or broadcastable) operands, no transposes. */
export function matMul(backend: WasmBackend, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  return run(backend, "BatchMatMul", { a, b }, { transposeA: false, transposeB: false });
}

/**
 * Views float32 tensor data on the WASM heap. The view is invalidated by any later allocation (the heap
 * may grow), so take it after all outputs are allocated.
 *
 * @param backend The WASM backend.
 * @param x The tensor.
 * @returns A view of its values.
 */
export function heapF32(backend: WasmBackend, x: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(x) as Float32Array;
}
