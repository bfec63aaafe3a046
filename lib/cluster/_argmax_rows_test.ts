import { assertEquals } from "../std.ts";
import { argmaxRows } from "./_argmax_rows.ts";

Deno.test("argmaxRows() picks each row's largest column, the first on ties or NaN", () => {
  const values = new Float32Array([3, 1, 2, 0, 5, 5, -1, -2, -0.5, NaN, 1, 0]);
  assertEquals(Array.from(argmaxRows(values, 4, 3)), [0, 1, 2, 0]);
  assertEquals(Array.from(argmaxRows(Float64Array.from(values), 4, 3)), [0, 1, 2, 0]);
});

Deno.test("argmaxRows() reads only the first n rows and returns zeros for one column", () => {
  assertEquals(Array.from(argmaxRows(new Float64Array([1, 2, 4, 3, 9, 9]), 2, 2)), [1, 0]);
  assertEquals(Array.from(argmaxRows(new Float64Array([4, -1, 7]), 3, 1)), [0, 0, 0]);
});
