/**
 * The expected mutual information of two random labelings with fixed cluster sizes (the
 * hypergeometric model of Vinh, Epps and Bailey, 2010), ported from scikit-learn 1.2.1's
 * `_expected_mutual_info_fast.pyx`.
 *
 * @module
 */
import type { ContingencyMatrix } from "./contingency_matrix.ts";
import { logFactorials } from "./_log_gamma.ts";

/**
 * `Math.exp(x)` is exactly 0 for `x < -745.14`; the margin covers the rounding of `gln` (< 1e-6).
 */
const UNDERFLOW_CUTOFF = -800;

/**
 * `E[MI(U, V)]` for the margins of `c`.
 *
 * Every `gammaln(k + 1)` / `lgamma(k + 1)` of scikit-learn has an integer `k`, so they are read from a
 * log-factorial table; the additions run in scikit-learn's order.
 *
 * @param c The contingency table (only its margins are used).
 * @returns The expected mutual information in nats.
 */
export function expectedMutualInfo(c: ContingencyMatrix): number {
  const a = c.classSizes;
  const b = c.clusterSizes;
  const nRows = a.length;
  const nCols = b.length;
  // Any labeling with zero entropy (a single cluster) implies EMI = 0.
  if (nRows === 1 || nCols === 1) return 0;
  const nSamples = c.nSamples;
  const lf = logFactorials(nSamples);
  let maxSize = 0;
  for (let i = 0; i < nRows; i++) maxSize = Math.max(maxSize, a[i]);
  for (let j = 0; j < nCols; j++) maxSize = Math.max(maxSize, b[j]);
  // term1[nij] = nij / N and logNnij[nij] = log(N) + log(nij); index 0 is never used (nijs[0] = 1).
  const term1 = new Float64Array(maxSize + 1);
  const logNnij = new Float64Array(maxSize + 1);
  const logN = Math.log(nSamples);
  for (let k = 0; k <= maxSize; k++) {
    const nij = k === 0 ? 1 : k;
    term1[k] = nij / nSamples;
    logNnij[k] = logN + Math.log(nij);
  }
  const glnN = lf[nSamples];
  let emi = 0;
  for (let i = 0; i < nRows; i++) {
    const ai = a[i];
    const logA = Math.log(ai);
    for (let j = 0; j < nCols; j++) {
      const bj = b[j];
      const logB = Math.log(bj);
      // The left-to-right prefix `gln_a[i] + gln_b[j] + gln_Na[i] + gln_Nb[j] - gln_N` of the inner
      // sum, hoisted: same operations, same rounding.
      const glnBase = lf[ai] + lf[bj] + lf[nSamples - ai] + lf[nSamples - bj] - glnN;
      const start = Math.max(ai + bj - nSamples, 1);
      const end = Math.min(ai, bj) + 1;
      const rest = nSamples - ai - bj;
      // gln is the log of a hypergeometric probability: concave in nij, largest at the mode. Far from
      // the mode exp(gln) underflows to exactly 0 (below about -745.13), and adding a zero term leaves
      // the sum unchanged, so only the window where gln >= UNDERFLOW_CUTOFF is visited: the result is
      // bit-identical to summing over start … end - 1, several times faster for large clusters.
      const mode = Math.min(Math.max(Math.floor((ai + 1) * (bj + 1) / (nSamples + 2)), start), end - 1);
      let lo = mode;
      while (
        lo > start &&
        glnBase - lf[lo - 1] - lf[ai - lo + 1] - lf[bj - lo + 1] - lf[rest + lo - 1] >= UNDERFLOW_CUTOFF
      ) {
        lo--;
      }
      for (let nij = lo; nij < end; nij++) {
        const term2 = logNnij[nij] - logA - logB;
        const gln = glnBase - lf[nij] - lf[ai - nij] - lf[bj - nij] - lf[rest + nij];
        if (nij > mode && gln < UNDERFLOW_CUTOFF) break;
        emi += term1[nij] * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}
