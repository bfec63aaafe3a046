import { assert, assertAlmostEquals } from "../std.ts";
import { jacobiEigen } from "./jacobi.ts";

Deno.test("jacobiEigen gives the known spectrum of the second-difference matrix", () => {
  // tridiag(-1, 2, -1) of order n has eigenvalues 2 - 2cos(kπ/(n+1)), k = 1..n.
  const n = 7;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = 2;
    if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
  }
  const { values } = jacobiEigen(a, n);
  const got = Array.from(values).sort((x, y) => x - y);
  for (let k = 1; k <= n; k++) assertAlmostEquals(got[k - 1], 2 - 2 * Math.cos(k * Math.PI / (n + 1)), 1e-12);
});

Deno.test("jacobiEigen's vectors are orthonormal eigenvectors of a random symmetric matrix", () => {
  const n = 9;
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = next();
  const input = Float64Array.from(a);
  const { values, vectors } = jacobiEigen(a, n);
  assert(a.every((v, i) => v === input[i]), "the input is not modified");
  for (let c = 0; c < n; c++) {
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
