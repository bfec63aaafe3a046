// `deno task bench:ae`: training throughput (forward + backward + Adam, batch 128) of the `report`, `wide` and
// `dense` autoencoders on the WASM backend, single- and multi-threaded, with FLOPs per image, achieved GFLOPS and
// the 1024² matMul GFLOPS of the same process, against PyTorch (../shared/peers/torch_ae.py) in the same run.
// One JSON line per model and thread count: { model, threads, img_per_s, gflops, matmul_gflops, peer_img_per_s, ratio }.
import * as tf from "@tensorflow/tfjs";
import { initTensorBackend, shutdownTensorBackend } from "../lib/backend/mod.ts";
import {
  type ArchitectureName,
  ARCHITECTURES,
  buildAutoencoder,
  flopsPerImage,
  trainAutoencoder,
} from "../lib/model/mod.ts";
import { randomSeeded } from "../lib/random/mod.ts";
import { fromFileUrl, join } from "../lib/std.ts";
import { badFlag, parseFlags, parsePositiveInteger, runJsonLines } from "./_cli.ts";

const TASK = "bench:ae";
const PEER_NAMES: Record<ArchitectureName, string> = {
  report: "report_ae",
  wide: "conv_ae",
  dense: "dense_ae",
};
const flags = parseFlags(TASK, Deno.args, {
  models: { type: "string", help: "comma-separated architectures", default: ARCHITECTURES.join(",") },
  threads: {
    type: "string",
    help: "comma-separated thread counts",
    default: `1,${navigator.hardwareConcurrency}`,
  },
  batches: { type: "string", help: "timed batches per model", default: "30" },
  peer: { type: "string", help: "path of torch_ae.py", default: "../shared/peers/torch_ae.py" },
  python: { type: "string", help: "Python with PyTorch", default: "/usr/bin/python3" },
  worker: { type: "boolean", help: "(internal) measure in this process with one thread count" },
});
const models = flags.models!.split(",") as ArchitectureName[];
for (const m of models) {
  if (!ARCHITECTURES.includes(m)) {
    badFlag(TASK, `--models must list ${ARCHITECTURES.join(", ")}, current value is "${m}"`);
  }
}
const batches = parsePositiveInteger(TASK, "batches", flags.batches!);
const threadCounts = [
  ...new Set(flags.threads!.split(",").map((t) => parsePositiveInteger(TASK, "threads", t))),
];

interface Measurement {
  model: ArchitectureName;
  threads: number;
  img_per_s: number;
  flops_per_image: number;
  gflops: number;
  matmul_gflops: number;
}

if (flags.worker) {
  // One process per thread count: the WASM backend's thread pool is fixed when it starts.
  const backend = await initTensorBackend({ threads: threadCounts[0] });
  const matmulGflops = measureMatMul();
  for (const model of models) {
    const row = await measureTraining(model, backend.threads, batches, matmulGflops);
    console.log(JSON.stringify(row));
  }
  shutdownTensorBackend();
} else {
  const rows: Measurement[] = [];
  for (const threads of threadCounts) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        fromFileUrl(import.meta.url),
        "--worker",
        "--threads",
        String(threads),
        "--models",
        models.join(","),
        "--batches",
        String(batches),
      ],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!out.success) badFlag(TASK, `the ${threads}-thread measurement failed`);
    for (const line of new TextDecoder().decode(out.stdout).trim().split("\n")) rows.push(JSON.parse(line));
  }
  const peer = await runPeer();
  for (const row of rows) {
    const peerRate = peer.get(PEER_NAMES[row.model]);
    console.log(
      `${row.model.padEnd(7)} ${row.threads} thread(s): ${row.img_per_s.toFixed(0)} img/s, ` +
        `${(row.flops_per_image / 1e6).toFixed(2)} MFLOP/img, ${row.gflops.toFixed(1)} GFLOPS ` +
        `(matMul 1024² ${row.matmul_gflops.toFixed(1)} GFLOPS, ${
          (100 * row.gflops / row.matmul_gflops).toFixed(0)
        }% of it)` +
        (peerRate
          ? `; PyTorch ${peerRate.img_per_s.toFixed(0)} img/s (${peerRate.threads} thr) → ×${
            (row.img_per_s / peerRate.img_per_s).toFixed(2)
          }`
          : ""),
    );
  }
  for (const row of rows) {
    const peerRate = peer.get(PEER_NAMES[row.model]);
    console.log(JSON.stringify({
      model: row.model,
      threads: row.threads,
      img_per_s: round(row.img_per_s),
      gflops: round(row.gflops),
      matmul_gflops: round(row.matmul_gflops),
      peer_img_per_s: peerRate?.img_per_s ?? null,
      peer_threads: peerRate?.threads ?? null,
      ratio: peerRate ? round(row.img_per_s / peerRate.img_per_s, 3) : null,
    }));
  }
}

function round(v: number, digits = 1): number {
  return Number(v.toFixed(digits));
}

/** GFLOPS of a 1024×1024 by 1024×1024 matMul (best of 5). */
function measureMatMul(): number {
  const a = tf.randomUniform([1024, 1024]) as tf.Tensor2D;
  const b = tf.randomUniform([1024, 1024]) as tf.Tensor2D;
  let best = Infinity;
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    const dt = performance.now() - t0;
    c.dispose();
    if (i > 0) best = Math.min(best, dt);
  }
  tf.dispose([a, b]);
  return 2 * 1024 ** 3 / (best / 1000) / 1e9;
}

/** Images per second of the real training loop (`trainAutoencoder`) over random images, after a warm-up epoch. */
async function measureTraining(
  model: ArchitectureName,
  threads: number,
  nBatches: number,
  matmulGflops: number,
): Promise<Measurement> {
  const net = buildAutoencoder(model, { seed: 0 });
  const prng = randomSeeded(1);
  const train = new Float32Array(nBatches * 128 * 784).map(() => prng());
  const validation = train.subarray(0, 128 * 784);
  try {
    const result = await trainAutoencoder(net, { train, validation, epochs: 2, batchSize: 128, seed: 0 });
    const imgPerS = result.history[1].imagesPerSecond;
    const flops = flopsPerImage(net.autoencoder, { training: true });
    return {
      model,
      threads,
      img_per_s: imgPerS,
      flops_per_image: flops,
      gflops: imgPerS * flops / 1e9,
      matmul_gflops: matmulGflops,
    };
  } finally {
    net.autoencoder.dispose();
  }
}

/** PyTorch's images/s per model: the best of 1 and 2 threads (its dense model is faster on one thread here). */
async function runPeer(): Promise<Map<string, { img_per_s: number; threads: number }>> {
  const root = fromFileUrl(new URL("..", import.meta.url));
  const script = flags.peer!.startsWith("/") ? flags.peer! : join(root, flags.peer!);
  const best = new Map<string, { img_per_s: number; threads: number }>();
  for (const threads of [1, 2]) {
    try {
      const rows = await runJsonLines<{ model: string; img_per_s: number }>(flags.python!, [
        script,
        String(threads),
      ]);
      for (const r of rows) {
        if (!best.has(r.model) || r.img_per_s > best.get(r.model)!.img_per_s) {
          best.set(r.model, { img_per_s: r.img_per_s, threads });
        }
      }
    } catch (error) {
      console.log(
        `PyTorch peer not run (${error instanceof Error ? error.message : error}); install python3-torch`,
      );
      break;
    }
  }
  return best;
}
