// `deno task bench:gmm`: a full-covariance GaussianMixture(10) on the 45,000×343 autoencoder encodings of a
// `reproduce` run (read from the stage cache), timed against scikit-learn's GaussianMixture on the same
// float32 rows in the same run. The last line is one JSON object.
import * as tf from "@tensorflow/tfjs";
import { initTensorBackend, shutdownTensorBackend } from "../lib/backend/mod.ts";
import { type CovarianceType, GaussianMixture } from "../lib/cluster/mod.ts";
import { fromFileUrl, join } from "../lib/std.ts";
import { loadLargestEncodings, parseFlags, parsePositiveInteger, runPeer } from "./_cli.ts";

const TASK = "bench:gmm";
const ROOT = fromFileUrl(new URL("..", import.meta.url));
const flags = parseFlags(TASK, Deno.args, {
  cache: { type: "string", help: "stage cache of a full-size reproduce run", default: ".cache/stages" },
  covariance: { type: "string", help: "covariance type", default: "full" },
  seed: { type: "string", help: "seed of both fits", default: "0" },
  threads: { type: "string", help: "threads for both fits", default: String(navigator.hardwareConcurrency) },
  python: { type: "string", help: "Python with scikit-learn", default: "/usr/bin/python3" },
});
const threads = parsePositiveInteger(TASK, "threads", flags.threads!);
const covarianceType = flags.covariance as CovarianceType;
const cacheDir = flags.cache!.startsWith("/") ? flags.cache! : join(ROOT, flags.cache!);

const { artifact } = await loadLargestEncodings(TASK, cacheDir);
const width = artifact.json.latentSize;
const z = artifact.arrays.zTrain as Float32Array;
const n = z.length / width;

const backend = await initTensorBackend({ threads });
const x = tf.tensor2d(z, [n, width]);
console.log(
  `${TASK}: GaussianMixture(10, ${covarianceType}) on ${n}×${width} encodings, ${backend.threads} thread(s)`,
);
const t0 = performance.now();
const gmm = new GaussianMixture({ nComponents: 10, covarianceType, seed: Number(flags.seed) }).fit(x);
const wallS = (performance.now() - t0) / 1000;
const score = gmm.score(x);
x.dispose();
shutdownTensorBackend();
console.log(
  `ours: ${wallS.toFixed(2)} s, ${gmm.nIter} iterations, converged ${gmm.converged}, mean log-likelihood ${
    score.toFixed(4)
  }`,
);

const tmp = await Deno.makeTempFile({ suffix: ".f32" });
let peer: { fit_s: number; n_iter: number; score: number } | undefined;
try {
  await Deno.writeFile(tmp, new Uint8Array(z.buffer, z.byteOffset, z.byteLength));
  const script = `
import sys, time, json, numpy as np
from threadpoolctl import threadpool_limits
from sklearn.mixture import GaussianMixture
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, int(sys.argv[2]))
with threadpool_limits(int(sys.argv[4])):
    t = time.perf_counter()
    g = GaussianMixture(10, covariance_type=sys.argv[3], random_state=int(sys.argv[5]), reg_covar=1e-6).fit(x)
    dt = time.perf_counter() - t
print(json.dumps(dict(fit_s=dt, n_iter=int(g.n_iter_), score=float(g.score(x)))))`;
  peer = await runPeer<NonNullable<typeof peer>>(
    flags.python!,
    ["-c", script, tmp, String(width), covarianceType, String(threads), flags.seed!],
    { name: "scikit-learn", install: "python3-sklearn" },
  );
} finally {
  await Deno.remove(tmp);
}
if (peer) {
  console.log(
    `scikit-learn: ${peer.fit_s.toFixed(2)} s, ${peer.n_iter} iterations, mean log-likelihood ${
      peer.score.toFixed(4)
    }`,
  );
}
console.log(JSON.stringify({
  rows: n,
  features: width,
  covariance: covarianceType,
  threads,
  wall_s: Number(wallS.toFixed(3)),
  n_iter: gmm.nIter,
  score,
  peer_wall_s: peer ? Number(peer.fit_s.toFixed(3)) : null,
  peer_n_iter: peer?.n_iter ?? null,
  peer_score: peer?.score ?? null,
  ratio: peer ? Number((wallS / peer.fit_s).toFixed(3)) : null,
}));
