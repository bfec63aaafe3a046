import { assert, assertAlmostEquals, assertThrows } from "../std.ts";
import { symmetricEigen } from "./symmetric_eigen.ts";

Deno.test("symmetricEigen gives the known spectrum of the second-difference matrix, largest first", () => {
  // tridiag(-1, 2, -1) of order n has eigenvalues 2 - 2cos(kπ/(n+1)), k = 1..n.
  const n = 7;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = 2;
    if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
  }
  const { values } = symmetricEigen(a, n);
  for (let k = 1; k <= n; k++) {
    assertAlmostEquals(values[n - k], 2 - 2 * Math.cos(k * Math.PI / (n + 1)), 1e-12);
  }
});

Deno.test("symmetricEigen's vectors are orthonormal eigenvectors of a random symmetric matrix", () => {
  const n = 9;
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = next();
  const input = Float64Array.from(a);
  const { values, vectors } = symmetricEigen(a, n);
  assert(a.every((v, i) => v === input[i]), "the input is not modified");
  for (let c = 0; c < n; c++) {
    if (c > 0) assert(values[c] <= values[c - 1], "descending eigenvalues");
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[j * n + c];
      assertAlmostEquals(av, values[c] * vectors[i * n + c], 1e-12);
    }
    for (let d = 0; d < n; d++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += vectors[i * n + c] * vectors[i * n + d];
      assertAlmostEquals(dot, c === d ? 1 : 0, 1e-12);
    }
  }
});

Deno.test("symmetricEigen names the size it expected", () => {
  assertThrows(
    () => symmetricEigen(new Float64Array(5), 2),
    RangeError,
    "input must hold n × n = 4 values for n = 2, current length is 5",
  );
});
