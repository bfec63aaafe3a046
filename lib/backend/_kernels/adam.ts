/**
 * Adam in one pass. tfjs's `AdamOptimizer` updates each variable with 13 element-wise ops (about 10% of a
 * dense autoencoder's training step on the WASM backend); here an `AdamUpdate` kernel reads the value,
 * gradient and both moments once and writes the new three, with exactly tfjs's float32 arithmetic (same
 * operation order, so results are identical). {@linkcode installFusedAdam} routes every `AdamOptimizer`
 * to it while the WASM backend is active.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { native, ptr } from "./_native.ts";
import type { WasmBackend } from "./_wasm.ts";

/** Name of the fused update kernel registered for the WASM backend. */
export const ADAM_UPDATE = "AdamUpdate";

/**
 * The `AdamUpdate` kernel: inputs `value`, `gradient`, `m`, `v` (float32, same shape); attributes `beta1`,
 * `beta2`, `oneMinusAccBeta1`, `oneMinusAccBeta2`, `epsilon`, `learningRate`. Returns the new value, first
 * moment and second moment.
 *
 * @param args The kernel arguments.
 * @returns `[value, m, v]` after one step.
 */
export function adamUpdate(
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { value, gradient, m, v } = args.inputs as Record<string, tf.TensorInfo>;
  const a = args.attrs as Record<string, number>;
  const w2 = backend.makeOutput(value.shape, "float32");
  const m2 = backend.makeOutput(value.shape, "float32");
  const v2 = backend.makeOutput(value.shape, "float32");
  const f = Math.fround;
  native(backend).adam_update(
    ptr(backend, value),
    ptr(backend, gradient),
    ptr(backend, m),
    ptr(backend, v),
    ptr(backend, w2),
    ptr(backend, m2),
    ptr(backend, v2),
    tf.util.sizeFromShape(value.shape),
    f(a.beta1),
    f(1 - a.beta1),
    f(a.beta2),
    f(1 - a.beta2),
    f(a.oneMinusAccBeta1),
    f(a.oneMinusAccBeta2),
    f(a.epsilon),
    f(-a.learningRate),
  );
  return [w2, m2, v2];
}

/** Kernel config of {@linkcode adamUpdate}. */
export const adamUpdateConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: "wasm",
  kernelFunc: adamUpdate as unknown as tf.KernelFunc,
};

/** The fields of tfjs's `AdamOptimizer` the fused step reads (private in its typings). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

let installed = false;

/**
 * Makes `AdamOptimizer.applyGradients` use the `AdamUpdate` kernel while the WASM backend is active (other
 * backends keep tfjs's version). The optimizer's state (moments, `accBeta1/2`, iterations, weights for
 * saving) is kept exactly as tfjs keeps it. Idempotent.
 */
export function installFusedAdam(): void {
  if (installed) return;
  installed = true;
  const proto = tf.AdamOptimizer.prototype;
  const original = proto.applyGradients;
  type Gradients = Parameters<typeof original>[0];
  proto.applyGradients = function (this: tf.AdamOptimizer, variableGradients: Gradients): void {
    if (tf.getBackend() !== "wasm") return original.call(this, variableGradients);
    const self = this as unknown as AdamState;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const oneMinusAccBeta1 = 1 - self.accBeta1.dataSync()[0];
    const oneMinusAccBeta2 = 1 - self.accBeta2.dataSync()[0];
    const attrs = {
      beta1: self.beta1,
      beta2: self.beta2,
      oneMinusAccBeta1,
      oneMinusAccBeta2,
      epsilon: self.epsilon,
      learningRate: self.learningRate,
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        if (self.accumulatedFirstMoment[i] == null) {
          self.accumulatedFirstMoment[i] = {
            originalName: `${name}/m`,
            variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
          };
        }
        if (self.accumulatedSecondMoment[i] == null) {
          self.accumulatedSecondMoment[i] = {
            originalName: `${name}/v`,
            variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
          };
        }
        const gradient: tf.Tensor | undefined = Array.isArray(variableGradients)
          ? variableGradients[i].tensor
          : variableGradients[name];
        if (gradient == null) return;
        const m = self.accumulatedFirstMoment[i].variable;
        const v = self.accumulatedSecondMoment[i].variable;
        if (value.dtype !== "float32" || gradient.dtype !== "float32") {
          throw new TypeError(`Cannot apply Adam: ${name} must be float32, current dtype is ${value.dtype}`);
        }
        const [w2, m2, v2] = tf.engine().runKernel(
          ADAM_UPDATE,
          { value, gradient, m, v },
          attrs,
        ) as tf.Tensor[];
        m.assign(m2);
        v.assign(v2);
        value.assign(w2);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    self.incrementIterations();
  };
}
