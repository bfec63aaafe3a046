/**
 * Internal: the transposed im2col ("patch matrix") of a channel-major tensor, built by a native pass.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { native, ptr } from "./_native.ts";
import type { WasmBackend } from "./_wasm.ts";

/** Geometry of a 2-D sliding window. */
export interface WindowGeometry {
  /** Window height. */
  filterHeight: number;
  /** Window width. */
  filterWidth: number;
  /** Vertical stride. */
  strideHeight: number;
  /** Horizontal stride. */
  strideWidth: number;
  /** Vertical dilation. */
  dilationHeight: number;
  /** Horizontal dilation. */
  dilationWidth: number;
  /** Rows of (virtual) zero padding before row 0. */
  padTop: number;
  /** Columns of (virtual) zero padding before column 0. */
  padLeft: number;
  /** Number of window positions along the height. */
  outHeight: number;
  /** Number of window positions along the width. */
  outWidth: number;
}

/**
 * Builds `P` of shape `[filterHeight * filterWidth * C, N * outHeight * outWidth]` with
 * `P[(fh * filterWidth + fw) * C + c, (n * outHeight + oh) * outWidth + ow] =
 * x[n, oh * strideHeight + fh * dilationHeight - padTop, ow * strideWidth + fw * dilationWidth - padLeft, c]`
 * (zero outside `x`), from `x` stored channel-major as `[C, N, H, W]` so that every row of `P` reads
 * one contiguous plane.
 *
 * @param backend The WASM backend.
 * @param xChannelMajor The float32 input, shape `[C, N, H, W]`.
 * @param g The window geometry.
 * @returns The patch matrix, owned by the caller.
 */
export function im2colTransposed(
  backend: WasmBackend,
  xChannelMajor: tf.TensorInfo,
  g: WindowGeometry,
): tf.TensorInfo {
  const [c, n, h, w] = xChannelMajor.shape;
  const out = backend.makeOutput(
    [g.filterHeight * g.filterWidth * c, n * g.outHeight * g.outWidth],
    "float32",
  );
  native(backend).im2col_t(
    ptr(backend, xChannelMajor),
    ptr(backend, out),
    c,
    n,
    h,
    w,
    g.filterHeight,
    g.filterWidth,
    g.strideHeight,
    g.strideWidth,
    g.dilationHeight,
    g.dilationWidth,
    g.padTop,
    g.padLeft,
    g.outHeight,
    g.outWidth,
  );
  return out;
}
