/**
 * `Conv2DBackpropInput` for the WASM backend. tfjs-backend-wasm 4.22 computes it in a naive loop (about
 * 1 GFLOPS); this version runs it as a forward convolution on the backend's XNNPACK `Conv2D`: the output
 * gradient (zero-dilated when the stride is above 1) correlated with the spatially flipped filter whose
 * in/out channels are swapped.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { free, pad, reshape, run, transpose, type WasmBackend } from "./_wasm.ts";

/**
 * Computes the input gradient of an NHWC 2-D convolution with dilation 1.
 *
 * @param backend The WASM backend.
 * @param dy The output gradient `[N, OH, OW, CO]`.
 * @param filter The filter `[FH, FW, CI, CO]`.
 * @param info The convolution geometry (`backend_util.computeConv2DInfo`).
 * @returns The input gradient `[N, H, W, CI]`, owned by the caller.
 */
export function conv2dBackpropInputNhwc(
  backend: WasmBackend,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize: n, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, outChannels: co } = info;
  const temps: tf.TensorInfo[] = [];
  let src = dy;
  if (sh > 1 || sw > 1) {
    // Zero-dilate: [N, OH, 1, OW, 1, CO] -> pad -> [N, OH * sh, OW * sw, CO] (trailing zeros included).
    const r6 = reshape(backend, dy, [n, oh, 1, ow, 1, co]);
    const p6 = pad(backend, r6, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    src = reshape(backend, p6, [n, oh * sh, ow * sw, co]);
    temps.push(r6, p6, src);
  }
  const flipped = run(backend, "Reverse", { x: filter }, { dims: [0, 1] });
  const swapped = transpose(backend, flipped, [0, 1, 3, 2]);
  temps.push(flipped, swapped);
  const [hd, wd] = [src.shape[1], src.shape[2]];
  const top = fh - 1 - info.padInfo.top;
  const left = fw - 1 - info.padInfo.left;
  const bottom = h - 1 + fh - hd - top;
  const right = w - 1 + fw - wd - left;
  const conv = run(backend, "Conv2D", { x: src, filter: swapped }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]],
    dataFormat: "NHWC",
  });
  let out = conv;
  if (conv.shape[1] !== h || conv.shape[2] !== w) {
    out = run(backend, "StridedSlice", { x: conv }, {
      begin: [0, Math.max(0, -top), Math.max(0, -left), 0],
      end: [n, Math.max(0, -top) + h, Math.max(0, -left) + w, info.inChannels],
      strides: [1, 1, 1, 1],
      beginMask: 0,
      endMask: 0,
      ellipsisMask: 0,
      newAxisMask: 0,
      shrinkAxisMask: 0,
    });
    temps.push(conv);
  }
  free(backend, ...temps);
  return out;
}

/**
 * The `Conv2DBackpropInput` kernel function for the WASM backend.
 *
 * @param args The kernel arguments.
 * @returns The input gradient.
 */
export function conv2dBackpropInput(
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  let { dy, filter } = args.inputs as unknown as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  if (dy.dtype !== "float32" || filter.dtype !== "float32") {
    throw new TypeError(
      `Cannot run Conv2DBackpropInput: inputs must be float32, current dtype is ${dy.dtype}`,
    );
  }
  const channelsFirst = attrs.dataFormat === "NCHW";
  let inShape = attrs.inputShape as number[];
  if (channelsFirst) {
    dy = transpose(backend, dy, [0, 2, 3, 1]);
    inShape = [inShape[0], inShape[2], inShape[3], inShape[1]];
  }
  const info = tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  let out = conv2dBackpropInputNhwc(backend, dy, filter, info);
  if (channelsFirst) {
    const nhwc = out;
    out = transpose(backend, nhwc, [0, 3, 1, 2]);
    free(backend, nhwc, dy);
  }
  return out;
}

/** Kernel config of {@linkcode conv2dBackpropInput}. */
export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: "Conv2DBackpropInput",
  backendName: "wasm",
  kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
};
