/**
 * Tensor backend setup: tfjs's WASM backend (SIMD, optionally multi-threaded) with kernels that make it
 * train convolutional and dense networks fast.
 *
 * - {@linkcode initTensorBackend} selects the backend (call it before any tensor work) and registers the
 *   training kernels; {@linkcode shutdownTensorBackend} frees it and stops its worker threads.
 * - {@linkcode registerTrainingKernels} (called by {@linkcode initTensorBackend}) adds the kernels
 *   tfjs-backend-wasm 4.22 lacks for training (`Conv2DBackpropFilter`, depthwise backprop), replaces slow
 *   ones (`Conv2DBackpropInput`, transposed or batched `BatchMatMul` / `_FusedMatMul`, `MaxPoolGrad`,
 *   `ResizeNearestNeighbor(Grad)`, leading-axes `Sum`, one-output-channel `Conv2D`, copying `Identity`),
 *   and makes tfjs-layers' dropout ({@linkcode fastDropout}) and `AdamOptimizer` steps single native passes.
 * - {@linkcode seedDropoutStream} makes unseeded dropout masks reproducible.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { initTensorBackend } from "./mod.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
 * const g = tf.grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, 1, "same").sum());
 * assertEquals(g(tf.ones([3, 3, 1, 1])).shape, [3, 3, 1, 1]);
 * ```
 *
 * @module
 */
export * from "./wasm.ts";
export * from "./training_kernels.ts";
export { fastDropout, seedDropoutStream } from "./_kernels/dropout.ts";
