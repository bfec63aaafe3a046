import { checkClusterings } from "./check_clusterings.ts";
import { assertEquals, assertThrows } from "../std.ts";

Deno.test("checkClusterings() returns the number of samples for arrays and typed arrays", () => {
  assertEquals(checkClusterings([0, 1, 1], [5, -1, 7]), 3);
  assertEquals(checkClusterings(new Int32Array([0, 1]), new Uint8Array([2, 2])), 2);
  assertEquals(checkClusterings(new Float64Array([1e12, -3]), [0, 0]), 2);
});

Deno.test("checkClusterings() throws on different lengths", () => {
  assertThrows(
    () => checkClusterings(new Array(10).fill(0), new Array(9).fill(0)),
    TypeError,
    "Cannot score clusterings: labelsTrue and labelsPred must have the same length, current lengths are 10 and 9",
  );
});

Deno.test("checkClusterings() throws on empty labelings", () => {
  assertThrows(
    () => checkClusterings([], new Int32Array(0)),
    RangeError,
    "Cannot score clusterings: labelsTrue and labelsPred must hold at least 1 sample, current length is 0",
  );
});

Deno.test("checkClusterings() throws on NaN, infinite, fractional and unsafe labels", () => {
  assertThrows(
    () => checkClusterings([0, NaN], [0, 1]),
    RangeError,
    "Cannot score clusterings: labelsTrue must hold finite integer labels, current value at index 1 is NaN",
  );
  assertThrows(
    () => checkClusterings([0, 1], [Infinity, 1]),
    RangeError,
    "Cannot score clusterings: labelsPred must hold finite integer labels, current value at index 0 is Infinity",
  );
  assertThrows(
    () => checkClusterings(new Float32Array([0, 1.5]), [0, 1]),
    RangeError,
    "Cannot score clusterings: labelsTrue must hold finite integer labels, current value at index 1 is 1.5",
  );
  assertThrows(
    () => checkClusterings([0, 2 ** 60], [0, 1]),
    RangeError,
    "labelsTrue must hold finite integer labels, current value at index 1 is 1152921504606847000",
  );
});

Deno.test("checkClusterings() throws on values that are not numbers or not 1-D", () => {
  assertThrows(
    () => checkClusterings([0, "1"] as unknown as number[], [0, 1]),
    TypeError,
    'Cannot score clusterings: labelsTrue must hold numbers, current value at index 1 is "1"',
  );
  assertThrows(
    () => checkClusterings([0, 1], [[0], [1]] as unknown as number[]),
    TypeError,
    "Cannot score clusterings: labelsPred must be 1-D, current value at index 0 is an array",
  );
  assertThrows(
    () => checkClusterings("01" as unknown as number[], [0, 1]),
    TypeError,
    'Cannot score clusterings: labelsTrue must be a 1-D array-like of numbers, current value is "01"',
  );
  assertThrows(
    () => checkClusterings([0, 1], null as unknown as number[]),
    TypeError,
    "Cannot score clusterings: labelsPred must be a 1-D array-like of numbers, current value is null",
  );
});
