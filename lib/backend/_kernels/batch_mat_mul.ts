/**
 * `BatchMatMul` and `_FusedMatMul` for the WASM backend that keep to the backend's fast path. tfjs-backend-wasm
 * 4.22 runs a product on XNNPACK (25–30 GFLOPS on one thread) only when neither `transposeA` nor
 * `transposeB` is set and both operands have a batch of 1; anything else (dense back-propagation always
 * sets a transpose flag) falls to a naive loop at 0.4–2 GFLOPS. These wrappers
 *
 * - transpose flagged operands first (the WASM `Transpose` kernel, memory-bound and cheap next to the
 *   product),
 * - fold the batch of `a` into its rows when `b` has a batch of 1, and
 * - run batched products one batch entry at a time on views of the operands,
 *
 * then call the original kernel on the fast path.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { free, heapF32, reshape, transpose, type WasmBackend } from "./_wasm.ts";

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** Swaps the last two axes of `x` (a copy). */
function transposeLastTwo(backend: WasmBackend, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose(backend, x, perm);
}

/**
 * A tensor over `size` elements of `x`'s data from element `offset`, without a copy. Release it with
 * {@linkcode releaseView}, never `disposeData` (which would free memory it does not own).
 */
function view(backend: WasmBackend, x: tf.TensorInfo, offset: number, shape: number[]): tf.TensorInfo {
  const base = backend.getMemoryOffset(x.dataId) as number;
  return backend.makeOutput(shape, x.dtype, base + offset * 4);
}

/** Forgets a {@linkcode view} (its memory stays with the tensor it views). */
function releaseView(backend: WasmBackend, v: tf.TensorInfo): void {
  const data = backend.dataIdMap.get(v.dataId) as unknown as { id: number };
  (backend.wasm as unknown as { tfjs: { disposeData(id: number): void } }).tfjs.disposeData(data.id);
  backend.dataIdMap.delete(v.dataId);
}

/**
 * The product when an operand has a zero-sized axis: empty, or zeros for an empty inner axis (XNNPACK is
 * not asked; it writes out of bounds on empty operands).
 */
function empty(backend: WasmBackend, args: Args): tf.TensorInfo {
  const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
  const { a, b } = args.inputs as Record<string, tf.TensorInfo>;
  const m = a.shape[a.shape.length - (attrs.transposeA ? 1 : 2)];
  const n = b.shape[b.shape.length - (attrs.transposeB ? 2 : 1)];
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = backend.makeOutput([...outer, m, n], "float32");
  if (tf.util.sizeFromShape(out.shape) > 0) heapF32(backend, out).fill(0);
  return out;
}

/**
 * Whether `a · b` (`[m, k] · [k, n]`) runs faster as `(bᵀ · aᵀ)ᵀ`. XNNPACK packs the right operand and
 * streams it once per few rows of the left one, so a wide right operand that does not fit in L2 (a dense
 * layer of 2000 units under a batch of 256) is read from memory dozens of times; swapped, the small
 * operand is the packed one. Measured on one thread: 500→2000 units at batch 256, 22.7 → 19.4 ms;
 * 2000→2000, 120 → 78 ms; narrower layers gain nothing. Plain `BatchMatMul` only (a bias or activation
 * would apply along the wrong axis).
 */
function swapPays(args: Args, m: number, k: number, n: number): boolean {
  if ("bias" in args.inputs || args.attrs?.activation !== undefined) return false;
  return n >= 4 * m && k * n >= 262144;
}

/** `a · b` as `(bᵀ · aᵀ)ᵀ`; operands flagged as transposed are used as stored. */
function swapped(
  backend: WasmBackend,
  inner: (args: Args) => tf.TensorInfo,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  attrs: { transposeA?: boolean; transposeB?: boolean },
  m: number,
  k: number,
  n: number,
  outShape: number[],
  plain: tf.NamedAttrMap,
): tf.TensorInfo {
  const temps: tf.TensorInfo[] = [];
  // Left operand bᵀ, [n, k].
  let left = reshape(backend, b, attrs.transposeB ? [n, k] : [k, n]);
  temps.push(left);
  if (!attrs.transposeB) {
    left = transpose(backend, left, [1, 0]);
    temps.push(left);
  }
  // Right operand aᵀ, [k, m].
  let right = reshape(backend, a, attrs.transposeA ? [k, m] : [m, k]);
  temps.push(right);
  if (!attrs.transposeA) {
    right = transpose(backend, right, [1, 0]);
    temps.push(right);
  }
  const product = inner({ inputs: { a: left, b: right }, backend, attrs: plain });
  const productT = transpose(backend, product, [1, 0]);
  const out = reshape(backend, productT, outShape);
  free(backend, ...temps, product, productT);
  return out;
}

