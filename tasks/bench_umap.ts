// `deno task bench:umap`: UMAP to 10 dimensions (N2D's settings: 20 neighbours, minDist 0, 200 epochs) of
// the autoencoder encodings of all 70,000 images of a `reproduce` run (read from the stage cache), timed
// against umap-learn (Debian's umap-learn, numba; compiled on a small warm-up fit first) on the same
// float32 rows in the same run. Quality of both: trustworthiness (k = 10) on a 2,000-row sample, and the
// recall of our neighbour search against the exact neighbours. The last line is one JSON object.
import { initTensorBackend, shutdownTensorBackend } from "../lib/backend/mod.ts";
import { type NeighbourSearch, trustworthiness, UMAP } from "../lib/manifold/mod.ts";
import { exactNeighbours } from "../lib/neighbors/mod.ts";
import { concatArrays, gatherRows } from "../lib/pipeline/mod.ts";
import { permutation, randomSeeded } from "../lib/random/mod.ts";
import { fromFileUrl, join } from "../lib/std.ts";
import {
  badFlag,
  loadLargestEncodings,
  parseFlags,
  parseIntegerList,
  parsePositiveInteger,
  runPeer,
} from "./_cli.ts";

const TASK = "bench:umap";
const ROOT = fromFileUrl(new URL("..", import.meta.url));
const flags = parseFlags(TASK, Deno.args, {
  cache: { type: "string", help: "stage cache of a full-size reproduce run", default: ".cache/stages" },
  rows: { type: "string", help: "rows embedded (at most the 70,000 encodings)", default: "70000" },
  epochs: { type: "string", help: "layout epochs of both", default: "200" },
  seed: { type: "string", help: "seed of both", default: "0" },
  search: {
    type: "string",
    help: "our neighbour search: exact, projected or partitioned",
    default: "partitioned",
  },
  threads: {
    type: "string",
    help: "threads of our products",
    default: String(navigator.hardwareConcurrency),
  },
  python: { type: "string", help: "Python with umap-learn", default: "/usr/bin/python3" },
});
const threads = parsePositiveInteger(TASK, "threads", flags.threads!);
const epochs = parsePositiveInteger(TASK, "epochs", flags.epochs!);
const seeds = parseIntegerList(TASK, "seed", flags.seed!);
if (seeds.length !== 1) badFlag(TASK, `--seed must be one integer, current value is "${flags.seed}"`);
const seed = seeds[0];
const search = flags.search as NeighbourSearch;
if (!["exact", "projected", "partitioned"].includes(search)) {
  badFlag(TASK, `--search must be exact, projected or partitioned, current value is "${flags.search}"`);
}
const cacheDir = flags.cache!.startsWith("/") ? flags.cache! : join(ROOT, flags.cache!);

const { artifact, key, seed: encodingsSeed } = await loadLargestEncodings(TASK, cacheDir);
const width = artifact.json.latentSize;
const parts = ["zTrain", "zValidation", "zTest"].map((name) => artifact.arrays[name] as Float32Array);
const all = concatArrays(parts);
const n = Math.min(parsePositiveInteger(TASK, "rows", flags.rows!), all.length / width);
const z = all.subarray(0, n * width);

// The quality sample: the same 2,000 rows for both.
const sample = permutation(n, randomSeeded(seed)).slice(0, Math.min(2000, n)).sort();
const zSample = gatherRows(z, sample, width);

const backend = await initTensorBackend({ threads });
console.log(`${TASK}: UMAP(10, 20 neighbours, minDist 0, ${epochs} epochs) of ${n}×${width} encodings`);
const t0 = performance.now();
const umap = new UMAP({
  nComponents: 10,
  nNeighbors: 20,
  minDist: 0,
  nEpochs: epochs,
  neighbourSearch: search,
  seed,
}).fit(z, width);
// The whole call, input checks and copies included, as umap-learn's fit_transform is timed.
const wallS = (performance.now() - t0) / 1000;
const timings = umap.timings;
const ours = trustworthiness({ data: zSample, width }, {
  data: gatherRows(umap.embedding, sample, 10),
  width: 10,
}, {
  nNeighbors: 10,
});
// Recall of our search on the sample rows: their exact neighbours among all rows, the row itself
// (always found) left out.
const exact = exactNeighbours(zSample, z, width, 20).indices;
let hits = 0;
let total = 0;
sample.forEach((row, i) => {
  const truth = new Set(exact.subarray(i * 20, (i + 1) * 20));
  truth.delete(row);
  total += truth.size;
  for (const j of umap.knnIndices.subarray(row * 20, (row + 1) * 20)) if (j !== row && truth.has(j)) hits++;
});
const recall = hits / total;
shutdownTensorBackend();
console.log(
  `ours (${backend.threads} thread(s) for products): ${wallS.toFixed(1)} s (neighbours ${
    timings.neighbours.toFixed(1)
  } s, graph ${timings.graph.toFixed(1)} s, layout ${timings.optimize.toFixed(1)} s), trustworthiness ${
    ours.toFixed(4)
  }, neighbour recall ${recall.toFixed(4)}`,
);

let peer: { fit_s: number; trustworthiness: number; version: string } | undefined;
const dir = await Deno.makeTempDir();
try {
  await Deno.writeFile(join(dir, "z.f32"), new Uint8Array(z.buffer, z.byteOffset, z.byteLength));
  await Deno.writeFile(join(dir, "sample.i32"), new Uint8Array(Int32Array.from(sample).buffer));
  const script = `
import sys, time, json, numpy as np, umap
from sklearn.manifold import trustworthiness
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, int(sys.argv[2]))
sample = np.fromfile(sys.argv[3], dtype=np.int32)
kw = dict(n_components=10, n_neighbors=20, min_dist=0.0, n_epochs=int(sys.argv[4]), random_state=int(sys.argv[5]))
umap.UMAP(**kw).fit(x[:1000])  # numba compiles here, not in the timed fit
t = time.perf_counter()
e = umap.UMAP(**kw).fit_transform(x)
dt = time.perf_counter() - t
print(json.dumps(dict(fit_s=dt, version=umap.__version__,
                      trustworthiness=float(trustworthiness(x[sample], e[sample], n_neighbors=10)))))`;
  peer = await runPeer<NonNullable<typeof peer>>(
    flags.python!,
    ["-c", script, join(dir, "z.f32"), String(width), join(dir, "sample.i32"), String(epochs), flags.seed!],
    { name: "umap-learn", install: "umap-learn" },
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
if (peer) {
  console.log(
    `umap-learn ${peer.version}: ${peer.fit_s.toFixed(1)} s, trustworthiness ${
      peer.trustworthiness.toFixed(4)
    }`,
  );
}
console.log(JSON.stringify({
  encodings: { key, seed: encodingsSeed },
  seed,
  umap: { nComponents: 10, nNeighbors: 20, minDist: 0, neighbourSearch: search, searchComponents: 48 },
  peer_version: peer?.version ?? null,
  rows: n,
  features: width,
  epochs,
  threads,
  wall_s: Number(wallS.toFixed(3)),
  neighbours_s: Number(timings.neighbours.toFixed(3)),
  graph_s: Number(timings.graph.toFixed(3)),
  layout_s: Number(timings.optimize.toFixed(3)),
  trustworthiness: Number(ours.toFixed(5)),
  neighbour_recall: Number(recall.toFixed(5)),
  peer_wall_s: peer ? Number(peer.fit_s.toFixed(3)) : null,
  peer_trustworthiness: peer ? Number(peer.trustworthiness.toFixed(5)) : null,
  ratio: peer ? Number((wallS / peer.fit_s).toFixed(3)) : null,
}));
