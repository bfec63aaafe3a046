import * as tf from "@tensorflow/tfjs";
import { initTensorBackend } from "../backend/wasm.ts";
import { GaussianMixture } from "../cluster/mod.ts";
import { randomSeeded } from "../random/mod.ts";
import { assert, assertEquals } from "../std.ts";
import { fitPredictGmm } from "./cluster_stages.ts";
import { QUICK_CONFIG } from "../pipeline/mod.ts";

await initTensorBackend();

/** `count` 2-D points around each centre (uniform noise of half-width `spread`), row-major. */
function blobs(centres: number[][], count: number, spread: number, seed: number): Float32Array {
  const random = randomSeeded(seed);
  return Float32Array.from(
    centres.flatMap((c) =>
      Array.from(
        { length: count },
        () => [c[0] + spread * (2 * random() - 1), c[1] + spread * (2 * random() - 1)],
      )
    ).flat(),
  );
}

Deno.test("fitPredictGmm() with selectOn validation keeps the EM start whose validation rows are likeliest", () => {
  // Five blobs for three components: the starts merge different pairs, and the validation rows (from two of
  // the blobs only) are likeliest under a start other than the one with the best training likelihood.
  const centres = [[0, 0], [4, 0], [0, 4], [4, 4], [9, 9]];
  const fit = blobs(centres, 40, 1, 1);
  const validation = blobs([[0, 0], [4, 0]], 30, 1, 2);
  const rows = { fit, validation, test: validation, width: 2 };
  const config = { ...QUICK_CONFIG, kmeans: { ...QUICK_CONFIG.kmeans, nClusters: 3 } };
  const picked = fitPredictGmm(rows, config, "full", 9, { nInit: 8, selectOn: "validation" });
  const starts = picked.facts.starts as { trainLogLikelihood: number; validationLogLikelihood: number }[];
  assertEquals(starts.length, 8);
  const best = starts.reduce(
    (b, s, i) => s.validationLogLikelihood > starts[b].validationLogLikelihood ? i : b,
    0,
  );
  assertEquals(picked.facts.validationLogLikelihood, starts[best].validationLogLikelihood);
  // The stage is the mixture fitted with the validation rows held out: same labels, same per-start scores.
  const x = tf.tensor2d(fit, [fit.length / 2, 2]);
  const held = tf.tensor2d(validation, [validation.length / 2, 2]);
  const mixture = new GaussianMixture({
    nComponents: 3,
    regCovar: config.gmm.regCovar,
    tol: config.gmm.tol,
    maxIter: config.gmm.maxIter,
    nInit: 8,
    seed: 9,
  }).fit(x, { heldOut: held });
  tf.dispose([x, held]);
  assertEquals(picked.fitPred, mixture.labels);
  assertEquals(mixture.bestInit, best);
  assertEquals(
    starts,
    mixture.initScores.map((s) => ({
      trainLogLikelihood: s.lowerBound,
      validationLogLikelihood: s.heldOutScore,
    })),
  );
  // Not the start the training likelihood would keep, on this data.
  const byFit = starts.reduce((b, s, i) => s.trainLogLikelihood > starts[b].trainLogLikelihood ? i : b, 0);
  assert(byFit !== best, `the same start (${best}) wins both rules`);
  assert(starts[best].trainLogLikelihood < starts[byFit].trainLogLikelihood);
});
