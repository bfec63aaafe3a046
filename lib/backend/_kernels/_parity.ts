/**
 * Internal test helpers: run the same computation on the WASM backend and on the tfjs `cpu` reference
 * backend, and compare.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Prng } from "../../random/mod.ts";

/**
 * Uniform random values in `[min, max)`.
 *
 * @param size How many.
 * @param prng The generator.
 * @param min Lower bound.
 * @param max Upper bound.
 * @returns The values.
 */
export function uniform(size: number, prng: Prng, min = -1, max = 1): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = min + (max - min) * prng();
  return out;
}

/** A random integer in `[lo, hi]`. */
export function int(prng: Prng, lo: number, hi: number): number {
  return lo + Math.floor(prng() * (hi - lo + 1));
}

/**
 * Runs `compute` on the WASM backend and on the `cpu` backend (tensors must be made inside `compute`)
 * and returns the values of its outputs on each. Leaves the WASM backend active.
 *
 * @param compute The computation.
 * @returns The output values per backend.
 */
export async function onBoth(
  compute: () => tf.Tensor | tf.Tensor[],
): Promise<{ wasm: Float32Array[]; cpu: Float32Array[] }> {
  const run = () => {
    const outs = tf.tidy(() => {
      const r = compute();
      return Array.isArray(r) ? r : [r];
    });
    const values = outs.map((t) => Float32Array.from(t.dataSync()));
    tf.dispose(outs);
    return values;
  };
  const wasm = run();
  await tf.setBackend("cpu");
  // The cpu backend greets Node.js users on its first write; keep test output quiet.
  (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
  try {
    return { wasm, cpu: run() };
  } finally {
    await tf.setBackend("wasm");
  }
}

/**
 * The largest absolute difference divided by the reference's largest magnitude (0 when both are 0).
 *
 * @param actual The values under test.
 * @param expected The reference values.
 * @returns The relative error.
 */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= diff)) diff = d; // NaN propagates as Infinity-like failure
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  if (Number.isNaN(diff)) return Infinity;
  return scale === 0 ? diff : diff / scale;
}

/**
 * Asserts every output of {@linkcode onBoth} agrees within `tolerance` relative error.
 *
 * @param label Describes the case in the failure message.
 * @param compute The computation.
 * @param tolerance The largest allowed relative error.
 */
export async function assertParity(
  label: string,
  compute: () => tf.Tensor | tf.Tensor[],
  tolerance = 1e-4,
): Promise<void> {
  const { wasm, cpu } = await onBoth(compute);
  for (let i = 0; i < wasm.length; i++) {
    const err = relativeError(wasm[i], cpu[i]);
    if (!(err < tolerance)) {
      throw new Error(`Parity failed for ${label} (output ${i}): relative error ${err} >= ${tolerance}`);
    }
  }
}
