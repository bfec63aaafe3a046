/**
 * Fused convolutions while training. tfjs runs `fused.conv2d` (what tfjs-layers' `Conv2D` calls) unfused
 * whenever gradients are recorded and the activation is not linear: a convolution, a bias addition and a
 * ReLU, three kernels and three full passes over each activation, each taped for back-propagation. On the
 * WASM backend {@linkcode installFusedTraining} sends linear and ReLU convolutions to the fused XNNPACK
 * kernel in training too, with a registered `FusedConv2D` gradient that gives each input's gradient
 * lazily (the engine asks only for those it needs: no input gradient for a first layer), with tfjs's
 * formulas: `dy ⊙ step(y)` for ReLU, then the two convolution gradients and the bias sum.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import * as tfCore from "@tensorflow/tfjs-core";

type FusedConv2dArgs = Parameters<typeof tf.fused.conv2d>[0];

let installed = false;

/** Whether `v` is 1 or all ones. */
function ones(v: unknown): boolean {
  return v === undefined || v === 1 || (Array.isArray(v) && v.every((e) => e === 1));
}

/**
 * Routes `fused.conv2d` with a linear or ReLU activation, NHWC rank-4 float32 tensors, a rank-1 bias (or
 * none) and dilation 1 to the `FusedConv2D` kernel (with the gradient registered here) while the WASM
 * backend is active; everything else keeps tfjs's `fused.conv2d`. Idempotent.
 */
export function installFusedTraining(): void {
  if (installed) return;
  installed = true;
  tf.registerGradient({
    kernelName: "FusedConv2D",
    inputsToSave: ["x", "filter"],
    outputsToSave: [true],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
      const [x, filter, y] = saved;
      const g = dy as tf.Tensor;
      const activation = attrs.activation ?? "linear";
      if (activation !== "linear" && activation !== "relu") {
        throw new RangeError(
          `Cannot compute the FusedConv2D gradient: activation must be linear or relu, current value is ${activation}`,
        );
      }
      const strides = attrs.strides as number | [number, number];
      const pad = attrs.pad as "valid" | "same";
      const dimRoundingMode = attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined;
      // Eager: the engine runs each input's gradient in its own tidy, so a lazily shared tensor would be
      // disposed after the first one.
      const dyActivation = activation === "relu" ? tf.mul(g, tf.step(y)) : g;
      const active = () => dyActivation;
      return {
        x: () =>
          tf.conv2dTranspose(
            active() as tf.Tensor4D,
            filter as tf.Tensor4D,
            x.shape as [number, number, number, number],
            strides,
            pad,
            dimRoundingMode,
          ),
        filter: () =>
          tf.engine().runKernel("Conv2DBackpropFilter", { x, dy: active() }, {
            strides,
            pad,
            dataFormat: "NHWC",
            dimRoundingMode,
            filterShape: filter.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor,
        bias: () => tf.sum(active(), [0, 1, 2]),
      };
    },
  });
  const fused = (tfCore as unknown as { default?: { fused?: Record<string, unknown> } }).default?.fused;
  if (fused === undefined || typeof fused.conv2d !== "function") return;
  const original = fused.conv2d as typeof tf.fused.conv2d;
  fused.conv2d = (args: FusedConv2dArgs): tf.Tensor => {
    const { x, filter, bias, activation = "linear" } = args;
    const fits = tf.getBackend() === "wasm" && (activation === "linear" || activation === "relu") &&
      args.preluActivationWeights == null && (args.dataFormat ?? "NHWC") === "NHWC" && ones(args.dilations) &&
      x instanceof tf.Tensor && x.rank === 4 && x.dtype === "float32" &&
      filter instanceof tf.Tensor && filter.rank === 4 && filter.dtype === "float32" &&
      x.shape[3] === filter.shape[2] &&
      (bias == null || (bias instanceof tf.Tensor && bias.rank === 1 && bias.shape[0] === filter.shape[3]));
    if (!fits) return original(args);
    const inputs: tf.NamedTensorMap = bias == null ? { x, filter } : { x, filter, bias: bias as tf.Tensor };
    return tf.engine().runKernel("FusedConv2D", inputs, {
      strides: args.strides,
      pad: args.pad,
      dataFormat: "NHWC",
      dilations: args.dilations ?? [1, 1],
      dimRoundingMode: args.dimRoundingMode,
      activation,
      leakyreluAlpha: args.leakyreluAlpha,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
  };
}
