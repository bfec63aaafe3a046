/**
 * `Sum` for the WASM backend with a native path for reductions over leading axes (bias gradients: an
 * NHWC gradient summed over batch, height and width). tfjs-backend-wasm 4.22 first transposes the
 * reduced axes to the end, a full copy of the input; the native pass reads the input once, summing blocks
 * of 64 rows in float32 and the blocks in float64. Other reductions go to the original kernel.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { native, ptr } from "./_native.ts";
import type { WasmBackend } from "./_wasm.ts";

/**
 * Sums a float32 tensor over its first `k` axes.
 *
 * @param backend The WASM backend.
 * @param x The input.
 * @param k How many leading axes to reduce (1 to rank).
 * @param keepDims Whether reduced axes stay as size-1 axes.
 * @returns The sums, owned by the caller.
 */
export function sumLeadingAxes(
  backend: WasmBackend,
  x: tf.TensorInfo,
  k: number,
  keepDims: boolean,
): tf.TensorInfo {
  const rows = tf.util.sizeFromShape(x.shape.slice(0, k));
  const cols = tf.util.sizeFromShape(x.shape.slice(k));
  const outShape = keepDims ? x.shape.map((d, i) => (i < k ? 1 : d)) : x.shape.slice(k);
  const out = backend.makeOutput(outShape, "float32");
  const heap = backend.wasm as unknown as { _malloc(bytes: number): number; _free(at: number): void };
  const scratch = heap._malloc(cols * 8);
  try {
    native(backend).sum_rows(ptr(backend, x), ptr(backend, out), scratch, rows, cols);
  } finally {
    heap._free(scratch);
  }
  return out;
}

/**
 * Wraps the original `Sum` config with the leading-axes path.
 *
 * @param original The WASM backend's original kernel config.
 * @returns The replacement config.
 */
export function sumConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = (args.attrs ?? {}) as { axis?: number | number[]; keepDims?: boolean };
    if (x.dtype === "float32" && x.shape.length > 0 && attrs.axis !== undefined) {
      const axes = [...new Set(tf.util.parseAxisParam(attrs.axis, x.shape))].sort((p, q) => p - q);
      if (axes.length > 0 && axes.every((a, i) => a === i) && tf.util.sizeFromShape(x.shape) > 0) {
        return sumLeadingAxes(args.backend as WasmBackend, x, axes.length, attrs.keepDims === true);
      }
    }
    return original.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
