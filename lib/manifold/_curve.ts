// umap-learn's `find_ab_params`: the curve 1 / (1 + a·x^(2b)) fitted by least squares to the target
// membership of embedded distances (1 below `minDist`, exp(-(x - minDist) / spread) above), on 300 points
// in [0, 3·spread], as scipy's `curve_fit` (Levenberg–Marquardt from a = b = 1) does.

/** Parameters of the low-dimensional similarity 1 / (1 + a·d^(2b)). */
export interface CurveParameters {
  /** Scale. */
  a: number;
  /** Exponent (half of it). */
  b: number;
}

const POINTS = 300;

/**
 * Fits `a` and `b` for a given `spread` and `minDist` (umap-learn's `find_ab_params`).
 *
 * @example
 * ```ts
 * import { findAbParams } from "./_curve.ts";
 * import { assertAlmostEquals } from "../std.ts";
 * const { a, b } = findAbParams(1, 0.1);
 * assertAlmostEquals(a, 1.5769, 1e-3);
 * assertAlmostEquals(b, 0.8951, 1e-3);
 * ```
 */
export function findAbParams(spread: number, minDist: number): CurveParameters {
  const xs = new Float64Array(POINTS);
  const ys = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    const x = (3 * spread * i) / (POINTS - 1);
    xs[i] = x;
    ys[i] = x < minDist ? 1 : Math.exp(-(x - minDist) / spread);
  }
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let cost = sumOfSquares(xs, ys, a, b);
  for (let iter = 0; iter < 500; iter++) {
    // Normal equations J^T J δ = J^T r of the residuals r = y - f(x; a, b).
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let i = 0; i < POINTS; i++) {
      const x = xs[i];
      const p = x > 0 ? Math.pow(x, 2 * b) : 0;
      const denominator = 1 + a * p;
      const f = 1 / denominator;
      const r = ys[i] - f;
      const dfa = -p / (denominator * denominator);
      const dfb = x > 0 ? (-a * p * 2 * Math.log(x)) / (denominator * denominator) : 0;
      jaa += dfa * dfa;
      jab += dfa * dfb;
      jbb += dfb * dfb;
      ga += dfa * r;
      gb += dfb * r;
    }
    let improved = false;
    while (lambda < 1e12) {
      const maa = jaa * (1 + lambda);
      const mbb = jbb * (1 + lambda);
      const det = maa * mbb - jab * jab;
      const da = (ga * mbb - gb * jab) / det;
      const db = (gb * maa - ga * jab) / det;
      const nextCost = sumOfSquares(xs, ys, a + da, b + db);
      if (Number.isFinite(nextCost) && nextCost < cost) {
        const relative = (cost - nextCost) / Math.max(cost, Number.MIN_VALUE);
        a += da;
        b += db;
        cost = nextCost;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = relative > 1e-15;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}

function sumOfSquares(xs: Float64Array, ys: Float64Array, a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const p = xs[i] > 0 ? Math.pow(xs[i], 2 * b) : 0;
    s += (ys[i] - 1 / (1 + a * p)) ** 2;
  }
  return s;
}
