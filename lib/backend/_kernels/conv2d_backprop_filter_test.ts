import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../wasm.ts";
import { randomSeeded } from "../../random/mod.ts";
import { assertParity, int, uniform } from "./_parity.ts";
import { assertEquals, assertThrows } from "../../std.ts";
import { conv2dBackpropFilterNhwc } from "./conv2d_backprop_filter.ts";
import type { WasmBackend } from "./_wasm.ts";

await initTensorBackend();

/** Runs the kernel through the engine (tfjs has no public op for it). */
function backpropFilter(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number,
  pad: tf.NamedAttrMap[string],
): tf.Tensor {
  return tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
    strides,
    pad,
    dataFormat: "NHWC",
    filterShape,
  }) as tf.Tensor;
}

interface Case {
  n: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  f: number;
  stride: number;
  pad: "same" | "valid";
}

/** Seeded random cases: batch 1..64, channels 1..128, stride 1 and 2, same/valid, bounded work. */
function cases(seed: number, count: number): Case[] {
  const prng = randomSeeded(seed);
  const out: Case[] = [
    { n: 64, h: 6, w: 6, ci: 1, co: 14, f: 3, stride: 1, pad: "same" },
    { n: 2, h: 5, w: 5, ci: 128, co: 3, f: 3, stride: 2, pad: "valid" },
    { n: 3, h: 7, w: 6, ci: 14, co: 1, f: 3, stride: 1, pad: "same" },
  ];
  while (out.length < count) {
    const c: Case = {
      n: int(prng, 1, 64),
      h: int(prng, 3, 9),
      w: int(prng, 3, 9),
      ci: [1, 2, 3, 7, 14, 32, 128][int(prng, 0, 6)],
      co: [1, 2, 5, 7, 14, 16, 128][int(prng, 0, 6)],
      f: int(prng, 1, 3),
      stride: int(prng, 1, 2),
      pad: prng() < 0.5 ? "same" : "valid",
    };
    if (c.n * c.h * c.w * c.f * c.f * c.ci * c.co <= 2e6) out.push(c);
  }
  return out;
}

Deno.test("conv2dBackpropFilter matches the cpu backend on random shapes", async () => {
  const prng = randomSeeded(7);
  for (const c of cases(1, 14)) {
    const x = uniform(c.n * c.h * c.w * c.ci, prng);
    const info = tf.backend_util.computeConv2DInfo(
      [c.n, c.h, c.w, c.ci],
      [c.f, c.f, c.ci, c.co],
      c.stride,
      1,
      c.pad,
    );
    const dy = uniform(c.n * info.outHeight * info.outWidth * c.co, prng);
    await assertParity(JSON.stringify(c), () =>
      backpropFilter(
        tf.tensor4d(x, [c.n, c.h, c.w, c.ci]),
        tf.tensor4d(dy, [c.n, info.outHeight, info.outWidth, c.co]),
        [c.f, c.f, c.ci, c.co],
        c.stride,
        c.pad,
      ));
  }
});

Deno.test("conv2dBackpropFilter matches the cpu backend for NCHW and explicit padding", async () => {
  const prng = randomSeeded(8);
  const x = uniform(2 * 3 * 6 * 5, prng);
  const dyNchw = uniform(2 * 4 * 6 * 5, prng);
  await assertParity("NCHW", () =>
    tf.engine().runKernel("Conv2DBackpropFilter", {
      x: tf.tensor4d(x, [2, 3, 6, 5]),
      dy: tf.tensor4d(dyNchw, [2, 4, 6, 5]),
    }, { strides: 1, pad: "same", dataFormat: "NCHW", filterShape: [3, 3, 3, 4] }) as tf.Tensor);
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [2, 1], [
    0,
    2,
  ], [
    0,
    0,
  ]];
  const info = tf.backend_util.computeConv2DInfo([2, 6, 5, 3], [3, 3, 3, 4], 2, 1, pad);
  const dy = uniform(2 * info.outHeight * info.outWidth * 4, prng);
  await assertParity("explicit", () =>
    backpropFilter(
      tf.tensor4d(x, [2, 6, 5, 3]),
      tf.tensor4d(dy, [2, info.outHeight, info.outWidth, 4]),
      [3, 3, 3, 4],
      2,
      pad,
    ));
});

Deno.test("conv2dBackpropFilterNhwc gives the same result with every formulation", () => {
  const prng = randomSeeded(9);
  const backend = tf.backend() as unknown as WasmBackend;
  const info = tf.backend_util.computeConv2DInfo([3, 7, 6, 5], [3, 3, 5, 4], 1, 1, "same");
  const x = tf.tensor4d(uniform(3 * 7 * 6 * 5, prng), [3, 7, 6, 5]);
  const dy = tf.tensor4d(uniform(3 * 7 * 6 * 4, prng), [3, 7, 6, 4]);
  const a = conv2dBackpropFilterNhwc(backend, x, dy, info, "patchesOfInput");
  const b = conv2dBackpropFilterNhwc(backend, x, dy, info, "patchesOfGradient");
  const av = backend.readSync(a.dataId) as Float32Array;
  const bv = backend.readSync(b.dataId) as Float32Array;
  assertEquals(av.length, 3 * 3 * 5 * 4);
  for (let i = 0; i < av.length; i++) {
    if (Math.abs(av[i] - bv[i]) > 1e-4 * (1 + Math.abs(av[i]))) throw new Error(`mismatch at ${i}`);
  }
  backend.disposeData(a.dataId);
  backend.disposeData(b.dataId);
  const strided = tf.backend_util.computeConv2DInfo([3, 7, 6, 5], [3, 3, 5, 4], 2, 1, "same");
  assertThrows(
    () => conv2dBackpropFilterNhwc(backend, x, dy, strided, "patchesOfGradient"),
    RangeError,
    "Cannot compute Conv2DBackpropFilter: patchesOfGradient needs stride 1 and dilation 1",
  );
  assertThrows(
    () => conv2dBackpropFilterNhwc(backend, x, dy, info, "native"),
    RangeError,
    "Cannot compute Conv2DBackpropFilter: native needs 1 input or 1 output channel",
  );
  for (const [ci, co, stride] of [[1, 14, 1], [14, 1, 2], [1, 17, 2], [19, 1, 1], [1, 1, 1]]) {
    const g = tf.backend_util.computeConv2DInfo([3, 7, 6, ci], [3, 3, ci, co], stride, 1, "same");
    const xs = tf.tensor4d(uniform(3 * 7 * 6 * ci, prng), [3, 7, 6, ci]);
    const gs = tf.tensor4d(uniform(3 * g.outHeight * g.outWidth * co, prng), [
      3,
      g.outHeight,
      g.outWidth,
      co,
    ]);
    const p = conv2dBackpropFilterNhwc(backend, xs, gs, g, "patchesOfInput");
    const q = conv2dBackpropFilterNhwc(backend, xs, gs, g, "native");
    const pv = backend.readSync(p.dataId) as Float32Array;
    const qv = backend.readSync(q.dataId) as Float32Array;
    for (let i = 0; i < pv.length; i++) {
      if (Math.abs(pv[i] - qv[i]) > 1e-4 * (1 + Math.abs(pv[i]))) throw new Error(`native mismatch at ${i}`);
    }
    backend.disposeData(p.dataId);
    backend.disposeData(q.dataId);
    tf.dispose([xs, gs]);
  }
  tf.dispose([x, dy]);
});
