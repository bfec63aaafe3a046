/**
 * Registers the kernels that let the WASM backend train convolutional and dense networks, and train them
 * fast. tfjs-backend-wasm 4.22 lacks `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropInput` and
 * `DepthwiseConv2dNativeBackpropFilter` (so `model.fit` of a conv net throws), and several kernels that
 * training leans on are slow there. Registered or replaced for the WASM backend:
 *
 * | kernel | what changes |
 * | --- | --- |
 * | `Conv2DBackpropFilter` | added: native SIMD pass (1 input or output channel), else patches × XNNPACK product |
 * | `Conv2DBackpropInput` | XNNPACK convolution with the flipped filter instead of a naive loop |
 * | `DepthwiseConv2dNativeBackpropInput`, `…Filter` | added, composed of the backend's kernels |
 * | `BatchMatMul`, `_FusedMatMul` | transposed or batched operands made fit for the XNNPACK path |
 * | `Conv2D`, `FusedConv2D` | native direct convolution for 1–2 output channels (XNNPACK wastes 8×) |
 * | `MaxPoolGrad`, `ResizeNearestNeighbor(Grad)` | native passes instead of slow generic loops |
 * | `Sum` | native pass for reductions over leading axes (bias gradients), no transpose |
 * | `Transpose` | native tiled SIMD pass for matrix-like permutations (3–5× faster on tall/wide ones) |
 * | `Identity`, same-dtype `Cast` | share data instead of copying (the engine clones saved tensors) |
 * | `DropoutMask` | added; tfjs-layers' `dropout` uses it through {@linkcode fastDropout} |
 * | `AdamUpdate` | added; `AdamOptimizer` steps in one native pass, same float32 arithmetic as tfjs |
 * | `FusedConv2D` gradient | registered, so that `fused.conv2d` (layers' `Conv2D`) stays fused in training |
 *
 * Every kernel matches the tfjs `cpu` backend (relative error < 1e-4 in the parity tests). The native
 * passes are C compiled to WebAssembly SIMD (`_kernels/native/`), run on the backend's own memory.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import * as tfCore from "@tensorflow/tfjs-core";
import { adamUpdateConfig, installFusedAdam } from "./_kernels/adam.ts";
import { pretransposedMatMulConfig } from "./_kernels/batch_mat_mul.ts";
import { conv2dBackpropFilterConfig } from "./_kernels/conv2d_backprop_filter.ts";
import { conv2dBackpropInputConfig } from "./_kernels/conv2d_backprop_input.ts";
import { conv2dConfig, fusedConv2dConfig } from "./_kernels/conv2d.ts";
import {
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
} from "./_kernels/depthwise_conv2d_backprop.ts";
import { dropoutMaskConfig, fastDropout } from "./_kernels/dropout.ts";
import { installFusedTraining } from "./_kernels/fused_training.ts";
import { castConfig, identityConfig } from "./_kernels/identity.ts";
import { maxPoolGradConfig } from "./_kernels/max_pool_grad.ts";
import { resizeNearestNeighborConfig } from "./_kernels/resize_nearest_neighbor.ts";
import { resizeNearestNeighborGradConfig } from "./_kernels/resize_nearest_neighbor_grad.ts";
import { sumConfig } from "./_kernels/sum.ts";
import { transposeConfig } from "./_kernels/transpose.ts";

/** Names of the kernels {@linkcode registerTrainingKernels} adds or replaces for the WASM backend. */
export const TRAINING_KERNEL_NAMES: readonly string[] = [
  "BatchMatMul",
  "_FusedMatMul",
  "Conv2DBackpropFilter",
  "Conv2DBackpropInput",
  "DepthwiseConv2dNativeBackpropInput",
  "DepthwiseConv2dNativeBackpropFilter",
  "MaxPoolGrad",
  "ResizeNearestNeighborGrad",
  "Conv2D",
  "FusedConv2D",
  "Sum",
  "Identity",
  "Cast",
  "ResizeNearestNeighbor",
  "Transpose",
  "DropoutMask",
  "AdamUpdate",
];

let registered = false;

/** Replaces (or adds) the WASM kernel `name` with `make(original)`. */
function replace(name: string, make: (original: tf.KernelConfig) => tf.KernelConfig): void {
  const original = tf.getKernel(name, "wasm");
  if (original === undefined) {
    throw new Error(`Cannot register training kernels: the wasm backend has no ${name} kernel to wrap`);
  }
  tf.unregisterKernel(name, "wasm");
  tf.registerKernel(make(original));
}

/** Adds `config`, replacing any kernel registered under its name. */
function put(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, "wasm") !== undefined) tf.unregisterKernel(config.kernelName, "wasm");
  tf.registerKernel(config);
}

/**
 * Makes layers' dropout use {@linkcode fastDropout} on the WASM backend. tfjs-layers calls `dropout` through
 * tfjs-core's CommonJS exports object, so the function is swapped there; other backends keep the original.
 */
function installFastDropout(): void {
  const exportsObject = (tfCore as unknown as { default?: Record<string, unknown> }).default;
  if (exportsObject === undefined || typeof exportsObject.dropout !== "function") return;
  const original = exportsObject.dropout as typeof tf.dropout;
  exportsObject.dropout = (
    x: tf.Tensor | tf.TensorLike,
    rate: number,
    noiseShape?: number[],
    seed?: number | string,
  ) =>
    tf.getBackend() === "wasm" ? fastDropout(x, rate, noiseShape, seed) : original(x, rate, noiseShape, seed);
}

/**
 * Adds the missing training kernels to the WASM backend and replaces its slow ones (see the module
 * overview). Idempotent; {@linkcode initTensorBackend} calls it, so users of the backend need not.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { initTensorBackend, registerTrainingKernels } from "./mod.ts";
 * import { assert } from "../std.ts";
 * await initTensorBackend();
 * registerTrainingKernels();
 * assert(tf.getKernel("Conv2DBackpropFilter", "wasm") !== undefined);
 * ```
 */
export function registerTrainingKernels(): void {
  if (registered) return;
  replace("BatchMatMul", pretransposedMatMulConfig);
  replace("_FusedMatMul", pretransposedMatMulConfig);
  replace("ResizeNearestNeighborGrad", resizeNearestNeighborGradConfig);
  replace("Conv2D", conv2dConfig);
  replace("FusedConv2D", fusedConv2dConfig);
  replace("Sum", sumConfig);
  replace("Identity", identityConfig);
  replace("Cast", castConfig);
  replace("ResizeNearestNeighbor", resizeNearestNeighborConfig);
  replace("Transpose", transposeConfig);
  put(conv2dBackpropFilterConfig);
  put(conv2dBackpropInputConfig);
  put(depthwiseConv2dBackpropInputConfig);
  put(depthwiseConv2dBackpropFilterConfig);
  put(maxPoolGradConfig);
  put(dropoutMaskConfig);
  put(adamUpdateConfig);
  installFastDropout();
  installFusedAdam();
  installFusedTraining();
  registered = true;
}
