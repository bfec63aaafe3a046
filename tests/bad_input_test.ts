// Bad-input catalogue: every input a user can get wrong fails with a message that names the file or flag and
// what was expected, exits non-zero (tasks), and leaves what is already written as it was. Tiny synthetic
// files in temporary folders only: no training, no full-size data.
//
// Case                                          Where it is tested
// --------------------------------------------  -----------------------------------------------------------
// data: truncated .gz (reported as truncated,   here (loader, two cut points); lib/data/idx_test.ts
//       not as a checksum error)                "readIdx() reads gzip and raw files and rejects truncated gzip",
//                                               "readMaybeGzip() reports a truncated gzip as truncated, …"
// data: wrong IDX magic                         here (loader); lib/data/idx_test.ts "parseIdx() rejects a
//                                               wrong magic number naming the file"
// data: truncated or over-long IDX payload      lib/data/idx_test.ts "parseIdx() rejects truncated and
//                                               over-long data"
// data: label/image count mismatch              here (loader)
// data: image size other than 28×28             here (loader)
// data: a .gz file that is not gzip             here (loader, and `deno task reproduce --data`)
// data: wrong SHA-256                           here (synthetic .gz); lib/data/fashion_mnist_test.ts
//                                               "loadFashionMnist() refuses a file whose checksum differs"
// data: empty / missing `--data` folder         here (`deno task reproduce`); lib/data/fashion_mnist_test.ts
//                                               "resolveFashionMnistDir() names the missing files …"
// reproduce: --seeds abc, -1, 0,-1, 0,1,0;     here (fail before the backend starts; report/, .cache/ kept)
//            --threads 0, 9
// reproduce, sweep, train, report: an output    here (exit 1 before any work; nothing created or changed)
//   folder that cannot be written (/proc/x, a
//   mode-555 folder)
// cache: truncated array file or index.json,    here (StageCache.load and .run refuse; force recomputes)
//        missing array file
// cache: a file changed after it was stored     lib/pipeline/cache_test.ts "StageCache.load() refuses an array
//        (same length), an unlisted file, an    file changed …", "… refuses a missing file, a file index.json
//        edited JSON part; an entry stored      does not list …", "… reads an entry stored before checksums as
//        before checksums (recomputed)          absent …"; lib/pipeline/reproduce_test.ts (end to end)
// cache: temporary folders of a killed store    lib/pipeline/cache_test.ts "StageCache removes the temporary
//                                               folders of interrupted stores older than the run …"
// predictions: cluster ids outside [0, k),      lib/pipeline/reproduce_test.ts "reproduce() refuses cluster ids
//              wrong length                     outside [0, k) …"
// checkpoint: truncated weights file            here (trainAutoencoder resume refuses, files kept);
//                                               lib/model/checkpoint_test.ts "loadCheckpoint() names the
//                                               corrupt file and what is wrong"; lib/model/file_io_test.ts
//                                               "fileIOHandler() load names the truncated, garbled or missing file"
// checkpoint: truncated model.json              lib/model/train_test.ts "trainAutoencoder() refuses to overwrite
//                                               or resume a mismatched checkpoint"; checkpoint_test.ts (above)
// report: missing / garbled / invalid           here (`deno task report --out` on a copy of report/, figures
//         results.json                          kept); lib/report/write_report_test.ts "writeReport() rejects a
//                                               missing or invalid results.json and an invalid artifacts.json"
// serve: /../deno.json, /%2e%2e/deno.json,      here (raw HTTP to `deno task serve`); lib/report/
//        /%2e%2e%2fdeno.json, /..%2f…           file_server_test.ts "fileServerHandler() refuses other methods
//                                               and paths outside the root" (handler level)
// serve: listens on 127.0.0.1 only; bad --port  here (not reachable on another interface);
//                                               tests/serve_task_test.ts "deno task serve serves the folder on
//                                               127.0.0.1 and rejects a bad port"
// serve: a symlink out of the folder, a 300-    lib/report/file_server_test.ts; tests/serve_task_test.ts "deno
//        character name, `//figures`; port in    task serve fails to start with one line and exit code 1 …"
//        use, missing --dir
// report: results.json methods [] / missing /   lib/report/write_report_test.ts "writeReport() refuses
//         extra vs artifacts.json / unknown     results.json whose methods are none, unknown, or not those of
//                                               artifacts.json"
import {
  FASHION_MNIST_FILES,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  loadFashionMnist,
  PIXELS,
} from "../lib/data/mod.ts";
import { initTensorBackend } from "../lib/backend/mod.ts";
import { sha256Hex } from "../lib/io/mod.ts";
import {
  buildDenseAutoencoder,
  type Checkpoint,
  MODEL_JSON,
  saveCheckpoint,
  trainAutoencoder,
} from "../lib/model/mod.ts";
import { StageCache } from "../lib/pipeline/cache.ts";
import { assert, assertEquals, assertRejects, fromFileUrl, join } from "../lib/std.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));
const decoder = new TextDecoder();

