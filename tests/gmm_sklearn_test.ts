// GaussianMixture against scikit-learn 1.2.1 on 5,000 points in 10-D (tests/fixtures/sklearn/gmm.json and
// gmm_from_labels.json, made by make_gmm_from_labels.py).
import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../lib/backend/wasm.ts";
import { COVARIANCE_TYPES, type CovarianceType, GaussianMixture } from "../lib/cluster/mod.ts";
import { centerData, normalizeLogProb, nParameters } from "../lib/cluster/_gaussian.ts";
import { weightedLogProb } from "../lib/cluster/_e_step.ts";
import { mean, runEm } from "../lib/cluster/_em.ts";
import { assert, assertAlmostEquals, assertEquals } from "../lib/std.ts";

interface GmmFixture {
  data: number[][];
  results: Record<CovarianceType, {
    runs: { random_state: number; mean_loglik: number; n_iter: number; bic: number }[];
    best_mean_loglik: number;
  }>;
}

interface FromLabelsFixture {
  labels: number[];
  results: Record<CovarianceType, {
    score: number;
    lower_bound: number;
    n_iter: number;
    converged: boolean;
    bic: number;
    aic: number;
    n_parameters: number;
    weights: number[];
    means: number[];
    covariances: number[];
    predict: number[];
  }>;
}

await initTensorBackend();
const fixture: GmmFixture = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/sklearn/gmm.json", import.meta.url)),
);
const fromLabels: FromLabelsFixture = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/sklearn/gmm_from_labels.json", import.meta.url)),
);
const n = fixture.data.length;
const d = fixture.data[0].length;

for (const covarianceType of COVARIANCE_TYPES) {
  Deno.test(`GaussianMixture ${covarianceType} reaches scikit-learn's best mean log-likelihood`, () => {
    const x = tf.tensor2d(fixture.data);
    // EM finds local optima: sklearn's 3 seeds give full-covariance scores of -11.583, -11.586 and -11.405,
    // and seeds 0-2 here give -11.562, -11.742 and -11.581 (runs verified identical to sklearn's from the
    // same k-means labels, see below). Six seeds make reaching the best optimum likely for every type.
    const scores = [0, 1, 2, 3, 4, 5].map((seed) => {
      const gm = new GaussianMixture({ nComponents: 10, covarianceType, maxIter: 300, seed }).fit(x);
      assert(gm.converged);
      const score = gm.score(x);
      // BIC as sklearn defines it, with sklearn's parameter count.
      assertAlmostEquals(gm.bic(x), -2 * score * n + gm.nParameters * Math.log(n), 1e-6);
      return score;
    });
    x.dispose();
    const best = Math.max(...scores);
    const target = fixture.results[covarianceType].best_mean_loglik;
    assert(best >= target - 1e-3, `${covarianceType}: best score ${best} < scikit-learn's ${target} - 1e-3`);
  });

  Deno.test(`runEm() ${covarianceType} from scikit-learn's k-means labels reproduces its fit`, () => {
    const expected = fromLabels.results[covarianceType];
    const data = Float32Array.from(fixture.data.flat());
    const x = centerData(data, n, d);
    try {
      const result = runEm(x, Int32Array.from(fromLabels.labels), {
        k: 10,
        type: covarianceType,
        regCovar: 1e-6,
        tol: 1e-3,
        maxIter: 300,
      });
      assertEquals([result.nIter, result.converged], [expected.n_iter, expected.converged]);
      assertAlmostEquals(result.lowerBound, expected.lower_bound, 1e-4);
      const logProb = weightedLogProb(x, result.params, covarianceType);
      const score = mean(normalizeLogProb(logProb, n, 10));
      assertAlmostEquals(score, expected.score, 1e-4);
      const k = nParameters(covarianceType, 10, d);
      assertEquals(k, expected.n_parameters);
      assertAlmostEquals(-2 * score * n + k * Math.log(n), expected.bic, 1);
      assertAlmostEquals(-2 * score * n + 2 * k, expected.aic, 1);
      result.params.weights.forEach((w, i) => assertAlmostEquals(w, expected.weights[i], 1e-4));
      result.params.means.forEach((m, i) => assertAlmostEquals(m, expected.means[i], 1e-3));
      result.params.covariances.forEach((c, i) => assertAlmostEquals(c, expected.covariances[i], 1e-3));
      let agree = 0;
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let c = 1; c < 10; c++) if (logProb[i * 10 + c] > logProb[i * 10 + best]) best = c;
        if (best === expected.predict[i]) agree++;
      }
      assert(agree >= n - 5, `only ${agree} of ${n} labels agree with sklearn's predict`);
    } finally {
      x.xc.dispose();
    }
  });
}