/**
 * Wraps a matrix-product kernel config (`BatchMatMul` or `_FusedMatMul`, which share inputs `a`, `b` and
 * attributes `transposeA`, `transposeB`) so that every product runs on the fast path.
 *
 * @param original The WASM backend's original kernel config.
 * @returns The replacement config, with the original's setup function.
 */
export function pretransposedMatMulConfig(original: tf.KernelConfig): tf.KernelConfig {
  const inner = (args: Args) => original.kernelFunc(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  const kernelFunc = (args: Args): tf.TensorInfo => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    const backend = args.backend as WasmBackend;
    const { a, b, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    if (a === undefined || b === undefined || a.dtype !== "float32" || b.dtype !== "float32") {
      return inner(args);
    }
    if (a.shape.some((d) => d === 0) || b.shape.some((d) => d === 0)) {
      const fused = args.inputs.bias != null || (args.attrs?.activation ?? "linear") !== "linear";
      const outEmpty = [
        a.shape[a.shape.length - (attrs.transposeA ? 1 : 2)],
        b.shape[b.shape.length - (attrs.transposeB ? 2 : 1)],
      ]
        .some((d) => d === 0) || a.shape.slice(0, -2).some((d) => d === 0);
      if (!fused || outEmpty) return empty(backend, args);
    }
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    const batched = batchA > 1 || batchB > 1;
    if (batched && (preluActivationWeights != null || (batchA !== batchB && batchA !== 1 && batchB !== 1))) {
      return inner(args);
    }
    if (!batched) {
      const [m, k] = attrs.transposeA ? a.shape.slice(-2).reverse() : a.shape.slice(-2);
      const n = attrs.transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
      if (swapPays(args, m, k, n)) {
        const outShape = [
          ...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)),
          m,
          n,
        ];
        const plain = { ...args.attrs, transposeA: false, transposeB: false };
        return swapped(backend, inner, a, b, attrs, m, k, n, outShape, plain);
      }
      if (!attrs.transposeA && !attrs.transposeB) return inner(args);
    }
    const at = attrs.transposeA ? transposeLastTwo(backend, a) : undefined;
    const bt = attrs.transposeB ? transposeLastTwo(backend, b) : undefined;
    const a2 = at ?? a;
    const b2 = bt ?? b;
    const plain = { ...args.attrs, transposeA: false, transposeB: false };
    const [m, k] = a2.shape.slice(-2);
    const n = b2.shape[b2.shape.length - 1];
    const outShape = [
      ...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)),
      m,
      n,
    ];
    try {
      if (!batched) {
        return inner({ inputs: { ...args.inputs, a: a2, b: b2 }, backend, attrs: plain });
      }
      if (batchB === 1) {
        // [B, M, K] x [K, N]: one product over B * M rows.
        const rows = reshape(backend, a2, [1, batchA * m, k]);
        const b3 = reshape(backend, b2, [1, k, n]);
        const out = inner({ inputs: { ...args.inputs, a: rows, b: b3 }, backend, attrs: plain });
        free(backend, rows, b3);
        const shaped = reshape(backend, out, outShape);
        free(backend, out);
        return shaped;
      }
      const batch = Math.max(batchA, batchB);
      const result = backend.makeOutput(outShape, "float32");
      for (let i = 0; i < batch; i++) {
        const ai = view(backend, a2, batchA === 1 ? 0 : i * m * k, [1, m, k]);
        const bi = view(backend, b2, i * k * n, [1, k, n]);
        const oi = inner({ inputs: { ...args.inputs, a: ai, b: bi }, backend, attrs: plain });
        releaseView(backend, ai);
        releaseView(backend, bi);
        heapF32(backend, result).set(heapF32(backend, oi), i * m * n);
        free(backend, oi);
      }
      return result;
    } finally {
      free(backend, at, bt);
    }
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