// --- helpers ---------------------------------------------------------------------------------------------

function idx(magic: number, dims: number[], data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(data, 4 + 4 * dims.length);
  return bytes;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function pixels(count: number, side = 28): Uint8Array {
  return Uint8Array.from({ length: count * side * side }, (_, i) => (i * 37) % 256);
}

type FileName = keyof typeof FASHION_MNIST_FILES;

/** The decompressed contents of a tiny, valid set: 3 training and 2 test images. */
function tinySet(): Record<FileName, Uint8Array> {
  return {
    trainImages: idx(IDX_IMAGES_MAGIC, [3, 28, 28], pixels(3)),
    trainLabels: idx(IDX_LABELS_MAGIC, [3], Uint8Array.of(9, 0, 3)),
    testImages: idx(IDX_IMAGES_MAGIC, [2, 28, 28], pixels(2)),
    testLabels: idx(IDX_LABELS_MAGIC, [2], Uint8Array.of(1, 2)),
  };
}

/**
 * Writes a set as `.gz` files into `dir` (an entry given as `raw` is written as those bytes, e.g. not gzip)
 * and returns the SHA-256 of each decompressed file, which `loadFashionMnist` is told to expect.
 */
async function writeSet(
  dir: string,
  set: Record<FileName, Uint8Array>,
  raw: Partial<Record<FileName, Uint8Array>> = {},
): Promise<Record<string, string>> {
  const sha256: Record<string, string> = {};
  for (const [key, name] of Object.entries(FASHION_MNIST_FILES) as [FileName, string][]) {
    sha256[name] = await sha256Hex(set[key]);
    await Deno.writeFile(join(dir, `${name}.gz`), raw[key] ?? await gzip(set[key]));
  }
  return sha256;
}

/** SHA-256 of every file under `dir`, by relative path (`undefined` when `dir` does not exist). */
async function snapshot(dir: string): Promise<Record<string, string> | undefined> {
  const files: Record<string, string> = {};
  const walk = async (sub: string): Promise<void> => {
    for await (const entry of Deno.readDir(join(dir, sub))) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(rel);
      else files[rel] = await sha256Hex(await Deno.readFile(join(dir, rel)));
    }
  };
  try {
    await walk("");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  return files;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) await copyDir(join(from, entry.name), join(to, entry.name));
    else await Deno.copyFile(join(from, entry.name), join(to, entry.name));
  }
}

/** Runs `deno run -A tasks/<script> ...args` from the repository root. */
async function task(
  script: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "tasks", script), ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "bad-input-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

// --- data loading ----------------------------------------------------------------------------------------

Deno.test("loadFashionMnist() reads the tiny synthetic set the other data cases break", async () => {
  await withTempDir(async (dir) => {
    const expectedSha256 = await writeSet(dir, tinySet());
    const data = await loadFashionMnist({ dir, expectedSha256 });
    assertEquals([data.train.count, data.test.count], [3, 2]);
    assertEquals([data.train.images.length, Array.from(data.test.labels)], [3 * PIXELS, [1, 2]]);
  });
});

