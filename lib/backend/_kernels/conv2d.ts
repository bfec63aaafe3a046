/**
 * `Conv2D` and `FusedConv2D` for the WASM backend with a faster path for one or two output channels.
 * XNNPACK computes output channels in tiles of 8, so a convolution with a single output channel (an
 * autoencoder's last layer) does 8 times the work it needs. Such convolutions run as a native direct
 * convolution, SIMD over input channels, with the bias and ReLU fused. Anything else goes to the original
 * kernels.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { convGeometry, native, ptr } from "./_native.ts";
import { free, transpose, type WasmBackend } from "./_wasm.ts";

/** Output channel counts up to this take the native path. */
export const FEW_CHANNELS = 2;

/**
 * Computes an NHWC convolution with few output channels directly.
 *
 * @param backend The WASM backend.
 * @param x The input `[N, H, W, CI]`.
 * @param filter The filter `[FH, FW, CI, CO]`.
 * @param info The convolution geometry (`backend_util.computeConv2DInfo`, NHWC).
 * @param bias An optional bias `[CO]` (or `[1]`).
 * @param relu Whether to apply ReLU.
 * @returns The output `[N, OH, OW, CO]`, owned by the caller.
 */
export function conv2dFewOutputChannels(
  backend: WasmBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  bias?: tf.TensorInfo,
  relu = false,
): tf.TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co } = info;
  const ocFirst = transpose(backend, filter, [3, 0, 1, 2]);
  const out = backend.makeOutput([n, info.outHeight, info.outWidth, co], "float32");
  native(backend).conv2d_few_out(
    ptr(backend, x),
    ptr(backend, ocFirst),
    bias === undefined ? 0 : ptr(backend, bias),
    bias === undefined ? 0 : tf.util.sizeFromShape(bias.shape),
    ptr(backend, out),
    n,
    h,
    w,
    ci,
    co,
    ...convGeometry(info),
    info.outHeight,
    info.outWidth,
    relu ? 1 : 0,
  );
  free(backend, ocFirst);
  return out;
}

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** Whether the fast path applies: float32 NHWC, few output channels. */
function applies(x: tf.TensorInfo, filter: tf.TensorInfo, dataFormat: unknown): boolean {
  return x.dtype === "float32" && filter.dtype === "float32" && x.shape.length === 4 &&
    dataFormat !== "NCHW" && filter.shape[3] <= FEW_CHANNELS;
}

/**
 * Runs the original kernel, except for an empty output, which XNNPACK would write out of bounds for
 * (tfjs-backend-wasm 4.22 corrupts its heap on, e.g., a "valid" convolution whose dilated filter is taller
 * than the input).
 */
function guardEmpty(original: tf.KernelConfig, args: Args): tf.TensorInfo {
  const { x, filter } = args.inputs as Record<string, tf.TensorInfo>;
  const attrs = args.attrs ?? {};
  if (x.shape.length === 4 && filter.shape.length === 4) {
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides as number | [number, number],
      attrs.dilations as number | [number, number],
      attrs.pad as "valid" | "same",
      attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined,
      false,
      tf.backend_util.convertConv2DDataFormat((attrs.dataFormat as "NHWC" | "NCHW" | undefined) ?? "NHWC"),
    );
    if (tf.util.sizeFromShape(info.outShape) === 0) {
      return (args.backend as WasmBackend).makeOutput(info.outShape, "float32");
    }
  }
  return original.kernelFunc(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
}

/** Geometry of a forward convolution from its kernel attributes. */
function geometry(
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  attrs: tf.NamedAttrMap,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides as number | [number, number],
    attrs.dilations as number | [number, number],
    attrs.pad as "valid" | "same",
    attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined,
  );
}

/**
 * Wraps the original `Conv2D` config with the few-output-channel path.
 *
 * @param original The WASM backend's original kernel config.
 * @returns The replacement config.
 */
export function conv2dConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: Args) => {
    const { x, filter } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = args.attrs ?? {};
    if (!applies(x, filter, attrs.dataFormat)) return guardEmpty(original, args);
    return conv2dFewOutputChannels(args.backend as WasmBackend, x, filter, geometry(x, filter, attrs));
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/**
 * Wraps the original `FusedConv2D` config with the few-output-channel path (linear or ReLU activation,
 * optional rank-1 bias).
 *
 * @param original The WASM backend's original kernel config.
 * @returns The replacement config.
 */
export function fusedConv2dConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: Args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<
      string,
      tf.TensorInfo | undefined
    >;
    if (x === undefined || filter === undefined) {
      return original.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
    }
    const attrs = args.attrs ?? {};
    const activation = attrs.activation ?? "linear";
    const simple = (activation === "linear" || activation === "relu") && preluActivationWeights == null &&
      (bias == null || (bias.shape.length === 1 && bias.dtype === "float32"));
    if (!simple || !applies(x, filter, attrs.dataFormat)) return guardEmpty(original, args);
    return conv2dFewOutputChannels(
      args.backend as WasmBackend,
      x,
      filter,
      geometry(x, filter, attrs),
      bias ?? undefined,
      activation === "relu",
    );
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
