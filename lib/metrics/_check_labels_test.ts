import { checkLabelsType, checkLabelsValues } from "./_check_labels.ts";
import { assertEquals, assertThrows } from "../std.ts";

Deno.test("checkLabelsType() returns the length and names the action and parameter", () => {
  assertEquals(checkLabelsType([1, 2, 3], "labels", "do it"), 3);
  assertThrows(
    () => checkLabelsType([1n] as unknown as number[], "labels", "do it"),
    TypeError,
    "Cannot do it: labels must hold numbers, current value at index 0 is 1n",
  );
  assertThrows(
    () => checkLabelsType(42, "labels", "do it"),
    TypeError,
    "Cannot do it: labels must be a 1-D array-like of numbers, current value is 42",
  );
});

Deno.test("checkLabelsValues() accepts integer typed arrays and rejects -Infinity", () => {
  checkLabelsValues(new Uint32Array([4294967295]), "x", "do it");
  checkLabelsValues([-0, -5, 9007199254740991], "x", "do it");
  assertThrows(
    () => checkLabelsValues([-Infinity], "x", "do it"),
    RangeError,
    "Cannot do it: x must hold finite integer labels, current value at index 0 is -Infinity",
  );
});
