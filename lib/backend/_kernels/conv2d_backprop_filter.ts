/**
 * `Conv2DBackpropFilter` for the WASM backend (tfjs-backend-wasm 4.22 has none). With one input or one
 * output channel (an autoencoder's first and last layers) it is a native pass per filter tap, SIMD over
 * the other channel axis. Otherwise it is one matrix product on the backend's fast `BatchMatMul` path:
 * the transposed patch matrix of the input (built by a native pass) times the output gradient or, when
 * the output gradient has fewer channels and the stride is 1, the patches of the output gradient times
 * the input, which moves less data.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { im2colTransposed } from "./_im2col.ts";
import { convGeometry, native, ptr } from "./_native.ts";
import { free, matMul, reshape, run, transpose, type WasmBackend } from "./_wasm.ts";

/** How the filter gradient is computed; `"auto"` picks by shape. */
export type BackpropFilterStrategy = "auto" | "patchesOfInput" | "patchesOfGradient" | "native";

/** NHWC -> CNHW (a reshape when C is 1); free the result. */
function channelMajor(backend: WasmBackend, x: tf.TensorInfo): tf.TensorInfo {
  const [n, h, w, c] = x.shape;
  return c === 1 ? reshape(backend, x, [1, n, h, w]) : transpose(backend, x, [3, 0, 1, 2]);
}

/**
 * Computes the filter gradient of an NHWC 2-D convolution.
 *
 * @param backend The WASM backend.
 * @param x The convolution input `[N, H, W, CI]`.
 * @param dy The output gradient `[N, OH, OW, CO]`.
 * @param info The convolution geometry (`backend_util.computeConv2DInfo`).
 * @param strategy Which formulation to use.
 * @returns The filter gradient `[FH, FW, CI, CO]`, owned by the caller.
 */
export function conv2dBackpropFilterNhwc(
  backend: WasmBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  strategy: BackpropFilterStrategy = "auto",
): tf.TensorInfo {
  const { filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co } = info;
  const { top: padTop, left: padLeft } = info.padInfo;
  const canShiftGradient = info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 &&
    info.dilationWidth === 1 && padTop <= fh - 1 && padLeft <= fw - 1;
  if (strategy === "native" || (strategy === "auto" && (ci === 1 || co === 1))) {
    if (ci !== 1 && co !== 1) {
      throw new RangeError("Cannot compute Conv2DBackpropFilter: native needs 1 input or 1 output channel");
    }
    return nativeSingleChannel(backend, x, dy, info);
  }
  const useGradient = strategy === "patchesOfGradient" ||
    (strategy === "auto" && canShiftGradient && co < ci);
  if (useGradient && !canShiftGradient) {
    throw new RangeError(
      "Cannot compute Conv2DBackpropFilter: patchesOfGradient needs stride 1 and dilation 1",
    );
  }
  if (!useGradient) {
    // dW[(fh, fw, ci), co] = P[(fh, fw, ci), m] · dy[m, co]
    const xc = channelMajor(backend, x);
    const p = im2colTransposed(backend, xc, {
      filterHeight: fh,
      filterWidth: fw,
      strideHeight: info.strideHeight,
      strideWidth: info.strideWidth,
      dilationHeight: info.dilationHeight,
      dilationWidth: info.dilationWidth,
      padTop,
      padLeft,
      outHeight: info.outHeight,
      outWidth: info.outWidth,
    });
    const dy2 = reshape(backend, dy, [1, info.batchSize * info.outHeight * info.outWidth, co]);
    const p3 = reshape(backend, p, [1, fh * fw * ci, p.shape[1]]);
    const prod = matMul(backend, p3, dy2);
    free(backend, xc, p, p3, dy2);
    const out = reshape(backend, prod, [fh, fw, ci, co]);
    free(backend, prod);
    return out;
  }
  // Stride 1: dW[fh, fw, ci, co] = sum_{n,h,w} x[n, h, w, ci] · dy[n, h - fh + padTop, w - fw + padLeft, co].
  // With fh' = FH-1-fh this is a window over dy with padding FH-1-padTop, so
  // R[(fh', fw', co), ci] = D[(fh', fw', co), m] · x[m, ci] and dW = R flipped and transposed.
  const dyc = channelMajor(backend, dy);
  const d = im2colTransposed(backend, dyc, {
    filterHeight: fh,
    filterWidth: fw,
    strideHeight: 1,
    strideWidth: 1,
    dilationHeight: 1,
    dilationWidth: 1,
    padTop: fh - 1 - padTop,
    padLeft: fw - 1 - padLeft,
    outHeight: info.inHeight,
    outWidth: info.inWidth,
  });
  const x2 = reshape(backend, x, [1, info.batchSize * info.inHeight * info.inWidth, ci]);
  const d3 = reshape(backend, d, [1, fh * fw * co, d.shape[1]]);
  const prod = matMul(backend, d3, x2);
  free(backend, dyc, d, d3, x2);
  const r4 = reshape(backend, prod, [fh, fw, co, ci]);
  const flipped = run(backend, "Reverse", { x: r4 }, { dims: [0, 1] });
  const out = transpose(backend, flipped, [0, 1, 3, 2]);
  free(backend, prod, r4, flipped);
  return out;
}

/** One input or one output channel: a native pass per tap, SIMD over the other channel axis. */
function nativeSingleChannel(
  backend: WasmBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const out = backend.makeOutput(info.filterShape, "float32");
  const k = native(backend);
  const geometry = convGeometry(info);
  const { batchSize: n, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  if (info.inChannels === 1) {
    k.conv2d_backprop_filter_single_in(
      ptr(backend, x),
      ptr(backend, dy),
      ptr(backend, out),
      n,
      h,
      w,
      oh,
      ow,
      info.outChannels,
      ...geometry,
    );
  } else {
    k.conv2d_backprop_filter_single_out(
      ptr(backend, x),
      ptr(backend, dy),
      ptr(backend, out),
      n,
      h,
      w,
      info.inChannels,
      oh,
      ow,
      ...geometry,
    );
  }
  return out;
}

/**
 * The `Conv2DBackpropFilter` kernel function for the WASM backend.
 *
 * @param args The kernel arguments.
 * @returns The filter gradient.
 */
export function conv2dBackpropFilter(
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  let { x, dy } = args.inputs as unknown as { x: tf.TensorInfo; dy: tf.TensorInfo };
  if (x.dtype !== "float32" || dy.dtype !== "float32") {
    throw new TypeError(
      `Cannot run Conv2DBackpropFilter: inputs must be float32, current dtype is ${x.dtype}`,
    );
  }
  const channelsFirst = attrs.dataFormat === "NCHW";
  if (channelsFirst) {
    x = transpose(backend, x, [0, 2, 3, 1]);
    dy = transpose(backend, dy, [0, 2, 3, 1]);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  const out = conv2dBackpropFilterNhwc(backend, x, dy, info);
  if (channelsFirst) free(backend, x, dy);
  return out;
}

/** Kernel config of {@linkcode conv2dBackpropFilter}. */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: "Conv2DBackpropFilter",
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
