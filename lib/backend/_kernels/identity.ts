/**
 * `Identity` and same-dtype `Cast` for the WASM backend without a copy. tfjs-backend-wasm 4.22 copies the
 * data, and the engine clones every tensor it saves for back-propagation through `Identity` (and casts
 * each such gradient back), so training copied every activation twice. Tensor data is immutable, so the
 * output can share the input's data, as the tfjs `cpu` backend does.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./_wasm.ts";

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** Returns `x` sharing its data (reference-counted). */
function share(backend: WasmBackend, x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * Wraps the original `Identity` config so that numeric tensors are shared, not copied.
 *
 * @param original The WASM backend's original kernel config.
 * @returns The replacement config.
 */
export function identityConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: Args) => {
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    if (x.dtype === "string") return original.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
    return share(args.backend as WasmBackend, x);
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/**
 * Wraps the original `Cast` config so that a cast to the same dtype shares the data.
 *
 * @param original The WASM backend's original kernel config.
 * @returns The replacement config.
 */
export function castConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: Args) => {
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    if (x.dtype !== "string" && x.dtype === args.attrs?.dtype) return share(args.backend as WasmBackend, x);
    return original.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
