/**
 * Internal: the native helper kernels (`native/kernels.c`, compiled to WebAssembly SIMD by
 * `native/build.sh` and embedded in `_native_wasm.ts`), instantiated on tfjs-backend-wasm's own linear
 * memory so they read and write tensors in place. Pointers are byte offsets of tensor data.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { NATIVE_WASM_PLAIN, NATIVE_WASM_SHARED } from "./_native_wasm.ts";
import type { WasmBackend } from "./_wasm.ts";

/** The exported native kernels (see `native/kernels.c` for their contracts). */
export interface NativeKernels {
  dropout_mask(out: number, n: number, threshold16: number, scale: number, state: number): number;
  max_pool_grad(
    x: number,
    dy: number,
    dx: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    effH: number,
    effW: number,
    padTop: number,
    padLeft: number,
  ): void;
  resize_nearest_neighbor_grad(
    dy: number,
    dx: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    alignCorners: number,
  ): void;
  sum_rows(x: number, out: number, acc: number, rows: number, cols: number): void;
  im2col_t(
    x: number,
    p: number,
    c: number,
    n: number,
    h: number,
    w: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
  ): void;
  resize_nearest_neighbor(
    x: number,
    y: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    alignCorners: number,
    halfPixelCenters: number,
  ): void;
  conv2d_few_out(
    x: number,
    f: number,
    bias: number,
    biasSize: number,
    y: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    co: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    relu: number,
  ): void;
  conv2d_backprop_filter_single_in(
    x: number,
    dy: number,
    dw: number,
    n: number,
    h: number,
    w: number,
    oh: number,
    ow: number,
    co: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    dh: number,
    dwl: number,
    padTop: number,
    padLeft: number,
  ): void;
  conv2d_backprop_filter_single_out(
    x: number,
    dy: number,
    dw: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    dh: number,
    dwl: number,
    padTop: number,
    padLeft: number,
  ): void;
  adam_update(
    w: number,
    g: number,
    m: number,
    v: number,
    w2: number,
    m2: number,
    v2: number,
    n: number,
    beta1: number,
    c1: number,
    beta2: number,
    c2: number,
    oneMinusAccBeta1: number,
    oneMinusAccBeta2: number,
    epsilon: number,
    negLearningRate: number,
  ): void;
  transpose2d(src: number, dst: number, rows: number, cols: number): void;
}

const instances = new WeakMap<object, NativeKernels>();

function decode(base64: string): Uint8Array {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Returns the native kernels bound to `backend`'s memory, instantiating them on first use.
 *
 * @param backend The WASM backend.
 * @returns The kernels.
 */
export function native(backend: WasmBackend): NativeKernels {
  const module = backend.wasm as unknown as {
    asm?: { memory?: WebAssembly.Memory };
    wasmMemory?: WebAssembly.Memory;
  };
  let kernels = instances.get(module);
  if (kernels !== undefined) return kernels;
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error("Cannot load the native kernels: the wasm backend's memory is not reachable");
  }
  const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
  const bytes = decode(shared ? NATIVE_WASM_SHARED : NATIVE_WASM_PLAIN);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {
    env: { memory },
  });
  kernels = instance.exports as unknown as NativeKernels;
  instances.set(module, kernels);
  return kernels;
}

/**
 * The byte offset of a tensor's data on the WASM heap.
 *
 * @param backend The WASM backend.
 * @param x The tensor.
 * @returns The offset.
 */
export function ptr(backend: WasmBackend, x: tf.TensorInfo): number {
  return backend.getMemoryOffset(x.dataId) as number;
}

/**
 * A convolution's window geometry in the argument order of the native conv kernels: filter height and
 * width, strides, dilations, then the top and left padding.
 *
 * @param info The convolution info from tfjs.
 * @returns The eight values.
 */
export function convGeometry(
  info: tf.backend_util.Conv2DInfo,
): readonly [number, number, number, number, number, number, number, number] {
  return [
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}