Deno.test("loadFashionMnist() refuses a truncated .gz file, naming it", async () => {
  await withTempDir(async (dir) => {
    const set = tinySet();
    const gz = await gzip(set.trainLabels);
    const path = join(dir, `${FASHION_MNIST_FILES.trainLabels}.gz`);
    // Cut inside the deflate stream, then only the 8-byte trailer (CRC and length) short.
    for (const cut of [Math.floor(gz.length / 2), gz.length - 6]) {
      const expectedSha256 = await writeSet(dir, set, { trainLabels: gz.subarray(0, cut) });
      const before = await snapshot(dir);
      await assertRejects(
        () => loadFashionMnist({ dir, expectedSha256 }),
        RangeError,
        `Cannot read ${path}: the file is truncated (unexpected end of gzip stream after ${cut} bytes; `,
      );
      assertEquals(await snapshot(dir), before);
    }
  });
});

Deno.test("loadFashionMnist() refuses a .gz file that is not gzip, naming it", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, `${FASHION_MNIST_FILES.testImages}.gz`);
    const expectedSha256 = await writeSet(dir, tinySet(), {
      testImages: new TextEncoder().encode("<html>404 Not Found</html>\n"),
    });
    await assertRejects(
      () => loadFashionMnist({ dir, expectedSha256 }),
      RangeError,
      `Cannot read ${path}: not a valid gzip file`,
    );
  });
});

Deno.test("loadFashionMnist() refuses a file with the wrong IDX magic number, naming it", async () => {
  await withTempDir(async (dir) => {
    // A labels file where the training images belong: the hash matches, the header does not.
    const set = { ...tinySet(), trainImages: idx(IDX_LABELS_MAGIC, [3], Uint8Array.of(1, 2, 3)) };
    const expectedSha256 = await writeSet(dir, set);
    await assertRejects(
      () => loadFashionMnist({ dir, expectedSha256 }),
      RangeError,
      `Cannot read IDX file ${join(dir, `${FASHION_MNIST_FILES.trainImages}.gz`)}: magic number must be ` +
        "0x00000803, current value is 0x00000801",
    );
  });
});

Deno.test("loadFashionMnist() refuses images and labels files of different counts, naming both", async () => {
  await withTempDir(async (dir) => {
    const set = { ...tinySet(), testLabels: idx(IDX_LABELS_MAGIC, [3], Uint8Array.of(1, 2, 3)) };
    const expectedSha256 = await writeSet(dir, set);
    await assertRejects(
      () => loadFashionMnist({ dir, expectedSha256 }),
      RangeError,
      `Cannot load Fashion-MNIST: ${join(dir, `${FASHION_MNIST_FILES.testImages}.gz`)} holds 2 images but ` +
        `${join(dir, `${FASHION_MNIST_FILES.testLabels}.gz`)} holds 3 labels, expected one label per image`,
    );
  });
});

Deno.test("loadFashionMnist() refuses images that are not 28×28, naming the file", async () => {
  await withTempDir(async (dir) => {
    const set = { ...tinySet(), trainImages: idx(IDX_IMAGES_MAGIC, [3, 32, 32], pixels(3, 32)) };
    const expectedSha256 = await writeSet(dir, set);
    await assertRejects(
      () => loadFashionMnist({ dir, expectedSha256 }),
      RangeError,
      `Cannot load Fashion-MNIST: ${join(dir, `${FASHION_MNIST_FILES.trainImages}.gz`)} holds images of ` +
        "32×32 pixels, expected 28×28",
    );
  });
});

Deno.test("loadFashionMnist() refuses a file whose SHA-256 is not the expected one, naming both digests", async () => {
  await withTempDir(async (dir) => {
    const expectedSha256 = await writeSet(dir, tinySet());
    const actual = expectedSha256[FASHION_MNIST_FILES.trainLabels];
    const wanted = "0".repeat(64);
    await assertRejects(
      () =>
        loadFashionMnist({
          dir,
          expectedSha256: { ...expectedSha256, [FASHION_MNIST_FILES.trainLabels]: wanted },
        }),
      Error,
      `Cannot load Fashion-MNIST: ${
        join(dir, `${FASHION_MNIST_FILES.trainLabels}.gz`)
      } has SHA-256 ${actual} ` +
        `after decompression, expected ${wanted} (a corrupt or different file)`,
    );
    // And without expectedSha256 the published digests apply: the synthetic files are refused.
    await assertRejects(
      () => loadFashionMnist({ dir }),
      Error,
      `${join(dir, `${FASHION_MNIST_FILES.trainImages}.gz`)} has SHA-256 `,
    );
  });
});

