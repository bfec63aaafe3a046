/**
 * NumPy's summation order for `np.sum` over a contiguous float64 array, so that sums of many terms
 * round exactly as scikit-learn's do.
 *
 * @module
 */

/** NumPy's pairwise block size (`PW_BLOCKSIZE`). */
const BLOCK = 128;
/** NumPy's default ufunc buffer size: a reduction sees its input in chunks of this many elements. */
const BUFFER = 8192;

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= BLOCK) {
    // Eight interleaved accumulators, combined as a tree, then the remainder one by one.
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const k = start + i;
      r0 += a[k];
      r1 += a[k + 1];
      r2 += a[k + 2];
      r3 += a[k + 3];
      r4 += a[k + 4];
      r5 += a[k + 5];
      r6 += a[k + 6];
      r7 += a[k + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/**
 * Sums `a` in the order `np.sum` uses for a contiguous float64 array: the identity 0, then one
 * pairwise sum (`pairwise_sum_DOUBLE`) per buffer of 8192 elements.
 *
 * @param a The terms.
 * @returns Their sum.
 */
export function numpySum(a: ArrayLike<number>): number {
  let res = 0;
  for (let start = 0; start < a.length; start += BUFFER) {
    res += pairwise(a, start, Math.min(BUFFER, a.length - start));
  }
  return res;
}
