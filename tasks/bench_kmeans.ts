// `deno task bench:kmeans`: KMeans(10, nInit=10) on the 60,000×784 training pixels, timed against
// scikit-learn (../shared/peers/sk_kmeans.py) in the same run. The last line is one JSON object.
import * as tf from "@tensorflow/tfjs";
import { initTensorBackend, shutdownTensorBackend } from "../lib/backend/mod.ts";
import { KMeans } from "../lib/cluster/mod.ts";
import { loadFashionMnist, toUnitFloat } from "../lib/data/mod.ts";
import { ami } from "../lib/metrics/mod.ts";
import { fromFileUrl, join } from "../lib/std.ts";
import { parseFlags, parsePositiveInteger, runPeer } from "./_cli.ts";

const TASK = "bench:kmeans";
const flags = parseFlags(TASK, Deno.args, {
  seed: { type: "string", help: "seed of both runs", default: "0" },
  threads: { type: "string", help: "threads for both runs", default: String(navigator.hardwareConcurrency) },
  "n-init": { type: "string", help: "k-means++ initialisations", default: "10" },
  peer: { type: "string", help: "path of sk_kmeans.py", default: "../shared/peers/sk_kmeans.py" },
  python: { type: "string", help: "Python with scikit-learn", default: "/usr/bin/python3" },
});
const seed = Number(flags.seed);
const threads = parsePositiveInteger(TASK, "threads", flags.threads!);
const nInit = parsePositiveInteger(TASK, "n-init", flags["n-init"]!);
const root = fromFileUrl(new URL("..", import.meta.url));
const peerScript = flags.peer!.startsWith("/") ? flags.peer! : join(root, flags.peer!);

const backend = await initTensorBackend({ threads });
const data = await loadFashionMnist();
const x = tf.tensor2d(toUnitFloat(data.train.images), [data.train.count, 784]);
const xTest = tf.tensor2d(toUnitFloat(data.test.images), [data.test.count, 784]);
console.log(
  `${TASK}: KMeans(10, nInit=${nInit}, seed=${seed}) on ${data.train.count}×784, ${backend.threads} thread(s)`,
);
const t0 = performance.now();
const km = new KMeans({ nClusters: 10, nInit, seed }).fit(x);
const wallS = (performance.now() - t0) / 1000;
const testAmi = ami(data.test.labels, km.predict(xTest));
tf.dispose([x, xTest]);
console.log(
  `ours: ${wallS.toFixed(2)} s, inertia ${km.inertia.toFixed(1)}, ${km.nIter} iterations, test AMI ${
    testAmi.toFixed(4)
  }`,
);
await shutdownTensorBackend();

const peer = await runPeer<{ fit_s: number; inertia: number; test: { ami: number } }>(
  flags.python!,
  [peerScript, String(threads), String(nInit), String(seed)],
  { name: "scikit-learn", install: "python3-sklearn" },
  { FASHION_MNIST_DIR: data.dir },
);
if (peer) {
  console.log(
    `scikit-learn: ${peer.fit_s.toFixed(2)} s, inertia ${peer.inertia.toFixed(1)}, test AMI ${
      peer.test.ami.toFixed(4)
    }`,
  );
}
const summary = {
  wall_s: Number(wallS.toFixed(3)),
  inertia: km.inertia,
  test_ami: testAmi,
  peer_wall_s: peer?.fit_s ?? null,
  peer_inertia: peer?.inertia ?? null,
  ratio: peer ? Number((wallS / peer.fit_s).toFixed(3)) : null,
  inertia_ratio: peer ? km.inertia / peer.inertia : null,
  threads,
};
console.log(JSON.stringify(summary));