// --- deno task reproduce ---------------------------------------------------------------------------------

Deno.test("deno task reproduce refuses an empty, missing or corrupt --data folder and writes nothing", async () => {
  await withTempDir(async (tmp) => {
    const data = join(tmp, "data");
    await Deno.mkdir(data);
    const out = join(tmp, "out");
    const cache = join(tmp, "cache");
    const common = ["--out", out, "--cache", cache, "--threads", "1", "--quick"];

    const empty = await task("reproduce.ts", ["--data", data, ...common]);
    assertEquals(empty.code, 2, empty.stderr);
    assert(
      empty.stderr.includes(
        `reproduce: Cannot load Fashion-MNIST: --data folder ${data} lacks train-images-idx3-ubyte, ` +
          "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (expected the four IDX files",
      ),
      empty.stderr,
    );
    assert(!empty.stdout.includes("backend"), "the backend must not start");

    const missing = await task("reproduce.ts", ["--data", join(tmp, "nowhere"), ...common]);
    assertEquals(missing.code, 2, missing.stderr);
    assert(
      missing.stderr.includes(`--data folder ${join(tmp, "nowhere")} does not exist (expected a folder`),
      missing.stderr,
    );

    await writeSet(data, tinySet(), { trainImages: new TextEncoder().encode("not gzip") });
    const corrupt = await task("reproduce.ts", ["--data", data, ...common]);
    assertEquals(corrupt.code, 1, corrupt.stderr);
    assert(
      corrupt.stderr.includes(
        `reproduce: failed: Cannot read ${join(data, `${FASHION_MNIST_FILES.trainImages}.gz`)}: ` +
          "not a valid gzip file",
      ),
      corrupt.stderr,
    );
    assertEquals([await exists(out), await exists(cache)], [false, false]);
  });
});

