/**
 * `DepthwiseConv2dNativeBackpropInput` and `DepthwiseConv2dNativeBackpropFilter` for the WASM backend,
 * which tfjs-backend-wasm 4.22 lacks (so depthwise and separable convolutions cannot train), composed of
 * the backend's own kernels:
 *
 * - input gradient: the output gradient (zero-dilated for strides above 1) through the backend's XNNPACK
 *   depthwise convolution with the spatially flipped filter, then a sum over the channel multiplier;
 * - filter gradient: per filter tap, the strided window of the padded input times the output gradient,
 *   summed over batch, height and width (the native leading-axes `Sum`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { concat, free, pad, reshape, run, type WasmBackend } from "./_wasm.ts";

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** Strided slice with all masks off. */
function stridedSlice(
  backend: WasmBackend,
  x: tf.TensorInfo,
  begin: number[],
  end: number[],
  strides: number[],
): tf.TensorInfo {
  return run(backend, "StridedSlice", { x }, {
    begin,
    end,
    strides,
    beginMask: 0,
    endMask: 0,
    ellipsisMask: 0,
    newAxisMask: 0,
    shrinkAxisMask: 0,
  });
}

/** Geometry of the depthwise convolution whose gradient is asked for. */
function geometry(
  inShape: number[],
  filterShape: number[],
  attrs: tf.NamedAttrMap,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as number | [number, number],
    attrs.dilations as number | [number, number],
    attrs.pad as "valid" | "same",
    attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined,
    true,
  );
}

/**
 * The `DepthwiseConv2dNativeBackpropInput` kernel function for the WASM backend (dilation 1, as tfjs's
 * gradient requires).
 *
 * @param args The kernel arguments.
 * @returns The input gradient.
 */
export function depthwiseConv2dBackpropInput(args: Args): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const attrs = args.attrs ?? {};
  const { dy, filter } = args.inputs as Record<string, tf.TensorInfo>;
  const inShape = attrs.inputShape as number[];
  const info = geometry(inShape, filter.shape, attrs);
  const [fh, fw, c, cm] = filter.shape;
  const { batchSize: n, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new RangeError(
      `Cannot run DepthwiseConv2dNativeBackpropInput: dilations must be 1, current value is ${attrs.dilations}`,
    );
  }
  const temps: tf.TensorInfo[] = [];
  let src = dy;
  if (sh > 1 || sw > 1) {
    const r6 = reshape(backend, dy, [n, oh, 1, ow, 1, c * cm]);
    const p6 = pad(backend, r6, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    src = reshape(backend, p6, [n, oh * sh, ow * sw, c * cm]);
    temps.push(r6, p6, src);
  }
  const flipped = run(backend, "Reverse", { x: filter }, { dims: [0, 1] });
  const perChannel = reshape(backend, flipped, [fh, fw, c * cm, 1]);
  temps.push(flipped, perChannel);
  const top = fh - 1 - info.padInfo.top;
  const left = fw - 1 - info.padInfo.left;
  const bottom = h - 1 + fh - src.shape[1] - top;
  const right = w - 1 + fw - src.shape[2] - left;
  const conv = run(backend, "DepthwiseConv2dNative", { x: src, filter: perChannel }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]],
    dataFormat: "NHWC",
  });
  temps.push(conv);
  let cropped = conv;
  if (conv.shape[1] !== h || conv.shape[2] !== w) {
    const r0 = Math.max(0, -top);
    const c0 = Math.max(0, -left);
    cropped = stridedSlice(backend, conv, [0, r0, c0, 0], [n, r0 + h, c0 + w, c * cm], [1, 1, 1, 1]);
    temps.push(cropped);
  }
  let out: tf.TensorInfo;
  if (cm === 1) {
    out = reshape(backend, cropped, [n, h, w, c]);
  } else {
    const r5 = reshape(backend, cropped, [n, h, w, c, cm]);
    out = run(backend, "Sum", { x: r5 }, { axis: [4], keepDims: false });
    temps.push(r5);
  }
  free(backend, ...temps);
  return out;
}

/**
 * The `DepthwiseConv2dNativeBackpropFilter` kernel function for the WASM backend.
 *
 * @param args The kernel arguments.
 * @returns The filter gradient.
 */
export function depthwiseConv2dBackpropFilter(args: Args): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const attrs = args.attrs ?? {};
  const { x, dy } = args.inputs as Record<string, tf.TensorInfo>;
  const filterShape = attrs.filterShape as number[];
  const info = geometry(x.shape, filterShape, attrs);
  const [fh, fw, c, cm] = filterShape;
  const { batchSize: n, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const bottom = Math.max(0, (oh - 1) * sh + (fh - 1) * dh + 1 - top - h);
  const right = Math.max(0, (ow - 1) * sw + (fw - 1) * dw + 1 - left - w);
  const padded = pad(backend, x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  const dy5 = reshape(backend, dy, [n, oh, ow, c, cm]);
  const taps: tf.TensorInfo[] = [];
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const window = stridedSlice(
        backend,
        padded,
        [0, i * dh, j * dw, 0],
        [n, i * dh + (oh - 1) * sh + 1, j * dw + (ow - 1) * sw + 1, c],
        [1, sh, sw, 1],
      );
      const window5 = reshape(backend, window, [n, oh, ow, c, 1]);
      const product = run(backend, "Multiply", { a: window5, b: dy5 });
      const sum = run(backend, "Sum", { x: product }, { axis: [0, 1, 2], keepDims: false });
      taps.push(reshape(backend, sum, [1, c * cm]));
      free(backend, window, window5, product, sum);
    }
  }
  const stacked = concat(backend, taps, 0);
  const out = reshape(backend, stacked, [fh, fw, c, cm]);
  free(backend, padded, dy5, stacked, ...taps);
  return out;
}

/** Kernel config of {@linkcode depthwiseConv2dBackpropInput}. */
export const depthwiseConv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropInput",
  backendName: "wasm",
  kernelFunc: depthwiseConv2dBackpropInput as unknown as tf.KernelFunc,
};

/** Kernel config of {@linkcode depthwiseConv2dBackpropFilter}. */
export const depthwiseConv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropFilter",
  backendName: "wasm",
  kernelFunc: depthwiseConv2dBackpropFilter as unknown as tf.KernelFunc,
};
