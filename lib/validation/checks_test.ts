import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { assert, assertEquals, assertThrows } from "../std.ts";
import { checkChoice, checkFeatureMatrix, checkFitted, checkOption, readMatrix } from "./checks.ts";

await initTensorBackend();

Deno.test("checkOption() accepts values inside the constraint, bounds included", () => {
  checkOption("fit X", "a", 1, { integer: true, min: 1, max: 3 });
  checkOption("fit X", "a", 3, { integer: true, min: 1, max: 3 });
  checkOption("fit X", "b", 0.5, {});
});

Deno.test("checkOption() names the action, the option, the constraint and the value", () => {
  assertThrows(
    () => checkOption("fit X", "a", 2.5, { integer: true }),
    RangeError,
    "Cannot fit X: a must be an integer, current value is 2.5",
  );
  assertThrows(
    () => checkOption("fit X", "b", 2, { min: 0, max: 1 }),
    RangeError,
    "Cannot fit X: b must be a finite number >= 0 <= 1, current value is 2",
  );
  assertThrows(
    () => checkOption("fit X", "c", Infinity, {}),
    RangeError,
    "Cannot fit X: c must be a finite number, current value is Infinity",
  );
  assertThrows(
    () => checkOption("fit X", "d", NaN, { min: 0 }),
    RangeError,
    "Cannot fit X: d must be a finite number >= 0, current value is NaN",
  );
});

Deno.test("checkChoice() lists the allowed values", () => {
  checkChoice("fit X", "mode", "a", ["a", "b"]);
  assertThrows(
    () => checkChoice("fit X", "mode", "c" as "a", ["a", "b"]),
    RangeError,
    'Cannot fit X: mode must be one of "a", "b", current value is "c"',
  );
});

Deno.test("checkFeatureMatrix() rejects other ranks, empty matrices and other widths", () => {
  const vector = tf.zeros([3]);
  const empty = tf.zeros([0, 2]);
  const x = tf.zeros([2, 3]);
  try {
    checkFeatureMatrix("fit X", x);
    checkFeatureMatrix("fit X", x, 3);
    assertThrows(
      () => checkFeatureMatrix("fit X", vector),
      TypeError,
      "Cannot fit X: x must be a 2-D tensor [nSamples, nFeatures], current shape is [3]",
    );
    assertThrows(
      () => checkFeatureMatrix("fit X", undefined as unknown as tf.Tensor),
      TypeError,
      "Cannot fit X: x must be a 2-D tensor [nSamples, nFeatures], current shape is undefined",
    );
    assertThrows(
      () => checkFeatureMatrix("fit X", empty),
      TypeError,
      "Cannot fit X: x must not be empty, current shape is [0, 2]",
    );
    assertThrows(
      () => checkFeatureMatrix("predict with X", x, 4),
      TypeError,
      "Cannot predict with X: x must have 4 features as seen in fit, current value is 3",
    );
  } finally {
    tf.dispose([vector, empty, x]);
  }
});

Deno.test("readMatrix() returns float32 values and locates the first non-finite one", () => {
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const ints = tf.tensor2d([[1, 2]], [1, 2], "int32");
  const bad = tf.tensor2d([[0, 1], [-Infinity, 2]]);
  try {
    assertEquals(Array.from(readMatrix("fit X", x)), [1, 2, 3, 4, 5, 6]);
    const converted = readMatrix("fit X", ints);
    assertEquals([converted instanceof Float32Array, Array.from(converted)], [true, [1, 2]]);
    assertThrows(
      () => readMatrix("fit X", bad),
      RangeError,
      "Cannot fit X: x must hold finite values, current value at [1, 0] is -Infinity",
    );
  } finally {
    tf.dispose([x, ints, bad]);
  }
});

Deno.test("checkFitted() returns the state and throws before fit", () => {
  const state = { centers: [1] };
  assert(checkFitted(state, "X") === state);
  assertThrows(() => checkFitted(undefined, "X"), Error, "Cannot use X before fit: call fit(x) first");
});
