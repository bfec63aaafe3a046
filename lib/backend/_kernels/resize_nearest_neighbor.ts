/**
 * `ResizeNearestNeighbor` (the forward pass of `UpSampling2D`) for the WASM backend as a native pass that
 * copies each output pixel's channel vector from its source pixel, with the tfjs `cpu` backend's source
 * map (`alignCorners` and `halfPixelCenters` included). Non-float32 or non-4-D inputs go to the original.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { native, ptr } from "./_native.ts";
import type { WasmBackend } from "./_wasm.ts";

/**
 * Wraps the original `ResizeNearestNeighbor` config with the native path.
 *
 * @param original The WASM backend's original kernel config.
 * @returns The replacement config.
 */
export function resizeNearestNeighborConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const { images } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = (args.attrs ?? {}) as {
      alignCorners?: boolean;
      halfPixelCenters?: boolean;
      size: number[];
    };
    if (images.dtype !== "float32" || images.shape.length !== 4) {
      return original.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
    }
    const backend = args.backend as WasmBackend;
    const [n, h, w, c] = images.shape;
    const [oh, ow] = attrs.size;
    const out = backend.makeOutput([n, oh, ow, c], "float32");
    native(backend).resize_nearest_neighbor(
      ptr(backend, images),
      ptr(backend, out),
      n,
      h,
      w,
      c,
      oh,
      ow,
      attrs.alignCorners ? 1 : 0,
      attrs.halfPixelCenters ? 1 : 0,
    );
    return out;
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