Deno.test("deno task reproduce refuses bad or repeated --seeds, --threads above the backend's, --jobs, --methods and --stage before any work", async () => {
  const report = await snapshot(join(ROOT, "report"));
  const stages = await Deno.stat(join(ROOT, ".cache", "stages")).then((s) => s.mtime?.getTime(), () => null);
  await withTempDir(async (tmp) => {
    const out = join(tmp, "out");
    const cache = join(tmp, "cache");
    const cases: [string[], string][] = [
      [
        ["--seeds", "abc"],
        '--seeds must be a comma-separated list of integers in [0, 4294967295], current value is "abc"',
      ],
      [
        ["--seeds=-1"],
        '--seeds must be a comma-separated list of integers in [0, 4294967295], current value is "-1"',
      ],
      [["--seeds", "0,-1"], 'current value is "0,-1"'],
      [["--seeds", "1.5"], 'current value is "1.5"'],
      [["--seeds", "4294967296"], 'current value is "4294967296"'],
      // parseArgs reads "-1" as a flag, and says so naming --seeds.
      [["--seeds", "-1"], "Option '--seeds' argument is ambiguous"],
      [
        ["--seeds", "0,1,0"],
        '--seeds must not repeat a value, but 0 is given twice, current value is "0,1,0"',
      ],
      [
        ["--threads", "0"],
        '--threads must be an integer in [1, 8] (the WASM backend runs at most 8 threads), current value is "0"',
      ],
      [
        ["--threads", "two"],
        '--threads must be an integer in [1, 8] (the WASM backend runs at most 8 threads), current value is "two"',
      ],
      [
        ["--threads", "9"],
        '--threads must be an integer in [1, 8] (the WASM backend runs at most 8 threads), current value is "9"',
      ],
      [["--jobs", "0"], '--jobs must be an integer >= 1, current value is "0"'],
      [["--jobs", "1.5"], '--jobs must be an integer >= 1, current value is "1.5"'],
      [
        ["--methods", "kmeans-raw,bogus"],
        '--methods: Cannot select methods: unknown method "bogus"; the methods are kmeans-raw, ae-kmeans, ',
      ],
      [["--methods", "kmeans-raw,kmeans-raw"], 'method "kmeans-raw" is given twice'],
      [["--stage", "bogus", "--seeds", "0"], "--stage must be one of kmeans-raw, autoencoder, "],
      [["--stage", "kmeans-raw", "--seeds", "0,1"], "--stage computes one seed"],
    ];
    for (const [args, message] of cases) {
      const result = await task("reproduce.ts", [...args, "--out", out, "--cache", cache]);
      assertEquals(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert(result.stderr.startsWith("reproduce: "), result.stderr);
      assert(result.stderr.includes(message), `${args.join(" ")}: ${result.stderr}`);
      assertEquals(result.stdout, "", `${args.join(" ")} must fail before the backend starts`);
    }
    // A partial run never replaces the committed report: --methods needs an --out.
    const partial = await task("reproduce.ts", ["--methods", "kmeans-raw", "--cache", cache]);
    assertEquals(partial.code, 2, partial.stderr);
    assert(partial.stderr.includes("--methods runs part of the report: give --out DIR"), partial.stderr);
    assertEquals([await exists(out), await exists(cache)], [false, false]);
  });
  assertEquals(await snapshot(join(ROOT, "report")), report);
  assertEquals(
    await Deno.stat(join(ROOT, ".cache", "stages")).then((s) => s.mtime?.getTime(), () => null),
    stages,
  );
});

Deno.test("reproduce, sweep, train and report refuse an output folder they cannot write before any work", async () => {
  await withTempDir(async (tmp) => {
    // A folder nobody may write (but root, who may write anywhere: that case then only checks /proc).
    const locked = join(tmp, "locked");
    await Deno.mkdir(locked);
    await Deno.writeTextFile(join(locked, "keep.txt"), "keep me");
    await Deno.chmod(locked, 0o555);
    const unwritable = ["/proc/x", ...(Deno.uid() === 0 ? [] : [join(locked, "out"), locked])];
    const cache = join(tmp, "cache");
    try {
      for (const target of unwritable) {
        const cases: [string, string[], string][] = [
          ["reproduce.ts", ["--quick", "--out", target, "--cache", cache], "out"],
          ["reproduce.ts", ["--quick", "--out", join(tmp, "out"), "--cache", target], "cache"],
          ["sweep.ts", ["--out", target], "out"],
          ["train.ts", ["--checkpoint", target], "checkpoint"],
          ["report.ts", ["--out", target], "out"],
        ];
        for (const [script, args, flag] of cases) {
          const result = await task(script, args);
          const what = `${script} ${args.join(" ")}`;
          assertEquals(result.code, 1, `${what}: ${result.stderr}`);
          assertEquals(result.stdout, "", `${what} must fail before any work`);
          const lines = result.stderr.trim().split("\n");
          assertEquals(lines.length, 1, `${what}: ${result.stderr}`);
          assert(
            lines[0].startsWith(`${script.slice(0, -3)}: --${flag} ${target} cannot be written: `),
            lines[0],
          );
        }
      }
      assertEquals([await exists(cache), await exists(join(tmp, "out"))], [false, false]);
      assertEquals(await Deno.readTextFile(join(locked, "keep.txt")), "keep me");
      assertEquals(await exists(join(locked, "out")), false);
    } finally {
      await Deno.chmod(locked, 0o755);
    }
  });
});

// --- stage cache -----------------------------------------------------------------------------------------

Deno.test("StageCache refuses a truncated or incomplete entry instead of returning wrong numbers", async () => {
  await withTempDir(async (root) => {
    const values = Float32Array.from({ length: 100 }, (_, i) => i / 7);
    const labels = Int32Array.from({ length: 10 }, (_, i) => i % 3);
    const cache = new StageCache(root);
    let calls = 0;
    const compute = () => {
      calls++;
      return Promise.resolve({ json: { n: 100 }, arrays: { values, labels } });
    };
    const { key } = await cache.run("stage", { seed: 0 }, compute);
    const dir = join(root, "stage", key);
    const bin = join(dir, "values.float32.bin");
    const index = join(dir, "index.json");
    const bytes = await Deno.readFile(bin);
    const indexText = await Deno.readTextFile(index);
    const refused = (what: string) =>
      `Cannot load cache entry ${dir}: ${what}; delete the folder or use --force`;

    await Deno.writeFile(bin, bytes.subarray(0, 200));
    const truncated = refused("values.float32.bin has 200 bytes, expected 400 (truncated)");
    await assertRejects(() => cache.load("stage", key), Error, truncated);
    await assertRejects(() => cache.run("stage", { seed: 0 }, compute), Error, truncated);
    assertEquals(calls, 1);
    assertEquals((await Deno.readFile(bin)).length, 200, "a refused entry is left for inspection");

    await Deno.writeFile(bin, bytes);
    await Deno.remove(join(dir, "labels.int32.bin"));
    await assertRejects(
      () => cache.load("stage", key),
      Error,
      refused("labels.int32.bin, listed in index.json, is missing"),
    );

    for (const text of [indexText.slice(0, indexText.length / 2), ""]) {
      await Deno.writeTextFile(index, text);
      await assertRejects(
        () => cache.load("stage", key),
        Error,
        refused("index.json is not valid JSON (truncated or garbled)"),
      );
    }

    // --force recomputes the entry, which then loads with the right numbers.
    const forced = await new StageCache(root, { force: true }).run("stage", { seed: 0 }, compute);
    assertEquals([forced.outcome, calls], ["computed", 2]);
    const reloaded = await cache.load<{ n: number }>("stage", key);
    assertEquals(reloaded?.arrays.values, values);
    assertEquals(reloaded?.arrays.labels, labels);
  });
});

// --- autoencoder checkpoint ------------------------------------------------------------------------------

Deno.test("trainAutoencoder() refuses to resume from a truncated checkpoint and keeps its files", async () => {
  await initTensorBackend();
  await withTempDir(async (dir) => {
    const checkpoint: Checkpoint = {
      state: {
        config: {
          architecture: { name: "dense", seed: 0, dropoutRate: 0 },
          batchSize: 4,
          learningRate: 1e-3,
          patience: null,
          restoreBestWeights: true,
          seed: 0,
          trainCount: 4,
          validationCount: 4,
          dataFingerprint: "0",
        },
        epoch: 1,
        history: [{ epoch: 1, loss: 0.6, valLoss: 0.5, seconds: 1, imagesPerSecond: 4 }],
        bestEpoch: 1,
        bestValLoss: 0.5,
        epochsSinceBest: 0,
        stoppedEarly: false,
        dropoutSteps: [],
        iterations: 1,
        accBeta1: 0.9,
        accBeta2: 0.999,
      },
      weights: [{ name: "w", shape: [4, 4], values: new Float32Array(16).fill(0.5) }],
      bestWeights: null,
      moments: [],
    };
    await saveCheckpoint(dir, checkpoint);
    const json = JSON.parse(await Deno.readTextFile(join(dir, MODEL_JSON)));
    const bin = join(dir, json.weightsManifest[0].paths[0]);
    const bytes = await Deno.readFile(bin);
    await Deno.writeFile(bin, bytes.subarray(0, 20));
    const before = await snapshot(dir);
    const net = buildDenseAutoencoder({ seed: 0 });
    const images = new Float32Array(4 * PIXELS).fill(0.25);
    try {
      await assertRejects(
        () =>
          trainAutoencoder(net, {
            train: images,
            validation: images,
            epochs: 2,
            batchSize: 4,
            checkpoint: { dir, resume: true },
          }),
        Error,
        `Cannot load model: ${bin} has 20 bytes, expected ${bytes.length} from ${join(dir, MODEL_JSON)}`,
      );
    } finally {
      net.autoencoder.dispose();
    }
    assertEquals(await snapshot(dir), before, "the checkpoint is neither overwritten nor deleted");
  });
});

// --- deno task report ------------------------------------------------------------------------------------

Deno.test("deno task report refuses a missing or tampered results.json and keeps the existing report", async () => {
  await withTempDir(async (tmp) => {
    const out = join(tmp, "report");
    await copyDir(join(ROOT, "report"), out);
    // A folder without figures would prove nothing; make sure there is something to keep.
    await Deno.mkdir(join(out, "figures"), { recursive: true });
    await Deno.writeTextFile(join(out, "figures", "keep.svg"), "<svg/>");
    const results = join(out, "results.json");
    const original = await Deno.readTextFile(results).catch(() =>
      JSON.stringify({ methods: [], manifest: {} })
    );
    const tampered = JSON.parse(original);
    if (Array.isArray(tampered.methods) && tampered.methods.length > 0) delete tampered.methods[0].id;
    else tampered.methods = [{}];

    const cases: [string | undefined, string][] = [
      [
        undefined,
        `report: Cannot write report: ${results} does not exist; run \`deno task reproduce\` first`,
      ],
      [
        original.slice(0, Math.floor(original.length / 2)),
        `report: Cannot write report: ${results} is not valid JSON`,
      ],
      [
        JSON.stringify(tampered),
        "results.json is invalid: Invalid results: methods[0].id must be a non-empty string",
      ],
    ];
    for (const [contents, message] of cases) {
      if (contents === undefined) await Deno.remove(results).catch(() => {});
      else await Deno.writeTextFile(results, contents);
      const before = await snapshot(out);
      const result = await task("report.ts", ["--out", out]);
      assertEquals(result.code, 1, result.stderr);
      assert(result.stderr.includes(message), result.stderr);
      assertEquals(await snapshot(out), before, "no file of the report is written or deleted");
    }
  });
});

// --- deno task serve -------------------------------------------------------------------------------------

/** Sends one raw HTTP/1.1 GET (the path exactly as given, not normalised as `fetch` would). */
async function rawGet(port: number, target: string): Promise<{ status: number; text: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(
    new TextEncoder().encode(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
  );
  const text = await new Response(conn.readable).text();
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]), text };
}

