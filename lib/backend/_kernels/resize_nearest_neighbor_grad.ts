/**
 * `ResizeNearestNeighborGrad` for the WASM backend (the gradient of `UpSampling2D`). tfjs-backend-wasm
 * 4.22's version is slow (about 10 ns per gradient element); this one is a native pass that scatters each
 * output gradient onto its source pixel, with the source map of the tfjs `cpu` backend. Resizes with
 * `halfPixelCenters` go to the original kernel.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { native, ptr } from "./_native.ts";
import type { WasmBackend } from "./_wasm.ts";

/**
 * Computes the nearest-neighbour resize gradient for NHWC images.
 *
 * @param backend The WASM backend.
 * @param images The resize input `[N, H, W, C]` (only its shape is used).
 * @param dy The output gradient `[N, OH, OW, C]`.
 * @param alignCorners The resize's `alignCorners`.
 * @returns The input gradient, owned by the caller.
 */
export function resizeNearestNeighborGradNhwc(
  backend: WasmBackend,
  images: tf.TensorInfo,
  dy: tf.TensorInfo,
  alignCorners: boolean,
): tf.TensorInfo {
  const [n, h, w, c] = images.shape;
  const [, oh, ow] = dy.shape;
  const out = backend.makeOutput(images.shape, "float32");
  native(backend).resize_nearest_neighbor_grad(
    ptr(backend, dy),
    ptr(backend, out),
    n,
    h,
    w,
    c,
    oh,
    ow,
    alignCorners ? 1 : 0,
  );
  return out;
}

/**
 * Wraps the original `ResizeNearestNeighborGrad` config: float32 gradients without `halfPixelCenters` take
 * the fast path, anything else the original kernel.
 *
 * @param original The WASM backend's original kernel config.
 * @returns The replacement config.
 */
export function resizeNearestNeighborGradConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const { images, dy } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = (args.attrs ?? {}) as { alignCorners?: boolean; halfPixelCenters?: boolean };
    if (attrs.halfPixelCenters || dy.dtype !== "float32" || images.shape.length !== 4) {
      return original.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
    }
    return resizeNearestNeighborGradNhwc(
      args.backend as WasmBackend,
      images,
      dy,
      attrs.alignCorners === true,
    );
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
