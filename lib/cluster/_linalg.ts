// Small dense float64 linear algebra for the d×d work of the Gaussian mixture (row-major matrices).

/**
 * Cholesky factor `L` (lower triangular, `A = L Lᵀ`) of the symmetric `d×d` matrix `a`, or `undefined` when
 * `a` is not (numerically) positive definite. Only the lower triangle of `a` is read.
 */
export function choleskyLower(a: Float64Array, d: number): Float64Array | undefined {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const ri = i * d;
    for (let j = 0; j <= i; j++) {
      const rj = j * d;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return undefined;
        l[ri + i] = Math.sqrt(s);
      } else {
        l[ri + j] = s / l[rj + j];
      }
    }
  }
  return l;
}

/**
 * `(L⁻¹)ᵀ` for a lower-triangular `L`: the upper-triangular Cholesky factor of the precision `(L Lᵀ)⁻¹`,
 * as scikit-learn's `solve_triangular(cov_chol, I, lower=True).T`.
 */
export function inverseLowerTransposed(l: Float64Array, d: number): Float64Array {
  // p[j][i] = (L⁻¹)[i][j]; (L⁻¹)[i][j] = -(Σ_{k=j}^{i-1} L[i][k] (L⁻¹)[k][j]) / L[i][i] for j < i.
  const p = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const ri = i * d;
    const lii = l[ri + i];
    p[ri + i] = 1 / lii;
    for (let j = 0; j < i; j++) {
      const rj = j * d;
      let s = 0;
      for (let k = j; k < i; k++) s += l[ri + k] * p[rj + k];
      p[rj + i] = -s / lii;
    }
  }
  return p;
}

/**
 * Upper-triangular Cholesky factor of the precision of the covariance `cov` (`d×d`), or `undefined` when
 * `cov` is not positive definite.
 */
export function precisionCholesky(cov: Float64Array, d: number): Float64Array | undefined {
  const l = choleskyLower(cov, d);
  return l && inverseLowerTransposed(l, d);
}

/** Sum of the logs of the diagonal of the `d×d` matrix `m`. */
export function logDetTriangular(m: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += Math.log(m[i * d + i]);
  return s;
}