Deno.test("deno task serve refuses paths that leave its folder and listens on 127.0.0.1 only", async () => {
  await withTempDir(async (tmp) => {
    const site = join(tmp, "site");
    await Deno.mkdir(site);
    await Deno.writeTextFile(join(site, "index.html"), "<p>report</p>");
    const secret = `secret-${crypto.randomUUID()}`;
    await Deno.writeTextFile(join(tmp, "deno.json"), JSON.stringify({ secret }));
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "tasks", "serve.ts"), "--dir", site, "--port", "0", "--quiet"],
      cwd: ROOT,
      stdout: "piped",
      stderr: "null",
      env: { NO_COLOR: "1" },
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    try {
      let text = "";
      while (!/http:\/\/\S+\//.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      const listening = /http:\/\/([^/:]+):(\d+)\//.exec(text);
      assert(listening, `no URL in the output: ${text}`);
      assertEquals(listening[1], "127.0.0.1");
      const port = Number(listening[2]);
      assertEquals((await rawGet(port, "/")).status, 200);
      const targets = [
        "/../deno.json",
        "/%2e%2e/deno.json",
        "/%2E%2E/deno.json",
        "/%2e%2e%2fdeno.json",
        "/..%2fdeno.json",
        "/..%2F..%2Fdeno.json",
        "/.%2e/deno.json",
        "/..%5cdeno.json",
        "/../../../../../../etc/passwd",
      ];
      for (const target of targets) {
        const response = await rawGet(port, target);
        assert([403, 404].includes(response.status), `${target}: ${response.text}`);
        assert(!response.text.includes(secret), `${target} served the file outside the folder`);
        assert(!response.text.includes("root:"), `${target} served /etc/passwd`);
      }
      // Not reachable through any other interface of this machine (when it has one).
      const others = Deno.networkInterfaces().filter((i) =>
        i.family === "IPv4" && !i.address.startsWith("127.")
      );
      for (const other of others) {
        await assertRejects(
          () => Deno.connect({ hostname: other.address, port }),
          Deno.errors.ConnectionRefused,
        );
      }
    } finally {
      child.kill("SIGTERM");
      await reader.cancel();
      await child.status;
    }
  });
});
